"""Replaces one '## Title' section of BENCHMARKS.md, or appends it, keeping the others.

As a program: python3 replace_section.py FILE SECTION. Scripts/bench_extraction.py imports replace_section().
"""
import sys


def replace_section(path, section):
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        text = "# Benchmarks\n\n"
    title = section.split("\n", 1)[0]
    start = text.find(title + "\n")
    if start >= 0:
        end = text.find("\n## ", start + len(title))
        text = text[:start] + section.rstrip() + "\n" + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    replace_section(sys.argv[1], sys.argv[2])
