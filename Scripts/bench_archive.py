"""Mura side by side with its peers on the same history, in one run: batch ingest, dated restore, bytes on disk,
verify throughput.

Builds a corpus from the real pages in ../shared/corpus (each document a page made unique, three versions by
deterministic edits), stores it with `mura ingest`, ocfl-py (its Python API, one object per document and one OCFL
version per version), git (`git fast-import`, one commit per version) and `tar --zstd` (the floor), and reports
medians of several runs as ratios. Bytes are measured after ingest and after `mura repack` (as git's after
`git gc --aggressive`); restores on this history and on its first 80 documents; and a second history, one site's
pages with many versions each, is measured for bytes alone. Called by Scripts/bench, which installs what it needs.
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


def site_history(corpus, work, documents, rounds):
    """One site: every page is the same real page's chrome around another real article's paragraphs; each round
    adds a correction to every page and changes the chrome's list of latest news (the same on every page)."""
    sources = pages(corpus)
    with gzip.open(sources[0], "rb") as handle:
        template = CANONICAL.sub(b"", handle.read())
    paragraph = re.compile(rb"<p[ >].*?</p>", re.IGNORECASE | re.DOTALL)
    first = paragraph.search(template)
    chrome_head = template[: first.start()] if first else template
    chrome_tail = paragraph.sub(b"", template[first.start():]) if first else b""
    bodies = []
    for number in range(documents):
        with gzip.open(sources[1 + number % (len(sources) - 1)], "rb") as handle:
            found = paragraph.findall(handle.read())
        bodies.append(b"\n".join(found) or b"<p>(no paragraphs)</p>")
    folders = []
    for round_ in range(rounds):
        folder = os.path.join(work, "site", f"r{round_ + 1:02d}")
        os.makedirs(folder)
        latest = b"".join(f"<li>Latest news {round_ * 5 + k}</li>".encode() for k in range(5))
        corrections = b"".join(f"<p>Correction {k}: a figure was updated.</p>".encode() for k in range(round_))
        for number in range(documents):
            page = (chrome_head + f"<!-- page {number} --><ul>".encode() + latest + b"</ul>" + bodies[number]
                    + corrections + chrome_tail)
            with open(os.path.join(folder, f"page{number:05d}.html"), "wb") as out:
                out.write(page)
        folders.append(folder)
    return folders


def git_stream_for(folders, path, days):
    """A fast-import stream of `folders` (one per capture day in `days`): one commit per file."""
    with open(path, "wb") as out:
        mark = 0
        for folder, day in zip(folders, days):
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


def bundle_bytes(archive):
    """The bundles with the dictionaries they need."""
    return size_of(os.path.join(archive, "bundles")) + size_of(os.path.join(archive, "dictionaries"))


def store_history(mura, folders, days, archive, repo, extra_init=()):
    """A history stored by mura (ingest, then repack) and by git (fast-import, then gc --aggressive); returns the
    bytes: mura's bundles after ingest and after repack, its whole folder after repack, git's .git."""
    shutil.rmtree(archive, ignore_errors=True)
    subprocess.run([mura, "init", "--archive", archive, *extra_init], check=True, stdout=subprocess.DEVNULL)
    for folder, day in zip(folders, days):
        subprocess.run([mura, "ingest", "--archive", archive, "--captured-at", day, folder], check=True,
                       stdout=subprocess.DEVNULL)
    ingested = bundle_bytes(archive)
    started = time.perf_counter()
    subprocess.run([mura, "repack", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
    repack_seconds = time.perf_counter() - started
    stream = repo + ".stream"
    git_stream_for(folders, stream, days)
    git_ingest(stream, repo)
    os.remove(stream)
    subprocess.run(["git", "-C", repo, "gc", "--aggressive", "--quiet"], check=True)
    return {"ingested": ingested, "repacked": bundle_bytes(archive), "folder": size_of(archive),
            "git": size_of(os.path.join(repo, ".git")), "repack seconds": repack_seconds}


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
    git_stream_for(folders, path, MONTHS)


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


def git_commit_per_version(folders, repo, documents):
    """`git add` and `git commit` of each version, capture day by capture day, for the first `documents` documents;
    the seconds of each version. Each commit is made in a repository that holds everything captured before it, as an
    archive does: git's index and its trees grow with the documents held."""
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    subprocess.run(["git", "-C", repo, "config", "user.name", "Bench"], check=True)
    subprocess.run(["git", "-C", repo, "config", "user.email", "bench@example.org"], check=True)
    # No automatic gc or maintenance while timing (9000 loose objects would start one in the background, beside the
    # commits timed): Mura's repack is not counted in its ingest either.
    subprocess.run(["git", "-C", repo, "config", "gc.auto", "0"], check=True)
    subprocess.run(["git", "-C", repo, "config", "maintenance.auto", "false"], check=True)
    times = []
    for folder, day in zip(folders, MONTHS):
        for number in range(documents):
            name = f"doc{number:06d}.html"
            start = time.perf_counter()
            shutil.copyfile(os.path.join(folder, name), os.path.join(repo, name))
            subprocess.run(["git", "-C", repo, "add", name], check=True)
            subprocess.run(["git", "-C", repo, "commit", "-q", "-m", f"{name} captured {day}", "--date",
                            f"{day}T00:00:00Z"], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return times


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


def restore_times(mura, archive, repo, count, samples, restored):
    """Median seconds of a whole-process dated restore: mura restore, and git rev-list + git show."""
    picks = restore_samples(count, samples)
    mura_restore = median_call(
        lambda p: [[mura, "restore", "--archive", archive, f"doc{p[0]:06d}", "--at", p[1], "--output", restored,
                    "--force"]], picks)
    git_restore = median_call(
        lambda p: [f"git -C {repo} show $(git -C {repo} rev-list -1 --before='{p[1]} 23:59:59 +0000' main -- "
                   f"doc{p[0]:06d}.html):doc{p[0]:06d}.html > {restored}"], picks)
    return mura_restore, git_restore, picks


def median_call(commands_for, picks):
    times = []
    for pick in picks:
        start = time.perf_counter()
        for command in commands_for(pick):
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           shell=isinstance(command, str))
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
    parser.add_argument("--site-documents", type=int, default=200, help="pages of the one-site history")
    parser.add_argument("--site-rounds", type=int, default=10, help="versions of each page of the one-site history")
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
        # The peers as their command lines are used, one process per version. ocfl-object.py: measured on the first
        # documents' versions (an OCFL object is one document's, so a version costs the same whatever the root holds)
        # and scaled to the whole history.
        sample = min(args.peer_sample, args.documents)
        ocfl_object = args.ocfl_object or os.path.join(os.path.dirname(args.python), "ocfl-object.py")
        per_version = {
            "ocfl-object.py": ocfl_cli_per_version(ocfl_object, sources, os.path.join(work, "ocfl-cli"), sample),
        }
        # git add + commit for every version of the whole history (its total, divided by the versions), and, as the
        # benchmark measured it before, the median over the first documents' versions, where git's index is small.
        history_commits = git_commit_per_version(folders, os.path.join(work, "repo-commits"), args.documents)
        per_version["git add + commit"] = sum(history_commits) / len(history_commits)
        first_commits = statistics.median(
            git_commit_per_version(folders, os.path.join(work, "repo-commits-first"), sample))

        # Bytes on disk for the same history: Mura's bundles as ingest wrote them, then after `mura repack` (as
        # git's after `git gc --aggressive`).
        subprocess.run(["git", "-C", repo, "gc", "--aggressive", "--quiet"], check=True)
        everything = os.path.join(work, "everything.tar.zst")
        subprocess.run(f"tar -cf - -C {work}/corpus v1 v2 v3 | zstd -q -19 --long=27 -T0 -o {everything}",
                       shell=True, check=True)
        subprocess.run([args.mura, "list", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
        ingested_bytes = bundle_bytes(archive)
        started = time.perf_counter()
        subprocess.run([args.mura, "repack", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
        repack_seconds = time.perf_counter() - started
        index_bytes = bench_search.index_bytes(os.path.join(archive, "catalog.sqlite"))[0]
        repacked_bytes = bundle_bytes(archive)
        sizes = {
            "mura": size_of(archive), "ocfl-py": size_of(ocfl_root), "git gc --aggressive": size_of(
                os.path.join(repo, ".git")), "zstd -19 --long (floor)": os.path.getsize(everything),
        }

        # Verify throughput, in MB of bundle content (the tars) per second: `mura verify` of the repacked archive
        # beside one pipe of `zstd -d` and `sha256sum` over the same history stored self-contained (a pipe of zstd
        # cannot open bundles that need a dictionary or a base).
        contained = os.path.join(work, "archive-self-contained")
        subprocess.run([args.mura, "init", "--archive", contained, "--self-contained"], check=True,
                       stdout=subprocess.DEVNULL)
        for folder, day in zip(folders, MONTHS):
            subprocess.run([args.mura, "ingest", "--archive", contained, "--captured-at", day, folder, "--defer-search-index"],
                           check=True, stdout=subprocess.DEVNULL)
        pipe = f"find {contained}/bundles -type f -name '*.tar.zst' -print0 | sort -z | xargs -0 cat | zstd -dcq"
        tar_bytes = int(subprocess.run(f"{pipe} | wc -c", shell=True, check=True, capture_output=True,
                                       text=True).stdout.strip())
        verify_peer = statistics.median(seconds(["sh", "-c", f"{pipe} | sha256sum"]) for _ in range(args.runs))
        verify_mura = statistics.median(seconds([args.mura, "verify", "--archive", archive]) for _ in range(args.runs))

        # Dated restore, whole process: mura restore vs git rev-list + git show, and cat of the same bytes; on this
        # history and on one of its first 80 documents.
        restored = os.path.join(work, "restored.html")
        mura_restore, git_restore, picks = restore_times(args.mura, archive, repo, args.documents, args.samples,
                                                         restored)
        cat = median_call(lambda p: [f"cat {work}/corpus/v1/doc{p[0]:06d}.html > {restored}"], picks)
        small = min(80, args.documents)
        small_folders = build_corpus(args.corpus, os.path.join(work, "small"), small)
        small_sizes = store_history(args.mura, small_folders, MONTHS, os.path.join(work, "archive-small"),
                                    os.path.join(work, "repo-small"))
        small_restore = restore_times(args.mura, os.path.join(work, "archive-small"), os.path.join(work, "repo-small"),
                                      small, args.samples, restored)

        # One site's pages with many versions each: bytes only.
        site_days = [f"2024-{1 + r // 28:02d}-{1 + r % 28:02d}" for r in range(args.site_rounds)]
        site_folders = site_history(args.corpus, work, args.site_documents, args.site_rounds)
        site = store_history(args.mura, site_folders, site_days, os.path.join(work, "archive-site"),
                             os.path.join(work, "repo-site"))

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
        rows.append(f"| | | git add + commit per version, the whole history {cli['git add + commit']:.0f} s "
                    f"({per_version['git add + commit'] * 1000:.1f} ms a version on average) "
                    f"| {ratio(cli['git add + commit'], ingest['mura']):.2f} "
                    f"| ≥ 5 ({met(cli['git add + commit'] >= 5 * ingest['mura'])}) |")
        rows.append(f"| | | the same, median of the first {sample} documents' versions only "
                    f"({first_commits * 1000:.1f} ms × {versions}) "
                    f"| {ratio(first_commits * versions, ingest['mura']):.2f} | |")
        rows.append(f"| | | git fast-import, one process {ingest['git']:.1f} s "
                    f"| {ratio(ingest['git'], ingest['mura']):.2f} "
                    f"| ≥ 5 ({met(ingest['git'] >= 5 * ingest['mura'])}) |")
        rows.append(f"| | | tar --zstd {ingest['tar --zstd']:.1f} s (floor) "
                    f"| {ratio(ingest['tar --zstd'], ingest['mura']):.2f} "
                    f"| ≥ 0.33 ({met(ingest['mura'] <= 3 * ingest['tar --zstd'])}) |")
        slowdown = ingest["mura"] / ingest["mura, index deferred"] - 1
        rows.append(f"| ingest with the search index | {ingest['mura']:.1f} s | the same, index deferred "
                    f"{ingest['mura, index deferred']:.1f} s | {slowdown * 100:+.0f}% | ≤ +15% ({met(slowdown <= 0.15)}) |")
        rows.append(f"| search index on disk | {index_bytes / 1e6:.1f} MB | bundles {repacked_bytes / 1e6:.1f} MB "
                    f"| {index_bytes / repacked_bytes * 100:.0f}% of them | ≤ 30% ({met(index_bytes <= 0.3 * repacked_bytes)}) |")
        rows.append(f"| dated restore, whole process, {args.documents} × 3 | {mura_restore * 1000:.1f} ms | git rev-list + show "
                    f"{git_restore * 1000:.1f} ms | {ratio(git_restore, mura_restore):.2f} "
                    f"| faster than git ({met(mura_restore < git_restore)}) |")
        rows.append(f"| | | cat {cat * 1000:.1f} ms | {ratio(cat, mura_restore):.2f} "
                    f"| ≥ 0.67 ({met(mura_restore <= 1.5 * cat)}) |")
        rows.append(f"| dated restore, whole process, {small} × 3 | {small_restore[0] * 1000:.1f} ms | git rev-list + show "
                    f"{small_restore[1] * 1000:.1f} ms | {ratio(small_restore[1], small_restore[0]):.2f} "
                    f"| faster than git ({met(small_restore[0] < small_restore[1])}) |")
        git_bytes = sizes["git gc --aggressive"]
        rows.append(f"| bundles and dictionaries, as ingest wrote them | {ingested_bytes / 1e6:.1f} MB "
                    f"| git gc --aggressive {git_bytes / 1e6:.1f} MB | {ratio(git_bytes, ingested_bytes):.2f} | |")
        rows.append(f"| bundles and dictionaries, after mura repack ({repack_seconds:.1f} s) | {repacked_bytes / 1e6:.1f} MB "
                    f"| git gc --aggressive {git_bytes / 1e6:.1f} MB | {ratio(git_bytes, repacked_bytes):.2f} "
                    f"| ≤ 1.5× git ({met(repacked_bytes <= 1.5 * git_bytes)}) |")
        rows.append(f"| whole archive folder (catalog, search index) | {sizes['mura'] / 1e6:.1f} MB "
                    f"| git gc --aggressive {git_bytes / 1e6:.1f} MB | {ratio(git_bytes, sizes['mura']):.2f} "
                    f"| ≤ 2× git ({met(sizes['mura'] <= 2 * git_bytes)}) |")
        rows.append(f"| | | ocfl-py {sizes['ocfl-py'] / 1e6:.1f} MB | {ratio(sizes['ocfl-py'], sizes['mura']):.2f} "
                    f"| ≤ 0.2× ocfl-py ({met(sizes['mura'] <= 0.2 * sizes['ocfl-py'])}) |")
        rows.append(f"| | | zstd -19 --long (floor) {sizes['zstd -19 --long (floor)'] / 1e6:.1f} MB "
                    f"| {ratio(sizes['zstd -19 --long (floor)'], sizes['mura']):.2f} | |")
        rows.append(f"| {small} × 3: bundles after repack | {small_sizes['repacked'] / 1e6:.1f} MB (ingest "
                    f"{small_sizes['ingested'] / 1e6:.1f} MB) | git gc --aggressive {small_sizes['git'] / 1e6:.1f} MB "
                    f"| {ratio(small_sizes['git'], small_sizes['repacked']):.2f} | |")
        rows.append(f"| one site, {args.site_documents} pages × {args.site_rounds} versions: bundles after repack "
                    f"| {site['repacked'] / 1e6:.1f} MB (ingest {site['ingested'] / 1e6:.1f} MB) "
                    f"| git gc --aggressive {site['git'] / 1e6:.1f} MB | {ratio(site['git'], site['repacked']):.2f} | |")
        rows.append(f"| verify throughput (bundle content) | {tar_bytes / verify_mura / 1e6:.0f} MB/s "
                    f"| zstd -d \\| sha256sum {tar_bytes / verify_peer / 1e6:.0f} MB/s "
                    f"| {ratio(verify_peer, verify_mura):.2f} | |")
        for count, peak in rss.items():
            rows.append(f"| peak RSS, one ingest of {count} documents | {peak:.0f} MB | | | < 100 MB ({met(peak < 100)}) |")
        table = "\n".join(rows)
        print(table)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                out.write(f"{args.documents} documents × 3 versions ({versions} versions, {raw / 1e6:.0f} MB of HTML) "
                          f"built from the {len(pages(args.corpus))} corpus pages; median of {args.runs} runs; "
                          f"restore medians over {args.samples} random (document, day) pairs. `ocfl-object.py`, one "
                          f"process per version, stores the versions of the first {sample} documents; its median time "
                          f"per version is multiplied by {versions}. `git add` + `git commit` store every version, "
                          f"once. "
                          f"The ratio is the peer's figure divided by Mura's: above 1, Mura is faster or smaller."
                          f"\n\n{table}\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
