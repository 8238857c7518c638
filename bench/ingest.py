"""Ingestion end to end: a local HTTP site, `tumen.pipeline.ingest` into SQLite; docs/s, peak RSS.

The baseline, measured in the same run, is fetching the same pages with httpx and no
processing (the first --baseline-docs pages: the rate does not depend on how many).  Each
page holds one English report paragraph of tests/fixtures/analysis (so analysis finds the
events, places and figures of a real report) and 10-30 sentences of made-up words.  The
test server (tests/localsite.py, one thread per connection) runs in this process, so the
peak RSS includes it and the pages it holds; it is run with TCP_NODELAY, without which
every keep-alive answer waits ~40 ms for a delayed ACK and the server is the bottleneck.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from html import escape
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


def page(i: int, rng: random.Random, reports: list[str], vocab: list[str]) -> str:
    """One article page of about 150-400 words: one real-looking report paragraph, then
    sentences of made-up words (so that no two pages are near-duplicates)."""
    filler = []
    for _ in range(rng.randint(10, 30)):
        filler.append(" ".join(rng.choices(vocab, k=rng.randint(8, 18))).capitalize() + ".")
    return (f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>"
            f"<p>Published 2024-05-0{i % 9 + 1}.</p><p>{escape(rng.choice(reports))}</p>"
            f"<p>{' '.join(filler)}</p></article></body></html>")


def main(args: argparse.Namespace) -> None:
    """Print documents per second and peak RSS for ingest and for the bare fetch."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import localsite
    from localsite import serve

    localsite._Handler.disable_nagle_algorithm = True  # header and body are two writes
    rng = random.Random(args.seed)
    reports = _reports()
    vocab = ["".join(rng.choice("abcdefghiklmnoprstuvwy") for _ in range(rng.randint(3, 10)))
             for _ in range(20_000)]
    routes = {f"/a/{i}": page(i, rng, reports, vocab) for i in range(args.docs)}
    with serve(routes) as site, tempfile.TemporaryDirectory() as tmp:
        urls = [site.url(f"/a/{i}") for i in range(args.docs)]
        sample = urls[: args.baseline_docs]
        start = time.perf_counter()
        with httpx.Client() as client:
            for url in sample:
                client.get(url).raise_for_status()
        fetch_rate = len(sample) / (time.perf_counter() - start)
        rss_fetch = peak_rss_mib()
        fetch_load = loadavg().split(" ", 2)[2]
        settings = Settings(db=str(Path(tmp) / "t.db"), archive_dir=str(Path(tmp) / "warc"),
                            allow_addresses=["127.0.0.1"], fetch_delay=0)
        store = open_store(settings.db)
        start = time.perf_counter()
        done = [0]

        def progress(_url: str) -> None:
            done[0] += 1
            if done[0] % 1000 == 0:
                print(f"  {done[0]:,} pages, {done[0] / (time.perf_counter() - start):.1f}/s, "
                      f"{loadavg()}", flush=True)

        report = ingest(store, settings, urls, progress)
        rate = args.docs / (time.perf_counter() - start)
        stored = store.count_documents()
        store.close()
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
