"""Incidents staff withhold from public pages, feeds, APIs and exports (e.g. in transit)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from tumen.accounts.base import AccountStore
from tumen.audit import Actor, record

T = TypeVar("T")
MAX_REASON = 500


def withhold(store: AccountStore, incident_id: int, reason: str, actor: Actor) -> None:
    """Hide an incident from everything public, with a reason staff can read."""
    reason = reason.strip()[:MAX_REASON] or "withheld"
    store.set_withheld_row(incident_id, reason, actor.username or "?",
                           datetime.now(UTC).isoformat())
    record(store, actor, "incident.withhold", f"incident:{incident_id}", reason=reason)


def release(store: AccountStore, incident_id: int, actor: Actor) -> bool:
    """Publish a withheld incident again."""
    done = store.clear_withheld_row(incident_id)
    if done:
        record(store, actor, "incident.release", f"incident:{incident_id}")
    return done


def withheld_ids(store: Any) -> set[int]:
    """Ids of withheld incidents (none when the store has no accounts tables)."""
    rows = getattr(store, "withheld_rows", None)
    return set(rows()) if rows is not None else set()


def is_withheld(store: Any, incident_id: int) -> bool:
    """Whether one incident is withheld."""
    return incident_id in withheld_ids(store)


def drop_withheld(store: Any, incidents: Iterable[T]) -> list[T]:
    """Incidents (objects with .id, or dicts with 'id') minus the withheld ones."""
    hidden = withheld_ids(store)

    def ident(i: Any) -> Any:
        return i.get("id") if isinstance(i, dict) else getattr(i, "id", None)

    return [i for i in incidents if ident(i) not in hidden]
