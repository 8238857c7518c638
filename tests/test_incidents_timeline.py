"""An incident's timeline: which steps of a report are kept, and in what order."""

from __future__ import annotations

from dataclasses import replace

from incidentkit import NOW, RULES, ev, report
from tumen.incidents import Report, build_incidents


def test_undated_steps_of_an_undated_report_are_kept_within_its_dated_steps() -> None:
    """A teaser on a listing page has no date: its undated transfer stays in the timeline."""
    teaser = Report(id=1, published=None, url="u1", events=[
        ev("arrest", "2015-10-22", 9, ("infant",), "VN"),
        ev("transfer", None, 9, country="CN", place="Dongxing", start=20),
        ev("transfer", "2015-11-17", 9, country="CN", place="Shenyang", start=40)])
    (incident,) = build_incidents({1: teaser}, NOW, RULES)
    assert [(e.type, e.place) for e in incident.events] == [
        ("arrest", None), ("transfer", "Dongxing"), ("transfer", "Shenyang")]
    assert incident.events[1].date is None


def test_a_step_weeks_after_a_teasers_own_first_date_is_kept_not_after_a_dateline() -> None:
    teaser = report(1, [ev("arrest", "2013-05-10", 9, country="LA"),
                        ev("repatriation", "2013-05-27", 9, country="LA", start=20),
                        ev("repatriation", "2014-05-27", 9, country="LA", start=40)],
                    "2013-05-10")
    (incident,) = build_incidents({1: teaser}, NOW, RULES)
    assert [(e.type, e.date) for e in incident.events] == [
        ("arrest", "2013-05-10"), ("repatriation", "2013-05-27")]
    teaser.published = "2013-05-12"  # a real dateline: a later step is a plan or misread
    (incident,) = build_incidents({1: teaser}, NOW, RULES)
    assert [(e.type, e.date) for e in incident.events] == [("arrest", "2013-05-10")]


def test_an_undated_step_told_between_two_dated_ones_comes_between_them() -> None:
    events = [ev("arrest", "2015-10-22", 9, country="VN"),
              ev("transfer", None, 9, country="CN", place="Dongxing", start=20),
              ev("transfer", "2015-11-16", 9, country="CN", place="Shenyang", start=40)]
    (incident,) = build_incidents({1: report(1, events, "2015-12-01")}, NOW, RULES)
    assert [e.place for e in incident.events] == [None, "Dongxing", "Shenyang"]


def test_an_undated_arrest_told_with_a_dated_return_comes_before_it() -> None:
    """"Sixty held in China were sent back on the 9th", the arrest told with no date in a
    report of the 31st: the arrest is the return's first step, not news after it, so the
    people are repatriated, not detained."""
    told = report(1, [ev("repatriation", "2023-10-09", 60, place="Dandong"),
                      ev("arrest", None, 60, start=40)], "2023-10-31")
    (incident,) = build_incidents({1: told}, NOW, RULES)
    assert [e.type for e in incident.events] == ["arrest", "repatriation"]
    assert incident.status == "repatriated"


def test_an_undated_arrest_comes_before_a_return_one_report_dates_and_another_does_not() -> None:
    """One outlet dates the return of the 60 to the 9th, another tells it undated, and a
    third tells their arrest undated weeks later: the return is dated, the arrest its first
    step (the status is the return's)."""
    dated = report(1, [ev("repatriation", "2023-10-09", 60, place="Dandong")], "2023-10-10")
    undated = report(2, [ev("repatriation", None, 60, place="Dandong")], "2023-10-12")
    arrest = report(3, [ev("arrest", None, 60)], "2023-10-31")
    (incident,) = build_incidents({1: dated, 2: undated, 3: arrest}, NOW, RULES)
    assert [e.type for e in incident.events] == ["arrest", "repatriation"]
    assert incident.status == "repatriated"


def test_a_step_begun_without_a_place_does_not_join_two_cities() -> None:
    """A report's undated, placeless transfer joins one city's transfer, not both: once its
    step holds a place, a transfer to another city is another step."""
    first = report(1, [ev("arrest", "2016-03-02", 6, country="VN"),
                       ev("transfer", None, 6, country="CN", start=20)], "2016-04-01")
    second = report(2, [ev("arrest", "2016-03-02", 6, country="VN"),
                        ev("transfer", None, 6, country="CN", place="Pingxiang", start=20),
                        ev("transfer", "2016-03-20", 6, country="CN", place="Dalian", start=40)],
                    "2016-04-02")
    (incident,) = build_incidents({1: first, 2: second}, NOW, RULES)
    moves = [(e.place, e.date) for e in incident.events if e.type == "transfer"]
    assert moves == [("Pingxiang", None), ("Dalian", "2016-03-20")], moves


def test_a_step_in_the_country_a_return_took_them_from_comes_before_the_return() -> None:
    """A report misreads "they had got as far as Laos in May" as reaching safety there;
    others date the arrest in Laos and the return from Laos on the 27th. The month
    overlaps the return's day, but the returned are no longer in Laos: the return is the
    last step and the people are repatriated, not safe."""
    arrived = report(1, [ev("reached_safety", "2013-05", 9, country="LA")], "2013-07-01")
    returned = report(2, [ev("arrest", "2013-05-10", 9, country="LA"),
                          ev("repatriation", "2013-05-27", 9, country="LA", start=20)],
                      "2013-05-29")
    (incident,) = build_incidents({1: arrived, 2: returned}, NOW, RULES)
    assert incident.status == "safe"  # stored switched off (status.return_leaves_country)
    switched = replace(RULES, return_leaves_country=True)
    (incident,) = build_incidents({1: arrived, 2: returned}, NOW, switched)
    assert incident.events[-1].type == "repatriation"
    assert incident.status == "repatriated"
