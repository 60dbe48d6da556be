#!/usr/bin/env python3
"""Search at scale: a catalog filled with versions built from the corpus texts, a fixed mix of 1,000 queries timed.

Writes the corpus's texts (wcxb-dev ground truth: title and main text, and the article set's texts) as JSON lines,
runs MuraSearchBenchmark once per size, measures the index's share of the catalog file with SQLite's dbstat, and
prints (or writes) a Markdown table.

    bench_search.py --benchmark PATH --corpus ../shared/corpus --sizes 100000,1000000 [--output FILE]
"""

import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

# Every table of the search index and what exists only for it (the capture-time index that fills it in order).
SEARCH_TABLES = ("search", "sqlite_autoindex_search", "version_on_capture")


def write_texts(corpus, path):
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        truth = os.path.join(corpus, "wcxb-dev", "truth.json.gz")
        if os.path.exists(truth):
            for item in json.load(gzip.open(truth)).values():
                if item.get("text"):
                    out.write(json.dumps({"title": item.get("title"), "text": item["text"]}, ensure_ascii=False) + "\n")
                    count += 1
        articles = os.path.join(corpus, "articles", "truth.json")
        if os.path.exists(articles):
            for item in json.load(open(articles, encoding="utf-8")).values():
                if item.get("text"):
                    out.write(json.dumps({"title": None, "text": item["text"]}, ensure_ascii=False) + "\n")
                    count += 1
    return count


def index_bytes(catalog):
    """Bytes of the search tables and their indexes, and of the whole catalog, by SQLite's dbstat."""
    db = sqlite3.connect(catalog)
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    finally:
        db.close()
    total = sum(size for _, size in rows)
    search = sum(size for name, size in rows if name.startswith(SEARCH_TABLES))
    return search, total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--benchmark", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--output")
    parser.add_argument("--keep", help="a folder where the filled catalogs are kept and reused by later runs "
                        "(when only how searches run changed)")
    args = parser.parse_args()

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    work = args.keep or tempfile.mkdtemp(prefix="mura-search-bench-")
    texts = os.path.join(work, "texts.jsonl")
    count = write_texts(args.corpus, texts)
    lines = [
        "| versions | documents | fill | index on disk | per version | query mix | p50 | p99 | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = os.path.join(work, f"catalog-{size}")
        result_path = os.path.join(work, f"result-{size}.json")
        subprocess.run(
            [args.benchmark, "--texts", texts, "--versions", str(size), "--folder", folder,
             "--output", result_path, "--queries", str(args.queries)] + (["--reuse", "yes"] if args.keep else []),
            check=True,
        )
        result = json.load(open(result_path))
        search, total = index_bytes(os.path.join(folder, "catalog.sqlite"))
        kinds = [("all", result["all"])] + sorted(result["queries"].items())
        for position, (kind, figures) in enumerate(kinds):
            first = position == 0
            target = ("< 20 ms (met)" if figures["p99"] < 20 else "< 20 ms (not met)") \
                if first and size >= 1_000_000 else ""
            lines.append(
                "| {} | {} | {} | {} | {} | {} ({}, {:.1f} hits) | {:.2f} ms | {:.2f} ms | {} |".format(
                    f"{size:,}" if first else "",
                    f"{result['documents']:,}" if first else "",
                    f"{result['fillSeconds']:.0f} s" if first else "",
                    f"{search / 1e6:,.0f} MB" if first else "",
                    f"{search / size / 1024:.1f} KB" if first else "",
                    kind, figures["count"], figures["meanHits"], figures["p50"], figures["p99"], target,
                )
            )
        if not args.keep:
            subprocess.run(["rm", "-rf", folder])
    table = "\n".join(lines) + "\n"
    note = (f"\n{count} texts (wcxb-dev's main texts and titles, the article set's texts), each document's versions "
            "varying one word in fifty and adding a revision line.\n")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(table + note)
    else:
        sys.stdout.write(table + note)


if __name__ == "__main__":
    main()
