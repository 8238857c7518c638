"""The append-only, hash-chained audit log of logins, confidential data and staff actions."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tumen.accounts.base import AccountStore, Row

GENESIS = "0" * 64
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


def seal(row: Row) -> str:
    """SHA-256 over the previous hash and every field of the row, in a canonical form."""
    canonical = json.dumps([row.get(k) for k in FIELDS], ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(store: AccountStore, actor: Actor, action: str, target: str | None = None,
           **detail: Any) -> int:
    """Append one entry (e.g. 'login.ok', 'note.read', 'incident.withhold'); return its id."""
    row: Row = {
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "username": actor.username, "ip": actor.ip, "action": action, "target": target,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    }
    return store.append_audit(row, seal)


def entries(store: AccountStore, limit: int = 100, offset: int = 0) -> list[Row]:
    """A page of entries, newest first."""
    rows = store.audit_rows(newest_first=True, limit=limit + offset)
    return list(rows)[offset:]


def verify_chain(store: AccountStore) -> ChainCheck:
    """Recompute every hash: an edited, inserted, reordered or deleted row is reported."""
    problems: list[str] = []
    prev, expected_id, count = GENESIS, 1, 0
    for row in store.audit_rows():
        count += 1
        if row["id"] != expected_id:
            problems.append(f"rows {expected_id}..{row['id'] - 1} are missing")
        if row["prev_hash"] != prev:
            problems.append(f"row {row['id']} does not follow the row before it")
        if seal(row) != row["hash"]:
            problems.append(f"row {row['id']} was altered")
        prev, expected_id = row["hash"], row["id"] + 1
    head = store.audit_head()
    if head is None and count:
        problems.append("the chain head is missing")
    elif head is not None and (head["last_id"] != expected_id - 1 or head["hash"] != prev):
        problems.append(f"the chain should end at row {head['last_id']}: rows after "
                        f"{expected_id - 1} were deleted or the head was altered")
    return ChainCheck(ok=not problems, rows=count, problems=problems)
