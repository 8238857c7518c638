"""Incidents as JSON for the command line, the API and exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tumen.models import Document, Incident


def _people(incident: Incident) -> dict[str, int | None]:
    """The count with its range when reports disagree."""
    lo, hi = incident.people_min, incident.people_max
    return {"min": lo, "max": hi, "count": hi if lo == hi else None}


def incident_to_json(incident: Incident, documents: Sequence[Document]) -> dict[str, Any]:
    """One incident with its timeline and the documents that report it."""
    return {
        "id": incident.id,
        "key": incident.key,
        "title": incident.title,
        "status": incident.status,
        "urgency": {"level": incident.urgency_level, "score": incident.urgency_score},
        "people": _people(incident),
        "vulnerable": list(incident.vulnerable),
        "countries": list(incident.countries),
        "places": list(incident.places),
        "events": [
            {"type": e.type, "date": e.date, "place": e.place, "country": e.country,
             "people": e.people, "documents": list(e.documents), "evidence": list(e.evidence)}
            for e in incident.events
        ],
        "documents": [
            {"id": d.id, "title": d.title, "url": d.url, "date": d.published, "source": d.source}
            for d in documents
        ],
        "first_report": incident.first_report,
        "last_report": incident.last_report,
        "sources_count": incident.sources_count,
        "conflicts": list(incident.conflicts),
    }


def review_set(reviewed: Sequence[tuple[Incident, Sequence[Document]]]) -> dict[str, Any]:
    """Reviewed incidents in the evaluation's format (tests/fixtures/incidents): documents
    `{id, url, source, title, published, language, text}` and a gold file whose incidents
    list their documents, so `python -m tumen.eval incidents --fixtures DIR` counts them."""
    docs: dict[str, dict[str, Any]] = {}
    gold = []
    for incident, documents in reviewed:
        names = []
        for d in documents:
            name = f"doc{d.id}"
            names.append(name)
            docs[name] = {"id": name, "url": d.url, "source": d.source, "title": d.title,
                          "published": d.published, "language": d.language, "text": d.text,
                          "synthetic": False}
        gold.append({"id": incident.key, "summary": incident.title, "status": incident.status,
                     "people": incident.people_max, "countries": list(incident.countries),
                     "documents": sorted(names), "reviewed_by": incident.reviewed_by,
                     "events": [{"type": e.type, "date": e.date, "people": e.people,
                                 "country": e.country, "place": e.place}
                                for e in incident.events]})
    return {"docs": [docs[k] for k in sorted(docs)],
            "gold": {"incidents": gold, "distractors": []}}
