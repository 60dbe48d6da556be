"""Replaces one '## Title' section of BENCHMARKS.md (or appends it): python3 replace_section.py FILE SECTION."""
import sys

path, section = sys.argv[1], sys.argv[2]
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
open(path, "w", encoding="utf-8").write(text)
