"""Synthetic WARC shards for `python -m bench backfill`: news pages, a share of them relevant."""

from __future__ import annotations

import random
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

    @classmethod
    def make(cls, seed: int) -> Corpus:
        """The corpus for a seed (the same one every time)."""
        words = [w for w in _vocab(seed) if not any(n in w for n in needles())]
        return cls([r for r in _reports() if is_relevant(r)], words)

    def filler(self, rng: random.Random, sentences: int) -> str:
        """Sentences of made-up words: no two pages are near-copies."""
        return " ".join(" ".join(rng.choices(self.vocab, k=rng.randint(8, 18))).capitalize() + "."
                        for _ in range(sentences))


def news_page(i: int, rng: random.Random, corpus: Corpus, relevant: bool) -> bytes:
    """An article page of 150-400 words: a report paragraph first if relevant."""
    lead = f"<p>{escape(rng.choice(corpus.reports))}</p>" if relevant else ""
    day = datetime(2024, 1, 1) + timedelta(days=i % 365)
    return (f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
            f"<p>Published {day:%Y-%m-%d}.</p>{lead}"
            f"<p>{corpus.filler(rng, rng.randint(10, 30))}</p></article></body></html>").encode()


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


def write_shards(folder: Path, records: int, shards: int, relevant: float,
                 seed: int = 5) -> list[Path]:
    """`shards` WARC files holding `records` HTML responses between them, `relevant` of
    them (a share) about North Korean refugees."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus, rng = Corpus.make(seed), random.Random(seed)
    writer = WARCWriter(BytesIO(), gzip=True)
    when = datetime(2024, 6, 1, tzinfo=UTC)
    paths = []
    for s in range(shards):
        path = folder / f"synthetic-{s:05d}.warc.gz"
        with open(path, "wb") as out:
            for i in range(s * records // shards, (s + 1) * records // shards):
                body = news_page(i, rng, corpus, rng.random() < relevant)
                out.write(response(writer, f"https://news{i % 97}.example/story/{i}", body,
                                   "text/html; charset=utf-8", when))
        paths.append(path)
    return paths
