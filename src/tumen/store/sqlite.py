"""SQLite store: WAL mode, foreign keys, FTS5 with BM25, one transaction per document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tumen.models import Analysis, Document, Source, SourceHealth
from tumen.private import private_dir, private_file
from tumen.store.backfill_rows import BackfillRows
from tumen.store.bands import band_rows, candidates_sql, insert_sql
from tumen.store.base import (
    DocumentExists,
    DocumentFilter,
    FetchRecord,
    stored_copy,
)
from tumen.store.codec import analysis_from_json, analysis_to_json
from tumen.store.confidential_store import ConfidentialRows
from tumen.store.facts import FACT_TABLES, fact_inserts
from tumen.store.filters import listing_conditions
from tumen.store.indexing import QUEUE_SQL, IndexedSearch, default_search_dir
from tumen.store.migrations import load_migrations, split_statements
from tumen.store.sqlite_accounts import SQLiteAccounts
from tumen.store.sqlite_alerts import SQLiteAlerts
from tumen.store.sqlite_incidents import SQLiteIncidents

_DOC_COLUMNS = (
    "id, url, canonical_url, title, author, published, language, summary, text, content_hash, "
    "source, listing_url, pinned, fetch_id, first_seen, last_seen, analysis"
)
FACETS = ("topic", "source", "language", "country", "event_type", "year")


def _ts(value: datetime | None) -> str:
    return (value or datetime.now(UTC)).isoformat()


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _row_document(row: sqlite3.Row) -> Document:
    """A Document from a row selected with _DOC_COLUMNS."""
    return Document(
        id=row["id"], url=row["url"], canonical_url=row["canonical_url"], title=row["title"],
        author=row["author"], published=row["published"], language=row["language"],
        summary=row["summary"], text=row["text"], content_hash=row["content_hash"],
        source=row["source"], listing_url=row["listing_url"], fetch_id=row["fetch_id"],
        pinned=bool(row["pinned"]),
        first_seen=_dt(row["first_seen"]), last_seen=_dt(row["last_seen"]),
        analysis=analysis_from_json(row["analysis"]),
    )


def _row_fetch(row: sqlite3.Row) -> FetchRecord:
    """A FetchRecord from a fetches row."""
    return FetchRecord(
        id=row["id"], url=row["url"], final_url=row["final_url"], status=row["status"],
        headers=json.loads(row["headers"]), fetched_at=datetime.fromisoformat(row["fetched_at"]),
        body_hash=row["body_hash"], content_type=row["content_type"], etag=row["etag"],
        last_modified=row["last_modified"], warc_path=row["warc_path"],
        warc_record_id=row["warc_record_id"], source=row["source"],
    )


class SQLiteStore(IndexedSearch, SQLiteIncidents, SQLiteAlerts, SQLiteAccounts,
                  ConfidentialRows, BackfillRows):
    """The embedded store; a path, or ':memory:' for tests (its search index in memory too)."""

    backend = "sqlite"

    def __init__(self, path: str | Path, search_dir: str | Path | None = None) -> None:
        self.path = str(path)
        self.search_dir = Path(search_dir) if search_dir else default_search_dir(self.path)
        if self.path != ":memory:":
            # case notes, contacts and accounts live here: a new database (and so its WAL and
            # shared-memory files, which SQLite creates with the database's mode) is owner-only
            private_dir(Path(self.path).parent)
            private_file(Path(self.path))
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=10000")
        # WAL + NORMAL is durable against process kills; only power loss can drop the last commit
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; inside held_transaction,
        part of it."""
        if self._holding:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def held_transaction(self) -> Iterator[None]:
        """One transaction holding the write lock, that every call of this store joins until
        it ends (committed, or rolled back on error)."""
        with self.transaction(), self.holding():
            yield

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """Run one statement outside an explicit transaction (autocommit)."""
        return self.conn.execute(sql, params)

    # -- schema -----------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        row = self.conn.execute("SELECT max(number) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction."""
        self.schema_version()
        done = {r[0] for r in self.conn.execute("SELECT number FROM schema_migrations")}
        applied = []
        for migration in load_migrations("sqlite"):
            # by set, not by maximum: a migration numbered below one already applied still runs
            if migration.number in done:
                continue
            with self.transaction() as conn:
                for statement in split_statements(migration.sql):
                    conn.execute(statement)
                if migration.step is not None:
                    migration.step(conn, "?")
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (migration.number, migration.name, _ts(None)),
                )
            applied.append(migration.number)
        return applied

    # -- sources and fetches ----------------------------------------------------------------

    def upsert_source(self, source: Source) -> None:
        """Create or update a source from the user's list, keeping its health."""
        self.conn.execute(
            "INSERT INTO sources (name, kind, url, language, max_pages, interval_minutes) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET kind=excluded.kind, "
            "url=excluded.url, language=excluded.language, max_pages=excluded.max_pages, "
            "interval_minutes=excluded.interval_minutes",
            (source.name, source.kind, source.url, source.language, source.max_pages,
             source.interval_minutes),
        )

    def list_sources(self) -> list[tuple[Source, SourceHealth]]:
        """Every source with the health of its last crawl."""
        rows = self.conn.execute("SELECT * FROM sources ORDER BY name").fetchall()
        return [
            (
                Source(name=r["name"], url=r["url"], kind=r["kind"], language=r["language"],
                       max_pages=r["max_pages"], interval_minutes=r["interval_minutes"]),
                SourceHealth(name=r["name"], last_fetch=_dt(r["last_fetch"]),
                             last_status=r["last_status"], last_error=r["last_error"],
                             new_items=r["new_items"]),
            )
            for r in rows
        ]

    def record_health(self, health: SourceHealth) -> None:
        """Store what the last crawl of a source did."""
        self.conn.execute(
            "UPDATE sources SET last_fetch=?, last_status=?, last_error=?, new_items=?, "
            "total_items=total_items+? WHERE name=?",
            (_ts(health.last_fetch), health.last_status, health.last_error, health.new_items,
             health.new_items, health.name),
        )

    def add_fetch(self, record: FetchRecord) -> int:
        """Log one fetch; return its id."""
        cur = self.conn.execute(
            "INSERT INTO fetches (url, final_url, status, headers, fetched_at, body_hash, "
            "content_type, etag, last_modified, warc_path, warc_record_id, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.url, record.final_url, record.status, json.dumps(record.headers),
             _ts(record.fetched_at), record.body_hash, record.content_type, record.etag,
             record.last_modified, record.warc_path, record.warc_record_id, record.source),
        )
        return int(cur.lastrowid or 0)

    def last_fetch(self, url: str) -> FetchRecord | None:
        """The latest successful fetch of a URL, for conditional GET."""
        row = self.conn.execute(
            "SELECT * FROM fetches WHERE url=? AND status=200 ORDER BY id DESC LIMIT 1", (url,)
        ).fetchone()
        return _row_fetch(row) if row else None

    def get_fetch(self, fetch_id: int) -> FetchRecord | None:
        """One fetch by id (for the archived snapshot of a document)."""
        row = self.conn.execute("SELECT * FROM fetches WHERE id=?", (fetch_id,)).fetchone()
        return _row_fetch(row) if row else None

    # -- documents --------------------------------------------------------------------------

    def find_document(self, canonical_url: str, content_hash: str) -> tuple[int, str] | None:
        """A stored document with this URL or this text: (id, 'url'|'hash')."""
        row = self.conn.execute(
            "SELECT id FROM documents WHERE canonical_url=?", (canonical_url,)
        ).fetchone()
        if row:
            return int(row[0]), "url"
        row = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash=? ORDER BY id LIMIT 1", (content_hash,)
        ).fetchone()
        return (int(row[0]), "hash") if row else None

    def _index(self, conn: sqlite3.Connection, doc_id: int, document: Document) -> None:
        conn.execute(QUEUE_SQL, (doc_id,))  # the search index reads it after the commit

    def add_document(self, document: Document, minhash: bytes | None,
                     near_threshold: float | None = None) -> int:
        """Insert a new document with its index entry and analysis in one transaction.

        Raises DocumentExists when another process stored the URL first, or, given
        near_threshold (as ingestion does), the same text or a near-copy.
        """
        now = _ts(None)
        try:
            doc_id = self._insert_document(document, minhash, now, near_threshold)
        except sqlite3.IntegrityError as exc:
            # another process stored the same canonical URL since find_document looked
            row = self.conn.execute("SELECT id FROM documents WHERE canonical_url=?",
                                    (document.canonical_url,)).fetchone()
            if row is None:
                raise
            raise DocumentExists(int(row[0])) from exc
        self.indexed()
        return doc_id

    def _insert_document(self, document: Document, minhash: bytes | None, now: str,
                         near_threshold: float | None) -> int:
        """The INSERT of add_document, its index entry and analysis, in one transaction."""
        with self.transaction() as conn:  # BEGIN IMMEDIATE: one writer at a time from here
            copy = (None if near_threshold is None else
                    stored_copy(self, document, minhash, near_threshold))
            if copy is not None:
                raise DocumentExists(*copy)
            cur = conn.execute(
                "INSERT INTO documents (url, canonical_url, title, author, published, language, "
                "summary, text, content_hash, source, listing_url, pinned, fetch_id, first_seen, "
                "last_seen, minhash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.url, document.canonical_url, document.title, document.author,
                 document.published, document.language, document.summary, document.text,
                 document.content_hash, document.source, document.listing_url, document.pinned,
                 document.fetch_id, _ts(document.first_seen) if document.first_seen else now,
                 _ts(document.last_seen) if document.last_seen else now, minhash),
            )
            doc_id = int(cur.lastrowid or 0)
            conn.executemany(insert_sql("?"), band_rows(doc_id, minhash))
            self._index(conn, doc_id, document)
            if document.analysis is not None:
                self._write_analysis(conn, doc_id, document.analysis)
        return doc_id

    def update_document(self, document_id: int, document: Document, minhash: bytes | None) -> None:
        """Replace the text and metadata of a stored document (e.g. teaser -> full text)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET title=?, author=?, published=?, language=?, summary=?, "
                "text=?, content_hash=?, fetch_id=coalesce(?, fetch_id), last_seen=?, minhash=? "
                "WHERE id=?",
                (document.title, document.author, document.published, document.language,
                 document.summary, document.text, document.content_hash, document.fetch_id,
                 _ts(None), minhash, document_id),
            )
            conn.execute("DELETE FROM minhash_bands WHERE document_id=?", (document_id,))
            conn.executemany(insert_sql("?"), band_rows(document_id, minhash))
            self._index(conn, document_id, document)
            if document.analysis is not None:
                self._write_analysis(conn, document_id, document.analysis)
        self.indexed()

    def mark_duplicate(
        self, document_id: int, url: str, kind: str, seen_at: datetime, similarity: float | None
    ) -> None:
        """Record a copy of a stored document and update its last_seen."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET last_seen=max(last_seen, ?) WHERE id=?",
                (_ts(seen_at), document_id),
            )
            conn.execute(
                "INSERT INTO duplicates (document_id, url, kind, similarity, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(document_id, url) DO UPDATE SET "
                "seen_at=excluded.seen_at",
                (document_id, url, kind, similarity, _ts(seen_at)),
            )

    def duplicates_of(self, document_id: int) -> list[tuple[str, str]]:
        """URLs recognised as copies of a document, with how they were recognised."""
        rows = self.conn.execute(
            "SELECT url, kind FROM duplicates WHERE document_id=? ORDER BY id", (document_id,)
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def iter_minhashes(self) -> Iterator[tuple[int, bytes]]:
        """Every stored near-duplicate signature."""
        cur = self.conn.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL")
        for row in cur:
            yield int(row[0]), bytes(row[1])

    def near_candidates(self, keys: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
        """(id, signature) of the documents sharing a (band, band_hash) with `keys`."""
        if not keys:
            return []
        query, params = candidates_sql(keys, "?")
        return [(int(r[0]), bytes(r[1])) for r in self.conn.execute(query, params)]

    def get_document(self, document_id: int) -> Document | None:
        """One document with its analysis."""
        row = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=?", (document_id,)
        ).fetchone()
        return _row_document(row) if row else None

    def list_documents(self, query: DocumentFilter) -> tuple[list[Document], int]:
        """A page of documents newest first, and the total matching."""
        clause, params = listing_conditions(query)
        total = self.conn.execute(f"SELECT count(*) FROM documents WHERE {clause}", params)
        rows = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE {clause} "
            "ORDER BY coalesce(published, substr(first_seen, 1, 10)) DESC, id DESC "
            "LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        return [_row_document(r) for r in rows], int(total.fetchone()[0])

    def iter_documents(self) -> Iterator[Document]:
        """Every document in id order, read in batches so memory stays flat."""
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE id>? ORDER BY id LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_document(row)
            last = rows[-1]["id"]

    def count_documents(self) -> int:
        """How many documents are stored."""
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    # -- analysis ---------------------------------------------------------------------------

    def _write_analysis(self, conn: sqlite3.Connection, doc_id: int, analysis: Analysis) -> None:
        conn.execute(
            "UPDATE documents SET analysis=?, language=coalesce(?, language) WHERE id=?",
            (analysis_to_json(analysis), analysis.language, doc_id),
        )
        for table in FACT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE document_id=?", (doc_id,))
        for statement, rows in fact_inserts(doc_id, analysis):
            conn.executemany(statement, rows)

    def save_analysis(self, document_id: int, analysis: Analysis) -> None:
        """Replace the analysis of a document and its normalised facts."""
        with self.transaction() as conn:
            self._write_analysis(conn, document_id, analysis)
            conn.execute(QUEUE_SQL, (document_id,))  # topics, countries, events are facets
        self.indexed()

