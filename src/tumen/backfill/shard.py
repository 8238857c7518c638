"""The task a Dask worker runs on one WARC file: stream, filter, extract, analyse, sign."""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

from tumen.analyze.relevance import is_relevant, page_may_be_relevant
from tumen.archive import iter_warc
from tumen.extract import ExtractError, extract_page, page_kind
from tumen.models import Item, RawPage
from tumen.pipeline import Prepared, fetch_record, prepare_extracted
from tumen.store.base import FetchRecord


@dataclass(frozen=True)
class Shard:
    """One WARC file to read, and the key its completion is recorded under."""

    path: str
    size: int

    @property
    def key(self) -> str:
        """Path and size: a file rewritten since its run is read again."""
        return f"{self.path}:{self.size}"


@dataclass
class PageResult:
    """What the writer stores of one page: its fetch record and its prepared items."""

    fetch: FetchRecord
    items: list[Prepared]


@dataclass
class ShardResult:
    """The compact outcome of one shard: only relevant pages travel back, never bodies."""

    shard: Shard
    records: int = 0  # response records read
    text_pages: int = 0  # of which HTML, text or feeds
    relevant_pages: int = 0  # of which with an item passing the relevance test
    pages: list[PageResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of the worker process while it read this shard
    worker: str = ""
    peak_rss_mib: float = 0.0


def read_shard(shard: Shard, keep_all: bool = False) -> ShardResult:
    """Read one WARC file; with keep_all, every page with text is kept, as `ingest` does."""
    started, cpu = time.perf_counter(), time.process_time()
    result = ShardResult(shard=shard, worker=f"{os.uname().nodename}:{os.getpid()}")
    try:
        for page in iter_warc(Path(shard.path), result.errors):
            result.records += 1
            _read_page(page, result, keep_all)
    except OSError as exc:  # a file the worker cannot open: the run goes on without it
        result.errors.append(f"cannot read: {exc.strerror or exc}")
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _read_page(page: RawPage, result: ShardResult, keep_all: bool) -> None:
    """Add one response record's relevant items to the result; a bad record is one line."""
    if page_kind(page) == "binary":
        return
    result.text_pages += 1
    # the encoding iter_warc detected: no second sniffing of pages that are then dropped
    if not keep_all and not page_may_be_relevant(
            page.body.decode(page.encoding or "utf-8", errors="replace")):
        return
    try:
        extracted = extract_page(page)
        items = prepare_extracted(extracted, page, source=None, analyse=True,
                                  keep=None if keep_all else _relevant)
    except ExtractError:
        return  # an empty page or one without article text: not a report, not an error
    except Exception as exc:  # crawled HTML is untrusted: one bad page never ends the shard
        result.errors.append(f"{page.url}: {type(exc).__name__}: {exc}".splitlines()[0])
        return
    if items or keep_all:
        result.relevant_pages += bool(items)
        result.pages.append(PageResult(fetch=fetch_record(page, None), items=items))


def _relevant(item: Item) -> bool:
    return is_relevant(item.text, item.title)
