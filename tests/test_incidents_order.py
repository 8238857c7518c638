"""Assembly is a function of the reports, not of the order they came in."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from incidentkit import NOW, RULES, ev, one_by_one, report
from tumen.incidents import Report, build_incidents
from tumen.models import Event, Incident


def test_a_report_ends_in_the_incident_most_of_its_links_point_to() -> None:
    """An undated report of eight held in Shenyang links three dated ones: nine held there
    on 2 April, and eight on 10 April told by two outlets (days further apart than outlets
    disagree by, and other counts: those contradict the first). It belongs with the two
    it agrees with on the count, not with the one it happens to be read beside first."""
    undated = report(1, [ev("arrest", None, 8, place="Shenyang")], "2019-04-12")
    early = report(2, [ev("arrest", "2019-04-02", 9, place="Shenyang")], "2019-04-03")
    later = [report(n, [ev("arrest", "2019-04-10", 8, place="Shenyang")], "2019-04-11")
             for n in (3, 4)]
    reports = {r.id: r for r in (undated, early, *later)}
    assert sorted(i.documents for i in build_incidents(reports, NOW, RULES)) == [[1, 3, 4], [2]]


# a few cases of one season in two cities, told by outlets that count and date differently
STEPS = [("arrest", "2019-03-02", 7, "Shenyang"), ("arrest", "2019-03-02", 8, "Shenyang"),
         ("arrest", None, 7, "Shenyang"), ("arrest", "2019-03-09", 7, "Shenyang"),
         ("transfer", "2019-03-20", 7, "Dandong"), ("repatriation", "2019-04", 8, None),
         ("arrest", "2019-03-05", 3, "Yanji"), ("arrest", None, 3, "Yanji"),
         ("repatriation", "2019-03-28", 3, "Tumen"), ("arrest", "2019-03", None, "Yanji")]


@st.composite
def archives(draw: st.DrawFn) -> tuple[list[Report], list[int]]:
    """Two to seven reports of one or two of those steps each, and an ingestion order."""
    told = draw(st.lists(st.lists(st.sampled_from(range(len(STEPS))), min_size=1, max_size=2,
                                  unique=True), min_size=2, max_size=7))
    reports = []
    for n, steps in enumerate(told, start=1):
        events: list[Event] = []
        for k, s in enumerate(steps):
            kind, day, people, place = STEPS[s]
            events.append(ev(kind, day, people, place=place, start=40 * k))
        reports.append(report(n, events, draw(st.sampled_from(
            ["2019-03-12", "2019-03-29", "2019-04-15"]))))
    return reports, draw(st.permutations(range(len(reports))))


def _groups(incidents: list[Incident], url: dict[int, str]) -> list[tuple[str, list[str]]]:
    """Each incident as its key and its reports' addresses."""
    return sorted((i.key, sorted(url[d] for d in i.documents)) for i in incidents)


@settings(max_examples=80, deadline=None)
@given(archives())
def test_any_ingestion_order_and_numbering_gives_the_same_incidents(
        archive: tuple[list[Report], list[int]]) -> None:
    """Reports ingested one at a time in any order, numbered as a database numbers them
    (by arrival), give the incidents of a rebuild over all of them: same reports together,
    same keys."""
    reports, order = archive
    full = build_incidents({r.id: r for r in reports}, NOW, RULES)
    arrived = [replace(reports[n], id=100 + k) for k, n in enumerate(order)]
    incremental = one_by_one(arrived, NOW, RULES)
    assert _groups(incremental, {r.id: r.url or "" for r in arrived}) == _groups(
        full, {r.id: r.url or "" for r in reports})
