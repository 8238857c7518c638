"""The web app's SQLite stores: reused between requests, never shared by two at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tumen.store import SQLiteStore
from tumen.web.pool import StorePool


def test_stores_are_reused_and_never_handed_out_twice(tmp_path: Path) -> None:
    pool = StorePool(str(tmp_path / "p.db"), keep=1)
    first = pool.acquire()
    second = pool.acquire()  # the first is in use: a new one
    assert first is not second
    pool.release(first)
    pool.release(second)  # one idle store is kept, this one is closed
    assert isinstance(second, SQLiteStore)
    with pytest.raises(sqlite3.ProgrammingError):
        second.conn.execute("SELECT 1")
    assert pool.acquire() is first
    pool.release(first)
    pool.close()
    with pytest.raises(sqlite3.ProgrammingError):
        first.conn.execute("SELECT 1")
