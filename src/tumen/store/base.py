"""The store interface every backend implements, and the records it exchanges."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from tumen.models import Analysis, Document, Incident, Source, SourceHealth


class DocumentExists(Exception):
    """add_document lost a race: another process stored this URL, text or a near-copy first."""

    def __init__(self, document_id: int, how: str = "url", similarity: float = 1.0) -> None:
        super().__init__(f"document {document_id} is already stored (same {how})")
        self.document_id = document_id
        self.how = how  # "url", "hash" or "near", as in mark_duplicate
        self.similarity = similarity



def stored_copy(store: Any, document: Document, signature: bytes | None,
                threshold: float) -> tuple[int, str, float] | None:
    """(id, "url", "hash" or "near", similarity) of a stored copy of a document, or None.

    The same lookups as ingestion's own checks, run again by add_document inside its write
    lock: a copy another process committed since those checks is seen here.
    """
    found = store.find_document(document.canonical_url, document.content_hash)
    if found is not None:
        return found[0], found[1], 1.0
    if not signature:
        return None
    from tumen.banding import band_keys
    from tumen.dedupe import best_match  # datasketch: imported only by writers

    match = best_match(signature, store.near_candidates(band_keys(signature)), threshold)
    return (match.document_id, "near", match.similarity) if match else None

@dataclass
class FetchRecord:
    """One request made (or file read) and where its body was archived."""

    url: str
    status: int
    fetched_at: datetime
    final_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body_hash: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    warc_path: str | None = None
    warc_record_id: str | None = None
    source: str | None = None
    id: int | None = None


@dataclass
class SearchQuery:
    """What a user asked the search for."""

    text: str
    limit: int = 20
    offset: int = 0
    language: str | None = None
    source: str | None = None
    topic: str | None = None
    country: str | None = None
    event_type: str | None = None
    year: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass
class SearchHit:
    """One ranked result; lower BM25 scores from SQLite are negated so higher is better."""

    id: int
    title: str | None
    url: str
    date: str | None
    source: str | None
    snippet: str
    score: float


@dataclass
class SearchPage:
    """A page of results with the total count and facet counts."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_sampled: bool = False  # counted over part of the matches (the index counts all)
    facet_count: int = 0  # how many matches the facet counts cover
    total_exact: bool = True  # False: more than `total` documents match
    notice: str | None = None  # what in the query was not understood or ignored, for the user


@dataclass
class DocumentFilter:
    """Which documents a listing asks for, newest first."""

    limit: int = 20
    offset: int = 0
    topic: str | None = None
    source: str | None = None
    language: str | None = None


@dataclass
class IncidentFilter:
    """Which incidents a listing asks for, most urgent first."""

    limit: int = 50
    offset: int = 0
    status: str | None = None
    country: str | None = None
    urgency: str | None = None  # level: critical, high, medium, low
    since: str | None = None  # ISO date: last report on or after
    hide_withheld: bool = False  # True on every public channel: left out before counting
    unreviewed: bool = False  # only incidents no editor has confirmed as they stand


# incidents staff withheld (e.g. a group in transit), for SQL that must leave them out
WITHHELD_IDS = "SELECT incident_id FROM withheld_incidents"


class Store(Protocol):
    """Persistence of sources, fetches, documents and their analysis."""

    def close(self) -> None:
        """Release the connection."""

    def migrate(self) -> list[int]:
        """Apply pending numbered migrations; return the numbers applied."""

    def schema_version(self) -> int:
        """The highest migration applied."""

    def upsert_source(self, source: Source) -> None:
        """Create or update a source from the user's list."""

    def list_sources(self) -> list[tuple[Source, SourceHealth]]:
        """Every source with the health of its last crawl."""

    def record_health(self, health: SourceHealth) -> None:
        """Store what the last crawl of a source did."""

    def add_fetch(self, record: FetchRecord) -> int:
        """Log one fetch; return its id."""

    def last_fetch(self, url: str) -> FetchRecord | None:
        """The latest successful fetch of a URL, for conditional GET."""

    def find_document(self, canonical_url: str, content_hash: str) -> tuple[int, str] | None:
        """A stored document with this URL or this text: (id, 'url'|'hash')."""

    def add_document(self, document: Document, minhash: bytes | None,
                     near_threshold: float | None = None) -> int:
        """Insert a new document with its index entry in one transaction; return its id.

        Raises DocumentExists when the URL is stored, or, given near_threshold, the same
        text or a near-copy: checked under the write lock, so racing ingests store one.
        """

    def update_document(self, document_id: int, document: Document, minhash: bytes | None) -> None:
        """Replace the text and metadata of a stored document (e.g. teaser -> full text)."""

    def mark_duplicate(
        self, document_id: int, url: str, kind: str, seen_at: datetime, similarity: float | None
    ) -> None:
        """Record a copy of a stored document and update its last_seen."""

    def duplicates_of(self, document_id: int) -> list[tuple[str, str]]:
        """URLs recognised as copies of a document, with how they were recognised."""

    def iter_minhashes(self) -> Iterator[tuple[int, bytes]]:
        """Every stored near-duplicate signature."""

    def near_candidates(self, keys: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
        """(id, signature) of the documents sharing a (band, band_hash) with `keys`."""

    def get_document(self, document_id: int) -> Document | None:
        """One document with its analysis."""

    def list_documents(self, query: DocumentFilter) -> tuple[list[Document], int]:
        """A page of documents newest first, and the total matching."""

    def iter_documents(self) -> Iterator[Document]:
        """Every document in id order (for re-analysis and exports)."""

    def count_documents(self) -> int:
        """How many documents are stored."""

    def save_analysis(self, document_id: int, analysis: Analysis) -> None:
        """Replace the analysis of a document and its normalised facts."""

    def search(self, query: SearchQuery) -> SearchPage:
        """Ranked full-text search with facets (tantivy, tumen.store.indexing)."""

    def sync_index(self, progress: Callable[[int], None] | None = None) -> int:
        """Bring the search index up to date with the store; return how many were indexed."""

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild the search index from every stored document; return how many."""

    def indexing_batch(self) -> AbstractContextManager[None]:
        """Writes inside update the search index together at the end, not one by one."""

    def rebuild_incidents(self, now: datetime) -> int:
        """Assemble every incident from scratch, re-apply staff actions; return how many."""

    def update_incidents(self, document_ids: list[int], now: datetime) -> int:
        """Fold new or re-analysed documents into the incidents; return how many were written."""

    def list_incidents(self, f: IncidentFilter) -> tuple[list[Incident], int]:
        """A page of incidents, most urgent first, and the total matching."""

    def get_incident(self, incident_id: int) -> Incident | None:
        """One incident with its timeline and document ids."""

    def incident_documents(self, incident_id: int) -> list[Document]:
        """The documents reporting an incident, oldest first."""

    def add_incident_action(
        self, incident_id: int, action: str, payload: dict[str, Any], user: str
    ) -> int:
        """Record a staff action (confirm, merge, split, set_status, annotate); return its id."""

    def list_incident_actions(self, incident_id: int) -> list[dict[str, Any]]:
        """The staff actions that apply to an incident now, oldest first."""
