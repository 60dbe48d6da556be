"""Body-text F1 and publication-date accuracy of `mura inspect`, trafilatura and htmldate on the same pages.

Metrics follow ../shared/corpus/README.md: tokens are Unicode \\w+ runs; per page, the multiset overlap of predicted
and true tokens gives precision and recall, both averaged over pages, F1 is their harmonic mean. A date counts
only when it equals the truth exactly (YYYY-MM-DD). Speed is pages per second over all pages of both sets, whole
process for mura (start-up included), extraction calls only for the Python tools.
"""

import argparse
import collections
import gzip
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time

from replace_section import replace_section

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text):
    return TOKEN.findall(text or "")


def body_scores(predicted, truth):
    precision = recall = 0.0
    for name, gold in truth.items():
        pred = collections.Counter(tokens(predicted.get(name, "")))
        true = collections.Counter(tokens(gold))
        overlap = sum((pred & true).values())
        precision += overlap / sum(pred.values()) if pred else 0.0
        recall += overlap / sum(true.values()) if true else 0.0
    precision /= len(truth)
    recall /= len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def date_accuracy(predicted, truth):
    right = sum(1 for name, gold in truth.items() if (predicted.get(name) or "")[:10] == gold)
    return right / len(truth)


def unpack(folder, names, target):
    os.makedirs(target, exist_ok=True)
    paths = {}
    for name in names:
        path = os.path.join(target, name[: -len(".gz")] if name.endswith(".gz") else name)
        with gzip.open(os.path.join(folder, name), "rb") as source, open(path, "wb") as out:
            out.write(source.read())
        paths[name] = path
    return paths


def run_mura(mura, paths, urls, workdir):
    url_map = os.path.join(workdir, "urls.tsv")
    with open(url_map, "w", encoding="utf-8") as out:
        for name, path in paths.items():
            if urls.get(name):
                out.write(f"{path}\t{urls[name]}\n")
    by_path = {path: name for name, path in paths.items()}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [mura, "inspect", "--format", "html", "--url-map", url_map, *paths.values()],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    documents = {}
    for line in result.stdout.splitlines():
        document = json.loads(line)
        documents[by_path[os.path.abspath(document["input"])]] = document
    failures = len(paths) - len(documents)
    return documents, elapsed, cpu, failures


def run_python(paths, urls):
    import htmldate
    import trafilatura

    texts, dates = {}, {}
    text_time = date_time = 0.0
    for name, path in paths.items():
        with open(path, "rb") as handle:
            html = handle.read().decode("utf-8", errors="replace")
        started = time.perf_counter()
        texts[name] = trafilatura.extract(html, url=urls.get(name)) or ""
        text_time += time.perf_counter() - started
        started = time.perf_counter()
        try:
            dates[name] = htmldate.find_date(html, url=urls.get(name), extensive_search=True, original_date=True)
        except Exception:  # htmldate raises on some malformed pages; that page counts as no date
            dates[name] = None
        date_time += time.perf_counter() - started
    return texts, dates, text_time, date_time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mura", required=True)
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pages of each set")
    parser.add_argument("--output", default=os.path.join(os.path.dirname(__file__), "..", "BENCHMARKS.md"))
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        sys.exit(f"error: no corpus at {corpus}; pass --corpus PATH (the shared development corpus)")

    articles = json.load(open(os.path.join(corpus, "articles", "truth.json"), encoding="utf-8"))
    dates = json.load(open(os.path.join(corpus, "dates", "truth.json"), encoding="utf-8"))
    if args.limit:
        articles = dict(list(articles.items())[: args.limit])
        dates = dict(list(dates.items())[: args.limit])

    with tempfile.TemporaryDirectory() as workdir:
        article_paths = unpack(os.path.join(corpus, "articles", "pages"), articles, os.path.join(workdir, "a"))
        date_paths = unpack(os.path.join(corpus, "dates", "pages"), dates, os.path.join(workdir, "d"))
        urls = {name: value.get("url") for name, value in {**articles, **dates}.items()}
        all_paths = {("a/" + k): v for k, v in article_paths.items()} | {("d/" + k): v for k, v in date_paths.items()}
        all_urls = {("a/" + k): urls[k] for k in article_paths} | {("d/" + k): urls[k] for k in date_paths}

        # mura's run is short, so the machine's load sways it: the median of three runs, by wall clock.
        runs = sorted((run_mura(args.mura, all_paths, all_urls, workdir) for _ in range(3)), key=lambda run: run[1])
        mura_docs, mura_time, mura_cpu, mura_failures = runs[1]
        py_texts, py_dates, text_time, date_time = run_python(all_paths, all_urls)

    pages = len(all_paths)
    mura_text = {k: mura_docs.get("a/" + k, {}).get("text", "") for k in articles}
    mura_dates = {k: mura_docs.get("d/" + k, {}).get("published") for k in dates}
    traf_text = {k: py_texts["a/" + k] for k in articles}
    html_dates = {k: py_dates["d/" + k] for k in dates}
    truth_text = {k: v["text"] for k, v in articles.items()}
    truth_dates = {k: v["published"] for k, v in dates.items()}

    m_p, m_r, m_f = body_scores(mura_text, truth_text)
    t_p, t_r, t_f = body_scores(traf_text, truth_text)
    m_dates = date_accuracy(mura_dates, truth_dates)
    h_dates = date_accuracy(html_dates, truth_dates)
    m_speed = pages / mura_time
    t_speed = pages / text_time
    h_speed = pages / date_time

    rows = [
        ("mura inspect", f"{m_p:.3f}", f"{m_r:.3f}", f"{m_f:.3f}", f"{m_dates:.3f}", f"{m_speed:.0f}"),
        ("trafilatura 2.3.1", f"{t_p:.3f}", f"{t_r:.3f}", f"{t_f:.3f}", "–", f"{t_speed:.0f}"),
        ("htmldate 1.11.0 (extensive)", "–", "–", "–", f"{h_dates:.3f}", f"{h_speed:.0f}"),
    ]
    header = ("tool", "body precision", "body recall", "body F1", "date accuracy", "pages/s")
    table = "| " + " | ".join(header) + " |\n| " + " | ".join("---" for _ in header) + " |\n"
    table += "".join("| " + " | ".join(row) + " |\n" for row in rows)
    verdicts = [
        f"- body F1 ≥ 0.97: {'met' if m_f >= 0.97 else 'not met'} ({m_f:.3f})",
        f"- date accuracy ≥ 0.93: {'met' if m_dates >= 0.93 else 'not met'} ({m_dates:.3f})",
        f"- speed ≥ 10× trafilatura: {'met' if m_speed >= 10 * t_speed else 'not met'} ({m_speed / t_speed:.1f}×)",
        f"- per core: mura reads {pages / mura_cpu:.0f} pages per CPU second, {pages / mura_cpu / t_speed:.1f}× "
        "trafilatura on its one core",
    ]
    print(table)
    print("\n".join(verdicts))
    if mura_failures:
        print(f"mura could not read {mura_failures} pages")

    section = (
        "## Extraction\n\n"
        f"{len(articles)} article pages (body text) and {len(dates)} date pages from the development corpus; "
        f"{pages} pages in all for speed. Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}.\n\n"
        f"{table}\n" + "\n".join(verdicts) + "\n\n"
        "Command: `Scripts/bench-extraction` (release build; mura is timed as one whole `mura inspect` process "
        "over all pages, process start included, reading pages on all cores, median of three runs; the Python tools "
        "per extraction "
        "call, on one core, as a program calls them in a loop).\n\n"
        "What bounds the dates: on about a third of the date pages mura gets wrong, the true date is not in the "
        "page in any common form; on most of the rest it stands only where the importer must not read it "
        "(comments, a footer's last-modified line, a copyright line, a list of other posts, a form field), or "
        "every source the page gives (structured data, the byline, the URL) names another day, often the update "
        "date or the UTC day. htmldate gets some of these pages by reading exactly those places; the importer "
        "never takes a related item's, a comment's or a footer's date as the page's.\n\n"
        "What bounds the body text: pages whose body is split into boxes far apart in the tree (only the parts "
        "near the best one are joined), and chrome inside the article container (tag lists, review forms, lists "
        "of popular items) that carries no class or heading the importer recognises.\n\n"
        "Where the time goes (perf, release build): about 30% in libxml2's HTML parser, which reports its "
        "events straight into the importer's tree (libxml2 builds no tree of its own); the rest in the analysis: "
        "page furniture (about a sixth), dates (about an eighth), main text, metadata and the tree itself. "
        "Counting characters, trimming and matching class names work on bytes, and each date pattern runs only "
        "on texts that hold the bytes it needs. The figure depends on the machine's load: mura's run is timed "
        "as wall-clock time on all cores.\n\n"
    )
    replace_section(os.path.abspath(args.output), section)


if __name__ == "__main__":
    main()
