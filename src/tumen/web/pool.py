"""SQLite stores kept open between requests, each used by one request at a time."""

from __future__ import annotations

import queue

from tumen.store import Store, open_store


class StorePool:
    """Idle SQLite connections reused by requests instead of one opened per request.

    Opening cost a connection and four PRAGMAs per request, and closing the last one makes
    SQLite checkpoint and delete the -wal and -shm files, to recreate them on the next.
    """

    def __init__(self, db: str, keep: int = 32, audit_key: bytes | None = None,
                 search_dir: str = "") -> None:
        self.db = db
        self.audit_key = audit_key
        self.search_dir = search_dir
        self.keep = keep
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()

    def acquire(self) -> Store:
        """An idle store, or a newly opened one when every store is in use."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return open_store(self.db, migrate=False, audit_key=self.audit_key,
                              search_dir=self.search_dir)

    def release(self, store: Store) -> None:
        """Give a store back for the next request (closed if enough are idle already)."""
        if self._idle.qsize() < self.keep:
            self._idle.put(store)
        else:
            store.close()

    def close(self) -> None:
        """Close every idle store."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
