"""When events happened, as linking sees it: an undated step is bounded by its report's date."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import combinations

from tumen.incidents import Report, build_incidents, load_rules
from tumen.incidents.grouping import report_links
from tumen.incidents.matching import mentions
from tumen.incidents.pairing import linked, score
from tumen.models import Event, Evidence

NOW = datetime(2019, 5, 20)
RULES = load_rules()


def ev(kind: str, day: str | None, people: int | None = None, vulnerable: tuple[str, ...] = (),
       country: str | None = "CN", place: str | None = None, start: int = 0) -> Event:
    """A hand-built event as analysis would produce it."""
    return Event(type=kind, evidence=Evidence(f"{kind} {day}", start, start + 10), date=day,
                 people=people, vulnerable=list(vulnerable), country=country, place=place)


def report(doc: int, events: list[Event], published: str) -> Report:
    return Report(id=doc, events=events, published=published, source=f"outlet{doc}",
                  url=f"https://example.org/{doc}", title=f"report {doc}")


def groups(*reports: Report) -> list[list[int]]:
    return sorted(i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES))


def test_an_undated_step_retold_weeks_later_links_the_report_that_dated_it() -> None:
    """Twenty-six held in Yanji on 3 March, told the next day; a report of 2 May on a
    protest against their return says only that twenty-six were held in Yanji. Published
    two months later, the undated telling still happened on or before its report: the
    same count in the same city links them. With a date, it would have linked as well."""
    dated = report(1, [ev("arrest", "2018-03-03", 26, place="Yanji")], "2018-03-04")
    retold = report(2, [ev("arrest", None, 26, place="Yanji")], "2018-05-02")
    assert groups(dated, retold) == [[1, 2]]
    also_dated = report(2, [ev("arrest", "2018-03-03", 26, place="Yanji")], "2018-05-02")
    assert groups(dated, also_dated) == [[1, 2]]
    # two undated tellings, weeks apart, of the same count in the same city: one arrest
    first = report(1, [ev("arrest", None, 26, place="Yanji")], "2018-03-04")
    assert groups(first, retold) == [[1, 2]]


def test_publication_bounds_an_undated_step_from_above() -> None:
    """An undated arrest told on 2 May cannot be an arrest dated 20 May, nor one told a
    year before it (further back than a report retells with no date)."""
    retold = report(2, [ev("arrest", None, 26, place="Yanji")], "2018-05-02")
    later = report(1, [ev("arrest", "2018-05-20", 26, place="Yanji")], "2018-05-21")
    long_ago = report(1, [ev("arrest", "2017-04-10", 26, place="Yanji")], "2017-04-11")
    assert groups(retold, later) == [[1], [2]]
    assert groups(retold, long_ago) == [[1], [2]]
    # a later step may follow it: the return of the group told held on 2 May
    returned = report(1, [ev("repatriation", "2018-05-20", 26, place="Yanji")], "2018-05-21")
    assert groups(retold, returned) == [[1, 2]]


def test_a_late_fit_needs_more_than_the_threshold_a_near_date_gives() -> None:
    """An undated step whose days fit another report's only as told weeks after it
    happened scores one point less than the same pair told in the same weeks: its date
    agrees with the other no more than with any earlier case's."""
    dated = mentions(report(1, [ev("arrest", "2018-03-03", 26, place="Yanji")],
                            "2018-03-04"), RULES)[0]
    soon = mentions(report(2, [ev("arrest", None, 26, place="Yanji")], "2018-03-10"),
                    RULES)[0]
    late = mentions(report(2, [ev("arrest", None, 26, place="Yanji")], "2018-05-02"),
                    RULES)[0]
    s_soon, s_late = score(dated, soon, RULES), score(dated, late, RULES)
    assert s_soon is not None and s_late is not None
    assert s_late == s_soon + RULES.weights["told_late"] < s_soon
    # a shared city and a near count are not enough for a late telling
    nine = mentions(report(1, [ev("arrest", "2018-03-03", 9, place="Yanji")],
                           "2018-03-04"), RULES)[0]
    eight = [mentions(report(2, [ev("arrest", None, 8, place="Yanji")], day), RULES)[0]
             for day in ("2018-03-10", "2018-05-02")]
    assert linked(nine, eight[0], RULES) and not linked(nine, eight[1], RULES)


def test_a_late_telling_needs_a_place_in_common_not_only_a_country() -> None:
    """Seven held in Laos on 2 April, and seven told held in Laos, undated, in a report of
    late May: many groups are caught in one country in a season, so without dates that
    agree the country tells nothing. Told with the same town, they link."""
    dated = report(1, [ev("arrest", "2016-04-02", 7, country="LA")], "2016-04-03")
    late = report(2, [ev("arrest", None, 7, country="LA")], "2016-05-28")
    soon = report(2, [ev("arrest", None, 7, country="LA")], "2016-04-10")
    assert groups(dated, late) == [[1], [2]]
    assert groups(dated, soon) == [[1, 2]]
    for r in (dated, late):
        r.events[0].place = "Vientiane"
    assert groups(dated, late) == [[1, 2]]


def test_blocking_finds_undated_steps_told_months_after_the_dated_ones() -> None:
    """Candidate pairs miss no pair a full comparison links when undated steps reach
    weeks back before their reports and reports are published over months."""
    rng = random.Random(8)
    kinds = ["arrest", "transfer", "repatriation", "border_crossing"]
    start = date(2012, 1, 1)
    reports = []
    for doc in range(200):
        pub = start + timedelta(days=rng.randrange(240))
        events = []
        for n in range(rng.randint(1, 2)):
            day = pub - timedelta(days=rng.randrange(90))
            shown = rng.choice([None, None, day.isoformat(), day.isoformat()[:7]])
            events.append(ev(rng.choice(kinds), shown, rng.choice([31, 41, 24, 5]),
                             country="CN", place=rng.choice([None, "Shenyang"]), start=n * 20))
        reports.append(report(doc, events, pub.isoformat()))
    specific = {r.id: [m for m in mentions(r, RULES) if m.specific] for r in reports}
    specific = {d: ms for d, ms in specific.items() if ms}
    links = report_links(specific, RULES)
    full = {(x, y) for x, y in combinations(sorted(specific), 2)
            if any(linked(a, b, RULES) for a in specific[x] for b in specific[y])}
    late = {(x, y) for x, y in full if any(
        a.date is None or b.date is None for a in specific[x] for b in specific[y]
        if linked(a, b, RULES) and abs(a.hi - b.hi) > 30)}
    assert len(late) > 20 and full <= {(x, y) for x in links for y in links[x] if x < y}


def test_an_undated_step_is_placed_in_the_timeline_just_before_its_report() -> None:
    """Linking reaches back; the timeline still puts an undated step where its report
    does: after the other report's dated arrest, before its own publication."""
    dated = report(1, [ev("arrest", "2018-03-03", 26, place="Yanji")], "2018-03-04")
    retold = report(2, [ev("arrest", None, 26, place="Yanji"),
                        ev("repatriation", None, 26, start=30)], "2018-05-02")
    [one] = build_incidents({1: dated, 2: retold}, NOW, RULES)
    assert [e.type for e in one.events] == ["arrest", "repatriation"]
    assert one.status == "repatriated"


def test_a_report_known_to_the_month_bounds_an_undated_step_from_its_first_day() -> None:
    """A report dated only "May 2018" (a Japanese or Korean page often prints no day) may
    be of 1 May: its undated arrest of 26 in Yanji may be one dated 10 January, 120 days
    before the 1st, and its likely weeks begin 14 days before the 1st. A report dated only
    by its year reaches back from 1 January."""
    dated = report(1, [ev("arrest", "2018-01-10", 26, place="Yanji")], "2018-01-11")
    month = report(2, [ev("arrest", None, 26, place="Yanji")], "2018-05")
    assert groups(dated, month) == [[1, 2]]
    (m,) = mentions(month, RULES)
    assert m.lo == date(2018, 5, 1).toordinal() - RULES.undated_reach_days
    assert m.hi == date(2018, 5, 31).toordinal()
    assert m.recent_lo == date(2018, 5, 1).toordinal() - RULES.undated_window_days
    autumn = report(1, [ev("arrest", "2017-10-01", 26, place="Yanji")], "2017-10-02")
    year = report(2, [ev("arrest", None, 26, place="Yanji")], "2018")
    assert groups(autumn, year) == [[1, 2]]
    # the upper bound stays the last day the report may be of
    later = report(1, [ev("arrest", "2018-06-05", 26, place="Yanji")], "2018-06-06")
    assert groups(later, month) == [[1], [2]]
