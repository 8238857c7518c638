"""Seed 004 (an NGO's rescue page of teasers, read from ../shared) gives its two cases.

The page is a listing: the listing stage splits it into its teasers, analysis reads each,
assembly makes the incidents. Nothing of the seed is copied here; the test skips when the
shared folder is not next to this clone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tumen.config import Settings
from tumen.models import Incident
from tumen.pipeline import ingest
from tumen.store import open_store
from tumen.store.base import IncidentFilter
from tumen.web.queries import route_points

SEED = "004_5ee98fd2a8d04298.txt"


def _incidents(seeds: Path, settings: Settings) -> tuple[list[Incident], list[int]]:
    store = open_store(settings.db)
    try:
        report = ingest(store, settings, [str(seeds / SEED)])
        store.update_incidents(report.document_ids, datetime(2026, 1, 1, tzinfo=UTC))
        found, _ = store.list_incidents(IncidentFilter(limit=100))
        return found, report.document_ids
    finally:
        store.close()


def _one(found: list[Incident], country: str) -> Incident:
    (incident,) = [i for i in found if i.events and i.events[0].country == country]
    return incident


def test_seed_004_gives_the_vietnam_and_the_laos_incidents_with_routes(
        seeds: Path, settings: Settings) -> None:
    found, documents = _incidents(seeds, settings)
    assert len(documents) >= 4  # the teasers, not one page
    vietnam = _one(found, "VN")
    first = vietnam.events[0]
    assert (first.type, first.date, first.people) == ("arrest", "2015-10-22", 9)
    assert "infant" in vietnam.vulnerable and vietnam.status == "at_risk"
    # moved to Dongxing "a few days later", then to Shenyang on 16 November
    moves = [(e.place, e.date) for e in vietnam.events if e.type == "transfer" and e.place]
    assert moves == [("Dongxing", None), ("Shenyang", "2015-11-16")], moves
    assert len(vietnam.documents) == 2  # the UN note and the NGO statement: one case
    route = [p[2] for p in json.loads(route_points(vietnam))]
    assert route[0] == "Vietnam" and route.index("Dongxing") < route.index("Shenyang")

    laos = _one(found, "LA")
    assert [(e.type, e.date) for e in laos.events] == [
        ("arrest", "2013-05-10"), ("repatriation", "2013-05-27")]
    assert laos.status == "repatriated" and laos.people_max == 9
    assert [p[2] for p in json.loads(route_points(laos))] == ["Laos", "China", "North Korea"]
    # the fundraising and event teasers make no incident
    assert {d for i in found for d in i.documents} == set(vietnam.documents + laos.documents)
