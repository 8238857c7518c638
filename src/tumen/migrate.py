"""`tumen migrate`: copy an SQLite database into an empty PostgreSQL one, ids kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from tumen.store.bands import fill_bands
from tumen.store.facts import fill_statistic_offsets
from tumen.store.postgres import PostgresStore

# Parents before children so that foreign keys hold at every row.  (table, columns)
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("name", "kind", "url", "language", "max_pages", "interval_minutes",
                 "last_fetch", "last_status", "last_error", "new_items", "total_items")),
    ("fetches", ("id", "url", "final_url", "status", "headers", "fetched_at", "body_hash",
                 "content_type", "etag", "last_modified", "warc_path", "warc_record_id",
                 "source")),
    ("documents", ("id", "url", "canonical_url", "title", "author", "published", "language",
                   "summary", "text", "content_hash", "source", "listing_url", "pinned",
                   "fetch_id", "first_seen", "last_seen", "minhash", "analysis")),
    ("duplicates", ("id", "document_id", "url", "kind", "similarity", "seen_at")),
    ("document_topics", ("document_id", "topic")),
    ("events", ("id", "document_id", "type", "date", "people", "vulnerable", "country", "place",
                "evidence", "evidence_start", "evidence_end", "confidence")),
    ("statistics", ("id", "document_id", "measure", "country", "period", "value", "evidence",
                    "evidence_start", "evidence_end")),
    ("document_countries", ("document_id", "country")),
)


# Added by migration 0023: an SQLite file from before it has none, and they are filled after.
STATISTIC_OFFSETS = ("evidence_start", "evidence_end")


class MigrateError(Exception):
    """The copy cannot start; the message says why in one line."""


def _rows(src: sqlite3.Connection, query: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a query, fetched in batches so memory stays flat."""
    cur = src.execute(query)
    while batch := cur.fetchmany(1000):
        yield from batch


def _copy(src: sqlite3.Connection, dst: psycopg.Connection[Any], table: str,
          columns: tuple[str, ...]) -> int:
    """COPY one table's rows from SQLite into PostgreSQL; return how many."""
    select = f"SELECT {', '.join(columns)} FROM {table}"
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    count = 0
    with dst.cursor() as cur, cur.copy(copy) as out:
        for row in _rows(src, select):
            out.write_row(row)
            count += 1
    return count


# Tables never copied: the migration log, SQLite's own and the FTS shadow tables (of a file
# from before migration 0022), and the
# search index's queue and identity (the PostgreSQL database has its own index, built below).
_SKIP = ("schema_migrations", "sqlite_", "documents_fts", "search_outbox", "search_state")


def _sqlite_tables(src: sqlite3.Connection) -> list[str]:
    """User tables of the SQLite file, parents before children (by foreign keys)."""
    names = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")
             if not r[0].startswith(_SKIP)]
    parents = {t: {r[2] for r in src.execute(f"PRAGMA foreign_key_list('{t}')")} & set(names)
               for t in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = sorted(t for t in names if t not in ordered and parents[t] <= {*ordered, t})
        if not ready:  # a cycle: copy the rest as they come (constraints are checked at commit)
            ready = sorted(t for t in names if t not in ordered)
        ordered.extend(ready)
    return ordered


def _sqlite_columns(src: sqlite3.Connection, table: str) -> list[str]:
    """Columns of a table of the SQLite file."""
    return [r[1] for r in src.execute(f"PRAGMA table_info('{table}')")]


def _pg_columns(dst: psycopg.Connection[Any], table: str) -> list[str]:
    """Columns of a PostgreSQL table (empty when it does not exist there)."""
    rows = dst.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_schema = current_schema() AND table_name = %s", (table,))
    return [r[0] for r in rows]


def _copy_rest(src: sqlite3.Connection, dst: psycopg.Connection[Any],
               counts: dict[str, int]) -> None:
    """Every other table both schemas share (incidents, staff actions, rules, accounts, audit)."""
    for table in _sqlite_tables(src):
        if table in counts:
            continue
        theirs = set(_pg_columns(dst, table))
        columns = tuple(c for c in _sqlite_columns(src, table) if c in theirs)
        if columns:
            # rows the PostgreSQL migrations seeded (e.g. alert state) give way to the copy
            dst.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
            counts[table] = _copy(src, dst, table, columns)


def _count(dst: psycopg.Connection[Any], table: str) -> int:
    """Rows of a PostgreSQL table."""
    row = dst.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
    return int(row[0]) if row else 0


def _reset_identities(dst: psycopg.Connection[Any], tables: list[str]) -> None:
    """Move each identity sequence past the copied ids so new rows get fresh ones."""
    for table in tables:
        if "id" not in _pg_columns(dst, table):
            continue
        dst.execute(sql.SQL(
            "SELECT setval(pg_get_serial_sequence({t}, 'id'), coalesce(max(id), 1), "
            "max(id) IS NOT NULL) FROM {i}").format(t=sql.Literal(table),
                                                   i=sql.Identifier(table)))


def copy_sqlite_to_postgres(sqlite_path: str, postgres_url: str,
                            index: bool = True) -> dict[str, int]:
    """Copy every table (documents, analysis, incidents, accounts, audit); counts per table.

    The PostgreSQL database is migrated first and must hold no documents; the whole copy
    is one transaction, so a failure leaves it empty.
    """
    if not Path(sqlite_path).is_file():
        raise MigrateError(f"no such SQLite database: {sqlite_path}")
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    target = PostgresStore(postgres_url, min_size=0, max_size=1)
    try:
        target.migrate()
        if target.count_documents():
            raise MigrateError(f"{postgres_url} already holds documents; migrate into an empty one")
        counts: dict[str, int] = {}
        with psycopg.connect(postgres_url) as dst:
            offsets = set(STATISTIC_OFFSETS) <= set(_sqlite_columns(src, "statistics"))
            for table, columns in TABLES:
                if table == "statistics" and not offsets:
                    columns = tuple(c for c in columns if c not in STATISTIC_OFFSETS)
                counts[table] = _copy(src, dst, table, columns)
            _copy_rest(src, dst, counts)
            if "minhash_bands" not in counts:
                # an SQLite file from before migration 0007: index its signatures here
                fill_bands(dst, "%s")
                counts["minhash_bands"] = _count(dst, "minhash_bands")
            if not offsets:  # and one from before 0023: its statistics' offsets
                fill_statistic_offsets(dst, "%s")
            _reset_identities(dst, list(counts))
            dst.execute("INSERT INTO search_outbox (document_id) SELECT id FROM documents")
        if index:  # the copied documents, into the PostgreSQL store's own index
            target.sync_index()
        return counts
    finally:
        target.close()
        src.close()
