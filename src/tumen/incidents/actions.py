"""Staff actions (confirm, merge, split, set status, annotate), re-applied after every build.

An action is anchored on documents, not on incident ids or keys, so it finds its incident
again after a rebuild: the incident holding most of the documents it was recorded on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tumen.incidents.assembly import build_incident, title
from tumen.incidents.matching import Report, mentions
from tumen.incidents.rules import Rules
from tumen.incidents.urgency import apply_urgency, status_of
from tumen.models import EVENT_TYPES, STATUSES, Incident, IncidentEvent

ACTIONS: tuple[str, ...] = ("confirm", "merge", "split", "set_status", "annotate", "correct")
CORRECTABLE = ("type", "date", "people", "country", "place")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


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
    reviewed_documents: list[int] = field(default_factory=list)  # as they were when confirmed

    def holds(self, incident: Incident) -> bool:
        """Whether the confirmation still stands: no report joined or left since."""
        return self.confirmed_by is not None and self.reviewed_documents == sorted(
            incident.documents)


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
    if action == "correct":
        _validate_correction(payload)


def _validate_correction(payload: Mapping[str, Any]) -> None:
    """A correction names the step (its type, date, place) and the fields it sets."""
    step, values = payload.get("step"), payload.get("set")
    if not isinstance(step, Mapping) or step.get("type") not in EVENT_TYPES:
        raise ValueError("correct needs 'step': the type, date and place of the event")
    if not isinstance(values, Mapping) or not values or set(values) - set(CORRECTABLE):
        raise ValueError(f"correct needs 'set': some of {', '.join(CORRECTABLE)}")
    if "type" in values and values["type"] not in EVENT_TYPES:
        raise ValueError(f"type must be one of {', '.join(EVENT_TYPES)}")
    if values.get("date") and not _DATE.match(str(values["date"])):
        raise ValueError("date must be YYYY, YYYY-MM or YYYY-MM-DD")
    people = values.get("people")
    if people is not None and not (isinstance(people, int) and 0 < people <= 100_000):
        raise ValueError("people must be a whole number from 1 to 100000")
    country = values.get("country")
    if country and not re.fullmatch(r"[A-Z]{2}", str(country)):
        raise ValueError("country must be a two-letter code such as CN")
    if len(str(values.get("place") or "")) > 100:
        raise ValueError("place must be at most 100 characters")


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


def _step(incident: Incident, wanted: Mapping[str, Any]) -> IncidentEvent | None:
    """The step a correction was made on: same type, date and place, else the nearest."""
    keys = (("type", "date", "place"), ("type", "date"), ("type", "place"), ("type",))
    for fields in keys:
        found = [e for e in incident.events
                 if all(getattr(e, k) == wanted.get(k) for k in fields)]
        if found:
            return found[0]
    return None


def _correct(incident: Incident, action: Action, reports: Mapping[int, Report],
             now: datetime, rules: Rules) -> None:
    """Staff set an event's type, date, people, country or place: the incident follows."""
    step = _step(incident, action.payload["step"])
    if step is None:
        return
    for key, value in action.payload["set"].items():
        setattr(step, key, value if value not in ("", None) else None)
    step.corrected_by = action.user
    texts = [reports[d].text for d in incident.documents if d in reports]
    incident.status = status_of(incident.events, texts, rules)
    counts = sorted({e.people for e in incident.events if e.people})
    if counts:
        incident.people_min, incident.people_max = counts[0], counts[-1]
    incident.countries = list(dict.fromkeys(e.country for e in incident.events if e.country))
    incident.places = list(dict.fromkeys(e.place for e in incident.events if e.place))
    incident.title = title(incident, rules)
    apply_urgency(incident, now, rules)


def apply_actions(
    incidents: Sequence[Incident], actions: Iterable[Action], reports: Mapping[int, Report],
    now: datetime, rules: Rules,
) -> tuple[list[Incident], dict[int, str]]:
    """Incidents after every action, and the key each action landed on.

    Merges and splits go first (in id order): they rebuild incidents from their reports,
    so a correction or a status made before a merge must be laid on the merged incident,
    which its anchor documents find. The other actions follow in id order.
    """
    result = list(incidents)
    landed: dict[int, str] = {}
    ordered = sorted(actions, key=lambda a: (a.action not in ("merge", "split"), a.id))
    for action in ordered:
        if action.action == "merge":
            target = _merge(result, action, reports, now, rules)
        elif action.action == "split":
            target = _split(result, action, reports, now, rules)
        else:
            n = _holder(result, action.payload.get("anchor", []))
            target = result[n] if n is not None else None
            if target is not None and action.action == "set_status":
                _set_status(target, action, now, rules)
            if target is not None and action.action == "correct":
                _correct(target, action, reports, now, rules)
        if target is not None:
            landed[action.id] = target.key
    # a split's part may be merged later on: such an action now belongs to the incident
    # that holds its documents
    keys = {i.key for i in result}
    for action in ordered:
        if landed.get(action.id) not in keys and action.id in landed:
            n = _holder(result, anchored_documents(action))
            if n is None:
                del landed[action.id]
            else:
                landed[action.id] = result[n].key
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
            review.reviewed_documents = sorted(int(d) for d in action.payload.get("anchor", []))
        elif action.action == "annotate":
            review.notes.append({"user": action.user, "at": action.created_at,
                                 "note": str(action.payload["note"])})
    return found
