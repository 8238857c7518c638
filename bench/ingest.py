"""Ingestion end to end: a local HTTP site, `tumen.pipeline.ingest` into SQLite; docs/s, peak RSS.

The baseline, measured in the same run, is fetching the same pages with httpx and no
processing (the first --baseline-docs pages: the rate does not depend on how many).  Each
page holds one English report paragraph of tests/fixtures/analysis (so analysis finds the
events, places and figures of a real report) and 10-30 sentences of made-up words.  The
site runs in its own process and makes page i from i when it is asked for, so the peak
RSS printed is the ingest's own, not the server's copy of 100,000 pages.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.common import loadavg, machine, peak_rss_mib, table
from tumen.config import Settings
from tumen.pipeline import ingest
from tumen.store import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "analysis"


def _reports() -> list[str]:
    """The English report texts of the analysis fixtures (events, places, counts, dates)."""
    return [json.loads(p.read_text("utf-8"))["text"] for p in sorted(FIXTURES.glob("en-*.json"))]


def _vocab(seed: int) -> list[str]:
    """20,000 made-up words, the same for a given seed."""
    rng = random.Random(seed)
    return ["".join(rng.choice("abcdefghiklmnoprstuvwy") for _ in range(rng.randint(3, 10)))
            for _ in range(20_000)]


def page(i: int, rng: random.Random, reports: list[str], vocab: list[str]) -> str:
    """One article page of about 150-400 words: one real-looking report paragraph, then
    sentences of made-up words (so that no two pages are near-duplicates)."""
    filler = []
    for _ in range(rng.randint(10, 30)):
        filler.append(" ".join(rng.choices(vocab, k=rng.randint(8, 18))).capitalize() + ".")
    return (f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>"
            f"<p>Published 2024-05-0{i % 9 + 1}.</p><p>{escape(rng.choice(reports))}</p>"
            f"<p>{' '.join(filler)}</p></article></body></html>")


def serve_pages(port: int, seed: int) -> None:
    """Serve /a/<i> as page i, made on request (run in its own process by `main`)."""
    reports, vocab = _reports(), _vocab(seed)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # header and body are two writes

        def do_GET(self) -> None:
            if self.path == "/robots.txt" or not self.path.startswith("/a/"):
                self.send_error(404)
                return
            i = int(self.path[3:])
            body = page(i, random.Random(seed * 1_000_003 + i), reports, vocab).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def _start_site(port: int, seed: int) -> subprocess.Popen[bytes]:
    """The page server in its own process; returns once it answers."""
    root = str(Path(__file__).resolve().parent.parent)
    server = subprocess.Popen([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                               " from bench.ingest import serve_pages;"
                               " serve_pages(int(sys.argv[2]), int(sys.argv[3]))",
                               root, str(port), str(seed)])
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/a/0", timeout=1).raise_for_status()
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the page server did not start within 30 s")


def _fetch_rate(urls: list[str]) -> float:
    """Pages per second for bare httpx GETs, one connection, no processing."""
    start = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            client.get(url).raise_for_status()
    return len(urls) / (time.perf_counter() - start)


def main(args: argparse.Namespace) -> None:
    """Print documents per second and peak RSS for ingest and for the bare fetch."""
    server = _start_site(args.port, args.seed)
    try:
        urls = [f"http://127.0.0.1:{args.port}/a/{i}" for i in range(args.docs)]
        sample = urls[: args.baseline_docs]
        fetch_rate = _fetch_rate(sample)
        rss_fetch, fetch_load = peak_rss_mib(), loadavg().split(" ", 2)[2]
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(db=str(Path(tmp) / "t.db"), archive_dir=str(Path(tmp) / "warc"),
                                allow_addresses=["127.0.0.1"], fetch_delay=0)
            store = open_store(settings.db)
            start = time.perf_counter()
            done = [0]

            def progress(_url: str) -> None:
                done[0] += 1
                if done[0] % args.every == 0:
                    print(f"  {done[0]:,} pages, {done[0] / (time.perf_counter() - start):.1f}/s,"
                          f" peak RSS {peak_rss_mib():.0f} MiB, {loadavg()}", flush=True)

            report = ingest(store, settings, urls, progress)
            rate = args.docs / (time.perf_counter() - start)
            stored = store.count_documents()
            store.close()
    finally:
        server.terminate()
    print(f"## Ingestion ({args.docs:,} pages from a local HTTP server into SQLite; "
          f"{machine()})\n")
    print(table(["path", "pages", "docs stored", "docs/s", "peak RSS MiB", "load avg after"], [
        ("httpx GET only (baseline)", len(sample), 0, fetch_rate, rss_fetch, fetch_load),
        ("tumen ingest (fetch, WARC, extract, dedupe, analyse, store)", args.docs, stored,
         rate, peak_rss_mib(), loadavg().split(" ", 2)[2]),
    ]))
    if report.failed:
        print(f"\n{len(report.failed)} failed, first: {report.failed[0]}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench ingest`."""
    parser.add_argument("--docs", type=int, default=100_000, help="pages to serve and ingest")
    parser.add_argument("--baseline-docs", type=int, default=2000,
                        help="pages fetched for the baseline")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765, help="port of the page server")
    parser.add_argument("--every", type=int, default=1000, help="print progress every N pages")
