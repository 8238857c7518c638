"""Which reports tell one case: steps linked by date, place and country, and blocking."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

from incidentkit import NOW, RULES, ev, report
from tumen.incidents import Report, build_incidents
from tumen.incidents.grouping import contradict, report_links, report_score
from tumen.incidents.matching import mentions
from tumen.incidents.pairing import linked, score
from tumen.incidents.places import near_places
from tumen.models import Event, Evidence


def test_dates_far_apart_stay_apart() -> None:
    reports = [report(1, [ev("arrest", "2017-04-27", 7, place="Shenyang")], "2017-05-02"),
               report(2, [ev("arrest", "2019-04-27", 7, place="Shenyang")], "2019-05-02")]
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 2


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


def test_one_person_in_the_same_country_is_not_enough_to_link() -> None:
    reports = [report(1, [ev("arrest", "2019-04-27", 1, place="Shenyang")], "2019-05-02"),
               report(2, [ev("arrest", "2019-04-29", 1, place=None)], "2019-05-02")]
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 2
    reports[1].events[0].place = "Shenyang"
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 1


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


def test_a_sentence_naming_both_cities_agrees_with_a_report_naming_either() -> None:
    a = report(1, [ev("arrest", "2012-02", 30, place="Changchun")], "2012-02-22")
    a.events[0].evidence = Evidence("30 arrested in Shenyang and Changchun", 0, 37)
    b = report(2, [ev("arrest", "2012-02", 30, place="Shenyang")], "2012-02-17")
    c = report(3, [ev("arrest", "2012-02", 30, place="Yanji")], "2012-02-17")
    found = build_incidents({1: a, 2: b, 3: c}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1, 2], [3]]


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


def test_one_date_given_to_the_earlier_of_two_steps_told_in_a_sentence_is_doubtful() -> None:
    """"Beijing sent back 300 held in Yanbian on Tuesday": analysis dated the holding and
    left the return undated. Another outlet dates the holding three weeks earlier and the
    return to that Tuesday: the one date may be the return's, so the two are one case."""
    said = "Beijing sent back 300 North Koreans held in Yanbian on Tuesday, 9 July 2019."
    told = Evidence(said, 0, len(said))
    editorial = Report(id=1, published="2019-07-12", url="u1", events=[
        Event(type="repatriation", evidence=told, date=None, people=300, country="CN"),
        Event(type="arrest", evidence=told, date="2019-07-09", people=300, country="CN",
              place="Yanbian")])
    news = report(2, [ev("arrest", "2019-06-18", 310, start=0),
                      ev("repatriation", "2019-07-09", 300, start=40)], "2019-07-10")
    assert [m.doubtful_date for m in mentions(editorial, RULES)] == [False, True]
    assert [i.documents for i in build_incidents({1: editorial, 2: news}, NOW, RULES)] == [
        [1, 2]]
    editorial.events[0].type = "border_crossing"  # an earlier step: the date is the later one's
    assert not any(m.doubtful_date for m in mentions(editorial, RULES))


def test_a_doubtful_date_another_report_tells_of_the_same_step_is_confirmed() -> None:
    """One outlet's sentence names 9 May for a man shot on the river bank, and the analysis
    dated his death 28 April from elsewhere: the date is doubtful. Another outlet tells the
    death on 28 April and his crossing undated: the 28 April death is confirmed, so the crossing
    dated 9 May is the one misread step, not a reason to keep the two reports apart."""
    said = "Seen crossing the river on 9 May 2019, the man was shot on the bank."
    told = Evidence(said, 0, len(said))
    first = Report(id=1, published="2019-05-10", url="u1", events=[
        Event(type="death", evidence=told, date="2019-04-28", people=1, country="CN"),
        Event(type="border_crossing", evidence=told, date="2019-05-09", people=1,
              country="CN")])
    other = report(2, [Event(type="death", evidence=Evidence("shot dead", 0, 9),
                             date="2019-04-28", people=1, country="CN"),
                       Event(type="border_crossing", evidence=Evidence("crossed", 20, 27),
                             date=None, people=1, country="CN")], "2019-05-10")
    assert [m.doubtful_date for m in mentions(first, RULES)] == [True, False]
    assert [i.documents for i in build_incidents({1: first, 2: other}, NOW, RULES)] == [[1, 2]]


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


def test_one_arrest_placed_in_another_city_keeps_no_story_apart() -> None:
    """Two outlets tell nine arrested on 20 March, moved, then sent back in April; one puts
    the arrest where its source spoke. One misread city weighs as one misread date does,
    not as a veto: the other steps agree, so the reports are one case."""
    steps = [("border_crossing", "2019-03", None), ("transfer", "2019-03-28", "Dandong"),
             ("repatriation", "2019-04-15", "Dandong")]

    def told(doc: int, city: str) -> Report:
        events = [ev("arrest", "2019-03-20", 9, place=city)]
        events += [ev(kind, day, 9, place=where, start=20 * (n + 1))
                   for n, (kind, day, where) in enumerate(steps)]
        return report(doc, events, "2019-04-16")

    xs, ys = (mentions(told(n, city), RULES) for n, city in ((1, "Shenyang"), (2, "Yanji")))
    assert not contradict(xs, ys, RULES)
    found = build_incidents({1: told(1, "Shenyang"), 2: told(2, "Yanji")}, NOW, RULES)
    assert [i.documents for i in found] == [[1, 2]]
    # a report telling only that arrest, in the other city, is another group's
    alone = mentions(report(3, [ev("arrest", "2019-03-20", 9, place="Yanji")], "2019-03-21"),
                     RULES)
    assert contradict(xs[:1], alone, RULES)


def test_a_report_counting_part_of_a_mass_return_joins_it() -> None:
    """One family's return, or the 200 held in one city, of 600 sent back in one month is
    the mass return's; a count of a small group that differs is other people."""
    reports = [
        report(1, [ev("repatriation", "2023-10-09", 600, place="Dandong")], "2023-10-11"),
        report(2, [ev("repatriation", "2023-10", 200, ("woman",), place="Dandong")],
               "2023-10-20"),
        report(3, [ev("repatriation", "2023-10", 1)], "2023-10-25"),
        report(4, [ev("repatriation", "2024-03", 1)], "2024-03-25"),
        report(5, [ev("arrest", "2023-10-02", 9, place="Shenyang")], "2023-10-03"),
        report(6, [ev("arrest", "2023-10-02", 4, place="Shenyang")], "2023-10-04"),
    ]
    found = sorted(i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES))
    assert found == [[1, 2, 3], [4], [5], [6]]



def test_an_embassy_in_hanoi_and_seoul_are_one_way_to_safety() -> None:
    """Nine reach an embassy in Hanoi on the 24th, and another outlet tells the nine safe
    "in South Korea" that day (flown out to Seoul): one case. Mongolia and Vietnam are
    still no route."""
    assert RULES.countries_compatible("VN", "KR") and not RULES.countries_compatible("VN", "MN")
    reports = [report(1, [ev("reached_safety", "2009-09-24", 9, country="VN", place="Hanoi")],
                      "2009-10-20"),
               report(2, [ev("reached_safety", "2009-09-24", 9, country="KR")], "2009-10-21")]
    assert [i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES)] == [
        [1, 2]]
