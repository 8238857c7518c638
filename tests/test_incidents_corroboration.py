"""Reports whose events analysis missed corroborate the incident their lead tells of."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from incidentkit import one_by_one
from tumen.incidents import Report, build_incidents, load_rules
from tumen.incidents.corroboration import lone, profile
from tumen.incidents.rules import Rules
from tumen.models import Event, Evidence

NOW = datetime(2025, 8, 1)
RULES = load_rules()


def told(doc: int, people: int, place: str, day: str, published: str) -> Report:
    """A report whose analysis found the repatriation."""
    event = Event(type="repatriation", evidence=Evidence("returned", 0, 8), date=day,
                  people=people, country="KR", place=place)
    return Report(id=doc, events=[event], published=published, url=f"https://a{doc}.example/",
                  title=f"{people} returned", text=f"{people} North Koreans were returned.")


def alone(doc: int, title: str, published: str, text: str = "", statistics: int = 0) -> Report:
    """A report analysis found nothing in."""
    return Report(id=doc, events=[], published=published, url=f"https://a{doc}.example/",
                  title=title, text=text, statistics=statistics)


def groups(reports: list[Report]) -> list[list[int]]:
    return sorted(i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES))


def test_a_lone_report_naming_the_count_and_place_joins_without_adding_events() -> None:
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    b = alone(2, "South Korea repatriates 6 fishermen across the East Sea", "2025-07-09")
    (incident,) = build_incidents({1: a, 2: b}, NOW, RULES)
    assert incident.documents == [1, 2] and incident.sources_count == 2
    assert [e.documents for e in incident.events] == [[1]]
    assert profile(b, [], RULES) is not None and 6 in profile(b, [], RULES).counts  # type: ignore[union-attr]


def test_another_count_a_later_week_or_figures_do_not_corroborate() -> None:
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    assert groups([a, alone(2, "South Korea repatriates 9 fishermen", "2025-07-09")]) == [[1]]
    assert groups([a, alone(2, "6 fishermen returned across the East Sea", "2025-07-30")]) == [
        [1]]
    figures = alone(2, "6 fishermen returned across the East Sea", "2025-07-09", statistics=1)
    assert not lone(figures, []) and groups([a, figures]) == [[1]]
    # a count alone, with no place or country in common, is not enough
    assert groups([a, alone(2, "Six people returned", "2025-07-10")]) == [[1]]


def test_a_lone_report_fitting_two_incidents_equally_joins_neither() -> None:
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    b = told(2, 6, "East Sea", "2025-06-02", "2025-07-12")  # another six, returned in June
    lone_report = alone(3, "6 North Koreans returned across the East Sea", "2025-07-10")
    assert groups([a, b, lone_report]) == [[1], [2]]


def test_incremental_assembly_in_any_order_equals_a_rebuild() -> None:
    reports = [told(1, 6, "East Sea", "2025-07-09", "2025-07-09"),
               alone(2, "South Korea repatriates 6 fishermen across the East Sea", "2025-07-08"),
               told(3, 4, "Sokcho", "2025-07-20", "2025-07-20"),
               alone(4, "4 North Koreans found off Sokcho", "2025-07-21")]
    expected = build_incidents({r.id: r for r in reports}, NOW, RULES)
    assert sorted(i.documents for i in expected) == [[1, 2], [3, 4]]
    rng = random.Random(7)
    for _ in range(4):
        order = reports[:]
        rng.shuffle(order)
        incidents = one_by_one(order, NOW, RULES)
        assert [(i.key, i.documents) for i in incidents] == [
            (i.key, i.documents) for i in expected]


def test_a_lead_is_the_reports_first_sentences_not_the_page_furniture_before_them() -> None:
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    menu = "\n".join(["Home News World Asia Politics Business Sport Weather Video"] * 12)
    text = f"{menu}\nFishermen in a boat\nSix fishermen were sent back across the East Sea."
    b = alone(2, "South Korea sends fishermen back", "2025-07-09", text=text)
    assert groups([a, b]) == [[1, 2]]
    # a page of furniture only is still read as it is
    assert profile(alone(3, "Menu", "2025-07-09", text=menu), [], RULES) is not None


def test_a_lone_report_dating_the_step_to_the_day_joins_without_a_count() -> None:
    """An editorial on "the return of 9 October" gives no count, but dates the step the
    report of the 600 returned that day tells: one case. Another day, or another step,
    tells nothing."""
    returned = Report(id=1, published="2023-10-13", url="https://a1.example/", title="600",
                      text="600 were returned.", events=[Event(
                          type="repatriation", evidence=Evidence("returned", 0, 8),
                          date="2023-10-09", people=600, country="CN", place="Jilin")])

    def editorial(day: str, kind: str = "repatriation") -> Report:
        return Report(id=2, published="2023-10-13", url="https://a2.example/",
                      title="Editorial", text="The returns are murder.", events=[Event(
                          type=kind, evidence=Evidence("sent back", 0, 9), date=day,
                          country="CN")])

    assert groups([returned, editorial("2023-10-09")]) == [[1, 2]]
    assert groups([returned, editorial("2023-09-20")]) == [[1]]
    assert groups([returned, editorial("2023-10-09", "release")]) == [[1]]


def uncounted_step(doc: int, published: str, title: str, text: str) -> Report:
    """A report whose step analysis found dated and placed, but without its count."""
    event = Event(type="reached_safety", evidence=Evidence("landed", 0, 6), date="2025-07-10",
                  people=None, vulnerable=["child"], country="KR", place="Incheon")
    return Report(id=doc, events=[event], published=published, url=f"https://a{doc}.example/",
                  title=title, text=text)


def test_a_report_whose_steps_give_no_count_joins_the_case_its_lead_counts() -> None:
    """Six returned across the East Sea, and a report of their landing in Incheon whose
    step analysis found without a count, its lead naming the six and the East Sea: it
    joins the case (with its step). Alone, or with another count, it stays apart; linked
    by its steps to another report, it stays with it."""
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    landed = uncounted_step(2, "2025-07-10", "Landed in Incheon",
                            "The 6 North Koreans rescued in the East Sea landed today.")
    (incident,) = build_incidents({1: a, 2: landed}, NOW, RULES)
    assert incident.documents == [1, 2]
    assert [e.type for e in incident.events] == ["repatriation", "reached_safety"]
    other = uncounted_step(2, "2025-07-10", "Landed in Incheon",
                           "The 9 North Koreans rescued in the East Sea landed today.")
    assert groups([a, other]) == [[1], [2]]
    twin = uncounted_step(3, "2025-07-10", "Landed", "They landed in Incheon today.")
    assert groups([a, landed, twin]) == [[1], [2, 3]]


def _arrest(doc: int, day: str, people: int, place: str | None, title: str) -> Report:
    """A report of one arrest in China, published 2025-07-10."""
    event = Event(type="arrest", evidence=Evidence("arrested", 0, 8), date=day,
                  people=people, country="CN", place=place)
    return Report(id=doc, events=[event], published="2025-07-10", title=title,
                  url=f"https://a{doc}.example/", text="They were arrested.")


def test_a_report_whose_counted_steps_link_nothing_joins_the_case_its_headline_tells() -> None:
    """Thirteen arrested in Kunming on the 9th, and another outlet's "China arrests 13 in
    Kunming" whose step analysis counted as the thirty held since spring: its steps link
    nothing, its headline tells the case, and it joins with its steps. The same headline
    on a report whose step is an arrest weeks earlier contradicts the case: it stays."""
    case = _arrest(1, "2025-07-09", 13, "Kunming", "Police hold defectors")
    misread = _arrest(2, "2025-07", 30, None, "China arrests 13 North Koreans in Kunming")
    assert groups([case, misread]) == [[1, 2]]
    earlier = _arrest(2, "2025-05-20", 30, None, "China arrests 13 North Koreans in Kunming")
    assert groups([case, earlier]) == [[1], [2]]


def test_a_lone_report_fitting_two_incidents_joins_the_one_more_of_whose_reports_it_tells() -> None:
    """Two outlets told the six returned on 9 July, one the six of June: a lone report
    scoring as well with each incident joins the one two of whose reports it tells of."""
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    a2 = told(2, 6, "East Sea", "2025-07-09", "2025-07-09")
    b = told(3, 6, "East Sea", "2025-06-02", "2025-07-12")  # another six, returned in June
    lone_report = alone(4, "6 North Koreans returned across the East Sea", "2025-07-10")
    assert groups([a, a2, b, lone_report]) == [[1, 2, 4], [3]]


def test_a_lone_report_counting_a_large_group_a_little_differently_joins_it() -> None:
    """Outlets count a large group differently: "some 650 sent back through Dandong" tells
    of the 600 another outlet saw returned there that week; 400 is another group."""
    a = told(1, 600, "Dandong", "2025-07-09", "2025-07-10")
    assert groups([a, alone(2, "Some 650 North Koreans sent back through Dandong",
                            "2025-07-12")]) == [[1, 2]]
    assert groups([a, alone(2, "Some 400 North Koreans sent back through Dandong",
                            "2025-07-12")]) == [[1]]


def test_a_report_dated_only_to_its_month_may_be_of_any_day_of_it() -> None:
    """A monthly round-up dated "2025-08" tells of six returned across the East Sea; an
    outlet's report of 29 July, its events missed, names the six in its lead. The round-up
    may be of 1 August, days after it: the lone report corroborates it. A report of
    early July is still too early."""
    monthly = told(1, 6, "East Sea", "2025-07", "2025-08")
    early = alone(2, "6 North Koreans returned across the East Sea", "2025-07-29")
    assert groups([monthly, early]) == [[1, 2]]
    assert groups([monthly, alone(2, "6 North Koreans returned across the East Sea",
                                  "2025-07-03")]) == [[1]]


def test_a_lone_report_known_only_by_its_year_corroborates_nothing() -> None:
    """A yearly review of the coast's finds ("boats with six aboard were found") is dated
    "2025": it may have been written any week of the year, so it is not news of the six
    returned in July. The same lead dated to the week of the return is."""
    a = told(1, 6, "East Sea", "2025-07-09", "2025-07-09")
    review = alone(2, "6 North Koreans returned across the East Sea, among the year's cases",
                   "2025")
    assert not lone(review, []) and groups([a, review]) == [[1]]
    weekly = alone(2, "6 North Koreans returned across the East Sea", "2025-07-10")
    assert lone(weekly, []) and groups([a, weekly]) == [[1, 2]]


def held(doc: int, people: int, published: str, day: str = "2025-08-12") -> Report:
    """A report whose analysis found an arrest in China, with no city."""
    event = Event(type="arrest", evidence=Evidence("detained", 0, 8), date=day,
                  people=people, country="CN")
    return Report(id=doc, events=[event], published=published, url=f"https://h{doc}.example/",
                  title="Defectors held", text="They were detained.")


def test_a_report_dated_to_its_month_was_published_together_with_one_of_any_day_of_it() -> None:
    """A monthly bulletin dated "2025-08" tells of seven held in China; an outlet's report of
    14 August, its events missed, names the seven and China. The bulletin may be of the
    14th: they were published together, which with the count and the country is enough.
    Two reports of known days a fortnight apart, or a yearly review, are not."""
    lead = "7 North Koreans detained in China"
    assert groups([held(1, 7, "2025-08"), alone(2, lead, "2025-08-14")]) == [[1, 2]]
    assert groups([held(1, 7, "2025-08-28"), alone(2, lead, "2025-08-14")]) == [[1]]
    assert groups([held(1, 7, "2025"), alone(2, lead, "2025-08-14")]) == [[1]]


def test_a_lone_report_telling_two_reports_of_one_case_is_no_tie() -> None:
    """Thirteen held in Kunming, told by one outlet with its step and by another whose step
    analysis counted as the thirty held since spring (it joins the case through its
    headline): a lone report naming the thirteen in Kunming tells of both, which are one
    case, so it joins it instead of standing apart as if it fitted two cases."""
    case = _arrest(1, "2025-07-09", 13, "Kunming", "Police hold defectors")
    misread = _arrest(2, "2025-07", 30, None, "China arrests 13 North Koreans in Kunming")
    lone_report = alone(3, "13 North Koreans arrested in Kunming", "2025-07-10")
    assert groups([case, misread, lone_report]) == [[1, 2, 3]]


# place corroboration is stored switched off (incidents.yaml corroboration.by_place)
PLACES = replace(RULES, corroboration=replace(RULES.corroboration, by_place=True))


def placed(reports: list[Report], rules: Rules = PLACES) -> list[list[int]]:
    """The incidents' documents with place corroboration switched on."""
    return sorted(i.documents for i in build_incidents({r.id: r for r in reports}, NOW, rules))


def _crossing(doc: int, day: str, place: str, title: str) -> Report:
    """A report whose analysis found one uncounted crossing, dated and placed."""
    event = Event(type="border_crossing", evidence=Evidence("swam across", 0, 11), date=day,
                  country="KR", place=place)
    return Report(id=doc, events=[event], published=day, url=f"https://c{doc}.example/",
                  title=title, text="The swimmer crossed the estuary at night.")


def test_an_uncounted_report_naming_an_uncommon_place_in_the_same_days_joins() -> None:
    """A man swims to Gyodong Island; another outlet, its events missed and its lead giving
    no count, names the island two days later: the place and the days together tell the
    case, as a count of one does. A week later, or naming only Seoul, they do not."""
    case = _crossing(1, "2025-07-31", "Gyodong Island", "Swimmer reaches the South")
    lead = "Soldiers pulled the swimmer out of the water off Gyodong Island"
    assert placed([case, alone(2, lead, "2025-08-02")]) == [[1, 2]]
    assert groups([case, alone(2, lead, "2025-08-02")]) == [[1]]  # switched off
    assert placed([case, alone(2, lead, "2025-08-09")]) == [[1]]
    seoul = _crossing(1, "2025-07-31", "Seoul", "Swimmer reaches the South")
    assert placed([seoul, alone(2, "Officials in Seoul questioned the swimmer",
                                "2025-08-01")]) == [[1]]


def test_a_place_links_reports_of_two_languages_only_when_switched_on() -> None:
    """The island named by a Korean outlet and by an English one: one case, but labels
    that group each language apart cannot judge the pair, so the link waits for
    `place_across_languages`."""
    case = replace(_crossing(1, "2025-07-31", "Gyodong Island", "Swimmer reaches the South"),
                   language="en")
    korean = replace(alone(2, "교동도 앞바다에서 헤엄쳐 온 주민을 군이 구조했다", "2025-08-01"),
                     language="ko")
    assert placed([case, korean]) == [[1]]
    across = replace(PLACES, corroboration=replace(PLACES.corroboration,
                                                   place_across_languages=True))
    assert placed([case, korean], across) == [[1, 2]]


def test_a_place_does_not_draw_a_report_away_from_the_case_its_count_tells() -> None:
    """A lone report counts seven held in China (one case's count and country, as strong
    as a place and the days) and names an island where another, uncounted case happened
    that week: the count decides, the place does not make it a tie."""
    seven = held(1, 7, "2025-08-12")
    swim = _crossing(2, "2025-08-12", "Gyodong Island", "Swimmer reaches the South")
    lead = "7 North Koreans detained in China; a swimmer reached Gyodong Island"
    assert placed([seven, swim, alone(3, lead, "2025-08-13")]) == [[1, 3], [2]]
