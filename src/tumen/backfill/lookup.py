"""A shard's duplicate checks answered in bulk: what is stored, read once, plus what it adds."""

from __future__ import annotations

from datetime import datetime

from tumen.banding import band_keys
from tumen.models import Document
from tumen.pipeline import Prepared
from tumen.store.backfill_rows import BackfillStore
from tumen.store.base import FetchRecord


class ShardView:
    """The store as one shard's writer sees it inside its held transaction.

    URL, text-hash and band look-ups for all the shard's items are read from the store in a
    few queries before the first write, then kept current with what the shard itself adds
    or updates, so each item's checks (the ingestion's own, `Ingestor.store_prepared`) cost
    no query. The transaction holds the write lock: nothing else can store a copy meanwhile.
    """

    def __init__(self, store: BackfillStore, items: list[Prepared]) -> None:
        self.store = store
        self.by_url = store.documents_by_url(p.canonical for p in items)
        self.by_hash = store.documents_by_hash(p.digest for p in items)
        self.hash_of = {doc: digest for digest, docs in self.by_hash.items() for doc in docs}
        self.bands = store.band_members({k for p in items for k in band_keys(p.signature)})
        self.signature_of = store.signatures(doc for docs in self.bands.values() for doc in docs)

    def find_document(self, canonical_url: str, content_hash: str) -> tuple[int, str] | None:
        """A stored document with this URL or this text: (id, 'url'|'hash')."""
        if canonical_url in self.by_url:
            return self.by_url[canonical_url], "url"
        docs = self.by_hash.get(content_hash)
        return (min(docs), "hash") if docs else None

    def near_candidates(self, keys: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
        """(id, signature) of the documents sharing a (band, band_hash) with `keys`."""
        docs = set().union(*(self.bands.get(key, ()) for key in keys))
        return [(doc, self.signature_of[doc]) for doc in sorted(docs) if doc in self.signature_of]

    def add_document(self, document: Document, minhash: bytes | None,
                     near_threshold: float | None = None) -> int:
        """Insert a new document (the lock is held and the checks were made: no re-check)."""
        doc_id = self.store.add_document(document, minhash)
        self._remember(doc_id, document, minhash)
        return doc_id

    def update_document(self, document_id: int, document: Document, minhash: bytes | None) -> None:
        """Replace a stored document's text, and what the look-ups know of it."""
        self.store.update_document(document_id, document, minhash)
        self.by_hash.get(self.hash_of.pop(document_id, ""), set()).discard(document_id)
        for docs in self.bands.values():
            docs.discard(document_id)
        self._remember(document_id, document, minhash)

    def _remember(self, doc_id: int, document: Document, minhash: bytes | None) -> None:
        self.by_url[document.canonical_url] = doc_id
        self.by_hash.setdefault(document.content_hash, set()).add(doc_id)
        self.hash_of[doc_id] = document.content_hash
        if minhash:
            self.signature_of[doc_id] = minhash
            for key in band_keys(minhash):
                self.bands.setdefault(key, set()).add(doc_id)

    def get_document(self, document_id: int) -> Document | None:
        """One stored document (read inside the transaction: the shard's own writes too)."""
        return self.store.get_document(document_id)

    def mark_duplicate(self, document_id: int, url: str, kind: str, seen_at: datetime,
                       similarity: float | None) -> None:
        """Record a copy of a stored document."""
        self.store.mark_duplicate(document_id, url, kind, seen_at, similarity)

    def add_fetch(self, record: FetchRecord) -> int:
        """Log one fetch; return its id."""
        return self.store.add_fetch(record)
