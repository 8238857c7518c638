"""Ingestion: read sources, extract items, drop duplicates, analyse and store documents."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from tumen.analyze import analyze_item
from tumen.archive import WarcArchive, iter_warc
from tumen.banding import band_keys
from tumen.config import Settings
from tumen.dedupe import (
    NearMatch,
    best_match,
    canonicalize_url,
    content_hash,
    minhash,
    signature_bytes,
)
from tumen.extract import Extracted, ExtractError, extract_page
from tumen.fetch import Fetcher, FetchError, read_path
from tumen.models import Analysis, Document, Item, RawPage, headline
from tumen.skip import skipped_by_content, skipped_by_name
from tumen.store.base import DocumentExists, FetchRecord, Store

Outcome = str  # "added", "updated" or "duplicate"
ProgressFn = Callable[[str], None]


@dataclass
class IngestReport:
    """Counts of one run, as printed by `tumen ingest --json`."""

    added: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)

    def count(self, outcome: Outcome, document_id: int) -> None:
        """Add one item's outcome."""
        if outcome == "added":
            self.added += 1
        elif outcome == "updated":
            self.updated += 1
        else:
            self.duplicates += 1
        if outcome != "duplicate":
            self.document_ids.append(document_id)

    def fail(self, source: str, error: str) -> None:
        """Record one source that could not be read, in one line."""
        self.failed.append({"source": source, "error": error.splitlines()[0] if error else "?"})

    def as_json(self) -> dict[str, object]:
        """The shape documented for `tumen ingest --json`."""
        return {"added": self.added, "updated": self.updated, "duplicates": self.duplicates,
                "failed": self.failed, "skipped": self.skipped}


# a document's address: the web, or a local file ingested by name; a javascript:, data: or
# vbscript: link from a feed or a page would become an href on our pages and feeds
ADDRESS = ("http://", "https://", "file:")


def item_url(item: Item, page_url: str) -> tuple[str, str]:
    """(url, canonical url) of an item: its own link, else the page plus its position."""
    if item.url and item.url.lower().startswith(ADDRESS[:2]):
        return item.url, canonicalize_url(item.url)
    if not page_url.lower().startswith(ADDRESS):
        raise ExtractError(f"refused address {page_url[:80]!r}: not http(s) or a local file")
    base = item.url if item.url and item.url.lower().startswith(ADDRESS) else page_url
    if item.position is None:
        return base, canonicalize_url(base)
    return f"{base}#item-{item.position}", f"{canonicalize_url(base)}#item-{item.position}"


@dataclass
class Prepared:
    """An item ready to store: its addresses, text hash, signature and, once run, analysis.

    Ingestion prepares items in the process that stores them; `tumen backfill` prepares
    them (analysis included) on Dask workers and ships them to its one writer.
    """

    item: Item
    url: str
    canonical: str
    digest: str
    signature: bytes
    source: str | None = None
    listing_url: str | None = None
    analysis: Analysis | None = None

    def document(self, fetch_id: int | None) -> Document:
        """The Document to store, analysing the item now if that was not done yet."""
        item = self.item
        analysis = self.analysis or analyze_item(item, published=item.date)
        return Document(
            url=self.url, canonical_url=self.canonical, text=item.text, content_hash=self.digest,
            # a teaser of a text listing has no title: its first sentence stands in, so
            # no page, feed or brief falls back to showing the file's path
            title=item.title or headline(item.text), author=item.author, published=item.date,
            language=analysis.language or item.language, summary=item.summary,
            source=self.source, listing_url=self.listing_url, pinned=item.pinned,
            fetch_id=fetch_id,
            analysis=analysis,
        )


def prepare_item(item: Item, page_url: str, *, source: str | None, listing_url: str | None,
                 analyse: bool = False) -> Prepared:
    """Addresses, hash and MinHash signature of an item (and its analysis if asked)."""
    url, canonical = item_url(item, page_url)
    return Prepared(
        item=item, url=url, canonical=canonical, digest=content_hash(item.text),
        signature=signature_bytes(minhash(item.text)), source=source, listing_url=listing_url,
        analysis=analyze_item(item, published=item.date) if analyse else None,
    )


class DocumentWrites(Protocol):
    """What the ingestion's duplicate checks and writes use of a store (`Store` has it; a
    backfill shard's bulk look-ups, tumen.backfill.lookup, too)."""

    def find_document(self, canonical_url: str, content_hash: str) -> tuple[int, str] | None:
        """A stored document with this URL or this text: (id, 'url'|'hash')."""

    def near_candidates(self, keys: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
        """(id, signature) of the documents sharing a (band, band_hash) with `keys`."""

    def get_document(self, document_id: int) -> Document | None:
        """One document with its analysis."""

    def add_document(self, document: Document, minhash: bytes | None,
                     near_threshold: float | None = None) -> int:
        """Insert a new document; DocumentExists if a copy was stored meanwhile."""

    def update_document(self, document_id: int, document: Document, minhash: bytes | None) -> None:
        """Replace the text and metadata of a stored document."""

    def mark_duplicate(self, document_id: int, url: str, kind: str, seen_at: datetime,
                       similarity: float | None) -> None:
        """Record a copy of a stored document."""

    def add_fetch(self, record: FetchRecord) -> int:
        """Log one fetch; return its id."""


class Ingestor:
    """Stores items one transaction each, recognising URL, hash and near duplicates."""

    def __init__(self, store: DocumentWrites, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def near_duplicate(self, signature: bytes) -> NearMatch | None:
        """The stored document most similar to a signature, above the threshold."""
        # candidates come from the store's band index, so documents other processes
        # stored since this one started are found too, and nothing is held in memory
        candidates = self.store.near_candidates(band_keys(signature))
        return best_match(signature, candidates, self.settings.near_duplicate_threshold)

    def store_item(
        self, item: Item, page: RawPage, *, fetch_id: int | None, source: str | None,
        listing_url: str | None = None,
    ) -> tuple[Outcome, int]:
        """Add, update or recognise as a duplicate one item."""
        prepared = prepare_item(item, page.location, source=source, listing_url=listing_url)
        return self.store_prepared(prepared, page.fetched_at or datetime.now(UTC), fetch_id)

    def store_prepared(self, prep: Prepared, seen: datetime,
                       fetch_id: int | None) -> tuple[Outcome, int]:
        """Add, update or recognise as a duplicate one prepared item."""
        found = self.store.find_document(prep.canonical, prep.digest)
        if found and found[1] == "url":
            stored = self.store.get_document(found[0])
            if (stored is None or stored.content_hash == prep.digest
                    or len(prep.item.text) < len(stored.text)):
                self.store.mark_duplicate(found[0], prep.url, "url", seen, 1.0)
                return "duplicate", found[0]
            doc = self._document(prep, fetch_id)
            doc.summary = doc.summary or stored.summary
            self.store.update_document(found[0], doc, prep.signature)
            return "updated", found[0]
        if found:
            self.store.mark_duplicate(found[0], prep.url, "hash", seen, 1.0)
            return "duplicate", found[0]
        near = self.near_duplicate(prep.signature)
        if near is not None:
            self.store.mark_duplicate(near.document_id, prep.url, "near", seen, near.similarity)
            return "duplicate", near.document_id
        try:
            doc_id = self.store.add_document(self._document(prep, fetch_id), prep.signature,
                                             self.settings.near_duplicate_threshold)
        except DocumentExists as exc:
            # Another process stored this URL, text or a near-copy since the checks above.
            self.store.mark_duplicate(exc.document_id, prep.url, exc.how, seen, exc.similarity)
            return "duplicate", exc.document_id
        return "added", doc_id

    def _document(self, prep: Prepared, fetch_id: int | None) -> Document:
        """The document of a prepared item: built after the checks, before the insert."""
        return prep.document(fetch_id)

    def log_fetch(self, page: RawPage, source: str | None) -> int:
        """Record where a page came from and where its body is archived."""
        return self.store.add_fetch(fetch_record(page, source))

    def ingest_page(self, page: RawPage, report: IngestReport, source: str | None = None) -> None:
        """Extract and store every item of one page; failures go to the report."""
        try:
            extracted = extract_page(page)
        except ExtractError as exc:
            report.fail(page.url, str(exc))
            return
        fetch_id = self.log_fetch(page, source)
        self.store_extracted(extracted, page, report, fetch_id=fetch_id, source=source)

    def store_extracted(
        self, extracted: Extracted, page: RawPage, report: IngestReport, *,
        fetch_id: int | None, source: str | None,
    ) -> None:
        """Store the items of an extracted page."""
        for prepared in prepare_extracted(extracted, page, source=source):
            outcome, doc_id = self.store_prepared(
                prepared, page.fetched_at or datetime.now(UTC), fetch_id)
            report.count(outcome, doc_id)


def fetch_record(page: RawPage, source: str | None) -> FetchRecord:
    """Where a page came from and where its body is archived."""
    return FetchRecord(
        url=page.url, final_url=page.final_url, status=page.status, headers=page.headers,
        fetched_at=page.fetched_at or datetime.now(UTC),
        body_hash=hashlib.sha256(page.body).hexdigest() if page.body else None,
        content_type=page.content_type, etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"), warc_path=page.warc_path,
        warc_record_id=page.warc_record_id, source=source,
    )


def prepare_extracted(
    extracted: Extracted, page: RawPage, *, source: str | None, analyse: bool = False,
    keep: Callable[[Item], bool] | None = None,
) -> list[Prepared]:
    """The items of an extracted page that have text (and that `keep` accepts), prepared."""
    name = source or extracted.site_name
    listing_url = page.location if extracted.kind != "article" else None
    return [prepare_item(item, page.location, source=name, listing_url=listing_url,
                         analyse=analyse)
            for item in extracted.items if item.text.strip() and (keep is None or keep(item))]


def iter_files(path: Path, skipped: list[dict[str, str]] | None = None) -> Iterator[Path]:
    """A file, or every file below a folder in a stable order, passing over hidden files
    and what is not a report by its name (README, licence, data); each goes to skipped."""
    if not path.is_dir():
        yield path
        return
    for child in sorted(path.rglob("*")):
        rel = child.relative_to(path)
        if any(p.startswith(".") for p in rel.parts) or not child.is_file():
            continue  # hidden folders (.git) are not worth a line each
        why = skipped_by_name(rel)
        if why is None:
            yield child
        elif skipped is not None:
            skipped.append({"source": str(child), "reason": why})


def pages_of(source: str, settings: Settings, fetcher: Fetcher,
             skipped: list[dict[str, str]] | None = None) -> Iterator[RawPage]:
    """Every page a SOURCE names: a URL, a file, a WARC file or a folder (of which the
    files that are not reports, by name or by content, go to skipped)."""
    if source.startswith(("http://", "https://")):
        yield fetcher.fetch(source)
        return
    path = Path(source)
    if not path.exists():
        raise FetchError(f"no such file or folder: {source}")
    for file in iter_files(path, skipped):
        if file.name.endswith((".warc", ".warc.gz")):
            yield from iter_warc(file)
            continue
        page = read_path(file, settings)
        why = skipped_by_content(page.body) if path.is_dir() and _plain(page) else None
        if why is None:
            yield page
        elif skipped is not None:
            skipped.append({"source": str(file), "reason": why})


def _plain(page: RawPage) -> bool:
    """True for plain text and Markdown, where a licence or documentation may hide."""
    return (page.content_type or "").startswith(("text/plain", "text/markdown", "text/x-"))


def ingest(
    store: Store, settings: Settings, sources: list[str], progress: ProgressFn | None = None
) -> IngestReport:
    """Ingest URLs, files, feeds, WARC files and folders; one bad source never stops the run."""
    report = IngestReport()
    ingestor = Ingestor(store, settings)
    archive = WarcArchive(settings.archive_path(), previous=store.last_fetch)
    # the search index takes the new documents in batches, not one commit per document
    with store.indexing_batch(), Fetcher(settings, archive=archive) as fetcher:
        for source in sources:
            _ingest_source(ingestor, source, settings, fetcher, report, progress)
    return report


def _ingest_source(
    ingestor: Ingestor, source: str, settings: Settings, fetcher: Fetcher,
    report: IngestReport, progress: ProgressFn | None,
) -> None:
    """Ingest one SOURCE argument, reporting each failure as one line."""
    pages = pages_of(source, settings, fetcher, report.skipped)
    while True:
        try:
            page = next(pages)
        except StopIteration:
            return
        except (FetchError, OSError) as exc:
            report.fail(source, str(exc))
            return
        except Exception as exc:  # a corrupt WARC or archive must not stop other sources
            report.fail(source, f"{type(exc).__name__}: {exc}")
            return
        if progress:
            progress(page.url)
        try:
            ingestor.ingest_page(page, report)
        except Exception as exc:  # one malformed page must not stop the others
            report.fail(page.url, f"{type(exc).__name__}: {exc}")
