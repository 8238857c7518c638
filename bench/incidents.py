"""Time incident assembly over synthetic documents: `python -m bench incidents [N] [SHARE]`.

(Also `python bench/incidents.py [N] [SHARE]`.)  The baseline, measured in the same run on
the same reports, is an exact-key grouping: reports whose first event has a count of people
grouped by (country, place, count, month of the first event's date); background reports
make no group.  It shows what the rules buy over the obvious key, in quality and in time.

A share of the documents (5% by default, 2,000 incidents over 20 years at N=100,000) report
one of many incidents (1-4 reports each, counts and dates that sometimes disagree); the rest
carry only general events (no count, no group, a year).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/incidents.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import loadavg, machine, table
from tumen.incidents import Report, build_incidents, load_rules
from tumen.models import Event, Evidence

PLACES = [(f"{city}", country) for country, cities in (
    ("CN", ["Shenyang", "Dandong", "Yanji", "Tumen", "Kunming", "Qingdao", "Changchun", "Hunchun",
            "Longjing", "Helong", "Changbai", "Jilin", "Harbin", "Dalian", "Beijing", "Shanghai",
            "Nanning", "Jinghong", "Mohan", "Tianjin", "Yantai", "Mudanjiang"]),
    ("LA", ["Vientiane", "Luang Namtha", "Bokeo", "Oudomxay"]),
    ("VN", ["Hanoi", "Ho Chi Minh City", "Lao Cai"]), ("TH", ["Bangkok", "Chiang Rai", "Mae Sai"]),
    ("MN", ["Ulaanbaatar"]), ("KH", ["Phnom Penh"]), ("MM", ["Tachileik"]))
    for city in cities] + [(None, "CN")]
STORY = [("arrest", 0), ("transfer", 12), ("repatriation", 60)]
GROUPS = ["child", "woman", "teen", "elderly", "infant"]


def _event(kind: str, day: date, people: int | None, vulnerable: list[str],
           place: tuple[str | None, str], rng: random.Random) -> Event:
    shown = day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]
    return Event(type=kind, evidence=Evidence(f"{kind} of {people}", 0, 20), date=shown,
                 people=people, vulnerable=vulnerable, country=place[1], place=place[0])


def _background(rng: random.Random, start: date, doc: int) -> Report:
    """A report with a general event: no count, no group, only a year."""
    pub = start + timedelta(days=rng.randrange(20 * 365))
    ev = Event(type=rng.choice(["repatriation", "arrest"]), date=str(pub.year),
               evidence=Evidence("general", 0, 7))
    return Report(id=doc, events=[ev], published=pub.isoformat())


def synthetic(n: int, share: float = 0.3, seed: int = 7) -> tuple[list[Report], dict[int, int]]:
    """n reports (incidents told by 1-4 outlets, and background) and the true incident of each."""
    rng = random.Random(seed)
    start = date(2005, 1, 1)
    reports: list[Report] = []
    truth: dict[int, int] = {}
    incident = 0
    while len(reports) < n:
        if rng.random() > share:
            reports.append(_background(rng, start, len(reports)))
            continue
        incident += 1
        day = start + timedelta(days=rng.randrange(20 * 365))
        people = rng.choice([1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 50])
        vulnerable = rng.sample(GROUPS, rng.randrange(3))
        place = rng.choice(PLACES)
        steps = STORY[: rng.randrange(1, 4)]
        for _ in range(rng.randrange(1, 5)):
            if len(reports) >= n:
                break
            told = steps[: rng.randrange(1, len(steps) + 1)]
            count = people + (1 if rng.random() < 0.1 else 0)
            events = [_event(k, day + timedelta(days=off), count, vulnerable, place, rng)
                      for k, off in told]
            pub = day + timedelta(days=told[-1][1] + rng.randrange(1, 10))
            truth[len(reports)] = incident
            reports.append(Report(id=len(reports), events=events, published=pub.isoformat(),
                                  source=f"outlet{rng.randrange(40)}", url=f"u{len(reports)}"))
    return reports, truth


def pairwise_scores(groups: list[list[int]], truth: dict[int, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of predicted groups against the true incidents."""
    by_truth: dict[int, int] = {}
    for t in truth.values():
        by_truth[t] = by_truth.get(t, 0) + 1
    gold = sum(k * (k - 1) // 2 for k in by_truth.values())
    predicted = sum(len(g) * (len(g) - 1) // 2 for g in groups)
    hits = 0
    for g in groups:
        counts: dict[int, int] = {}
        for d in g:
            if d in truth:
                counts[truth[d]] = counts.get(truth[d], 0) + 1
        hits += sum(k * (k - 1) // 2 for k in counts.values())
    p, r = hits / max(1, predicted), hits / max(1, gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise_f1(groups: list[list[int]], truth: dict[int, int]) -> float:
    """Pairwise F1 of predicted groups against the true incidents."""
    return pairwise_scores(groups, truth)[2]


def exact_key_groups(reports: list[Report]) -> list[list[int]]:
    """The baseline: reports grouped on (country, place, people, month) of their first event."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for report in reports:
        first = report.events[0] if report.events else None
        if first is None or first.people is None:
            continue
        key = (first.country, first.place, first.people, (first.date or "")[:7])
        groups.setdefault(key, []).append(report.id)
    return list(groups.values())


def main(argv: list[str]) -> int:
    """Generate, assemble, print the timing and the grouping quality beside the baseline."""
    n = int(argv[0]) if argv else 100_000
    share = float(argv[1]) if len(argv) > 1 else 0.05  # reports about a specific incident
    reports, truth = synthetic(n, share)
    rules = load_rules()
    began = time.perf_counter()
    naive = exact_key_groups(reports)
    naive_took = time.perf_counter() - began
    began = time.perf_counter()
    incidents = build_incidents({r.id: r for r in reports}, datetime(2025, 1, 1), rules)
    took = time.perf_counter() - began
    rows = []
    for name, groups, seconds in (
        ("exact key (country, place, count, month) (baseline)", naive, naive_took),
        ("tumen.incidents.build_incidents", [i.documents for i in incidents], took),
    ):
        p, r, f1 = pairwise_scores(groups, truth)
        rows.append((name, len(groups), seconds, n / seconds, p, r, f1))
    print(f"## Incident assembly ({n:,} synthetic documents, {len(truth):,} of them about "
          f"{len(set(truth.values())):,} incidents; {machine()})\n")
    print(table(["method", "groups", "seconds", "docs/s", "pairwise P", "pairwise R",
                 "pairwise F1"], rows))
    print(f"\ntarget: under 300 s for 100,000 documents; {loadavg()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
