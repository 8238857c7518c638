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
                  "evidence, evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        "statistics": [(doc_id, s.measure, s.country, s.period, s.value, s.evidence.text,
                        s.evidence.start, s.evidence.end) for s in analysis.statistics],
        "document_countries": [(doc_id, c) for c in sorted(countries)],
    }
    return [(_INSERTS[table], rows[table]) for table in FACT_TABLES if rows[table]]


# Documents read per batch when filling statistic offsets from stored analyses.
FILL_BATCH = 500


def fill_statistic_offsets(conn: Any, mark: str) -> int:
    """Offsets of the statistics stored before migration 0023; return how many rows got them."""
    # A document's statistic rows were written from its stored analysis, in its order: a
    # row takes the offsets of the analysis's statistic at its place when the two agree on
    # measure, value and sentence (else it keeps none, as a figure whose place is unknown).
    last, filled = 0, 0
    while True:
        docs = conn.execute(
            f"SELECT id, analysis FROM documents WHERE id > {mark} AND id IN "
            f"(SELECT document_id FROM statistics) ORDER BY id LIMIT {mark}",
            (last, FILL_BATCH)).fetchall()
        if not docs:
            return filled
        for doc in docs:
            filled += _fill_document(conn, mark, int(doc[0]), doc[1])
        last = int(docs[-1][0])


def _fill_document(conn: Any, mark: str, doc_id: int, stored: Any) -> int:
    """Offsets for one document's statistic rows from its stored analysis (JSON or JSONB)."""
    data = json.loads(stored) if isinstance(stored, str) else stored or {}
    rows = conn.execute(f"SELECT id, measure, value, evidence FROM statistics "
                        f"WHERE document_id = {mark} ORDER BY id", (doc_id,)).fetchall()
    updates = [(s["evidence"]["start"], s["evidence"]["end"], row[0])
               for row, s in zip(rows, data.get("statistics", []), strict=False)
               if (row[1], row[2], row[3]) == (s["measure"], s["value"], s["evidence"]["text"])]
    if updates:
        conn.cursor().executemany(f"UPDATE statistics SET evidence_start = {mark}, "
                                  f"evidence_end = {mark} WHERE id = {mark}", updates)
    return len(updates)
