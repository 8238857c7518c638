"""PostgreSQL store: a connection pool, ON CONFLICT for concurrent crawlers."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import DictRow, dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from tumen.models import Analysis, Document, Source, SourceHealth
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
from tumen.store.indexing import IndexedSearch, default_search_dir
from tumen.store.migrations import load_migrations, split_statements
from tumen.store.pgcompat import (
    Cursor,
    PgConnection,
    PooledConnection,
    SqlConnection,
    qmark_to_pyformat,
)
from tumen.store.sqlite_accounts import SQLiteAccounts
from tumen.store.sqlite_alerts import SQLiteAlerts
from tumen.store.sqlite_incidents import SQLiteIncidents

__all__ = ["PostgresStore", "qmark_to_pyformat"]

_DOC_COLUMNS = (
    "id, url, canonical_url, title, author, published, language, summary, text, content_hash, "
    "source, listing_url, pinned, fetch_id, first_seen, last_seen, analysis::text AS analysis"
)
# Any constant works; it only has to be the same in every process that migrates.
_MIGRATION_LOCK = 0x74756D656E
_INSERT_LOCK = _MIGRATION_LOCK + 1


def _row_document(row: dict[str, Any]) -> Document:
    """A Document from a row selected with _DOC_COLUMNS."""
    return Document(
        id=row["id"], url=row["url"], canonical_url=row["canonical_url"], title=row["title"],
        author=row["author"], published=row["published"], language=row["language"],
        summary=row["summary"], text=row["text"], content_hash=row["content_hash"],
        source=row["source"], listing_url=row["listing_url"], fetch_id=row["fetch_id"],
        pinned=bool(row["pinned"]),
        first_seen=row["first_seen"], last_seen=row["last_seen"],
        analysis=analysis_from_json(row["analysis"]),
    )


def _row_fetch(row: dict[str, Any]) -> FetchRecord:
    """A FetchRecord from a fetches row."""
    return FetchRecord(
        id=row["id"], url=row["url"], final_url=row["final_url"], status=row["status"],
        headers=dict(row["headers"] or {}), fetched_at=row["fetched_at"],
        body_hash=row["body_hash"], content_type=row["content_type"], etag=row["etag"],
        last_modified=row["last_modified"], warc_path=row["warc_path"],
        warc_record_id=row["warc_record_id"], source=row["source"],
    )


class PostgresStore(
    IndexedSearch[SqlConnection], SQLiteIncidents[SqlConnection], SQLiteAlerts[SqlConnection],
    SQLiteAccounts[SqlConnection], ConfidentialRows[SqlConnection], BackfillRows[SqlConnection],
):
    """The multi-user store; every method takes a pooled connection for one transaction.

    Incidents, alerts and accounts come from the mixins SQLiteStore uses, run through
    `conn` (one statement per pooled connection) and `transaction()` (pgcompat).
    """

    backend = "postgres"
    audit_setup: tuple[str, ...] = ()  # the triggers are in migration 0005
    # self-exclusive, so two appends never read the same head; reads still go ahead
    audit_lock: tuple[str, ...] = ("LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE",)

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8,
                 search_dir: str | None = None) -> None:
        self.url = url
        self.search_dir = Path(search_dir) if search_dir else default_search_dir(url)
        # UTC sessions so that timestamps read back equal the aware datetimes written.
        self.pool: ConnectionPool[psycopg.Connection[DictRow]] = ConnectionPool(
            url, min_size=min_size, max_size=max_size, open=True,
            connection_class=psycopg.Connection[DictRow],
            kwargs={"options": "-c timezone=UTC", "row_factory": dict_row},
        )
        # the connection of a held transaction (held_transaction), per thread
        self._held = threading.local()
        self.conn: SqlConnection = PooledConnection(self.pool, self._held_connection)

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool.close()

    def _held_connection(self) -> psycopg.Connection[DictRow] | None:
        """The connection of the transaction this thread holds, if any."""
        return getattr(self._held, "conn", None)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[DictRow]]:
        """The held transaction's connection, else a pooled one committed on the way out."""
        held = self._held_connection()
        if held is not None:
            yield held
            return
        with self.pool.connection() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[SqlConnection]:
        """One pooled connection in a transaction, committed on success, else rolled back."""
        held = self._held_connection()
        if held is not None:  # inside held_transaction: part of it
            yield PgConnection(held)
            return
        with self.pool.connection() as conn, conn.transaction():
            yield PgConnection(conn)

    @contextmanager
    def held_transaction(self) -> Iterator[None]:
        """One transaction, holding the lock of document inserts, that every call of this
        store from this thread joins until it ends (committed, or rolled back on error)."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INSERT_LOCK,))
            self._held.conn = conn
            try:
                with self.holding():
                    yield
            finally:
                self._held.conn = None

    def execute(self, query: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one SQLite-style (`?`) statement in its own transaction; rows as sqlite3's."""
        with self._connection() as conn:
            return PgConnection(conn).execute(query, params)

    def data_version(self) -> str | None:
        """A value that changes whenever anything commits (the WAL insert position), or None."""
        # Every committed change writes WAL before it becomes visible, so a result computed
        # after reading this position can only be older than a later, different position.
        # Writes elsewhere in the cluster move it too: reuse is lost, never correctness.
        try:
            with self._connection() as conn:
                row = conn.execute(
                    "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
                    "ELSE pg_current_wal_insert_lsn() END)::text AS v").fetchone()
        except psycopg.Error:
            return None
        return str(row["v"]) if row and row["v"] else None

    # -- schema -----------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        with self._connection() as conn:
            exists = conn.execute("SELECT to_regclass('schema_migrations') AS t").fetchone()
            if not exists or exists["t"] is None:
                return 0
            row = conn.execute("SELECT max(number) AS n FROM schema_migrations").fetchone()
        return int(row["n"] or 0) if row else 0

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction, under an advisory lock."""
        applied = []
        with psycopg.connect(self.url, autocommit=True, options="-c timezone=UTC") as conn:
            # Two processes starting at once: the second waits, then finds nothing to do.
            conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            try:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
                )
                # by set membership, as on SQLite: a lower number added later still runs
                done = {int(r[0]) for r in
                        conn.execute("SELECT number FROM schema_migrations").fetchall()}
                for migration in load_migrations("postgres"):
                    if migration.number in done:
                        continue
                    with conn.transaction():
                        for statement in split_statements(migration.sql):
                            conn.execute(statement)
                        if migration.step is not None:
                            migration.step(conn, "%s")
                        conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, now())",
                                     (migration.number, migration.name))
                    applied.append(migration.number)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
        return applied

    # -- sources and fetches ----------------------------------------------------------------

    def upsert_source(self, source: Source) -> None:
        """Create or update a source from the user's list, keeping its health."""
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO sources (name, kind, url, language, max_pages, interval_minutes) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
                "kind=excluded.kind, url=excluded.url, language=excluded.language, "
                "max_pages=excluded.max_pages, interval_minutes=excluded.interval_minutes",
                (source.name, source.kind, source.url, source.language, source.max_pages,
                 source.interval_minutes),
            )

    def list_sources(self) -> list[tuple[Source, SourceHealth]]:
        """Every source with the health of its last crawl."""
        with self._connection() as conn:
            rows = conn.execute("SELECT * FROM sources ORDER BY name").fetchall()
        return [
            (
                Source(name=r["name"], url=r["url"], kind=r["kind"], language=r["language"],
                       max_pages=r["max_pages"], interval_minutes=r["interval_minutes"]),
                SourceHealth(name=r["name"], last_fetch=r["last_fetch"],
                             last_status=r["last_status"], last_error=r["last_error"],
                             new_items=r["new_items"]),
            )
            for r in rows
        ]

    def record_health(self, health: SourceHealth) -> None:
        """Store what the last crawl of a source did."""
        with self._connection() as conn:
            conn.execute(
                "UPDATE sources SET last_fetch=%s, last_status=%s, last_error=%s, new_items=%s, "
                "total_items=total_items+%s WHERE name=%s",
                (health.last_fetch or datetime.now(UTC), health.last_status, health.last_error,
                 health.new_items, health.new_items, health.name),
            )

    def add_fetch(self, record: FetchRecord) -> int:
        """Log one fetch; return its id."""
        with self._connection() as conn:
            row = conn.execute(
                "INSERT INTO fetches (url, final_url, status, headers, fetched_at, body_hash, "
                "content_type, etag, last_modified, warc_path, warc_record_id, source) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (record.url, record.final_url, record.status, Jsonb(record.headers),
                 record.fetched_at, record.body_hash, record.content_type, record.etag,
                 record.last_modified, record.warc_path, record.warc_record_id, record.source),
            ).fetchone()
        return int(row["id"]) if row else 0

    def last_fetch(self, url: str) -> FetchRecord | None:
        """The latest successful fetch of a URL, for conditional GET."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT * FROM fetches WHERE url=%s AND status=200 ORDER BY id DESC LIMIT 1",
                (url,),
            ).fetchone()
        return _row_fetch(row) if row else None

    def get_fetch(self, fetch_id: int) -> FetchRecord | None:
        """One fetch by id (for the archived snapshot of a document)."""
        with self._connection() as conn:
            row = conn.execute("SELECT * FROM fetches WHERE id=%s", (fetch_id,)).fetchone()
        return _row_fetch(row) if row else None

    # -- documents --------------------------------------------------------------------------

    def find_document(self, canonical_url: str, content_hash: str) -> tuple[int, str] | None:
        """A stored document with this URL or this text: (id, 'url'|'hash')."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT id FROM documents WHERE canonical_url=%s", (canonical_url,)
            ).fetchone()
            if row:
                return int(row["id"]), "url"
            row = conn.execute(
                "SELECT id FROM documents WHERE content_hash=%s ORDER BY id LIMIT 1",
                (content_hash,),
            ).fetchone()
        return (int(row["id"]), "hash") if row else None

    def add_document(self, document: Document, minhash: bytes | None,
                     near_threshold: float | None = None) -> int:
        """Insert a new document with its analysis in one transaction (queued for the index).

        Raises DocumentExists when another process stored the URL first, or, given
        near_threshold (as ingestion does), the same text or a near-copy.
        """
        now = datetime.now(UTC)
        with self._connection() as conn:
            # writers of new documents take turns (until commit), so the check below sees
            # every copy committed before this insert, as BEGIN IMMEDIATE does on SQLite
            if near_threshold is not None:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INSERT_LOCK,))
                # other pooled connections see every commit made before this lock
                copy = stored_copy(self, document, minhash, near_threshold)
                if copy is not None:
                    raise DocumentExists(*copy)
            row = conn.execute(
                "INSERT INTO documents (url, canonical_url, title, author, published, language, "
                "summary, text, content_hash, source, listing_url, pinned, fetch_id, first_seen, "
                "last_seen, minhash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s, %s) ON CONFLICT (canonical_url) DO NOTHING RETURNING id",
                (document.url, document.canonical_url, document.title, document.author,
                 document.published, document.language, document.summary, document.text,
                 document.content_hash, document.source, document.listing_url, document.pinned,
                 document.fetch_id, document.first_seen or now, document.last_seen or now,
                 minhash),
            ).fetchone()
            if row is None:
                found = conn.execute("SELECT id FROM documents WHERE canonical_url=%s",
                                     (document.canonical_url,)).fetchone()
                raise DocumentExists(int(found["id"]) if found else 0)
            doc_id = int(row["id"])
            conn.cursor().executemany(insert_sql("%s"), band_rows(doc_id, minhash))
            if document.analysis is not None:
                self._write_analysis(conn, doc_id, document.analysis)
            conn.execute("INSERT INTO search_outbox (document_id) VALUES (%s)", (doc_id,))
        self.indexed()
        return doc_id

    def update_document(self, document_id: int, document: Document, minhash: bytes | None) -> None:
        """Replace the text and metadata of a stored document (e.g. teaser -> full text)."""
        with self._connection() as conn:
            conn.execute(
                "UPDATE documents SET title=%s, author=%s, published=%s, language=%s, "
                "summary=%s, text=%s, content_hash=%s, fetch_id=coalesce(%s, fetch_id), "
                "last_seen=%s, minhash=%s WHERE id=%s",
                (document.title, document.author, document.published, document.language,
                 document.summary, document.text, document.content_hash, document.fetch_id,
                 datetime.now(UTC), minhash, document_id),
            )
            conn.execute("DELETE FROM minhash_bands WHERE document_id=%s", (document_id,))
            conn.cursor().executemany(insert_sql("%s"), band_rows(document_id, minhash))
            if document.analysis is not None:
                self._write_analysis(conn, document_id, document.analysis)
            conn.execute("INSERT INTO search_outbox (document_id) VALUES (%s)", (document_id,))
        self.indexed()

    def mark_duplicate(
        self, document_id: int, url: str, kind: str, seen_at: datetime, similarity: float | None
    ) -> None:
        """Record a copy of a stored document and update its last_seen."""
        with self._connection() as conn:
            conn.execute("UPDATE documents SET last_seen=greatest(last_seen, %s) WHERE id=%s",
                         (seen_at, document_id))
            conn.execute(
                "INSERT INTO duplicates (document_id, url, kind, similarity, seen_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (document_id, url) DO UPDATE SET "
                "seen_at=excluded.seen_at",
                (document_id, url, kind, similarity, seen_at),
            )

    def duplicates_of(self, document_id: int) -> list[tuple[str, str]]:
        """URLs recognised as copies of a document, with how they were recognised."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT url, kind FROM duplicates WHERE document_id=%s ORDER BY id",
                (document_id,),
            ).fetchall()
        return [(r["url"], r["kind"]) for r in rows]

    def iter_minhashes(self) -> Iterator[tuple[int, bytes]]:
        """Every stored near-duplicate signature, streamed by a server-side cursor."""
        with self._connection() as conn, conn.cursor(name="minhashes") as cur:
            cur.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL")
            for row in cur:
                yield int(row["id"]), bytes(row["minhash"])

    def near_candidates(self, keys: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
        """(id, signature) of the documents sharing a (band, band_hash) with `keys`."""
        if not keys:
            return []
        query, params = candidates_sql(keys, "%s")
        with self._connection() as conn:
            rows = conn.execute(query, params).fetchall()
        return [(int(r["id"]), bytes(r["minhash"])) for r in rows]

    def get_document(self, document_id: int) -> Document | None:
        """One document with its analysis."""
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=%s", (document_id,)
            ).fetchone()
        return _row_document(row) if row else None

    def list_documents(self, query: DocumentFilter) -> tuple[list[Document], int]:
        """A page of documents newest first, and the total matching."""
        clause, params = listing_conditions(query)
        clause = qmark_to_pyformat(clause)
        with self._connection() as conn:
            total = conn.execute(f"SELECT count(*) AS n FROM documents WHERE {clause}", params)
            count = int(total.fetchone()["n"])  # type: ignore[index]
            rows = conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE {clause} ORDER BY coalesce("
                "published, to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD')) DESC, id DESC "
                "LIMIT %s OFFSET %s",
                [*params, query.limit, query.offset],
            ).fetchall()
        return [_row_document(r) for r in rows], count

    def iter_documents(self) -> Iterator[Document]:
        """Every document in id order, read in batches so memory stays flat."""
        last = 0
        while True:
            with self._connection() as conn:
                rows = conn.execute(
                    f"SELECT {_DOC_COLUMNS} FROM documents WHERE id>%s ORDER BY id LIMIT 500",
                    (last,),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_document(row)
            last = rows[-1]["id"]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._connection() as conn:
            row = conn.execute("SELECT count(*) AS n FROM documents").fetchone()
        return int(row["n"]) if row else 0

    # -- analysis ---------------------------------------------------------------------------

    def _write_analysis(self, conn: psycopg.Connection[DictRow], doc_id: int,
                        analysis: Analysis) -> None:
        conn.execute(
            "UPDATE documents SET analysis=%s::jsonb, language=coalesce(%s, language) WHERE id=%s",
            (analysis_to_json(analysis), analysis.language, doc_id),
        )
        for table in FACT_TABLES:
            conn.execute(sql.SQL("DELETE FROM {} WHERE document_id=%s").format(
                sql.Identifier(table)), (doc_id,))
        with conn.cursor() as cur:
            for statement, rows in fact_inserts(doc_id, analysis):
                cur.executemany(qmark_to_pyformat(statement), rows)

    def save_analysis(self, document_id: int, analysis: Analysis) -> None:
        """Replace the analysis of a document and its normalised facts."""
        with self._connection() as conn:
            self._write_analysis(conn, document_id, analysis)
            conn.execute("INSERT INTO search_outbox (document_id) VALUES (%s)", (document_id,))
        self.indexed()

    def suggest_titles(self, text: str, limit: int = 10) -> list[tuple[int, str, float]]:
        """Titles most similar to a string by trigrams (typos, partial words): (id, title, sim)."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT id, title, similarity(title, %s) AS sim FROM documents "
                "WHERE title %% %s ORDER BY sim DESC, id LIMIT %s", (text, text, limit)
            ).fetchall()
        return [(int(r["id"]), str(r["title"]), float(r["sim"])) for r in rows]


