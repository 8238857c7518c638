"""Read-only aggregates for the dashboard, statistics page and API, beyond the Store protocol."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from types import SimpleNamespace
from typing import Any

from tumen.models import Incident
from tumen.store import Store

ARRIVALS_CSV = "data/statistics/arrivals.csv"


@dataclass
class Arrival:
    """One official yearly figure of arrivals in South Korea with its source."""

    year: int
    arrivals: int
    source: str
    source_url: str
    note: str = ""


def _rows(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of a read-only SQL query, or none when the backend offers no SQL access."""
    execute = getattr(store, "execute", None)
    if execute is None:
        return []
    return [tuple(r) for r in execute(sql, params).fetchall()]


def load_arrivals() -> list[Arrival]:
    """The curated Ministry of Unification yearly arrivals shipped with the package."""
    text = resources.files("tumen").joinpath(ARRIVALS_CSV).read_text(encoding="utf-8")
    return [
        Arrival(year=int(r["year"]), arrivals=int(r["arrivals"]), source=r["source"],
                source_url=r["source_url"], note=r.get("note") or "")
        for r in csv.DictReader(text.splitlines())
    ]


def latest_documents(store: Store, limit: int = 10) -> list[tuple[Any, ...]]:
    """(id, title, published, source, author, url, pinned) of the newest dated documents
    (indexed)."""
    return _rows(
        store,
        "SELECT id, title, published, source, author, url, pinned FROM documents "
        "WHERE published IS NOT NULL ORDER BY published DESC, id DESC LIMIT ?",
        (limit,),
    )


def topics_latest_month(
    store: Store, today: datetime | None = None
) -> tuple[str | None, list[tuple[str, int]]]:
    """("YYYY-MM", reports per topic) of the latest month up to today that has reports
    (this month when it has any); (None, []) for an archive of undated reports."""
    now = (today or datetime.now(UTC)).strftime("%Y-%m-%d")
    latest = _rows(store, "SELECT max(substr(published, 1, 7)) FROM documents "
                          "WHERE length(published) >= 7 AND published <= ?", (now,))
    month = str(latest[0][0]) if latest and latest[0][0] else None
    if month is None:
        return None, []
    rows = _rows(
        store,
        "SELECT t.topic, count(*) FROM documents d JOIN document_topics t ON t.document_id = d.id "
        "WHERE d.published >= ? AND d.published < ? GROUP BY t.topic ORDER BY 2 DESC, 1",
        (f"{month}-01", f"{month}-99"),
    )
    return month, [(str(r[0]), int(r[1])) for r in rows]


def topic_counts(store: Store) -> dict[str, int]:
    """Documents per topic over the whole archive."""
    rows = _rows(store, "SELECT topic, count(*) FROM document_topics GROUP BY topic")
    return {str(r[0]): int(r[1]) for r in rows}


def extracted_statistics(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Figures read from documents, newest period first, each with its document."""
    rows = _rows(
        store,
        "SELECT s.measure, s.country, s.period, s.value, s.evidence, d.id, d.title, d.source, "
        "d.published FROM statistics s JOIN documents d ON d.id = s.document_id "
        "ORDER BY s.period DESC, s.id DESC LIMIT ?",
        (limit,),
    )
    keys = ("measure", "country", "period", "value", "evidence", "document_id", "title",
            "source", "published")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def forced_returns_per_year(store: Store) -> list[tuple[str, int, int]]:
    """(year, reports, people) of forced returns by the year they happened, every year from
    the first to the last (0 for a year without any). The people of an incident are
    counted once a year however many reports retell them; a report's return that is in
    no incident counts on its own."""
    owners = event_incidents(store)
    people: dict[tuple[object, str], int] = {}
    reports: dict[str, set[int]] = {}
    # an undated return is placed in the year its report was published
    for doc, date, count, evidence in _rows(
            store, "SELECT e.document_id, coalesce(e.date, d.published), e.people, e.evidence "
                   "FROM events e JOIN documents d ON d.id = e.document_id "
                   "WHERE e.type = 'repatriation' AND coalesce(e.date, d.published) IS NOT NULL"):
        year = str(date)[:4]
        who = owners.get((int(doc), "repatriation", str(evidence)), (int(doc), str(evidence)))
        people[(who, year)] = max(people.get((who, year), 0), int(count or 0))
        reports.setdefault(year, set()).add(int(doc))
    years = sorted(y for y in reports if y.isdigit())
    if not years:
        return []
    totals: dict[str, int] = {}
    for (_, year), count in people.items():
        totals[year] = totals.get(year, 0) + count
    every = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    return [(y, len(reports.get(y, ())), totals.get(y, 0)) for y in every]


def event_incidents(store: Store, cap: int = 100_000) -> dict[tuple[int, str, str], int]:
    """The public incident each event went into, by (document id, event type, evidence
    sentence): how the assembly itself recognises a report's event in a timeline step."""
    owners: dict[tuple[int, str, str], int] = {}
    offset = 0
    while offset < cap:
        items, _ = list_incidents(store, limit=500, offset=offset)
        for incident in items:
            for step in incident.events:
                for doc in step.documents:
                    for evidence in step.evidence:
                        owners.setdefault((doc, step.type, evidence), incident.id or 0)
        if len(items) < 500:
            break
        offset += 500
    return owners


def events_by_country_year(store: Store, kind: str = "arrest") -> list[tuple[str, str, int]]:
    """(country, year, reports) of one event type, for when incidents are not assembled."""
    rows = _rows(
        store,
        "SELECT country, substr(date, 1, 4) AS y, count(*) FROM events "
        "WHERE type = ? AND country IS NOT NULL AND date IS NOT NULL "
        "GROUP BY country, y ORDER BY y, country",
        (kind,),
    )
    return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]


def incident_filter(**fields: Any) -> Any:
    """An IncidentFilter from the store package, or a look-alike until it exists."""
    from tumen.store import base

    cls = getattr(base, "IncidentFilter", None)
    if cls is None:
        return SimpleNamespace(**{"status": None, "country": None, "urgency": None,
                                  "since": None, "limit": 20, "offset": 0,
                                  "hide_withheld": False, **fields})
    return cls(**fields)


def list_incidents(
    store: Store, *, include_withheld: bool = False, **fields: Any
) -> tuple[list[Incident], int]:
    """A page of incidents (most urgent first) without those staff withheld, unless asked."""
    lister = getattr(store, "list_incidents", None)
    if lister is None:
        return [], 0
    # every public list, feed, export and chart goes through here: withheld incidents
    # (e.g. a group in transit) must never reach them, nor shift a total or a page
    items, total = lister(incident_filter(hide_withheld=not include_withheld, **fields))
    return list(items), int(total)


def urgent_incidents(store: Store, now: datetime, limit: int = 8) -> list[Incident]:
    """Incidents urgent at `now`: urgency recomputed for today (a stored score ages: a case
    urgent last year is history now), most urgent first, only those at an urgent level."""
    from tumen.incidents import load_rules, urgency
    from tumen.incidents.urgency import urgent_now

    rules = load_rules()
    items, _ = list_incidents(store, limit=200, offset=0)
    for incident in items:
        incident.urgency_score, incident.urgency_level = urgency(incident, now, rules)
    live = [i for i in items if urgent_now(i, rules)]
    return sorted(live, key=lambda i: -i.urgency_score)[:limit]


def get_incident(store: Store, incident_id: int) -> Incident | None:
    """One incident, or None."""
    getter = getattr(store, "get_incident", None)
    return getter(incident_id) if getter else None


def incident_documents(store: Store, incident_id: int) -> list[Any]:
    """The documents that report an incident."""
    getter = getattr(store, "incident_documents", None)
    return list(getter(incident_id)) if getter else []


def incident_actions(store: Store, incident_id: int) -> list[Any]:
    """What staff did to an incident (public part only)."""
    getter = getattr(store, "list_incident_actions", None)
    return list(getter(incident_id)) if getter else []


def incidents_by_country_year(store: Store, cap: int = 5000) -> list[tuple[str, str, int]]:
    """(country, year of first report, incidents) over the assembled incidents."""
    counts: dict[tuple[str, str], int] = {}
    items, _ = list_incidents(store, limit=cap, offset=0)
    for inc in items:
        year = (inc.first_report or "")[:4] or "unknown"
        for country in inc.countries or ["??"]:
            counts[(country, year)] = counts.get((country, year), 0) + 1
    return sorted(((c, y, n) for (c, y), n in counts.items()), key=lambda r: (r[1], r[0]))


def place_point(name: str | None) -> tuple[float, float] | None:
    """(lat, lon) of a gazetteer place, or None when unknown."""
    if not name:
        return None
    try:
        from tumen.analyze.gazetteer import place_coordinates
    except ImportError:
        return None
    try:
        return place_coordinates(name)
    except Exception:  # a gazetteer problem must not break a page
        return None


def country_name(code: str) -> str | None:
    """The gazetteer's name of a country code ('VN' -> 'Vietnam'), None when unknown."""
    try:
        from tumen.analyze.gazetteer import load_gazetteer
    except ImportError:
        return None
    return next((p.name for p in load_gazetteer().places
                 if p.kind == "country" and p.country == code), None)


def route_points(incident: Incident) -> str:
    """The incident's timeline places in order as JSON [[lon, lat, label], ...] for the map.

    A step known only by its country (arrested in Vietnam) is drawn at the country, unless
    another step names a place there (a transfer within China drawn at Dongxing, not in
    the middle of China); a forced return goes on to where it took the people."""
    from tumen.incidents import load_rules
    from tumen.incidents.urgency import returned_to

    rules = load_rules()
    placed = {e.country for e in incident.events if e.place}
    names: list[str] = []
    for e in incident.events:
        if e.place:
            names.append(e.place)
        elif e.country and e.country not in placed:
            names.append(country_name(e.country) or e.country)
        names += [country_name(c) or c for c in returned_to(e, rules)]
    points: list[list[Any]] = []
    for name in names or list(incident.places):
        point = place_point(name)
        if point is None:
            continue
        entry = [round(point[1], 4), round(point[0], 4), name]
        if not points or points[-1] != entry:
            points.append(entry)
    return json.dumps(points, ensure_ascii=False)
