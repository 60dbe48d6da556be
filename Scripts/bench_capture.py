#!/usr/bin/env python3
"""Capture and watch throughput against a local site (Scripts/bench runs it).

A threaded HTTP server on 127.0.0.1 serves pages (the corpus's real article pages when given, else generated ones),
a robots.txt and a sitemap, each answer delayed by a fixed latency. Measured, in one run:
- `mura capture` of a list of pages (one host, so one request at a time, no delay between them) against
  `wget --warc-file` of the same list: captures per second;
- `mura watch run --once` on a sitemap of many pages (every page new, so each is captured): captures per second and
  the largest resident memory, and a second pass with nothing due (the sitemap and the journal read again).
"""
import argparse
import glob
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def pages_from(corpus, count):
    files = sorted(glob.glob(os.path.join(corpus, "articles", "pages", "*.html.gz"))) if corpus else []
    pages = []
    for index in range(count):
        if files:
            with gzip.open(files[index % len(files)], "rb") as handle:
                body = handle.read()
            # Each page its own content, so none is seen unchanged.
            pages.append(body.replace(b"</body>", b"<p>Page %d.</p></body>" % index, 1))
        else:
            text = " ".join(f"Paragraph {p} of release {index}: the ministry published its figures." for p in range(80))
            pages.append(f"<html><head><title>Release {index}</title></head><body><p>{text}</p></body></html>".encode())
    return pages


def serve(pages, sitemap_size, latency):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            time.sleep(latency)
            host = self.headers.get("Host", "127.0.0.1")
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private\n", "text/plain"
            elif self.path == "/sitemap.xml":
                urls = "".join(
                    f"<url><loc>http://{host}/p/{i}</loc><lastmod>2026-01-01</lastmod></url>" for i in range(sitemap_size)
                )
                body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"{urls}</urlset>").encode()
                kind = "application/xml"
            elif self.path.startswith("/p/"):
                body, kind = pages[int(self.path[3:]) % len(pages)], "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def timed(command, cwd):
    """Wall seconds and largest resident memory (MB) of a command, through /usr/bin/time."""
    report = os.path.join(cwd, "time.txt")
    start = time.monotonic()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report] + command, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - start
    with open(report) as handle:
        rss = int(handle.read().strip().splitlines()[-1]) / 1024
    return elapsed, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mura", required=True)
    parser.add_argument("--corpus")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--sitemap", type=int, default=10000)
    parser.add_argument("--latency", type=float, default=20, help="milliseconds added to every answer")
    parser.add_argument("--output")
    args = parser.parse_args()
    args.mura = os.path.abspath(args.mura)
    pages = pages_from(args.corpus, max(args.pages, 500))
    work = tempfile.mkdtemp()
    try:
        server = serve(pages, args.sitemap, args.latency / 1000)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/p/{i}" for i in range(args.pages)]
        with open(os.path.join(work, "urls.txt"), "w") as handle:
            handle.write("\n".join(urls) + "\n")

        archive = os.path.join(work, "capture")
        subprocess.run([args.mura, "init", "--archive", archive], check=True, stdout=subprocess.DEVNULL)
        capture_s, capture_rss = timed([args.mura, "capture", "--archive", archive, "--delay", "0"] + urls, work)
        wget_s = None
        if shutil.which("wget"):
            wget_s, _ = timed(["wget", "-q", "--warc-file=wget", "--no-warc-compression", "-O", "/dev/null",
                               "-i", "urls.txt"], work)

        server.server_close()
        server = serve(pages, args.sitemap, 0)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        watched = os.path.join(work, "watched")
        subprocess.run([args.mura, "init", "--archive", watched], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([args.mura, "watch", "add", f"{base}/sitemap.xml", "--archive", watched], check=True,
                       stdout=subprocess.DEVNULL)
        run = [args.mura, "watch", "run", "--once", "--delay", "0", "--archive", watched]
        watch_s, watch_rss = timed(run, work)
        again_s, again_rss = timed(run, work)
        journal = sum(os.path.getsize(path) for path in glob.glob(os.path.join(watched, "watches", "*.jsonl")))
        server.server_close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rate = args.pages / capture_s
    rows = [
        "| measure | Mura | peer |",
        "| --- | --- | --- |",
        f"| `capture` of {args.pages} pages, {args.latency:g} ms latency each: captures per second | {rate:.1f} | "
        + (f"wget --warc-file: {args.pages / wget_s:.1f} (Mura {rate / (args.pages / wget_s):.2f}×) |" if wget_s else "wget not installed |"),
        f"| `capture`: largest resident memory | {capture_rss:.0f} MB | |",
        f"| `watch run --once` of a {args.sitemap:,}-page sitemap, no latency: captures per second | "
        f"{args.sitemap / watch_s:.1f} | |",
        f"| the same: largest resident memory | {watch_rss:.0f} MB | |",
        f"| the next pass, nothing due (sitemap and journal read again): time, memory | {again_s:.2f} s, "
        f"{again_rss:.0f} MB | |",
        f"| watch journal after the first pass | {journal / 1024 / 1024:.1f} MB | |",
    ]
    table = "\n".join(rows) + "\n"
    print(table)
    if args.output:
        with open(args.output, "w") as handle:
            handle.write(table)


if __name__ == "__main__":
    sys.exit(main())
