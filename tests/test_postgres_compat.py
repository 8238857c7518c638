"""The sqlite3-shaped PostgreSQL connection the shared store mixins run on, English stemming
on both backends, and the PostgreSQL-only parts of the account and alert schema."""

from __future__ import annotations

import threading

import psycopg
import pytest

from storekit import doc
from tumen.audit import Actor, record, verify_chain
from tumen.store import SearchQuery, Store
from tumen.store.migrations import split_statements
from tumen.store.pgcompat import Row
from tumen.store.postgres import PostgresStore

# -- both backends ------------------------------------------------------------------------------


def test_english_words_are_stemmed(store: Store) -> None:
    a = store.add_document(doc(1, "Families were detained near the border", title="Arrests"),
                           None)
    b = store.add_document(doc(2, "A family of five reached Bangkok"), None)
    found = {h.id for h in store.search(SearchQuery("family borders")).hits}
    assert found == {a}
    assert {h.id for h in store.search(SearchQuery("families")).hits} == {a, b}
    assert {h.id for h in store.search(SearchQuery("arrested")).hits} == {a}


def test_korean_and_english_in_one_query(store: Store) -> None:
    a = store.add_document(doc(1, "탈북민들이 중국 공안에 체포됐다. Families detained."), None)
    store.add_document(doc(2, "탈북민 정착 지원"), None)
    assert {h.id for h in store.search(SearchQuery("탈북민 family")).hits} == {a}


def test_sql_for_both_backends_gives_equal_rows(store: Store) -> None:
    """Rows of `execute` read alike on both: by index, by name, as tuples and dicts."""
    store.add_document(doc(1, "text", title="A", published="2020-01-02"), None)
    row = store.execute(  # type: ignore[attr-defined]
        "SELECT id, title FROM documents WHERE published >= ?", ("2020-01-01",)).fetchone()
    assert tuple(row) == (1, "A") and row["title"] == "A" and row[1] == "A"
    assert dict(zip(row.keys(), row, strict=True)) == {"id": 1, "title": "A"}


# -- PostgreSQL only ------------------------------------------------------------------------------


def test_row_reads_by_name_and_index() -> None:
    row = Row((1, "a", None), {"id": 0, "name": 1, "x": 2})
    assert row["name"] == "a" and row[0] == 1 and list(row) == [1, "a", None]
    assert dict(row) == {"id": 1, "name": "a", "x": None} and row == (1, "a", None)
    first, second, _ = row
    assert (first, second) == (1, "a") and len(row) == 3


def test_split_statements_keeps_dollar_bodies_whole() -> None:
    sql = ("CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'x';\nEND\n$$;\n"
           "-- a comment; with a semicolon\nCREATE TABLE t (a INT);INSERT INTO t VALUES (1)")
    parts = split_statements(sql)
    assert len(parts) == 3 and parts[0].endswith("END\n$$") and "RAISE EXCEPTION 'x';" in parts[0]
    assert parts[1:] == ["CREATE TABLE t (a INT)", "INSERT INTO t VALUES (1)"]


@pytest.mark.postgres
def test_lastrowid_rowcount_and_on_conflict(pg: PostgresStore) -> None:
    cur = pg.conn.execute("INSERT INTO users (username, password_hash, role, created_at) "
                          "VALUES (?, ?, ?, ?)", ("a", "h", "viewer", "2024-01-01"))
    assert cur.lastrowid == 1 and cur.rowcount == 1 and cur.fetchall() == []
    for expected in (1, 0):
        cur = pg.conn.execute("INSERT INTO alert_state VALUES ('k', '1') ON CONFLICT DO NOTHING")
        assert cur.rowcount == expected and cur.lastrowid is None
    cur = pg.conn.executemany("INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)",
                              [("a", "1", "t1"), ("a", "1", "t2")])
    assert cur.rowcount == 2 and cur.lastrowid == 2
    assert pg.conn.execute("SELECT count(*) AS n FROM login_failures").fetchone()["n"] == 2


@pytest.mark.postgres
def test_transaction_rolls_back_on_error(pg: PostgresStore) -> None:
    with pytest.raises(RuntimeError), pg.transaction() as conn:
        conn.execute("INSERT INTO alert_state VALUES ('x', '1')")
        raise RuntimeError("boom")
    assert pg.conn.execute("SELECT * FROM alert_state WHERE key='x'").fetchone() is None
    with pg.transaction() as conn:
        conn.execute("INSERT INTO alert_state VALUES ('x', '2')")
    assert pg.conn.execute("SELECT value FROM alert_state WHERE key='x'").fetchone()[0] == "2"


@pytest.mark.postgres
def test_json_columns_read_as_text(pg: PostgresStore) -> None:
    from tumen.models import Analysis, Event, Evidence

    event = Event(type="arrest", evidence=Evidence("e", 0, 1), vulnerable=["child"])
    pg.add_document(doc(1, "t", analysis=Analysis(events=[event])), None)
    row = pg.conn.execute("SELECT vulnerable FROM events").fetchone()
    assert row["vulnerable"] == '["child"]'


@pytest.mark.postgres
def test_concurrent_audit_appends_keep_one_chain(pg: PostgresStore) -> None:
    """The head is locked while a row is appended: threads never fork the chain."""
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for k in range(5):
                record(pg, Actor(f"u{n}", "10.0.0.1"), "note.read", f"incident:{k}")
        except BaseException as e:  # reported below; a thread cannot fail the test itself
            errors.append(e)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = verify_chain(pg)
    assert check.ok and check.rows == 20


@pytest.mark.postgres
def test_truncate_of_the_audit_log_is_refused(pg: PostgresStore) -> None:
    record(pg, Actor("a"), "login.ok")
    with pytest.raises(psycopg.IntegrityError, match="append-only"):
        pg.execute("TRUNCATE audit_log")
    assert verify_chain(pg).rows == 1
