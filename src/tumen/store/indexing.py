"""The search index kept in step with the store, for both backends.

Every write of a document queues its id in `search_outbox` inside the same transaction;
after the commit the writer drains the queue into the tantivy index and deletes the rows it
indexed. A process killed between the two commits leaves rows queued: the next drain (the
next write, or any `open_store(..., migrate=True)`: ingest, reanalyze, serve) indexes them.
An index folder built from another database or schema version is emptied and refilled.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlsplit

from tumen.store.base import SearchPage, SearchQuery

if TYPE_CHECKING:
    from tumen.index.engine import SearchIndex
    from tumen.index.schema import IndexedDocument
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")
BATCH = 500  # documents per read of the store while indexing
QUEUE_SQL = "INSERT INTO search_outbox (document_id) VALUES (?)"
REBUILDING = ("The search index is being rebuilt from the database; results may be "
              "incomplete until it is done (`tumen reindex`).")


def default_search_dir(db: str) -> Path | None:
    """Where a store's index lives unless configured: beside an SQLite file; for PostgreSQL
    under the user's data folder, one per server and database. None: in memory."""
    if db == ":memory:":
        return None
    if "://" not in db:
        return Path(db.removeprefix("sqlite:///") + ".search")
    parts = urlsplit(db)
    name = (parts.path.strip("/") or "postgres").replace("/", "_")
    key = hashlib.sha256(f"{parts.hostname}:{parts.port}/{name}".encode()).hexdigest()[:12]
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "tumen" / "search" / f"{name}-{key}"


def search_dir_for(db: str, configured: str = "") -> Path | None:
    """The index folder of a database: the configured one, else the default."""
    return Path(configured) if configured else default_search_dir(db)


@lru_cache(maxsize=8)
def shared_index(path: Path) -> SearchIndex:
    """One open index per folder and process, shared by every store of that database."""
    from tumen.index.engine import SearchIndex

    return SearchIndex(path)


class IndexedSearch(Generic[ConnT]):
    """Search through the tantivy index, and the outbox that keeps it current."""

    conn: ConnT
    search_dir: Path | None
    _memory_index: SearchIndex | None = None
    _store_id: str | None = None
    _deferred = 0
    _holding = 0  # depth of held_transaction

    def search_index(self) -> SearchIndex:
        """The index of this store (opened on first use)."""
        if self.search_dir is not None:
            return shared_index(self.search_dir)
        if self._memory_index is None:
            from tumen.index.engine import SearchIndex

            self._memory_index = SearchIndex(None)
        return self._memory_index

    def store_id(self) -> str:
        """The random id migration 0021 gave this database (an index folder records it)."""
        if self._store_id is None:
            row = self.conn.execute(
                "SELECT value FROM search_state WHERE key = 'index_id'").fetchone()
            self._store_id = str(row[0]) if row else ""
        return self._store_id

    def search(self, query: SearchQuery) -> SearchPage:
        """BM25-ranked search (title weighted x5) with snippets, total and facet counts."""
        index = self.search_index()
        if not index.matches(self.store_id()):
            return SearchPage(hits=[], total=0, notice=REBUILDING)
        return index.search(query)

    def index_generation(self) -> Any:
        """A value that changes whenever the index commits (part of the caches' version)."""
        return self.search_index().generation()

    # -- keeping the index current ----------------------------------------------------------

    @contextmanager
    def indexing_batch(self) -> Iterator[None]:
        """Writes inside index together at the end (and every BATCH), not one by one."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if not self._deferred:
                self.sync_index()

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Marks a held transaction: what its writes queue is indexed after it commits."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def indexed(self) -> None:
        """Called after a write committed: index what it queued, unless in a batch (or in a
        held transaction, whose writes are not committed yet)."""
        if not self._holding and (not self._deferred or self._pending() >= BATCH):
            self.sync_index()

    def _pending(self) -> int:
        row = self.conn.execute("SELECT count(*) FROM search_outbox").fetchone()
        return int(row[0]) if row else 0

    def sync_index(self, progress: Callable[[int], None] | None = None) -> int:
        """Index every queued document (rebuilding a foreign index first); return how many."""
        index = self.search_index()
        done = 0
        if not index.matches(self.store_id()):  # new, or built from another database
            if self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None:
                index.reset(self.store_id(), force=False)  # nothing to index: empty will do
            else:
                done = self.reindex(progress, force=False)
        if not self.conn.execute("SELECT 1 FROM search_outbox LIMIT 1").fetchone():
            return done
        with index.writing() as writer:
            while rows := self.conn.execute("SELECT seq, document_id FROM search_outbox "
                                            "ORDER BY seq LIMIT ?", (BATCH,)).fetchall():
                ids = sorted({int(r[1]) for r in rows})
                self._write(writer, ids, self.documents_to_index(ids))
                writer.commit()
                seqs = [int(r[0]) for r in rows]
                # only the rows read: a write queued meanwhile stays for the next drain
                self.conn.execute(f"DELETE FROM search_outbox WHERE seq IN "
                                  f"({','.join('?' * len(seqs))})", seqs)
                done += len(ids)
                if progress:
                    progress(len(ids))
        return done

    @staticmethod
    def _write(writer: Any, ids: list[int], docs: list[IndexedDocument]) -> None:
        from tumen.index.schema import to_tantivy

        for doc_id in ids:  # a document deleted from the store leaves the index too
            writer.delete_documents_by_term("id", doc_id)
        for doc in docs:
            writer.add_document(to_tantivy(doc))

    def reindex(self, progress: Callable[[int], None] | None = None, force: bool = True) -> int:
        """Rebuild the index from every stored document; return how many were indexed
        (unless forced, none when another process has meanwhile begun the rebuild)."""
        index = self.search_index()
        row = self.conn.execute("SELECT max(seq) FROM search_outbox").fetchone()
        queued = int(row[0] or 0) if row else 0
        if not index.reset(self.store_id(), force):
            return 0
        done = 0
        with index.writing(heap_bytes=200_000_000, threads=max(1, min(4, os.cpu_count() or 1))
                           ) as writer:
            for docs in self._all_documents():
                self._write(writer, [], docs)
                done += len(docs)
                if progress:
                    progress(len(docs))
            writer.commit()
            # everything queued before the rebuild began is in it now
            self.conn.execute("DELETE FROM search_outbox WHERE seq <= ?", (queued,))
        return done

    def _all_documents(self) -> Iterator[list[IndexedDocument]]:
        last = 0
        while True:
            rows = self.conn.execute("SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                                     (last, BATCH)).fetchall()
            if not rows:
                return
            ids = [int(r[0]) for r in rows]
            yield self.documents_to_index(ids)
            last = ids[-1]

    def documents_to_index(self, ids: list[int]) -> list[IndexedDocument]:
        """The indexed form of these stored documents (those that exist), with their facets."""
        from tumen.index.schema import IndexedDocument

        marks = ",".join("?" * len(ids))
        facts: dict[str, dict[int, list[str]]] = {}
        for name, sql in (("topics", "SELECT document_id, topic FROM document_topics"),
                          ("countries", "SELECT document_id, country FROM document_countries"),
                          ("event_types", "SELECT document_id, type FROM events")):
            found: dict[int, list[str]] = defaultdict(list)
            for r in self.conn.execute(f"{sql} WHERE document_id IN ({marks})", ids):
                found[int(r[0])].append(str(r[1]))
            facts[name] = found
        rows = self.conn.execute(
            "SELECT id, title, text, url, published, source, language FROM documents "
            f"WHERE id IN ({marks}) ORDER BY id", ids).fetchall()
        return [IndexedDocument(
            id=int(r[0]), title=r[1] or "", text=r[2] or "", url=r[3] or "", published=r[4],
            source=r[5], language=r[6], topics=facts["topics"].get(int(r[0]), []),
            countries=facts["countries"].get(int(r[0]), []),
            event_types=facts["event_types"].get(int(r[0]), [])) for r in rows]
