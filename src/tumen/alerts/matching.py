"""Changes noticed in the store, and which rules they match."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tumen.alerts.rules import URGENCY_LEVELS, AlertEvent, WatchRule
from tumen.incidents.matching import date_range
from tumen.models import Document, Incident

ACTIVE_STATUSES = ("detained", "at_risk")


@dataclass
class Change:
    """Something that happened in the store, before any rule looked at it."""

    kind: str  # one of rules.TRIGGERS
    key: str
    incident: Incident | None = None
    documents: list[Document] = field(default_factory=list)  # the reports it is about
    new_documents: list[int] = field(default_factory=list)
    previous_status: str | None = None
    silent_days: int | None = None


def incident_changes(incident: Incident, seen: dict[int, str]) -> list[Change]:
    """New incident, new reports and status change of one incident, given what was seen."""
    new_docs = [d for d in incident.documents if d not in seen]
    if not seen:
        return [Change("new_incident", f"new_incident:{incident.key}", incident,
                       new_documents=new_docs)]
    changes = [Change("new_report", f"new_report:{incident.key}:{d}", incident,
                      new_documents=[d]) for d in new_docs]
    previous = Counter(seen.values()).most_common(1)[0][0]
    if previous != incident.status:
        latest = max(incident.documents)
        changes.append(Change("status_changed", f"status:{incident.key}:{incident.status}:{latest}",
                              incident, previous_status=previous))
    return changes


def silence_change(incident: Incident, days: int, today: date) -> Change | None:
    """A 'no news for N days' change for a detained group, or None."""
    if incident.status not in ACTIVE_STATUSES or not incident.last_report:
        return None
    span = date_range(incident.last_report)
    if span is None:
        return None
    quiet = today.toordinal() - span[1]  # a partial date counts from its last day
    if quiet < days:
        return None
    return Change("silence", f"silence:{incident.key}:{incident.last_report}:{days}", incident,
                  silent_days=quiet)


def _any(wanted: Sequence[str], found: Sequence[str | None]) -> bool:
    """Whether a filter is empty or meets one of the found values."""
    return not wanted or any(v in wanted for v in found if v)


def _document_passes(rule: WatchRule, doc: Document) -> bool:
    """The document-level filters: topic, keyword, language, source."""
    f = rule.filters
    topics = doc.analysis.topics if doc.analysis else []
    text = f"{doc.title or ''}\n{doc.summary or ''}\n{doc.text}".casefold()
    return (_any(f.topics, topics) and _any(f.languages, [doc.language])
            and _any(f.sources, [doc.source])
            and (not f.keywords or any(k.casefold() in text for k in f.keywords)))


def _incident_passes(rule: WatchRule, incident: Incident) -> bool:
    """The incident-level filters: country, event type, status, urgency."""
    f = rule.filters
    if f.min_urgency and URGENCY_LEVELS.index(incident.urgency_level) < URGENCY_LEVELS.index(
            f.min_urgency):
        return False
    return (_any(f.countries, incident.countries)
            and _any(f.event_types, [e.type for e in incident.events])
            and _any(f.statuses, [incident.status]))


def _document_facts_pass(rule: WatchRule, doc: Document) -> bool:
    """Incident-level filters read from a lone document's own events and places."""
    f = rule.filters
    if f.statuses or f.min_urgency:
        return False  # a report outside any incident has no status or urgency
    events = doc.analysis.events if doc.analysis else []
    entities = doc.analysis.entities if doc.analysis else []
    countries = [e.country for e in events] + [e.country for e in entities]
    return _any(f.countries, countries) and _any(f.event_types, [e.type for e in events])


def matches(rule: WatchRule, change: Change) -> bool:
    """Whether a rule wants to hear about a change."""
    if change.kind not in rule.triggers:
        return False
    followed = change.incident is not None and change.incident.id in rule.follow
    if change.kind == "new_report" and rule.follow and not followed:
        return False
    if change.incident is not None and not _incident_passes(rule, change.incident):
        return False
    docs = change.documents
    if change.incident is None and not any(_document_facts_pass(rule, d) for d in docs):
        return False
    return any(_document_passes(rule, d) for d in docs) if docs else not _needs_documents(rule)


def _needs_documents(rule: WatchRule) -> bool:
    """Whether the rule filters on something only documents carry."""
    f = rule.filters
    return bool(f.topics or f.keywords or f.languages or f.sources)


_TITLES = {
    "new_incident": "New incident",
    "status_changed": "Status changed",
    "new_report": "New report",
    "silence": "No news",
    "new_document": "New report",
}


def _doc_json(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "title": doc.title, "url": doc.url, "published": doc.published,
            "source": doc.source, "language": doc.language,
            "topics": doc.analysis.topics if doc.analysis else []}


def _incident_json(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id, "key": incident.key, "title": incident.title,
        "status": incident.status, "urgency": incident.urgency_level,
        "urgency_score": incident.urgency_score,
        "people": {"min": incident.people_min, "max": incident.people_max},
        "vulnerable": incident.vulnerable, "countries": incident.countries,
        "places": incident.places, "first_report": incident.first_report,
        "last_report": incident.last_report, "sources_count": incident.sources_count,
        "timeline": [{"type": e.type, "date": e.date, "place": e.place, "country": e.country,
                      "people": e.people} for e in incident.events],
        "path": f"/incidents/{incident.id}",
        "reviewed": incident.reviewed_by is not None,
    }


def event_for(rule: WatchRule, change: Change, now: datetime) -> AlertEvent:
    """The event a rule gets for a change: title and the JSON sent to webhooks."""
    docs = [d for d in change.documents if not change.new_documents or d.id in change.new_documents]
    subject = change.incident.title if change.incident else (docs[0].title if docs else "")
    if change.incident and change.incident.reviewed_by is None:
        # assembled by the analyzer; no editor has checked it yet
        subject = f"{subject or 'untitled'} (unreviewed)"
    title = f"{_TITLES[change.kind]}: {subject or 'untitled'}"
    if change.kind == "status_changed" and change.incident:
        title = (f"{_TITLES[change.kind]} ({change.previous_status} → "
                 f"{change.incident.status}): {subject}")
    if change.kind == "silence":
        title = f"No news for {change.silent_days} days: {subject}"
    payload: dict[str, Any] = {
        "event": change.kind, "key": change.key, "title": title,
        "rule": {"id": rule.id, "name": rule.name}, "created_at": now.isoformat(),
        "incident": _incident_json(change.incident) if change.incident else None,
        "previous_status": change.previous_status, "silent_days": change.silent_days,
        "documents": [_doc_json(d) for d in docs[-10:]],
    }
    return AlertEvent(rule_id=rule.id or 0, key=change.key, kind=change.kind, title=title,
                      payload=payload, incident_id=change.incident.id if change.incident else None,
                      created_at=now)


def targets_of(rule: WatchRule) -> list[tuple[str, str]]:
    """(channel, target) pairs a rule delivers to; the Atom feed needs none."""
    found = []
    if rule.webhook_url:
        found.append(("webhook", rule.webhook_url))
    if rule.email:
        found.append(("email", rule.email))
    return found
