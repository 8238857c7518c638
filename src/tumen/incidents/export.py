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
