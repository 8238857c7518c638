"""A report's group: which count is the people a report is about, and near counts."""

from __future__ import annotations

from dataclasses import replace

from incidentkit import NOW, RULES, ev, report
from tumen.incidents import Report, build_incidents
from tumen.incidents.matching import mentions
from tumen.models import Event, Evidence


def test_counts_that_disagree_too_much_stay_apart() -> None:
    reports = [report(1, [ev("arrest", "2019-04-27", 7, place="Shenyang")], "2019-05-02"),
               report(2, [ev("arrest", "2019-04-27", 30, place="Shenyang")], "2019-05-02")]
    assert len(build_incidents({r.id: r for r in reports}, NOW, RULES)) == 2


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


def test_outlets_counting_one_group_differently_agree_within_a_quarter() -> None:
    """13, 15 and 17 arrested in Kunming on one day are one group; 7 and 30 are not."""
    reports = [report(n, [ev("arrest", "2013-11-15", people, place="Kunming")], "2013-11-18")
               for n, people in ((1, 13), (2, 17), (3, 15))]
    assert [i.documents for i in build_incidents({r.id: r for r in reports}, NOW, RULES)] == [
        [1, 2, 3]]


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


def test_a_larger_count_of_a_case_months_old_is_recalled_not_the_lead_group() -> None:
    """A May report of 80 sent back on the 2nd, recalling 500 held last autumn, under a
    title that counts nobody: its group is the 80 of its news. It joins another outlet's
    report of the 80 and stays out of the autumn case's incident."""
    told = Report(id=1, published="2024-05-06", url="u1", title="Returns resume at the border",
                  events=[ev("repatriation", "2024-05-02", 80, place="Hunchun"),
                          ev("arrest", "2023-10", 500, start=40)])
    other = report(2, [ev("repatriation", "2024-05-02", 80, place="Hunchun")], "2024-05-04")
    autumn = report(3, [ev("arrest", "2023-10", 500)], "2023-10-20")
    assert {m.people for m in mentions(told, RULES)} == {80}
    found = build_incidents({r.id: r for r in (told, other, autumn)}, NOW, RULES)
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


def test_parts_told_in_one_sentence_count_the_whole_group_the_report_counts() -> None:
    """"Two women reached the embassy on Monday and a boy on Tuesday": analysis keeps the
    two arrivals and drops the three the report also counts, but another outlet counts
    the three. Each part counts the whole, so the reports are one case; parts whose sum
    the report never counts keep their own counts."""
    sentence = "Two women reached the embassy on Monday and a boy on Tuesday."

    def parts(doc: int, text: str) -> Report:
        events = [Event(type="reached_safety", evidence=Evidence(sentence, 0, len(sentence)),
                        date=day, people=people, country="TH", place="Bangkok")
                  for day, people in (("2019-06-03", 2), ("2019-06-04", 1))]
        return report(doc, events, "2019-06-05", text=text)

    whole = parts(1, f"Three North Koreans are safe. {sentence}")
    other = report(2, [ev("reached_safety", "2019-06", 3, country="TH", place="Bangkok")],
                   "2019-06-06")
    assert {m.people for m in mentions(whole, RULES)} == {3}
    assert [i.documents for i in build_incidents({1: whole, 2: other}, NOW, RULES)] == [[1, 2]]
    assert {m.people for m in mentions(parts(1, sentence), RULES)} == {1, 2}
