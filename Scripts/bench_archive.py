"""Mura side by side with its peers on the same history, in one run: batch ingest, dated restore, bytes on disk.

Builds a corpus from the real pages in ../shared/corpus (each document a page made unique, three versions by
deterministic edits), stores it with `mura ingest`, ocfl-py (its Python API, one object per document and one OCFL
version per version), git (`git fast-import`, one commit per version) and `tar --zstd` (the floor), and reports
medians of several runs as ratios. Called by Scripts/bench, which installs what it needs.
"""

import argparse
import gzip
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import bench_search  # the search tables' bytes, measured the same way in both benchmarks
import time

MONTHS = ["2024-01-01", "2024-02-01", "2024-03-01"]


def pages(corpus):
    found = []
    for sub in ("articles/pages", "dates/pages"):
        folder = os.path.join(corpus, sub)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".html.gz"):
                found.append(os.path.join(folder, name))
    return found


# A page's canonical URL would become its document id: documents made from the same page must stay apart.
CANONICAL = re.compile(rb"<link[^>]*rel=[\"']?canonical[^>]*>|<meta[^>]*og:url[^>]*>", re.IGNORECASE)


def versions_of(page, number):
    """Three versions of one document: the page made unique, a correction paragraph added, the title changed."""
    marker = f"<!-- document {number} -->\n".encode()
    first = marker + CANONICAL.sub(b"", page)
    closing = first.rfind(b"</body>")
    closing = closing if closing >= 0 else len(first)
    note = f"<p>Correction {number}: an earlier version of this article gave the wrong date.</p>".encode()
    second = first[:closing] + note + first[closing:]
    third = second.replace(b"</title>", b" (updated)</title>", 1)
    if third == second:
        third = second + f"<!-- updated {number} -->".encode()
    return [first, second, third]


def build_corpus(corpus, work, count):
    sources = pages(corpus)
    folders = [os.path.join(work, "corpus", f"v{v + 1}") for v in range(3)]
    for folder in folders:
        os.makedirs(folder)
    for number in range(count):
        with gzip.open(sources[number % len(sources)], "rb") as handle:
            page = handle.read()
        for folder, data in zip(folders, versions_of(page, number)):
            with open(os.path.join(folder, f"doc{number:06d}.html"), "wb") as out:
                out.write(data)
    return folders


def seconds(command):
    """Runs a command and returns how long it took."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss(command):
    """Peak resident memory of one command in MB, with GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, check=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def size_of(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total


def mura_ingest(mura, folders, archive, defer_index=False):
    shutil.rmtree(archive, ignore_errors=True)
    subprocess.run([mura, "init", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    for folder, day in zip(folders, MONTHS):
        # --defer-search-index: the same ingest without the search index, to measure what the index costs. The
        # deferred archive is only timed (its next open would index it).
        subprocess.run([mura, "ingest", "--archive", archive, "--captured-at", day, folder]
                       + (["--defer-search-index"] if defer_index else []), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def git_stream(folders, path):
    """A fast-import stream: one commit per document version, dated on its capture day."""
    with open(path, "wb") as out:
        mark = 0
        for folder, day in zip(folders, MONTHS):
            stamp = int(time.mktime(time.strptime(day, "%Y-%m-%d"))) - time.timezone
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), "rb") as handle:
                    data = handle.read()
                mark += 1
                message = f"{name} captured {day}".encode()
                out.write(b"commit refs/heads/main\n")
                out.write(f"committer Bench <bench@example.org> {stamp + mark} +0000\n".encode())
                out.write(b"data %d\n%s\n" % (len(message), message))
                out.write(b"M 100644 inline %s\ndata %d\n" % (name.encode(), len(data)))
                out.write(data + b"\n")


def git_ingest(stream, repo):
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    start = time.perf_counter()
    with open(stream, "rb") as handle:
        subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], stdin=handle, check=True)
    return time.perf_counter() - start


OCFL_SCRIPT = """
import os, sys, time, ocfl
folders, root, count = sys.argv[1:4], sys.argv[4], int(sys.argv[5])
start = time.perf_counter()
for number in range(count):
    name = f"doc{number:06d}"
    objdir = os.path.join(root, name)
    for index, folder in enumerate(folders):
        src = os.path.join(folder, name)
        meta = ocfl.VersionMetadata(created=f"2024-0{index + 1}-01T00:00:00Z", message="capture",
                                    name="Bench", address="mailto:bench@example.org")
        if index == 0:
            ocfl.Object(identifier=f"urn:bench:{name}").create(srcdir=src, metadata=meta, objdir=objdir)
        else:
            ocfl.Object(identifier=f"urn:bench:{name}").add_version_with_content(objdir=objdir, srcdir=src,
                                                                               metadata=meta)
print(time.perf_counter() - start)
"""


def ocfl_sources(folders, work, count):
    """ocfl-py takes one source folder per object version: hard links to the corpus files."""
    result = []
    for index, folder in enumerate(folders):
        target = os.path.join(work, "ocfl-src", f"v{index + 1}")
        for number in range(count):
            name = f"doc{number:06d}"
            os.makedirs(os.path.join(target, name))
            os.link(os.path.join(folder, name + ".html"), os.path.join(target, name, "page.html"))
        result.append(target)
    return result


def ocfl_ingest(python, sources, root, count):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    result = subprocess.run([python, "-c", OCFL_SCRIPT] + sources + [root, str(count)], check=True,
                            capture_output=True, text=True)
    return float(result.stdout.strip().splitlines()[-1])


def ocfl_cli_per_version(ocfl_object, sources, root, sample):
    """`ocfl-object.py create` for a document's first version and `update` for each later one, one process per
    version as the command line is used; the median seconds of one version over the first `sample` documents."""
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    times = []
    for number in range(sample):
        name = f"doc{number:06d}"
        objdir = os.path.join(root, name)
        for index, source in enumerate(sources):
            common = ["--srcdir", os.path.join(source, name), "--objdir", objdir, "--created",
                      f"2024-0{index + 1}-01T00:00:00Z", "--message", "capture", "--name", "Bench", "--address",
                      "mailto:bench@example.org", "--quiet"]
            command = [ocfl_object, "create", "--id", f"urn:bench:{name}"] if index == 0 else [ocfl_object, "update"]
            start = time.perf_counter()
            # ocfl-py logs each version at INFO level on stderr, --quiet or not.
            subprocess.run(command + common, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def git_commit_per_version(folders, repo, sample):
    """`git add` and `git commit` of each version, capture day by capture day, for the first `sample` documents;
    the median seconds of one version."""
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    subprocess.run(["git", "-C", repo, "config", "user.name", "Bench"], check=True)
    subprocess.run(["git", "-C", repo, "config", "user.email", "bench@example.org"], check=True)
    times = []
    for folder, day in zip(folders, MONTHS):
        for number in range(sample):
            name = f"doc{number:06d}.html"
            start = time.perf_counter()
            shutil.copyfile(os.path.join(folder, name), os.path.join(repo, name))
            subprocess.run(["git", "-C", repo, "add", name], check=True)
            subprocess.run(["git", "-C", repo, "commit", "-q", "-m", f"{name} captured {day}", "--date",
                            f"{day}T00:00:00Z"], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def ingest_rss(mura, work, count):
    """Peak memory of one `mura ingest` of a folder of `count` small text documents into a new archive."""
    folder = os.path.join(work, f"rss-{count}")
    os.makedirs(folder)
    for number in range(count):
        with open(os.path.join(folder, f"note{number:06d}.txt"), "w") as out:
            out.write(f"Note {number}\n\n" + f"The council met and decided item {number}. " * 30)
    archive = os.path.join(work, f"rss-archive-{count}")
    subprocess.run([mura, "init", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
    peak = peak_rss([mura, "ingest", "--archive", archive, folder])
    shutil.rmtree(folder)
    shutil.rmtree(archive)
    return peak


def restore_samples(count, samples):
    rng = random.Random(11)
    picks = []
    for _ in range(samples):
        month = rng.randint(1, 3)
        picks.append((rng.randrange(count), f"2024-0{month}-{rng.randint(1, 28):02d}"))
    return picks


def median_call(commands_for, picks):
    times = []
    for pick in picks:
        start = time.perf_counter()
        for command in commands_for(pick):
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, shell=isinstance(command, str))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mura", required=True)
    parser.add_argument("--python", required=True, help="a Python with ocfl-py")
    parser.add_argument("--ocfl-object", help="ocfl-py's ocfl-object.py (default: beside --python)")
    parser.add_argument("--peer-sample", type=int, default=50,
                        help="documents whose versions the one-process-per-version peers store")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--rss-sizes", default="10000,100000",
                        help="document counts for the peak-memory row, comma-separated")
    parser.add_argument("--output", help="write the markdown section here")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="mura-bench-")
    try:
        folders = build_corpus(args.corpus, work, args.documents)
        versions = 3 * args.documents
        raw = sum(size_of(folder) for folder in folders)
        stream = os.path.join(work, "git.stream")
        git_stream(folders, stream)
        sources = ocfl_sources(folders, work, args.documents)
        archive, repo, ocfl_root = (os.path.join(work, name) for name in ("archive", "repo", "ocfl"))
        floor = os.path.join(work, "floor.tar.zst")

        timings = {"mura": [], "mura, index deferred": [], "ocfl-py": [], "git": [], "tar --zstd": []}
        for _ in range(args.runs):
            timings["mura, index deferred"].append(
                mura_ingest(args.mura, folders, os.path.join(work, "archive-deferred"), defer_index=True))
            timings["mura"].append(mura_ingest(args.mura, folders, archive))
            timings["ocfl-py"].append(ocfl_ingest(args.python, sources, ocfl_root, args.documents))
            timings["git"].append(git_ingest(stream, repo))
            if os.path.exists(floor):
                os.remove(floor)
            timings["tar --zstd"].append(
                seconds(["tar", "--zstd", "-cf", floor, "-C", os.path.join(work, "corpus"), "v1", "v2", "v3"]))
        ingest = {tool: statistics.median(values) for tool, values in timings.items()}
        # The peers as their command lines are used, one process per version: measured on the first documents'
        # versions (a version costs the same whatever the archive holds) and scaled to the whole history.
        sample = min(args.peer_sample, args.documents)
        ocfl_object = args.ocfl_object or os.path.join(os.path.dirname(args.python), "ocfl-object.py")
        per_version = {
            "ocfl-object.py": ocfl_cli_per_version(ocfl_object, sources, os.path.join(work, "ocfl-cli"), sample),
            "git add + commit": git_commit_per_version(folders, os.path.join(work, "repo-commits"), sample),
        }

        # Bytes on disk for the same history.
        subprocess.run(["git", "-C", repo, "gc", "--aggressive", "--quiet"], check=True)
        everything = os.path.join(work, "everything.tar.zst")
        subprocess.run(f"tar -cf - -C {work}/corpus v1 v2 v3 | zstd -q -19 --long=27 -T0 -o {everything}",
                       shell=True, check=True)
        subprocess.run([args.mura, "list", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
        index_bytes = bench_search.index_bytes(os.path.join(archive, "catalog.sqlite"))[0]
        bundle_bytes = size_of(os.path.join(archive, "bundles"))
        sizes = {
            "mura": size_of(archive), "ocfl-py": size_of(ocfl_root), "git gc --aggressive": size_of(
                os.path.join(repo, ".git")), "zstd -19 --long (floor)": os.path.getsize(everything),
        }

        # Dated restore, whole process: mura restore vs git rev-list + git show, and cat of the same bytes.
        picks = restore_samples(args.documents, args.samples)
        restored = os.path.join(work, "restored.html")
        mura_restore = median_call(
            lambda p: [[args.mura, "restore", "--archive", archive, f"doc{p[0]:06d}", "--at", p[1], "--output",
                        restored, "--force"]], picks)
        git_restore = median_call(
            lambda p: [f"git -C {repo} show $(git -C {repo} rev-list -1 --before='{p[1]} 23:59:59 +0000' main -- "
                       f"doc{p[0]:06d}.html):doc{p[0]:06d}.html > {restored}"], picks)
        cat = median_call(lambda p: [f"cat {work}/corpus/v1/doc{p[0]:06d}.html > {restored}"], picks)

        rss = {count: ingest_rss(args.mura, work, count) for count in map(int, args.rss_sizes.split(","))}
        rows = [
            "| measure | mura | peer | peer ÷ mura | target |",
            "| --- | --- | --- | --- | --- |",
        ]

        def ratio(a, b):
            return a / b if b else float("inf")

        def met(condition):
            return "met" if condition else "not met"

        cli = {name: seconds_each * versions for name, seconds_each in per_version.items()}
        rows.append(f"| batch ingest, {versions} versions | {ingest['mura']:.1f} s ({versions / ingest['mura']:.0f}/s) "
                    f"| ocfl-object.py create/update per version {cli['ocfl-object.py']:.0f} s "
                    f"({per_version['ocfl-object.py'] * 1000:.0f} ms × {versions}) "
                    f"| {ratio(cli['ocfl-object.py'], ingest['mura']):.1f} "
                    f"| ≥ 20 ({met(cli['ocfl-object.py'] >= 20 * ingest['mura'])}) |")
        rows.append(f"| | | ocfl-py API, one process {ingest['ocfl-py']:.1f} s "
                    f"| {ratio(ingest['ocfl-py'], ingest['mura']):.2f} | |")
        rows.append(f"| | | git add + commit per version {cli['git add + commit']:.0f} s "
                    f"({per_version['git add + commit'] * 1000:.0f} ms × {versions}) "
                    f"| {ratio(cli['git add + commit'], ingest['mura']):.2f} "
                    f"| ≥ 5 ({met(cli['git add + commit'] >= 5 * ingest['mura'])}) |")
        rows.append(f"| | | git fast-import, one process {ingest['git']:.1f} s "
                    f"| {ratio(ingest['git'], ingest['mura']):.2f} "
                    f"| ≥ 5 ({met(ingest['git'] >= 5 * ingest['mura'])}) |")
        rows.append(f"| | | tar --zstd {ingest['tar --zstd']:.1f} s (floor) "
                    f"| {ratio(ingest['tar --zstd'], ingest['mura']):.2f} "
                    f"| ≥ 0.33 ({met(ingest['mura'] <= 3 * ingest['tar --zstd'])}) |")
        slowdown = ingest["mura"] / ingest["mura, index deferred"] - 1
        rows.append(f"| ingest with the search index | {ingest['mura']:.1f} s | the same, index deferred "
                    f"{ingest['mura, index deferred']:.1f} s | {slowdown * 100:+.0f}% | ≤ +15% ({met(slowdown <= 0.15)}) |")
        rows.append(f"| search index on disk | {index_bytes / 1e6:.1f} MB | bundles {bundle_bytes / 1e6:.1f} MB "
                    f"| {index_bytes / bundle_bytes * 100:.0f}% of them | ≤ 30% ({met(index_bytes <= 0.3 * bundle_bytes)}) |")
        rows.append(f"| dated restore, whole process | {mura_restore * 1000:.1f} ms | git rev-list + show "
                    f"{git_restore * 1000:.1f} ms | {ratio(git_restore, mura_restore):.2f} | |")
        rows.append(f"| | | cat {cat * 1000:.1f} ms | {ratio(cat, mura_restore):.2f} "
                    f"| ≥ 0.67 ({met(mura_restore <= 1.5 * cat)}) |")
        for name in ("ocfl-py", "git gc --aggressive", "zstd -19 --long (floor)"):
            target = f"≥ 2.86 ({met(sizes['mura'] <= 0.35 * sizes[name])})" if name == "ocfl-py" else ""
            first = f"{sizes['mura'] / 1e6:.1f} MB" if name == "ocfl-py" else ""
            label = "bytes on disk" if name == "ocfl-py" else ""
            rows.append(f"| {label} | {first} | {name} {sizes[name] / 1e6:.1f} MB | "
                        f"{ratio(sizes[name], sizes['mura']):.2f} | {target} |")
        for count, peak in rss.items():
            rows.append(f"| peak RSS, one ingest of {count} documents | {peak:.0f} MB | | | < 100 MB ({met(peak < 100)}) |")
        table = "\n".join(rows)
        print(table)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                out.write(f"{args.documents} documents × 3 versions ({versions} versions, {raw / 1e6:.0f} MB of HTML) "
                          f"built from the {len(pages(args.corpus))} corpus pages; median of {args.runs} runs; "
                          f"restore medians over {args.samples} random (document, day) pairs. The peers that take one "
                          f"process per version (`ocfl-object.py`, `git add` + `git commit`) store the versions of the "
                          f"first {sample} documents; their median time per version is multiplied by {versions}. "
                          f"The ratio is the peer's figure divided by Mura's: above 1, Mura is faster or smaller."
                          f"\n\n{table}\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
