"""A sqlite3-shaped face for PostgreSQL, so the store mixins run unchanged on both backends.

The mixins (incidents, alerts, accounts) call `conn.execute(sql, params)` with SQLite's `?`
placeholders and read rows by name or index, `rowcount` and `lastrowid`. `PgConnection` gives
them that over one psycopg connection (inside a transaction), and `PooledConnection` over the
pool, one autocommitted statement per call, as SQLite's autocommit `self.conn` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

import psycopg
from psycopg.rows import DictRow, RowMaker
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool

_QMARK = re.compile(r"'(?:[^']|'')*'|\?|%")
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
# Tables whose rows have a generated `id`: an INSERT into one returns it as lastrowid.
_ID_TABLES = frozenset({
    "fetches", "documents", "duplicates", "events", "statistics", "incidents",
    "incident_actions", "alert_rules", "alert_events", "alert_deliveries", "alert_attempts",
    "users", "api_tokens", "login_failures", "case_notes", "audit_log",
})


class SqlCursor(Protocol):
    """What the mixins read from a cursor (sqlite3.Cursor has it)."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class SqlConnection(Protocol):
    """What the mixins call on a connection (sqlite3.Connection has it)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> SqlCursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> SqlCursor: ...


def qmark_to_pyformat(query: str) -> str:
    """SQLite-style `?` placeholders as psycopg `%s`, leaving string literals alone."""

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        # psycopg reads % everywhere, literals included, so each one is doubled
        return "%s" if token == "?" else token.replace("%", "%%")

    return _QMARK.sub(swap, query)


def _returning_id(query: str) -> tuple[str, bool]:
    """The statement, with `RETURNING id` (for lastrowid) on inserts into tables with ids."""
    m = _INSERT.match(query)
    if m and m.group(1).lower() in _ID_TABLES and "RETURNING" not in query.upper():
        return f"{query} RETURNING id", True
    return query, False


class Row:
    """A result row addressable by column name and by index, like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Row) else other)

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({self._values!r})"

    def keys(self) -> list[str]:
        """Column names, so that dict(row) works."""
        return list(self._index)


def _row_factory(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    names = [c.name for c in cursor.description or []]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)  # the first column of a name wins, in column order
    return lambda values: Row(values, index)


class Cursor:
    """The fetched result of one statement, shaped like a sqlite3 cursor."""

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None) -> None:
        self.rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchall(self) -> list[Row]:
        """Every row."""
        return list(self.rows)

    def fetchone(self) -> Row | None:
        """The first row or None."""
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def run(conn: psycopg.Connection[Any], query: str, params: Any = ()) -> Cursor:
    """Run one SQLite-style statement on a psycopg connection; rows fetched at once."""
    pg_query, wants_id = _returning_id(qmark_to_pyformat(query))
    with _cursor(conn) as cur:
        cur.execute(pg_query, tuple(params))
        rows = cur.fetchall() if cur.description else []
        if wants_id:
            return Cursor([], cur.rowcount, int(rows[-1][0]) if rows else None)
        return Cursor(rows, cur.rowcount, None)


def run_many(conn: psycopg.Connection[Any], query: str, seq: Iterable[Any]) -> Cursor:
    """Run one SQLite-style statement per parameter tuple; rowcount is their sum."""
    pg_query, wants_id = _returning_id(qmark_to_pyformat(query))
    if wants_id:  # every id is read, as sqlite3 keeps the last
        total, last = 0, None
        for params in seq:
            cur = run(conn, query, params)
            total, last = total + cur.rowcount, cur.lastrowid
        return Cursor([], total, last)
    with _cursor(conn) as pgcur:
        pgcur.executemany(pg_query, [tuple(p) for p in seq])
        return Cursor([], pgcur.rowcount, None)


def _cursor(conn: psycopg.Connection[Any]) -> psycopg.Cursor[Row]:
    """A cursor making Rows, reading JSON columns as their text (as SQLite's TEXT columns)."""
    cur = conn.cursor(row_factory=_row_factory)
    cur.adapters.register_loader("jsonb", TextLoader)
    cur.adapters.register_loader("json", TextLoader)
    return cur


class PgConnection:
    """One pooled psycopg connection (inside a transaction) with sqlite3's execute API."""

    def __init__(self, conn: psycopg.Connection[DictRow]) -> None:
        self.raw = conn

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        """Run one statement with `?` placeholders."""
        return run(self.raw, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor:
        """Run one statement per parameter tuple."""
        return run_many(self.raw, sql, parameters)


class PooledConnection:
    """The pool with sqlite3's execute API: each call one statement in its own transaction,
    or in the transaction `held()` returns while one is held (as SQLite's one connection)."""

    def __init__(self, pool: ConnectionPool[psycopg.Connection[DictRow]],
                 held: Callable[[], psycopg.Connection[DictRow] | None] = lambda: None) -> None:
        self.pool = pool
        self.held = held

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        """Run one statement with `?` placeholders and commit it."""
        held = self.held()
        if held is not None:
            return run(held, sql, parameters)
        with self.pool.connection() as conn:
            return run(conn, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor:
        """Run one statement per parameter tuple, all in one transaction."""
        held = self.held()
        if held is not None:
            return run_many(held, sql, parameters)
        with self.pool.connection() as conn:
            return run_many(conn, sql, parameters)
