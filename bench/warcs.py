"""Synthetic WARC shards for `python -m bench backfill`: news pages, a share of them relevant."""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench.ingest import _reports, _vocab
from tumen.analyze.relevance import is_relevant, needles


@dataclass(frozen=True)
class Corpus:
    """Report paragraphs that pass the relevance test, and made-up words that never do."""

    reports: list[str]
    vocab: list[str]
    sentences: list[str]  # 20,000 of made-up words: pages drawing 10-30 are never near-copies

    @classmethod
    def make(cls, seed: int) -> Corpus:
        """The corpus for a seed (the same one every time)."""
        words = [w for w in _vocab(seed) if not any(n in w for n in needles())]
        rng = random.Random(seed)
        sentences = [" ".join(rng.choices(words, k=rng.randint(8, 18))).capitalize() + "."
                     for _ in range(20_000)]
        return cls([r for r in _reports() if is_relevant(r)], words, sentences)

    def filler(self, rng: random.Random, sentences: int) -> str:
        """Sentences of made-up words."""
        return " ".join(rng.choices(self.sentences, k=sentences))


def news_page(i: int, rng: random.Random, corpus: Corpus, relevant: bool) -> bytes:
    """An article page of 150-400 words, a report paragraph first if relevant, inside the
    furniture of a news site (menu, script, related links: about 12 KB in all)."""
    lead = f"<p>{escape(rng.choice(corpus.reports))}</p>" if relevant else ""
    day = datetime(2024, 1, 1) + timedelta(days=i % 365)
    menu = "".join(f'<li><a href="/section/{w}">{w}</a></li>'
                   for w in rng.choices(corpus.vocab, k=80))
    related = "".join(f'<li><a href="/story/{n}">{t}</a></li>' for n, t in zip(
        rng.choices(range(10**6), k=30), rng.choices(corpus.sentences, k=30), strict=True))
    script = "var cfg = {" + ", ".join(f'"{w}": 1' for w in rng.choices(corpus.vocab, k=150)) + "};"
    return (f"<html><head><title>Story {i}</title><script>{script}</script></head><body>"
            f"<nav><ul>{menu}</ul></nav><article><h1>Story {i}</h1>"
            f"<p>Published {day:%Y-%m-%d}.</p>{lead}"
            f"<p>{corpus.filler(rng, rng.randint(10, 30))}</p></article>"
            f"<aside><ul>{related}</ul></aside></body></html>").encode()


def response(writer: WARCWriter, url: str, body: bytes, content_type: str,
             when: datetime) -> bytes:
    """One gzipped WARC response record."""
    buf = BytesIO()
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                                 ("Content-Length", str(len(body)))],
                                      protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")})
    WARCWriter(buf, gzip=True).write_record(record)
    return buf.getvalue()


def write_shard(path: Path, first: int, last: int, relevant: float, seed: int) -> Path:
    """One WARC file of the records first..last-1 (the same bytes for the same arguments)."""
    corpus, rng = Corpus.make(seed), random.Random(seed * 1_000_003 + first)
    writer = WARCWriter(BytesIO(), gzip=True)
    when = datetime(2024, 6, 1, tzinfo=UTC)
    with open(path, "wb") as out:
        for i in range(first, last):
            body = news_page(i, rng, corpus, rng.random() < relevant)
            out.write(response(writer, f"https://news{i % 97}.example/story/{i}", body,
                               "text/html; charset=utf-8", when))
    return path


def write_shards(folder: Path, records: int, shards: int, relevant: float,
                 seed: int = 5, processes: int = 1) -> list[Path]:
    """`shards` WARC files holding `records` HTML responses between them, `relevant` of
    them (a share) about North Korean refugees; written by `processes` processes."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(folder / f"synthetic-{s:05d}.warc.gz", s * records // shards,
             (s + 1) * records // shards, relevant, seed) for s in range(shards)]
    if processes <= 1:
        return [write_shard(*job) for job in jobs]
    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(write_shard, *zip(*jobs, strict=True)))
