"""Every command of a release build once, on sample publications, with the round trips checked (Scripts/release-smoke).

Exits non-zero naming the first command that failed or the first round trip that lost something.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "Scripts", "samples")


class Mura:
    def __init__(self, binary, archive):
        self.binary, self.archive = binary, archive

    def run(self, *args, expect=0, stdin=None):
        done = subprocess.run([self.binary, *args, "--archive", self.archive], input=stdin, capture_output=True,
                              timeout=300)
        if done.returncode != expect:
            sys.exit(f"release-smoke: `mura {' '.join(args)}` exited {done.returncode}, not {expect}:\n"
                     f"{done.stderr.decode(errors='replace')[-2000:]}")
        return done.stdout

    def json(self, *args):
        return json.loads(self.run(*args, "--json"))


def check(condition, what):
    if not condition:
        sys.exit(f"release-smoke: {what}")


def inventory(mura):
    """Each document's id and number of versions."""
    return sorted((entry["id"], entry["versionCount"]) for entry in mura.json("list"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mura", required=True)
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="mura-release-smoke-")
    try:
        source = Mura(options.mura, os.path.join(work, "source"))
        source.run("init")
        # Two captures of one notice, a folder of pages in three languages, an HTML page and a JSON feed.
        notice = os.path.join(work, "notice.txt")
        for version, day in (("v1", "2024-05-01"), ("v2", "2024-06-01")):
            shutil.copy(os.path.join(SAMPLES, f"heritage-week-{version}.txt"), notice)
            source.run("ingest", "--id", "press/heritage-week", "--url", "https://example.org/heritage-week",
                       "--captured-at", day, notice)
        source.run("ingest", os.path.join(SAMPLES, "kk"), os.path.join(SAMPLES, "ru"))
        page = os.path.join(work, "page.html")
        with open(page, "w", encoding="utf-8") as file:
            file.write("<html><head><title>Reading room</title><link rel=canonical href=https://example.org/room>"
                       "</head><body><article><h1>Reading room</h1><p>The reading room opens on Monday, with longer "
                       "hours for students and visitors.</p></article></body></html>")
        source.run("ingest", page)
        source.run("ingest", "--format", "json", "-",
                   stdin=b'{"version": "https://jsonfeed.org/version/1.1", "title": "Office", "items": [{"id": "1", '
                         b'"url": "https://example.org/hours", "content_text": "Open daily from nine to six."}]}')
        documents = inventory(source)
        check(len(documents) == 5 and ("press/heritage-week", 2) in documents, f"ingest gave {documents}")
        # Same content again is no new version.
        check(b"0 new, 1 unchanged" in source.run("ingest", page), "the same page again made a new version")

        # Reading back.
        source.run("history", "press/heritage-week")
        source.run("show", "press/heritage-week", "--at", "2024-05-15")
        restored = os.path.join(work, "restored.txt")
        source.run("restore", "press/heritage-week", "--at", "2024-05-15", "--output", restored)
        with open(restored, "rb") as left, open(os.path.join(SAMPLES, "heritage-week-v1.txt"), "rb") as right:
            check(left.read() == right.read(), "the restored first version differs from its original")
        source.run("diff", "press/heritage-week", "--from", "1", "--to", "2")
        check(source.json("search", "reading room")["hits"], "search found nothing for 'reading room'")
        source.run("verify")

        # Each package read back by Mura: WARC ingested, the bag received, the OCFL root written.
        warc = os.path.join(work, "export.warc.gz")
        source.run("export", "--all", "--package", "warc", "--to", warc)
        replayed = Mura(options.mura, os.path.join(work, "from-warc"))
        replayed.run("init")
        replayed.run("ingest", warc)
        check(inventory(replayed) == documents, f"the WARC export read back as {inventory(replayed)}")
        replayed.run("verify")
        bag = os.path.join(work, "export.tar.zst")
        source.run("export", "--all", "--to", bag, "--render", "text")
        received = Mura(options.mura, os.path.join(work, "from-bag"))
        received.run("init")
        received.run("receive", bag)
        check(inventory(received) == documents, f"the bag read back as {inventory(received)}")
        received.run("verify")
        source.run("export", "--all", "--package", "ocfl", "--to", os.path.join(work, "ocfl"))
        source.run("reextract", "--all")
        source.run("catalog", "rebuild")
        check(inventory(source) == documents, "catalog rebuild changed the documents")
        source.run("verify")
        print(f"release-smoke: ok ({len(documents)} documents through ingest, WARC, BagIt, OCFL and back)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
