"""Assembly of events into incidents: grouping, status, urgency, determinism."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from itertools import combinations

from tumen.incidents import Report, assemble, build_incidents, incident_to_json, load_rules
from tumen.incidents.grouping import contradict, report_links, report_score
from tumen.incidents.matching import linked, mentions, near_places, score
from tumen.incidents.urgency import urgency
from tumen.models import Document, Event, Evidence, Incident

NOW = datetime(2019, 5, 20)
RULES = load_rules()


def ev(kind: str, date: str | None, people: int | None = None, vulnerable: tuple[str, ...] = (),
       country: str | None = "CN", place: str | None = None, start: int = 0) -> Event:
    """A hand-built event as analysis would produce it."""
    return Event(type=kind, evidence=Evidence(f"{kind} on {date}", start, start + 10), date=date,
                 people=people, vulnerable=list(vulnerable), country=country, place=place)


def report(doc: int, events: list[Event], published: str, source: str = "",
           text: str = "") -> Report:
    return Report(id=doc, events=events, published=published, source=source or f"outlet{doc}",
                  url=f"https://example.org/{doc}", text=text, title=f"report {doc}")


def corpus() -> list[Report]:
    """Two incidents, a statistic-like report and a general statement."""
    return [
        report(1, [ev("arrest", "2019-04-27", 7, ("child", "woman"), place="Shenyang")],
               "2019-05-02", text="Relatives fear they will be repatriated within weeks."),
        report(2, [ev("arrest", "2019-04-27", 8, ("child",), place="Shenyang")], "2019-05-03"),
        report(3, [ev("transfer", "2019-05-10", 7, place="Dandong")], "2019-05-12"),
        report(4, [ev("reached_safety", "2019-05-01", 3, ("woman",), "TH", "Bangkok")],
               "2019-05-06"),
        report(5, [ev("reached_safety", "2019-05-02", 3, (), "TH", "Bangkok")], "2019-05-07",
               source="outlet4"),
        # "China repatriates North Koreans every year": no count, no group, no date
        report(6, [ev("repatriation", None)], "2019-05-10"),
        report(7, [ev("repatriation", "2018")], "2019-05-10"),
        report(8, [], "2019-05-10"),
    ]


def by_docs(incidents: list[Incident]) -> dict[tuple[int, ...], Incident]:
    return {tuple(i.documents): i for i in incidents}


def test_title_names_the_first_step_then_where_the_people_are_now() -> None:
    [one] = build_incidents({1: report(1, [
        ev("border_crossing", "2015-09", 9, place="Tumen River"),
        ev("arrest", "2015-10", 9, country="VN"),
        ev("repatriation", "2015-11", 9, country="VN"),
        ev("death", "2015-12", 1, country="CN"),
    ], "2015-12-20")}, NOW, RULES)
    # a crossing names its country only (the river is not a place one crosses "into");
    # the death is not where the survivors are; the date is the first step's
    assert one.title == ("9 people crossed the border into China, then forcibly returned "
                         "from Vietnam (2015-09)")
    [same] = build_incidents({2: report(2, [ev("arrest", "2019-04-27", 7, place="Yanji"),
                                            ev("arrest", "2019-04-28", 7, place="Yanji")],
                                        "2019-05-02")}, NOW, RULES)
    assert same.title == "7 people arrested in Yanji, China (2019-04)"


def test_a_step_is_never_placed_in_a_city_of_another_country() -> None:
    # one outlet puts the arrival in the city the group left (Ningbo), two in the South:
    # the step is in South Korea, and no title or timeline says "Ningbo, South Korea"
    arrival = [ev("reached_safety", "2016-04-07", 13, country=None, place="Ningbo"),
               ev("reached_safety", "2016-04-07", 13, country="KR"),
               ev("reached_safety", "2016-04-07", 13, country="KR")]
    [one] = build_incidents({n: report(n, [e], "2016-04-08") for n, e in enumerate(arrival)},
                            NOW, RULES)
    assert [(e.place, e.country) for e in one.events] == [(None, "KR")]
    assert one.title == "13 people reached safety in South Korea (2016-04)"


def test_reports_about_the_same_people_form_one_incident() -> None:
    found = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))
    assert set(found) == {(1, 2, 3), (4, 5)}


def test_incident_record_fields() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(1, 2, 3)]
    assert incident.people_min == 7 and incident.people_max == 8
    assert incident.vulnerable == ["child", "woman"]
    assert incident.places == ["Shenyang", "Dandong"] and incident.countries == ["CN"]
    assert [e.type for e in incident.events] == ["arrest", "transfer"]
    assert incident.events[0].documents == [1, 2]
    assert incident.first_report == "2019-05-02" and incident.last_report == "2019-05-12"
    assert incident.sources_count == 3
    assert incident.title == ("7–8 people arrested in Shenyang, China, then moved in custody "
                              "to Dandong, China (2019-04)")
    people = next(c for c in incident.conflicts if c["field"] == "people")
    assert people["values"] == [{"value": 7, "documents": [1, 3]},
                                {"value": 8, "documents": [2]}]


def test_sources_count_counts_outlets_not_reports() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(4, 5)]
    assert incident.sources_count == 1
    assert incident.status == "safe"


def test_status_follows_latest_event_and_feared_return() -> None:
    reports = {r.id: r for r in corpus()}
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3)].status == "at_risk"
    reports[1].text = "Seven people were detained."
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3)].status == "detained"
    reports[9] = report(9, [ev("repatriation", "2019-05-15", 7, place="Dandong")], "2019-05-16")
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3, 9)].status == "repatriated"
    # a release after the return is not one story with it: it is told of the custody before
    del reports[9]
    reports[10] = report(10, [ev("release", "2019-05-18", 7)], "2019-05-19")
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3, 10)].status == "released"


def test_counts_that_disagree_too_much_stay_apart() -> None:
    reports = [report(1, [ev("arrest", "2019-04-27", 7, place="Shenyang")], "2019-05-02"),
               report(2, [ev("arrest", "2019-04-27", 30, place="Shenyang")], "2019-05-02")]
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 2


def test_dates_far_apart_stay_apart() -> None:
    reports = [report(1, [ev("arrest", "2017-04-27", 7, place="Shenyang")], "2017-05-02"),
               report(2, [ev("arrest", "2019-04-27", 7, place="Shenyang")], "2019-05-02")]
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 2


def test_any_ingestion_order_gives_the_same_incidents() -> None:
    reports = corpus()
    full = build_incidents({r.id: r for r in reports}, NOW, RULES)
    rng = random.Random(5)
    for _ in range(5):
        order = reports[:]
        rng.shuffle(order)
        incidents: list[Incident] = []
        known: dict[int, Report] = {}
        for r in order:
            incidents = assemble(incidents, [r], now=NOW, known=known, rules=RULES)
            known[r.id] = r
        assert incidents == full


def test_keys_are_stable_across_rebuilds_and_id_renumbering() -> None:
    first = build_incidents({r.id: r for r in corpus()}, NOW, RULES)
    renumbered = {}
    for r in corpus():
        r.id += 100
        renumbered[r.id] = r
    second = build_incidents(renumbered, NOW, RULES)
    assert sorted(i.key for i in first) == sorted(i.key for i in second)


def test_urgency_depends_on_now_status_and_children() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(1, 2, 3)]
    fresh, level = urgency(incident, NOW, RULES)
    old, _ = urgency(incident, datetime(2021, 1, 1), RULES)
    assert level == "critical" and old < fresh
    incident.vulnerable = []
    assert urgency(incident, NOW, RULES)[0] < fresh
    incident.status = "safe"
    assert urgency(incident, NOW, RULES)[1] == "low"


def test_incident_to_json_shape() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(4, 5)]
    doc = Document(url="https://example.org/4", canonical_url="https://example.org/4", text="t",
                   content_hash="h", title="report 4", published="2019-05-06", source="o", id=4)
    data = incident_to_json(incident, [doc])
    assert data["urgency"] == {"level": incident.urgency_level, "score": incident.urgency_score}
    assert data["documents"] == [{"id": 4, "title": "report 4", "url": "https://example.org/4",
                                  "date": "2019-05-06", "source": "o"}]
    assert data["events"][0]["type"] == "reached_safety"
    assert {"id", "title", "status", "people", "vulnerable", "countries"} <= set(data)


def test_an_aside_about_another_group_does_not_merge_incidents() -> None:
    reports = [
        report(1, [ev("arrest", "2022-09-02", 4, place="Shenyang")], "2022-09-04"),
        report(2, [ev("arrest", "2022-09-28", 11, ("child",), place="Shenyang"),
                   ev("arrest", "2022-09", 4, place="Shenyang", start=50)], "2022-09-30"),
    ]
    found = build_incidents({r.id: r for r in reports}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1], [2]]


def test_an_earlier_case_a_report_recalls_does_not_keep_it_apart() -> None:
    # a report of November's crossing that recalls June's and one from 1998
    crossing = {"country": "KR", "place": "Panmunjom"}
    reports = [
        report(1, [ev("border_crossing", "2017-11-13", 1, **crossing)], "2017-11-13"),
        report(2, [ev("border_crossing", "2017-11-13", 1, **crossing),
                   ev("border_crossing", "2017-06-23", 1, country="KR", start=80),
                   ev("border_crossing", "1998-02-03", 1, country="KR", start=160)],
               "2017-11-14"),
    ]
    found = build_incidents({r.id: r for r in reports}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1, 2]]


def test_general_statements_make_no_incident() -> None:
    reports = [report(6, [ev("repatriation", None)], "2019-05-10"),
               report(7, [ev("repatriation", "2018", 600)], "2019-05-10"),
               report(8, [ev("border_crossing", None, None, ("child",), "TH")], "2019-05-10")]
    assert build_incidents({r.id: r for r in reports}, NOW, RULES) == []


def test_detention_in_thailand_is_safe_and_a_step_inside_north_korea_is_a_return() -> None:
    thai = report(1, [ev("arrest", "2016-02-07", 14, ("child",), "TH", "Chiang Rai")],
                  "2016-02-10")
    moved = report(2, [ev("transfer", "2013-05-27", 9, (), "KP", "Pyongyang")], "2013-05-30")
    found = build_incidents({1: thai, 2: moved}, NOW, RULES)
    assert {i.documents[0]: i.status for i in found} == {1: "safe", 2: "repatriated"}


def test_the_status_is_about_the_survivors_of_a_death() -> None:
    r = report(1, [ev("arrest", "2016-08-21", 2, place="Tumen"),
                   ev("death", "2016-08-21", 1, ("woman",), place="Tumen", start=40)],
               "2016-08-24")
    assert build_incidents({1: r}, NOW, RULES)[0].status == "detained"


def test_one_person_in_the_same_country_is_not_enough_to_link() -> None:
    reports = [report(1, [ev("arrest", "2019-04-27", 1, place="Shenyang")], "2019-05-02"),
               report(2, [ev("arrest", "2019-04-29", 1, place=None)], "2019-05-02")]
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 2
    reports[1].events[0].place = "Shenyang"
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 1


def _returned(country: str, sentence: str) -> str:
    """The status of a one-report incident whose last step is this return."""
    e = ev("repatriation", "2018-06-14", 8, (), country, None)
    e.evidence = Evidence(sentence, 0, len(sentence))
    r = report(1, [ev("arrest", "2018-06-12", 8, (), country), e], "2018-06-16")
    return build_incidents({1: r}, NOW, RULES)[0].status


def test_a_handover_to_china_by_a_third_country_leaves_the_people_at_risk() -> None:
    assert _returned("VN", "Police handed them to Chinese authorities in Dongxing.") == "at_risk"
    assert _returned("LA", "라오스 당국은 이들을 중국 측에 넘겼다.") == "at_risk"
    assert _returned("LA", "ラオス当局は8人を中国側に引き渡した。") == "at_risk"
    # sent on to the North, or returned by China itself: the return has happened
    assert _returned("LA", "Laos handed them to Chinese police, who sent them to North Korea.") \
        == "repatriated"
    assert _returned("LA", "Laos deported the eight to Pyongyang via China.") == "repatriated"
    assert _returned("CN", "Chinese police handed them to North Korean agents.") == "repatriated"


def test_a_report_of_figures_founds_no_incident_but_one_with_figures_and_an_arrest_does() -> None:
    figures = Report(id=1, events=[ev("reached_safety", "2019-03", 34, ("woman",), "KR")],
                     published="2019-04-02", statistics=2, url="u1")
    arrest = Report(id=2, events=[ev("arrest", "2019-03-28", 5, place="Dandong")],
                    published="2019-04-02", statistics=1, url="u2")
    assert [i.documents for i in build_incidents({1: figures, 2: arrest}, NOW, RULES)] == [[2]]
    figures.statistics = 0  # the same arrival told without figures is news
    assert len(build_incidents({1: figures}, NOW, RULES)) == 1


def test_an_arrival_told_before_the_figures_is_news_with_figures_as_background() -> None:
    arrival = ev("reached_safety", "2019-03", 34, ("woman",), "KR", start=40)
    figures = Report(id=1, events=[arrival], published="2019-04-02", statistics=3,
                     statistics_start=400, url="u1")
    assert len(build_incidents({1: figures}, NOW, RULES)) == 1
    # the figures lead and the arrival follows them: a report of figures
    figures.statistics_start = 10
    assert build_incidents({1: figures}, NOW, RULES) == []
    # an arrival only in the headline (offsets 0..0) is told before nothing
    arrival.evidence = Evidence("headline", 0, 0)
    figures.statistics_start = 400
    assert build_incidents({1: figures}, NOW, RULES) == []


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


def test_two_reports_recalling_the_same_earlier_crossing_are_one_incident() -> None:
    """Each report tells today's crossing and recalls one ten days earlier: no contradiction."""
    a = report(1, [ev("border_crossing", "2017-06-23", 1, country="KR"),
                   ev("border_crossing", "2017-06-13", 1, country="KR", start=30)], "2017-06-23")
    b = report(2, [ev("border_crossing", "2017-06-23", 1, country="KR", place="DMZ"),
                   ev("border_crossing", "2017-06-13", 1, country="KR", place="Yeoncheon",
                      start=30)], "2017-06-24")
    c = report(3, [ev("border_crossing", "2017-06-23", 1, country="KR")], "2017-09-24")
    c.events[0].date = "2017-09-20"  # another soldier three months later stays apart
    found = sorted(i.documents for i in build_incidents({1: a, 2: b, 3: c}, NOW, RULES))
    assert found == [[1, 2], [3]]


def test_the_same_count_in_the_same_city_misdated_by_two_weeks_is_one_arrest() -> None:
    a = report(1, [ev("arrest", "2013-11-15", 15, place="Kunming")], "2013-11-18")
    b = report(2, [ev("arrest", "2013-11-29", 15, place="Kunming")], "2013-11-30")
    other = report(3, [ev("arrest", "2013-11-29", 9, place="Kunming")], "2013-11-30")
    found = sorted(i.documents for i in build_incidents({1: a, 2: b, 3: other}, NOW, RULES))
    assert found == [[1, 2], [3]]


def test_an_undated_round_estimate_is_background_but_a_dated_or_exact_count_is_news() -> None:
    estimate = report(1, [ev("arrest", None, 2000)], "2023-10-13")
    raid = report(2, [ev("arrest", None, 169, country="TH", place="Bangkok")], "2006-08-22")
    dated = report(3, [ev("repatriation", "2023-10-09", 600)], "2023-10-12")
    found = build_incidents({1: estimate, 2: raid, 3: dated}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[2], [3]]


def test_a_sentence_naming_both_cities_agrees_with_a_report_naming_either() -> None:
    a = report(1, [ev("arrest", "2012-02", 30, place="Changchun")], "2012-02-22")
    a.events[0].evidence = Evidence("30 arrested in Shenyang and Changchun", 0, 37)
    b = report(2, [ev("arrest", "2012-02", 30, place="Shenyang")], "2012-02-17")
    c = report(3, [ev("arrest", "2012-02", 30, place="Yanji")], "2012-02-17")
    found = build_incidents({1: a, 2: b, 3: c}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1, 2], [3]]


def test_a_placed_step_without_a_count_counts_the_reports_one_group() -> None:
    """One report misdates its crossing but tells it again, uncounted, at the sea line."""
    a = report(1, [ev("border_crossing", "2023-05", 4, country="KR", place="Sokcho"),
                   ev("border_crossing", None, None, country="KR", place="Northern Limit Line",
                      start=20),
                   ev("arrest", "2023-10-24", 4, country="KR", place="Sokcho", start=40)],
               "2023-10-24")
    b = report(2, [ev("border_crossing", "2023-10-24", 4, country="KR",
                      place="Northern Limit Line")], "2023-10-24")
    assert [i.documents for i in build_incidents({1: a, 2: b}, NOW, RULES)] == [[1, 2]]


def test_urgency_history_stays_low_and_a_death_alone_is_a_record_not_a_case() -> None:
    incidents = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))
    detained = incidents[(1, 2, 3)]  # at risk, a child among them, last step 2019-05-10
    assert urgency(detained, NOW, RULES)[1] == "critical"
    years_later = urgency(detained, datetime(2024, 5, 20), RULES)
    assert years_later[1] == "low" and years_later[0] <= RULES.urgency["history_max"]
    # still ahead of a closed case of the same age
    safe = incidents[(4, 5)]
    assert urgency(safe, datetime(2024, 5, 20), RULES)[0] < years_later[0]
    dead = build_incidents({9: report(9, [ev("death", "2019-05-12", 2, ("child",), "KR",
                                                "Seoul")], "2019-05-13")}, NOW, RULES)[0]
    assert urgency(dead, NOW, RULES)[1] == "low"  # was medium: 'unknown' status + a child


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


def test_a_place_in_another_country_than_the_event_is_where_someone_spoke() -> None:
    told = report(1, [ev("arrest", "2015-10-22", 9, country="VN"),
                      ev("repatriation", "2015-11-20", 9, country="VN", place="Seoul",
                         start=30)], "2015-11-21")
    (incident,) = build_incidents({1: told}, NOW, RULES)
    assert incident.places == [] and "Seoul" not in incident.title
    told.events[1].place = "Lao Cai"  # unknown to the gazetteer: kept as told
    (incident,) = build_incidents({1: told}, NOW, RULES)
    assert incident.places == ["Lao Cai"]


def test_a_date_its_own_sentence_contradicts_keeps_no_two_reports_apart() -> None:
    """The crossing took May from another group's sentence; its own names 24 October."""
    told = "Four crossed the sea border and were taken into custody on 24 October 2023."
    evidence = Evidence(told, 0, len(told))
    english = Report(id=1, published="2023-10-24", url="u1", events=[
        Event(type="border_crossing", evidence=evidence, date="2023-05", people=4,
              country="KR", place="Northern Limit Line"),
        Event(type="arrest", evidence=evidence, date="2023-10-24", people=4, country="KR",
              place="Sokcho")])
    held = "북한 주민 4명이 북방한계선을 넘어 24일 속초 앞바다에서 신병이 확보됐다."
    korean = report(2, [Event(type="border_crossing", evidence=Evidence(held, 0, len(held)),
                              date="2023-10-24", people=4, country="KR",
                              place="Northern Limit Line")], "2023-10-25")
    assert [m.doubtful_date for m in mentions(english, RULES)] == [True, False]
    (incident,) = build_incidents({1: english, 2: korean}, NOW, RULES)
    assert [(e.type, e.date) for e in incident.events] == [
        ("border_crossing", "2023-10-24"), ("arrest", "2023-10-24")]
    # two steps each dated in one sentence are no doubt
    both = "Arrested on 3 March 2019, the five were returned on 11 April 2019."
    two = Report(id=3, published="2019-04-13", url="u3", events=[
        Event(type="arrest", evidence=Evidence(both, 0, len(both)), date="2019-03-03",
              people=5, country="CN"),
        Event(type="repatriation", evidence=Evidence(both, 0, len(both)), date="2019-04-11",
              people=5, country="CN")])
    assert not any(m.doubtful_date for m in mentions(two, RULES))


def test_an_undated_step_told_between_two_dated_ones_comes_between_them() -> None:
    events = [ev("arrest", "2015-10-22", 9, country="VN"),
              ev("transfer", None, 9, country="CN", place="Dongxing", start=20),
              ev("transfer", "2015-11-16", 9, country="CN", place="Shenyang", start=40)]
    (incident,) = build_incidents({1: report(1, events, "2015-12-01")}, NOW, RULES)
    assert [e.place for e in incident.events] == [None, "Dongxing", "Shenyang"]


def test_one_locality_told_at_two_granularities_links_but_not_across_a_border() -> None:
    """Panmunjom lies in the DMZ (59 km between their gazetteer points): one soldier's
    crossing told with either is one case; Dandong and Sinuiju face each other across the
    Yalu, but an arrest in China is not one in North Korea."""
    a = report(1, [ev("border_crossing", "2017-11-13", 1, country="KR", place="DMZ")],
               "2017-11-13")
    b = report(2, [ev("border_crossing", "2017-11-13", 1, country="KR", place="Panmunjom")],
               "2017-11-13")
    c = report(3, [ev("border_crossing", "2017-11-13", 1, country="KR", place="Busan")],
               "2017-11-13")
    found = build_incidents({1: a, 2: b, 3: c}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1, 2], [3]]
    assert near_places("Kunming", "Yunnan", RULES)  # a city and its province
    assert not near_places("Dandong", "Sinuiju", RULES)
    assert not near_places("Shenyang", "Dandong", RULES)


def test_a_weekday_counted_from_a_month_only_dateline_is_no_day() -> None:
    """A report dated only "2013-11" says "on Friday": the analysis counts it from the
    month's last day (the 29th), which would contradict the reports dating the arrest the
    15th; a day the text states ("on 15 November") stays a day."""
    guessed = report(1, [ev("arrest", "2013-11-29", 15, place="Kunming")], "2013-11",
                     text="Police arrested them on Friday morning.")
    stated = report(2, [ev("arrest", "2013-11-15", 15, place="Kunming")], "2013-11",
                    text="Police arrested them on 15 November 2013.")
    other = report(3, [ev("arrest", "2013-11-15", 17, place="Kunming")], "2013-11-18")
    assert [m.date for m in mentions(guessed, RULES)] == ["2013-11"]
    assert [m.date for m in mentions(stated, RULES)] == ["2013-11-15"]
    found = build_incidents({1: guessed, 2: stated, 3: other}, NOW, RULES)
    assert [i.documents for i in found] == [[1, 2, 3]]


def test_outlets_counting_one_group_differently_agree_within_a_quarter() -> None:
    """13, 15 and 17 arrested in Kunming on one day are one group; 7 and 30 are not."""
    reports = [report(n, [ev("arrest", "2013-11-15", people, place="Kunming")], "2013-11-18")
               for n, people in ((1, 13), (2, 17), (3, 15))]
    assert [i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES)] == [
        [1, 2, 3]]


def test_one_persons_undated_unplaced_step_is_a_storys_not_a_case() -> None:
    """A testimony's "getting arrested in Mongolia was a ticket to Seoul" founds nothing;
    the same arrest dated, or placed, does, and so does a death told undated."""
    generic = report(1, [ev("arrest", None, 1, country="MN")], "2011-06-10")
    dated = report(2, [ev("arrest", "2011-06-02", 1, country="MN")], "2011-06-10")
    placed = report(3, [ev("arrest", None, 1, country="MN", place="Ulaanbaatar")], "2011-06-10")
    death = report(4, [ev("death", None, 1, country="CN")], "2011-11-07")
    for r in (dated, placed, death):
        assert [i.documents for i in build_incidents({r.id: r}, NOW, RULES)] == [[r.id]]
    assert build_incidents({1: generic}, NOW, RULES) == []


def test_one_persons_undated_steps_are_theirs_in_news_dating_one_of_them() -> None:
    """News of one man held in Shenyang last month, freed and home on the 10th tells his
    arrest and release undated: they are his, not a testimony's generic steps, and with
    the return they join another outlet's report of his arrest and release."""
    home = report(1, [ev("reached_safety", "2011-10-10", 1, country="KR"),
                      ev("arrest", None, 1, start=20), ev("release", None, 1, start=40)],
                  "2011-10-11")
    assert all(m.specific for m in mentions(home, RULES))
    freed = report(2, [ev("arrest", "2011-09", 1, place="Shenyang"),
                       ev("release", "2011-09", 1, place="Shenyang", start=20)], "2011-10-10")
    assert [i.documents for i in build_incidents({1: home, 2: freed}, NOW, RULES)] == [[1, 2]]


def test_a_return_told_with_two_cities_is_not_two_groups() -> None:
    """About 600 sent back on the 9th, one outlet naming the province they were held in,
    another the crossing point (a return names both): the near counts and the country
    link them, while two arrests of near counts told in two cities stay apart."""
    held = report(1, [ev("repatriation", "2023-10-09", 600, place="Liaoning")], "2023-10-12")
    crossed = report(2, [ev("repatriation", "2023-10", 650, place="Beijing")], "2023-10-20")
    assert [i.documents for i in build_incidents({1: held, 2: crossed}, NOW, RULES)] == [[1, 2]]
    caught = [report(n, [replace(r.events[0], type="arrest")], r.published or "")
              for n, r in ((3, held), (4, crossed))]
    assert len(build_incidents({r.id: r for r in caught}, NOW, RULES)) == 2


def test_a_step_told_at_a_border_agrees_with_either_country_and_a_hand_over_may_end_in_arrest(
        ) -> None:
    """Ten held in Vietnam, handed to China on the 28th and caught again on the 29th; a
    December report (dated to its month) of ten held "at the Vietnam-China border", placed
    in China by analysis: its sentence names both countries, so it agrees with Vietnam, and
    an arrest days after a hand-over is the same group caught again. A sentence naming
    China alone does not agree with Vietnam, and the two stay apart."""
    told = report(1, [ev("arrest", "2019-11-23", 10, country="VN"),
                      ev("repatriation", "2019-11-28", 10, country="VN", start=20),
                      ev("arrest", "2019-11-29", 10, country="VN", start=40)], "2019-11-30")
    border = Event(type="arrest", evidence=Evidence("ten held at the Vietnam-China border",
                                                    0, 35),
                   date="2019-12", people=10, country="CN")
    held = report(2, [border], "2019-12")
    assert [i.documents for i in build_incidents({1: told, 2: held}, NOW, RULES)] == [[1, 2]]
    inland = replace(held, events=[replace(border, evidence=Evidence("ten held in China", 0,
                                                                      17))])
    assert len(build_incidents({1: told, 2: inland}, NOW, RULES)) == 2


def test_blocking_finds_every_pair_of_reports_one_pair_of_events_links() -> None:
    """Candidate pairs (blocking keys) miss no pair of reports that a full comparison links
    by one pair of events, whatever the two steps (a release and a return told on
    overlapping days are compared too)."""
    rng = random.Random(5)
    kinds = ["arrest", "transfer", "release", "repatriation", "border_crossing"]
    reports = []
    for doc in range(160):
        day = f"2006-08-{rng.randint(1, 28):02d}"
        events = [ev(rng.choice(kinds), rng.choice([None, "2006-08", day]),
                     rng.choice([None, 12, 14, 159, 175, 3]), rng.choice([(), ("child",)]),
                     rng.choice(["TH", "CN"]), rng.choice([None, None, "Bangkok"]), start=n * 20)
                  for n in range(rng.randint(1, 3))]
        reports.append(report(doc, events, f"2006-08-{rng.randint(20, 28)}"))
    specific = {r.id: [m for m in mentions(r, RULES) if m.specific] for r in reports}
    specific = {d: ms for d, ms in specific.items() if ms}
    links = report_links(specific, RULES)
    full = {(x, y) for x, y in combinations(sorted(specific), 2)
            if any(linked(a, b, RULES) for a in specific[x] for b in specific[y])}
    assert len(full) > 100 and full <= {(x, y) for x in links for y in links[x] if x < y}


def test_a_large_groups_near_counts_link_in_one_country_a_small_ones_do_not() -> None:
    """159 and 175 held in Thailand (no city, no day) are one raid: counts that large are
    rare. 8 and 10 held in Thailand the same month may be two groups."""
    def held(doc: int, people: int, day: str, published: str) -> Report:
        return report(doc, [ev("arrest", day, people, country="TH")], published)
    large = [held(1, 175, "2006-08-22", "2006-08-23"), held(2, 159, "2006-08", "2006-09-23")]
    small = [held(1, 10, "2006-08-22", "2006-08-23"), held(2, 8, "2006-08", "2006-09-23")]
    assert [i.documents for i in build_incidents({r.id: r for r in large}, NOW, RULES)] == [
        [1, 2]]
    assert len(build_incidents({r.id: r for r in small}, NOW, RULES)) == 2


def test_steps_told_in_two_cities_corroborate_nothing() -> None:
    """One and two people arrested, then moved (and returned), in two cities of China:
    steps that may follow each other agree on the country and nearly on the count, and a
    transfer may cross cities, yet no step is told of one place: two groups."""
    a = report(1, [ev("arrest", "2019-12-28", 1, place="Mudanjiang"),
                   ev("transfer", "2020-01-09", 1, place="Mudanjiang", start=30),
                   ev("repatriation", "2020-02-26", 1, place="Mudanjiang", start=60)],
               "2020-02-28")
    b = report(2, [ev("arrest", "2019-11-19", 2, place="Jinghong"),
                   ev("transfer", "2019-12-01", 2, place="Jinghong", start=30)], "2019-12-05")
    margin = report_score(mentions(a, RULES), mentions(b, RULES), RULES)
    assert margin is not None and margin < 0
    assert len(build_incidents({1: a, 2: b}, NOW, RULES)) == 2


def test_the_title_names_the_lead_group_not_the_largest_count_recalled() -> None:
    """"China arrests ten defectors" recalling nearly 40 detained at the border the month
    before is about the ten: it joins another report of the ten, not one of 41 returned."""
    recalled = Report(id=1, published="2012-03-19", url="u1",
                      title="China arrests ten defectors and their guide",
                      events=[ev("arrest", "2012-03-10", 10, place="Yanji"),
                              ev("border_crossing", "2012-02", 40, start=40)])
    ten = report(2, [ev("arrest", "2012-03-10", 10, place="Yanji")], "2012-03-12")
    returned = report(3, [ev("repatriation", None, 41)], "2012-03-22")
    assert {m.people for m in mentions(recalled, RULES)} == {10}
    found = build_incidents({r.id: r for r in (recalled, ten, returned)}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1, 2], [3]]


def test_a_step_both_reports_date_to_the_day_answers_for_no_other_step() -> None:
    """Ten arrested in Vietnam on the 23rd, handed to China on the 28th; a report of the
    hand-over on the 28th and of a new arrest on the 29th (they came back) is one case:
    the hand-over both date confirms it, the re-arrest after it is not a contradiction."""
    first = report(1, [ev("arrest", "2019-11-23", 10, country="VN"),
                       ev("repatriation", "2019-11-28", 10, country="VN", start=30)],
                   "2019-11-29")
    again = report(2, [ev("repatriation", "2019-11-28", 10, country="VN"),
                       ev("arrest", "2019-11-29", 10, country="VN", start=30)], "2019-11-30")
    assert [i.documents for i in build_incidents({1: first, 2: again}, NOW, RULES)] == [[1, 2]]


def test_vietnam_and_laos_are_on_one_escape_route() -> None:
    """Groups in northern Vietnam head for Laos: an arrest told "in Vietnam" by one outlet
    and "near the Laos border" (LA) by another is one arrest."""
    assert RULES.countries_compatible("VN", "LA") and not RULES.countries_compatible("VN", "MN")
    reports = [report(1, [ev("arrest", "2019-11-29", 10, country="VN")], "2019-11-30"),
               report(2, [ev("arrest", "2019-11-29", 10, country="LA")], "2019-11-30")]
    assert [i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES)] == [
        [1, 2]]


def test_two_undated_tellings_of_a_step_published_weeks_apart_are_two_steps() -> None:
    """Three asylum seekers in the embassy in Beijing (undated, published 26 May) and two
    more (undated, 22 June): each happened just before its report, weeks apart. The same
    three told a day apart are one case."""
    three = report(1, [ev("reached_safety", None, 3, ("woman",), place="Beijing")], "2002-05-26")
    same = report(2, [ev("reached_safety", None, 3, place="Beijing")], "2002-05-25")
    two = report(3, [ev("reached_safety", None, 2, ("woman",), place="Beijing")], "2002-06-22")
    found = build_incidents({r.id: r for r in (three, same, two)}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1, 2], [3]]


def test_a_day_dated_step_without_a_count_counts_the_reports_one_group() -> None:
    """"A defector was shot dead near the Tumen" (one person, undated), then "guards shot
    dead a defector on Thursday" (dated, uncounted): the dated telling is the one
    person's, and links the report told by another outlet of one killed that day."""
    told_twice = report(1, [ev("death", None, 1, country="KP", place="Tumen River"),
                            ev("death", "2015-06-11", None, start=60)], "2015-06-11")
    other = report(2, [ev("death", "2015-06-11", 1)], "2015-06-11")
    assert [i.documents for i in build_incidents({1: told_twice, 2: other}, NOW, RULES)] == [
        [1, 2]]


def test_a_step_no_sequel_joins_to_the_reports_story_is_another_case() -> None:
    """A report of ten arrested on 29 November recalls thirteen who reached Seoul in April:
    the arrivals are another story, so the report is about the ten and joins the other
    report of them (with the arrivals kept, 13 would be its group and the ten's steps it
    tells without a count would count nobody)."""
    recalls = report(1, [ev("reached_safety", "2019-04-07", 13, country="KR", place="Incheon"),
                         ev("arrest", "2019-11-29", 10, country="VN", start=20),
                         ev("repatriation", "2019-11-28", None, country="VN", start=40)],
                     "2019-11-30")
    assert [m.type for m in mentions(recalls, RULES)] == ["arrest", "repatriation"]
    assert [m.people for m in mentions(recalls, RULES)] == [10, 10]
    other = report(2, [ev("arrest", "2019-11-29", 10, country="VN"),
                       ev("repatriation", "2019-11-28", 10, country="VN", start=30)],
                   "2019-12-01")
    assert [i.documents for i in build_incidents({1: recalls, 2: other}, NOW, RULES)] == [
        [1, 2]]


def test_a_step_both_reports_date_to_the_day_with_one_count_outweighs_misread_dates() -> None:
    """Three arrested on 4 April and sent back on the 3rd or 4th, told by two outlets; one
    also dates the return to the days a ministry spoke of it (the 9th, the 11th), the
    other misreads a safe arrival that day, and no story holds a return after it. The
    arrest both date to the day, with the same group, anchors them: one case."""
    first = report(1, [ev("arrest", "2019-04-04", 3, country="VN"),
                       ev("repatriation", "2019-04-03", 3, country="VN", start=20),
                       # "help defectors go where they want", read as safety that day
                       ev("reached_safety", "2019-04-04", 3, country="VN", start=40)],
                   "2019-04-05")
    second = report(2, [ev("arrest", "2019-04-04", 3, country="VN"),
                        ev("repatriation", "2019-04-04", 3, country="VN", start=20),
                        ev("repatriation", "2019-04-09", 3, country="VN", start=40),
                        ev("repatriation", "2019-04-11", 3, country="VN", start=60)],
                    "2019-04-11")
    assert [i.documents for i in build_incidents({1: first, 2: second}, NOW, RULES)] == [
        [1, 2]]
    assert not contradict(mentions(first, RULES), mentions(second, RULES), RULES)
    # one person arrested on one day anchors nothing: such steps are common
    for r in (first, second):
        for e in r.events:
            e.people = 1
    assert contradict(mentions(first, RULES), mentions(second, RULES), RULES)


def test_a_count_below_the_one_the_title_names_is_a_part_of_the_titled_group() -> None:
    """"9 defectors enter an embassy in Hanoi": the analysis counted the six women among
    them; the report is about the nine, and joins the reports of nine."""
    part = Report(id=1, published="2009-09-24", url="u1", title="9 defectors enter embassy",
                  events=[ev("reached_safety", "2009-09-24", 6, ("woman",), "VN", "Hanoi")])
    assert [m.people for m in mentions(part, RULES)] == [9]
    nine = report(2, [ev("reached_safety", "2009-09-24", 9, country="VN", place="Hanoi")],
                  "2009-10-20")
    assert [i.documents for i in build_incidents({1: part, 2: nine}, NOW, RULES)] == [[1, 2]]
    # a title count some step gives leaves other counts alone
    part.title = "9 defectors enter embassy, 6 of them women"
    part.events.append(ev("border_crossing", "2009-09-20", 9, country="VN", start=30))
    assert sorted(m.people for m in mentions(part, RULES)) == [9]


def test_an_editorial_founded_on_background_makes_no_incident() -> None:
    """An October editorial against a planned return recalls 116 deported in July: no
    incident. The same recall in a news report (three children held since November,
    reported in April) is news learned late; an editorial on last week's return is about
    it."""
    def told(title: str, url: str, day: str) -> Report:
        return Report(id=1, published="2011-10-05", url=url, title=title,
                      events=[ev("repatriation", day, 116)])

    page = "https://x.example/editorials/stop"
    editorial = told("Stop the inhumane repatriation", page, "2011-07")
    assert build_incidents({1: editorial}, NOW, RULES) == []
    assert build_incidents({1: told("[사설] 북송을 멈춰라", "u1", "2011-07")}, NOW, RULES) == []
    assert len(build_incidents({1: told("China returned 116", "u1", "2011-07")}, NOW, RULES)) == 1
    recent = told("Stop the inhumane repatriation", page, "2011-09-28")
    assert len(build_incidents({1: recent}, NOW, RULES)) == 1
    # "some of the 116 had fled to the South long ago", undated: the same background group
    editorial.events.append(ev("reached_safety", None, 116, country="KR", start=40))
    assert build_incidents({1: editorial}, NOW, RULES) == []
    # an undated step of another group (35 held now, a return planned) is news
    editorial.events.append(ev("arrest", None, 35, start=80))
    assert len(build_incidents({1: editorial}, NOW, RULES)) == 1


def test_an_undated_step_proves_no_other_reports_date_wrong() -> None:
    """Six fishermen who crossed in May were returned on 9 July: a report of the return
    tells their crossing undated (it borrows the weeks before publication), another dates
    the crossing to May. The borrowed date contradicts nothing: one case."""
    may = report(1, [ev("border_crossing", "2025-05", 6, country="KR", place="East Sea")],
                 "2025-07-09")
    july = report(2, [ev("repatriation", "2025-07-09", 6, country="KR", place="East Sea"),
                      ev("border_crossing", None, 6, country="KR", place="East Sea", start=20)],
                  "2025-07-09")
    assert [i.documents for i in build_incidents({1: may, 2: july}, NOW, RULES)] == [[1, 2]]


def test_one_persons_step_told_again_of_a_later_day_is_another_case_recalled() -> None:
    """"A soldier crossed the MDL on the 23rd, ten days after another crossed on the 13th":
    the report is about the 23rd, so it joins the other outlet's report of that crossing,
    and the report of the 13th stays a case of its own. A larger group's step told on two
    days (an arrest, then a re-arrest) is left to the other rules."""
    first = report(1, [ev("border_crossing", "2017-06-13", 1, country="KR",
                          place="Yeoncheon")], "2017-06-13")
    again = report(2, [ev("border_crossing", "2017-06-23", 1, country="KR"),
                       ev("border_crossing", "2017-06-13", 1, country="KR", start=40)],
                   "2017-06-23")
    other = report(3, [ev("border_crossing", "2017-06-23", 1, country="KR")], "2017-06-24")
    assert [m.date for m in mentions(again, RULES)] == ["2017-06-23"]
    found = build_incidents({r.id: r for r in (first, again, other)}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1], [2, 3]]
    group = report(4, [ev("arrest", "2019-11-29", 10, country="VN"),
                       ev("arrest", "2019-11-23", 10, country="VN", start=40)], "2019-11-30")
    assert len(mentions(group, RULES)) == 2


def test_two_and_three_people_are_no_near_count() -> None:
    """A mother and child who crossed in March and were released in Helong in May, and
    three (a mother and children) who reached the consulate in Shenyang in June: two and
    three people differ by the one-person margin, as most small groups do, so the counts
    tell nothing and the two stay apart. Four and five told alike still link."""
    pair = report(1, [ev("border_crossing", "2015-03-20", 2, ("child", "woman")),
                      ev("release", "2015-05-08", 2, ("child", "woman"), place="Helong",
                         start=30)], "2015-05-10")
    three = report(2, [ev("reached_safety", "2015-06-19", 3, ("child", "woman"),
                          place="Shenyang")], "2015-06-20")
    assert sorted(i.documents for i in build_incidents({1: pair, 2: three}, NOW, RULES)) == [
        [1], [2]]
    for e in pair.events:
        e.people = 4
    three.events[0].people = 5
    assert [i.documents for i in build_incidents({1: pair, 2: three}, NOW, RULES)] == [[1, 2]]


def test_a_death_in_china_after_a_return_from_china_is_of_other_people() -> None:
    """Five sent back from China on 11 December, and five shot dead crossing into China on
    the 14th: the returned are in the North, so the dead are others. A death in the North
    after the return may be theirs."""
    returned = report(1, [ev("repatriation", "2010-12-11", 5)], "2010-12-12")
    shot = report(2, [ev("death", "2010-12-14", 5)], "2011-01-11")
    assert sorted(i.documents for i in build_incidents({1: returned, 2: shot}, NOW, RULES)) == [
        [1], [2]]
    a, b = mentions(returned, RULES)[0], mentions(shot, RULES)[0]
    assert score(a, b, RULES) is None
    assert score(a, replace(b, country="KP"), RULES) is not None


def test_the_dead_of_a_killing_the_group_is_told_of_are_not_the_group() -> None:
    """Two sailors who killed eleven shipmates, held at sea on the 3rd and sent back on
    the 8th: the report's group is the two (the largest count is the dead, other people),
    so it joins the other outlet's report of the two men's return."""
    killing = report(1, [ev("arrest", "2021-03-03", 2, country="KR", place="East Sea"),
                         ev("death", "2021-03-01", 11, country="KP", start=20),
                         ev("repatriation", "2021-03-08", 2, country="KR", place="Panmunjom",
                            start=40)], "2021-03-08")
    assert sorted((m.type, m.people) for m in mentions(killing, RULES)) == [
        ("arrest", 2), ("repatriation", 2)]
    other = report(2, [ev("repatriation", "2021-03-08", 2, country="KR", place="Panmunjom")],
                   "2021-03-09")
    assert [i.documents for i in build_incidents({1: killing, 2: other}, NOW, RULES)] == [
        [1, 2]]
    # a report of deaths alone is about the dead
    shot = report(3, [ev("death", "2021-03-01", 11, country="KP")], "2021-03-02")
    assert [m.people for m in mentions(shot, RULES)] == [11]


def test_a_living_step_counted_as_its_sentences_dead_has_the_deads_count() -> None:
    """"Held at sea, the two had killed eleven shipmates": analysis counted the arrest as
    the eleven its sentence says died. That count is the dead's, so the report's group is
    the two its return counts, and the title naming both counts still joins the report to
    another outlet's report of the two men's return."""
    sentence = Evidence("held at sea after killing eleven", 0, 30)
    held = Event(type="arrest", evidence=sentence, date=None, people=11, country="KR",
                 place="East Sea")
    dead = Event(type="death", evidence=sentence, date="2021-03-01", people=11, country="KR")
    killing = Report(id=1, published="2021-03-08", url="u1", title="Eleven killed, two returned",
                     events=[held, dead, ev("repatriation", "2021-03-08", 2, country="KR",
                                            place="Panmunjom", start=40)])
    assert sorted((m.type, m.people) for m in mentions(killing, RULES)) == [
        ("arrest", 2), ("repatriation", 2)]
    other = report(2, [ev("repatriation", "2021-03-08", 2, country="KR", place="Panmunjom")],
                   "2021-03-09")
    assert [i.documents for i in build_incidents({1: killing, 2: other}, NOW, RULES)] == [
        [1, 2]]
    # an arrest of eleven told in another sentence than the deaths keeps its count
    apart = replace(killing, events=[replace(held, evidence=Evidence("held", 50, 54)), dead])
    assert ("arrest", 11) in [(m.type, m.people) for m in mentions(apart, RULES)]


def test_a_counted_story_is_not_recalled_beside_a_later_uncounted_step() -> None:
    """A January report retells eleven held in Vietnam in November and says, dated by the
    day another outlet reported it, that the women among them were held and are now safe:
    the counted steps are the report's story (they join a November report of the eleven),
    not a case the uncounted January steps recall."""
    told = report(1, [ev("arrest", "2020-01-03", None, ("woman",), "VN", start=0),
                      ev("border_crossing", "2019-11-21", 11, (), "VN", start=20),
                      ev("arrest", "2019-11-23", 11, (), "VN", start=40),
                      ev("repatriation", "2019-11-28", 11, (), "VN", start=60)], "2020-01-05")
    assert {(m.type, m.date) for m in mentions(told, RULES)} >= {
        ("border_crossing", "2019-11-21"), ("arrest", "2019-11-23"),
        ("repatriation", "2019-11-28")}
    november = report(2, [ev("arrest", "2019-11-23", 11, (), "VN"),
                          ev("repatriation", "2019-11-28", 11, (), "VN", start=20)],
                      "2019-11-30")
    assert [i.documents for i in build_incidents({1: told, 2: november}, NOW, RULES)] == [
        [1, 2]]


def test_a_titles_larger_count_is_others_when_two_steps_give_one_count() -> None:
    """"Eleven shipmates killed: the two sailors returned" counts eleven in its title; the
    report's crossing and arrest both count two, which tells the group's size, so the
    title's count is other people. One step's smaller count is still a part of the titled
    group (six women among nine)."""
    told = Report(id=1, published="2021-03-08", url="u1",
                  title="Eleven crew killed, sailors returned",
                  events=[ev("border_crossing", "2021-03-02", 2, country="KR"),
                          ev("arrest", "2021-03-03", 2, country="KR", start=20)])
    assert [m.people for m in mentions(told, RULES)] == [2, 2]
    told.events = told.events[:1]
    assert [m.people for m in mentions(told, RULES)] == [11]


def test_a_titled_count_held_in_a_country_off_the_storys_route_is_another_group() -> None:
    """"Three expelled by Vietnam are safe", dating the arrest in Vietnam on the 1st and
    telling that three others were held near Mongolia by Russia the month before: the
    title's three are the Vietnam story's; the three in Russia are another group of that
    size and tie the report to no Russian case."""
    vietnam = Report(id=1, published="2019-04-05", url="u1",
                     title="Three expelled by Vietnam reach a safe country",
                     events=[ev("reached_safety", "2019-04-04", 3, country="VN"),
                             ev("arrest", "2019-04-01", 3, country="VN", start=30),
                             ev("arrest", "2019-03", 3, country="RU", start=60)])
    assert {m.country for m in mentions(vietnam, RULES)} == {"VN"}
    russia = report(2, [ev("arrest", None, 3, country="RU"),
                        ev("release", None, 3, country="RU", start=30)], "2019-04-20")
    found = build_incidents({1: vietnam, 2: russia}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1], [2]]


def test_an_undated_arrest_told_with_a_dated_return_comes_before_it() -> None:
    """"Sixty held in China were sent back on the 9th", the arrest told with no date in a
    report of the 31st: the arrest is the return's first step, not news after it, so the
    people are repatriated, not detained."""
    told = report(1, [ev("repatriation", "2023-10-09", 60, place="Dandong"),
                      ev("arrest", None, 60, start=40)], "2023-10-31")
    (incident,) = build_incidents({1: told}, NOW, RULES)
    assert [e.type for e in incident.events] == ["arrest", "repatriation"]
    assert incident.status == "repatriated"
