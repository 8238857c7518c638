"""Dense archives: few cities, common counts, many incidents a year must not chain into one."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import combinations

from incidentkit import one_by_one
from tumen.incidents import Report, build_incidents, load_rules
from tumen.models import Event, Evidence, Incident

NOW = datetime(2025, 1, 1)
RULES = load_rules()
CITIES = [("Shenyang", "CN"), ("Dandong", "CN"), ("Kunming", "CN"), ("Vientiane", "LA")]
COUNTS = [3, 5, 8, 12]  # no two nearly agree
STORY = [("arrest", 0), ("transfer", 12), ("repatriation", 60)]


def _told(rng: random.Random, day: date, people: int, place: tuple[str, str], doc: int,
          steps: list[tuple[str, int]]) -> Report:
    """One outlet's report of the first steps of an incident, or all (day or month dates)."""
    told = steps if rng.random() < 0.5 else steps[: rng.randrange(1, len(steps) + 1)]
    count = people + (1 if people >= 8 and rng.random() < 0.2 else 0)  # 8 vs 9 people
    events = [Event(type=kind, evidence=Evidence(kind, 0, len(kind)),
                    date=(day + timedelta(days=off)).isoformat()[:rng.choice((7, 10, 10))],
                    people=count, country=place[1], place=place[0]) for kind, off in told]
    published = day + timedelta(days=told[-1][1] + rng.randrange(1, 10))
    return Report(id=doc, events=events, published=published.isoformat(), url=f"u{doc}")


def dense(seed: int = 3, years: int = 3) -> tuple[list[Report], dict[int, int]]:
    """Reports of incidents in a few cities with a few counts, and the true incident of each.

    Incidents of one city and count follow each other every 45 to 120 days: far enough
    apart to be told apart, close enough for an arrest to "match" the next group's return
    months later, which is how single-link grouping chains them all into one.
    """
    rng = random.Random(seed)
    reports: list[Report] = []
    truth: dict[int, int] = {}
    incident = 0
    for place in CITIES:
        for people in COUNTS:
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(60))
            while day < date(2020 + years, 1, 1):
                incident += 1
                steps = STORY[: rng.choice((2, 3, 3))]
                for _ in range(rng.randrange(1, 4)):
                    truth[len(reports)] = incident
                    reports.append(_told(rng, day, people, place, len(reports), steps))
                day += timedelta(days=rng.randrange(45, 121))
    return reports, truth


def pairwise(incidents: list[Incident], truth: dict[int, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the incidents against the true grouping."""
    predicted = {p for i in incidents for p in combinations(sorted(i.documents), 2)}
    gold = {(a, b) for a, b in combinations(sorted(truth), 2) if truth[a] == truth[b]}
    hits = len(predicted & gold)
    return hits / max(1, len(predicted)), hits / max(1, len(gold))


def test_dense_reports_do_not_chain_into_one_incident() -> None:
    reports, truth = dense()
    assert 300 <= len(reports) <= 600
    incidents = build_incidents({r.id: r for r in reports}, NOW, RULES)
    precision, recall = pairwise(incidents, truth)
    # single-link grouping scored a precision near 0.6 here, with chains of 6-8 reports
    assert precision >= 0.95, precision
    assert recall >= 0.9, recall
    assert max(len(i.documents) for i in incidents) <= 4


def test_dense_incremental_in_any_order_equals_rebuild() -> None:
    reports, _ = dense(seed=11, years=1)
    full = build_incidents({r.id: r for r in reports}, NOW, RULES)
    order = reports[:]
    random.Random(2).shuffle(order)
    assert one_by_one(order, NOW, RULES) == full
