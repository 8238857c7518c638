"""The normalised rows an analysis becomes (topics, events, statistics, countries), per backend."""

from __future__ import annotations

import json
from typing import Any

from tumen.models import Analysis

FACT_TABLES = ("document_topics", "events", "statistics", "document_countries")

# Portable SQL with `?` placeholders (PostgreSQL stores convert them to %s).
_INSERTS = {
    "document_topics": "INSERT INTO document_topics VALUES (?, ?) ON CONFLICT DO NOTHING",
    "events": "INSERT INTO events (document_id, type, date, people, vulnerable, country, place, "
              "evidence, evidence_start, evidence_end, confidence) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "statistics": "INSERT INTO statistics (document_id, measure, country, period, value, "
                  "evidence) VALUES (?, ?, ?, ?, ?, ?)",
    "document_countries": "INSERT INTO document_countries VALUES (?, ?) ON CONFLICT DO NOTHING",
}


def fact_inserts(doc_id: int, analysis: Analysis) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """(INSERT statement, rows) for each fact table, after the old rows are deleted."""
    countries = {e.country for e in analysis.entities if e.country}
    countries |= {e.country for e in analysis.events if e.country}
    rows: dict[str, list[tuple[Any, ...]]] = {
        "document_topics": [(doc_id, t) for t in analysis.topics],
        "events": [(doc_id, e.type, e.date, e.people, json.dumps(e.vulnerable), e.country,
                    e.place, e.evidence.text, e.evidence.start, e.evidence.end, e.confidence)
                   for e in analysis.events],
        "statistics": [(doc_id, s.measure, s.country, s.period, s.value, s.evidence.text)
                       for s in analysis.statistics],
        "document_countries": [(doc_id, c) for c in sorted(countries)],
    }
    return [(_INSERTS[table], rows[table]) for table in FACT_TABLES if rows[table]]
