"""Staff actions (confirm, merge, split, set status, annotate), re-applied after every build.

An action is anchored on documents, not on incident ids or keys, so it finds its incident
again after a rebuild: the incident holding most of the documents it was recorded on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tumen.incidents.assembly import build_incident
from tumen.incidents.matching import Report, mentions
from tumen.incidents.rules import Rules
from tumen.incidents.urgency import apply_urgency
from tumen.models import STATUSES, Incident

ACTIONS: tuple[str, ...] = ("confirm", "merge", "split", "set_status", "annotate")


@dataclass
class Action:
    """One recorded staff action; payload["anchor"] lists the incident's documents then."""

    id: int
    action: str
    payload: dict[str, Any]
    user: str
    created_at: str
    incident_id: int | None = None


@dataclass
class Review:
    """What staff said about an incident: confirmation and notes."""

    confirmed_by: str | None = None
    confirmed_at: str | None = None
    notes: list[dict[str, str]] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)


def validate(action: str, payload: Mapping[str, Any]) -> None:
    """Raise ValueError for an unknown action or a payload it cannot use."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    needs = {"merge": "other_anchor", "split": "documents", "set_status": "status",
             "annotate": "note"}
    if action in needs and not payload.get(needs[action]):
        raise ValueError(f"{action} needs {needs[action]!r} in its payload")
    if action == "set_status" and payload["status"] not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")


def anchored_documents(action: Action) -> set[int]:
    """Every document an action refers to."""
    p = action.payload
    return {int(d) for k in ("anchor", "other_anchor", "documents") for d in p.get(k, [])}


def _holder(incidents: Sequence[Incident], docs: Iterable[int]) -> int | None:
    """Index of the incident holding most of the documents (ties: smallest key)."""
    wanted = set(docs)
    best = [(len(wanted & set(i.documents)), i.key, n) for n, i in enumerate(incidents)]
    best = [b for b in best if b[0] > 0]
    if not best:
        return None
    return min(best, key=lambda b: (-b[0], b[1]))[2]


def _rebuild(docs: Iterable[int], reports: Mapping[int, Report], now: datetime,
             rules: Rules) -> Incident | None:
    """An incident over exactly these documents, or None if none of them is known."""
    chosen = [reports[d] for d in sorted(set(docs)) if d in reports]
    items = [m for r in chosen for m in mentions(r, rules)]
    if not any(m.specific for m in items):
        return None
    return build_incident(chosen, items, now, rules)


def _merge(incidents: list[Incident], action: Action, reports: Mapping[int, Report],
           now: datetime, rules: Rules) -> Incident | None:
    """Every incident holding a document of either anchor becomes one."""
    docs = anchored_documents(action)
    parts = [i for i in incidents if docs & set(i.documents)]
    if len(parts) < 2:
        return parts[0] if parts else None
    merged = _rebuild({d for i in parts for d in i.documents}, reports, now, rules)
    incidents[:] = [i for i in incidents if i not in parts]
    if merged:
        incidents.append(merged)
    return merged


def _split(incidents: list[Incident], action: Action, reports: Mapping[int, Report],
           now: datetime, rules: Rules) -> Incident | None:
    """The given documents leave their incidents and form a new one."""
    moved = {int(d) for d in action.payload["documents"]}
    parts = [i for i in incidents if moved & set(i.documents)]
    if not parts:
        return None
    rest = [_rebuild(set(i.documents) - moved, reports, now, rules) for i in parts]
    split = _rebuild(moved, reports, now, rules)
    incidents[:] = [i for i in incidents if i not in parts]
    incidents.extend(i for i in [*rest, split] if i is not None)
    return split


def _set_status(incident: Incident, action: Action, now: datetime, rules: Rules) -> None:
    """Staff status holds until a report dates an event after the action."""
    later = [e for e in incident.events if e.date and e.date[:10] > action.created_at[:10]]
    if not later:
        incident.status = action.payload["status"]
        apply_urgency(incident, now, rules)


def apply_actions(
    incidents: Sequence[Incident], actions: Iterable[Action], reports: Mapping[int, Report],
    now: datetime, rules: Rules,
) -> tuple[list[Incident], dict[int, str]]:
    """Incidents after every action in id order, and the key each action landed on."""
    result = list(incidents)
    landed: dict[int, str] = {}
    for action in sorted(actions, key=lambda a: a.id):
        if action.action == "merge":
            target = _merge(result, action, reports, now, rules)
        elif action.action == "split":
            target = _split(result, action, reports, now, rules)
        else:
            n = _holder(result, action.payload.get("anchor", []))
            target = result[n] if n is not None else None
            if target is not None and action.action == "set_status":
                _set_status(target, action, now, rules)
        if target is not None:
            landed[action.id] = target.key
    return sorted(result, key=lambda i: i.key), landed


def reviews(actions: Iterable[Action], landed: Mapping[int, str]) -> dict[str, Review]:
    """Confirmations and notes per incident key, from the actions that landed there."""
    found: dict[str, Review] = {}
    for action in sorted(actions, key=lambda a: a.id):
        key = landed.get(action.id)
        if key is None:
            continue
        review = found.setdefault(key, Review())
        review.actions.append(action.id)
        if action.action == "confirm":
            review.confirmed_by, review.confirmed_at = action.user, action.created_at
        elif action.action == "annotate":
            review.notes.append({"user": action.user, "at": action.created_at,
                                 "note": str(action.payload["note"])})
    return found
