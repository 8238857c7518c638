"""The audit log: append-only, hash-chained, and verify_chain finds every kind of tampering."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tumen.audit import Actor, entries, record, verify_chain
from tumen.config import Settings
from tumen.store import Store, open_store


@pytest.fixture
def logged(store: Store) -> Any:
    """A store (of each backend) with five audit entries."""
    for n in range(5):
        record(store, Actor(f"user{n}", "10.0.0.1"), "note.read", f"incident:{n}", notes=[n])
    return store


def _tamper(store: Any, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Edit the log the way someone with the database could: triggers dropped first."""
    if store.backend == "postgres":
        store.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
    else:
        store.execute("DROP TRIGGER audit_log_no_update")
        store.execute("DROP TRIGGER audit_log_no_delete")
    store.execute(sql, params)


def test_intact_chain_verifies(logged: Any) -> None:
    check = verify_chain(logged)
    assert check.ok and check.rows == 5 and check.problems == []
    newest = entries(logged, limit=2)
    assert [r["id"] for r in newest] == [5, 4]
    assert newest[0]["username"] == "user4" and newest[0]["ip"] == "10.0.0.1"
    assert newest[0]["prev_hash"] == entries(logged, limit=1, offset=1)[0]["hash"]


def test_log_is_append_only(logged: Any) -> None:
    refused = (sqlite3.IntegrityError, psycopg.IntegrityError)
    with pytest.raises(refused, match="append-only"):
        logged.execute("UPDATE audit_log SET username = 'x' WHERE id = 2")
    with pytest.raises(refused, match="append-only"):
        logged.execute("DELETE FROM audit_log WHERE id = 2")
    if logged.backend == "postgres":
        with pytest.raises(psycopg.IntegrityError, match="append-only"):
            logged.execute("TRUNCATE audit_log")


def test_edited_row_is_detected(logged: Any) -> None:
    _tamper(logged, "UPDATE audit_log SET username = 'someone-else' WHERE id = 3")
    check = verify_chain(logged)
    assert not check.ok and "row 3 was altered" in check.problems


def test_edited_and_rehashed_row_breaks_the_next_link(logged: Any) -> None:
    from tumen.audit import seal

    row = dict(next(r for r in logged.audit_rows() if r["id"] == 2), action="nothing")
    _tamper(logged, "UPDATE audit_log SET action = ?, hash = ? WHERE id = 2",
            (row["action"], seal(row)))
    check = verify_chain(logged)
    assert "row 3 does not follow the row before it" in check.problems


def test_deleted_middle_row_is_detected(logged: Any) -> None:
    _tamper(logged, "DELETE FROM audit_log WHERE id = 3")
    check = verify_chain(logged)
    assert not check.ok and "rows 3..3 are missing" in check.problems


def test_deleted_last_row_is_detected(logged: Any) -> None:
    _tamper(logged, "DELETE FROM audit_log WHERE id = 5")
    check = verify_chain(logged)
    assert not check.ok and any("should end at row 5" in p for p in check.problems)


def test_chain_continues_across_connections(store: Store, settings: Settings) -> None:
    db = settings.db  # the database of `store`, of each backend
    for _ in range(3):
        store: Any = open_store(db)
        record(store, Actor("a", "1.1.1.1"), "login.ok")
        store.close()
    store = open_store(db)
    assert verify_chain(store).rows == 3 and verify_chain(store).ok
    store.close()


def test_admin_audit_page_reports_tampering(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    from test_security_web import Staff, make_settings
    from tumen.web.app import create_app

    settings = make_settings(tmp_path, db=settings.db)
    app = create_app(settings)
    admin = Staff(app, "admin")
    page = admin.get("/admin/audit").text
    assert "Hash chain intact" in page and "login.ok" in page
    store: Any = open_store(settings.db)
    _tamper(store, "DELETE FROM audit_log WHERE id = 1")
    store.close()
    page = admin.get("/admin/audit").text
    assert "tampered with" in page and "rows 1..1 are missing" in page
    assert admin.get("/api/v1/audit").json()["chain_ok"] is False


KEY = b"k" * 32


def _rebuild(store: Any, key: bytes | None = None, first: bool = True) -> None:
    """Rewrite every row and re-chain them, as someone holding only the database file could."""
    from tumen.audit import GENESIS, seal

    edit = "UPDATE audit_log SET username = 'nobody' WHERE id = 2"
    _tamper(store, edit) if first else store.execute(edit)
    prev = GENESIS
    for row in list(store.audit_rows()):
        row = dict(row, prev_hash=prev)
        row["hash"] = seal(row, key)
        store.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                      (row["prev_hash"], row["hash"], row["id"]))
        prev = row["hash"]
    store.execute("UPDATE audit_head SET hash = ? WHERE one = 1", (prev,))


def test_a_keyed_chain_cannot_be_rebuilt_without_the_key(store: Store) -> None:
    keyed: Any = store
    keyed.audit_key = KEY
    for n in range(4):
        record(keyed, Actor(f"user{n}"), "note.read", f"incident:{n}")
    check = verify_chain(keyed)
    assert check.ok and check.keyed_from == 1
    _rebuild(keyed)  # plain SHA-256, as on main: it verified there
    assert any("no row is sealed" in p for p in verify_chain(keyed).problems)
    _rebuild(keyed, b"w" * 32, first=False)  # a guessed key
    problems = verify_chain(keyed).problems
    assert problems and all("was altered" in p for p in problems)


def test_an_old_chain_is_anchored_by_the_first_keyed_row(store: Store) -> None:
    from tumen.audit import anchor

    old: Any = store
    for n in range(3):
        record(old, Actor(f"user{n}"), "login.ok")
    assert verify_chain(old).ok and verify_chain(old).keyed_from is None
    old.audit_key = KEY
    assert anchor(old, Actor("cli")) == 4 and anchor(old, Actor("cli")) is None
    record(old, Actor("later"), "login.ok")
    check = verify_chain(old)
    assert check.ok and check.rows == 5 and check.keyed_from == 4
    old.audit_key = None
    unkeyed = verify_chain(old)
    assert unkeyed.ok and unkeyed.unverified == 2  # without the key: checked as far as it can
    old.audit_key = KEY
    _tamper(old, "UPDATE audit_log SET hash = 'x' WHERE id = 0")  # drops the triggers only
    from tumen.audit import GENESIS, seal

    prev = GENESIS
    for row in [r for r in old.audit_rows() if r["id"] <= 3]:  # rebuild the legacy part
        row = dict(row, username="nobody" if row["id"] == 2 else row["username"], prev_hash=prev)
        row["hash"] = seal(row)
        old.execute("UPDATE audit_log SET username = ?, prev_hash = ?, hash = ? WHERE id = ?",
                    (row["username"], row["prev_hash"], row["hash"], row["id"]))
        prev = row["hash"]
    assert "row 4 does not follow the row before it" in verify_chain(old).problems


def test_doctor_reports_how_the_chain_is_sealed(store: Store, settings: Settings,
                                                tmp_path: Path) -> None:
    from tumen.audit import anchor
    from tumen.confidential.crypto import audit_key, write_key_file
    from tumen.doctor import audit_findings

    record(store, Actor("a"), "login.ok")
    assert any("no key configured" in f.message for f in audit_findings(settings, store))
    write_key_file(tmp_path / "k.key")
    settings.key_file = str(tmp_path / "k.key")
    assert any("tumen seal-audit" in f.message for f in audit_findings(settings, store))
    keyed: Any = store
    keyed.audit_key = audit_key(settings)
    anchor(keyed, Actor("cli"))
    assert [f.message for f in audit_findings(settings, store)] == [
        "audit log: 2 rows, keyed from row 2"]
