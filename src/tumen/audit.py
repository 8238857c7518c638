"""The append-only, hash-chained audit log of logins, confidential data and staff actions."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tumen.accounts.base import AccountStore, Row

GENESIS = "0" * 64
KEYED = "hmac-sha256:"
FIELDS = ("id", "at", "username", "ip", "action", "target", "detail", "prev_hash")


@dataclass(frozen=True)
class Actor:
    """Who did something, and from where."""

    username: str | None
    ip: str | None = None


@dataclass
class ChainCheck:
    """The result of verify_chain: ok, how many rows were checked, and what is wrong."""

    ok: bool
    rows: int
    problems: list[str] = field(default_factory=list)
    keyed_from: int | None = None  # the first row sealed with the audit key
    unverified: int = 0  # keyed rows not checked for want of the key


def seal(row: Row, key: bytes | None = None) -> str:
    """The row's hash over the previous hash and every field, in a canonical form.

    With the audit key (kept outside the database, like the notes key) it is an HMAC, so
    whoever can rewrite the database file cannot rebuild a valid chain; rows written
    before a key was configured keep their plain SHA-256 and are anchored by the first
    keyed row that follows them.
    """
    canonical = json.dumps([row.get(k) for k in FIELDS], ensure_ascii=False,
                           separators=(",", ":")).encode("utf-8")
    if key is None:
        return hashlib.sha256(canonical).hexdigest()
    return KEYED + hmac.new(key, canonical, hashlib.sha256).hexdigest()


def is_keyed(row_hash: str) -> bool:
    """Whether a row's hash is an HMAC under the audit key."""
    return row_hash.startswith(KEYED)


def record(store: AccountStore, actor: Actor, action: str, target: str | None = None,
           **detail: Any) -> int:
    """Append one entry (e.g. 'login.ok', 'note.read', 'incident.withhold'); return its id."""
    row: Row = {
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "username": actor.username, "ip": actor.ip, "action": action, "target": target,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    }
    key: bytes | None = getattr(store, "audit_key", None)
    return store.append_audit(row, lambda r: seal(r, key))


def entries(store: AccountStore, limit: int = 100, offset: int = 0) -> list[Row]:
    """A page of entries, newest first."""
    rows = store.audit_rows(newest_first=True, limit=limit + offset)
    return list(rows)[offset:]


def _row_problem(row: Row, key: bytes | None, check: ChainCheck) -> str | None:
    """What is wrong with one row's own hash (keyed rows need the key to be checked)."""
    if not is_keyed(row["hash"]):
        if check.keyed_from is not None:
            return f"row {row['id']} is not keyed but follows keyed rows: the chain was rewritten"
        return None if seal(row) == row["hash"] else f"row {row['id']} was altered"
    if check.keyed_from is None:
        check.keyed_from = row["id"]
    if key is None:
        check.unverified += 1
        return None
    return None if seal(row, key) == row["hash"] else f"row {row['id']} was altered"


def verify_chain(store: AccountStore, key: bytes | None = None) -> ChainCheck:
    """Recompute every hash: an edited, inserted, reordered or deleted row is reported.

    ``key`` defaults to the key the store was opened with (its audit_key).
    """
    key = key if key is not None else getattr(store, "audit_key", None)
    check = ChainCheck(ok=True, rows=0)
    prev, expected_id = GENESIS, 1
    for row in store.audit_rows():
        check.rows += 1
        if row["id"] != expected_id:
            check.problems.append(f"rows {expected_id}..{row['id'] - 1} are missing")
        if row["prev_hash"] != prev:
            check.problems.append(f"row {row['id']} does not follow the row before it")
        problem = _row_problem(row, key, check)
        if problem:
            check.problems.append(problem)
        prev, expected_id = row["hash"], row["id"] + 1
    head = store.audit_head()
    if head is None and check.rows:
        check.problems.append("the chain head is missing")
    elif head is not None and (head["last_id"] != expected_id - 1 or head["hash"] != prev):
        check.problems.append(f"the chain should end at row {head['last_id']}: rows after "
                              f"{expected_id - 1} were deleted or the head was altered")
    if key is not None and check.rows and check.keyed_from is None:
        check.problems.append("no row is sealed with the audit key: the chain was rewritten, "
                              "or predates the key (`tumen seal-audit` seals it)")
    check.ok = not check.problems
    return check


def anchor(store: Any, actor: Actor) -> int | None:
    """Key a chain written before the audit key existed: one keyed row seals all before it."""
    if getattr(store, "audit_key", None) is None:
        raise ValueError("no audit key: configure key_file ($TUMEN_KEY_FILE) or $TUMEN_SECRET")
    head = store.audit_head()
    if head is not None and is_keyed(head["hash"]):
        return None
    return record(store, actor, "audit.keyed")
