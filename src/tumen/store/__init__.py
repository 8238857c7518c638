"""Storage behind one small interface: SQLite (embedded default) or PostgreSQL."""

from __future__ import annotations

from tumen.store.base import DocumentFilter, FetchRecord, SearchHit, SearchPage, SearchQuery, Store
from tumen.store.sqlite import SQLiteStore

__all__ = [
    "DocumentFilter", "FetchRecord", "SQLiteStore", "SearchHit", "SearchPage", "SearchQuery",
    "Store", "open_store",
]


def open_store(db: str, *, migrate: bool = True, audit_key: bytes | None = None,
               search_dir: str = "") -> Store:
    """Open the store a path or URL names, applying pending migrations.

    ``audit_key`` (crypto.audit_key of the settings) seals the audit entries it appends.
    Migrating also brings the search index up to date (what a killed writer left queued);
    search_dir overrides where the index lives (Settings.search_dir).
    """
    store: Store
    if db.startswith(("postgresql://", "postgres://")):
        from tumen.store.postgres import PostgresStore

        store = PostgresStore(db, search_dir=search_dir or None)
    else:
        store = SQLiteStore(db.removeprefix("sqlite:///"), search_dir=search_dir or None)
    store.audit_key = audit_key
    if migrate:
        store.migrate()
        store.sync_index()
    return store
