"""`tumen analyze` and `tumen reanalyze`: the extract and analyze stages run on their own."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tumen.analyze import analyze_item
from tumen.extract import ExtractError, extract_page
from tumen.fetch import Fetcher, FetchError, guess_type, read_path
from tumen.models import Item, RawPage
from tumen.plain import to_plain

if TYPE_CHECKING:
    from tumen.config import Settings
    from tumen.store.base import Store


def read_input(name: str, settings: Settings, fetcher: Callable[[], Fetcher]) -> RawPage:
    """A page from a file, a URL, or standard input ('-')."""
    if name == "-":
        body = sys.stdin.buffer.read(settings.max_body_bytes + 1)
        if len(body) > settings.max_body_bytes:
            raise FetchError(f"body larger than {settings.max_body_bytes} bytes: stdin")
        return RawPage(url="stdin:", body=body, fetched_at=datetime.now(UTC),
                       content_type=guess_type("stdin", body))
    if name.startswith(("http://", "https://")):
        return fetcher().fetch(name)
    return read_path(Path(name), settings)


def item_json(item: Item, published: str | None) -> dict[str, Any]:
    """One ITEM of the `tumen analyze --json` output."""
    analysis = analyze_item(item, published=published or item.date)
    return {
        "title": item.title, "date": item.date, "author": item.author, "url": item.url,
        "pinned": item.pinned, "text": item.text, "language": analysis.language or item.language,
        "topics": analysis.topics, "entities": to_plain(analysis.entities),
        "events": to_plain(analysis.events), "statistics": to_plain(analysis.statistics),
        "analysed": analysis.analysed,
    }


def analyze_inputs(
    inputs: list[str], settings: Settings, published: str | None
) -> Iterator[dict[str, Any]]:
    """One JSON-ready line per input: its kind and its analysed items (or its error)."""
    # The HTTP client (and httpx) is made only when an input is a URL.
    made: list[Fetcher] = []

    def fetcher() -> Fetcher:
        if not made:
            made.append(Fetcher(settings))
        return made[0]

    try:
        for name in inputs:
            try:
                extracted = extract_page(read_input(name, settings, fetcher))
            except (FetchError, ExtractError) as exc:
                yield {"input": name, "kind": None, "items": [], "error": str(exc)}
                continue
            kind = "article" if extracted.kind == "article" else "listing"
            yield {"input": name, "kind": kind,
                   "items": [item_json(i, published) for i in extracted.items]}
    finally:
        for made_fetcher in made:
            made_fetcher.close()


def reanalyze_store(store: Store, progress: Callable[[str], None]) -> int:
    """Re-run the analysis on every stored document; return how many."""
    with store.indexing_batch():  # one index commit per batch, not per document
        return _reanalyze_each(store, progress)


def _reanalyze_each(store: Store, progress: Callable[[str], None]) -> int:
    """The analysis of each document, saved as it is made."""
    count = 0
    for doc in list(store.iter_documents()):
        item = Item(text=doc.text, title=doc.title, summary=doc.summary, date=doc.published,
                    author=doc.author, url=doc.url, language=doc.language)
        assert doc.id is not None
        store.save_analysis(doc.id, analyze_item(item, published=doc.published))
        count += 1
        progress(doc.url)
    return count
