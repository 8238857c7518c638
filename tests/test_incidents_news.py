"""What founds an incident: news of a case, not general statements, figures or background."""

from __future__ import annotations

from dataclasses import replace

from incidentkit import NOW, RULES, ev, report
from tumen.incidents import Report, build_incidents
from tumen.incidents.matching import mentions
from tumen.models import Event, Evidence


def test_general_statements_make_no_incident() -> None:
    reports = [report(6, [ev("repatriation", None)], "2019-05-10"),
               report(7, [ev("repatriation", "2018", 600)], "2019-05-10"),
               report(8, [ev("border_crossing", None, None, ("child",), "TH")], "2019-05-10")]
    assert build_incidents({r.id: r for r in reports}, NOW, RULES) == []


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


def test_an_undated_arrival_counting_one_of_the_figures_is_that_figure_told_again() -> None:
    """A policy essay says early on that "some 40 have been granted asylum so far", and its
    figures later give 40 admitted in one year: the undated 40 is a figure, not news of
    forty people. Dated, or counting a group no figure counts, the arrival is news."""
    arrival = ev("reached_safety", None, 40, country="US", start=60)
    essay = Report(id=1, events=[arrival], published="2019-04-02", statistics=3,
                   statistics_start=900, figures=frozenset({40, 1200}), url="u1")
    assert build_incidents({1: essay}, NOW, RULES) == []
    essay.figures = frozenset({1200})
    assert len(build_incidents({1: essay}, NOW, RULES)) == 1
    essay.figures, arrival.date = frozenset({40, 1200}), "2019-03"
    assert len(build_incidents({1: essay}, NOW, RULES)) == 1


def test_a_return_recalled_after_the_figures_is_an_aside_of_a_report_of_figures() -> None:
    """"Arrivals in the South rose by a third this year", then, as a cause, "after Laos
    sent back nine in May": the figures lead, the return is an aside, so the report
    founds no incident and joins none. Told before the figures, the return is news."""
    aside = ev("repatriation", "2019-05", 9, country="LA", start=500)
    figures = Report(id=1, events=[aside], published="2019-07-20", statistics=2,
                     statistics_start=120, url="u1")
    news = report(2, [ev("repatriation", "2019-05", 9, country="LA", place="Vientiane")],
                  "2019-06-01")
    assert [i.documents for i in build_incidents({1: figures, 2: news}, NOW, RULES)] == [[2]]
    figures.statistics_start = 900
    assert [i.documents for i in build_incidents({1: figures, 2: news}, NOW, RULES)] == [
        [1, 2]]


def test_a_headline_counting_one_of_the_reports_figures_is_a_report_of_figures() -> None:
    """A title counting one of the report's statistics ("71 defectors reached the South
    last year") makes a report of figures: an aside of its body (a caption on a case long
    closed, dated by the day the photo was shown) founds no incident. A headline counting
    a group its figures do not give is news."""
    aside = ev("death", "2019-03-28", 12, country="KP", start=300)
    figures = Report(id=1, events=[aside], published="2019-04-02", statistics=2,
                     statistics_start=100, figures=frozenset({71, 140}), url="u1",
                     title="71 defectors reached the South last year", language="en")
    assert build_incidents({1: figures}, NOW, RULES) == []
    figures.title = "Twelve drowned off the coast"
    assert len(build_incidents({1: figures}, NOW, RULES)) == 1


def test_an_undated_round_estimate_is_background_but_a_dated_or_exact_count_is_news() -> None:
    estimate = report(1, [ev("arrest", None, 2000)], "2023-10-13")
    raid = report(2, [ev("arrest", None, 169, country="TH", place="Bangkok")], "2006-08-22")
    dated = report(3, [ev("repatriation", "2023-10-09", 600)], "2023-10-12")
    found = build_incidents({1: estimate, 2: raid, 3: dated}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[2], [3]]


def test_an_undated_round_count_the_title_names_is_the_reports_news() -> None:
    """"300 refugees sent back by China", the return told undated in the body: the title
    makes the round figure the report's news, and it joins the report dating the return.
    The same figure told in passing, under a title that counts nothing, stays background."""
    dated = report(1, [ev("repatriation", "2023-10-09", 300, place="Dandong")], "2023-10-11")
    titled = Report(id=2, events=[ev("repatriation", None, 300)], published="2023-10-16",
                    url="u2", title="300 refugees sent back by China", language="en")
    assert [i.documents for i in build_incidents({1: dated, 2: titled}, NOW, RULES)] == [[1, 2]]
    titled.title = "Churches hold a vigil for the returned"
    assert [i.documents for i in build_incidents({1: dated, 2: titled}, NOW, RULES)] == [[1]]


def test_uncounted_steps_under_a_title_counting_one_group_are_that_groups() -> None:
    """"Nineteen try to scale a consulate wall in Beijing", the arrest told with no count,
    date or place: the title counts the group, so the arrest is of the nineteen and founds
    an incident. A title about one person, or counting two groups, counts no step."""
    told = Report(id=1, events=[ev("arrest", None)], published="2004-10-25", url="u1",
                  title="19 North Koreans try to scale a consulate wall", language="en")
    assert build_incidents({1: told}, NOW, RULES) == []  # switched off (titled_group)
    rules = replace(RULES, titled_group=True)
    (incident,) = build_incidents({1: told}, NOW, rules)
    assert incident.people_min == 19 and incident.status == "detained"
    told.title = "A North Korean tries to scale a consulate wall"
    assert build_incidents({1: told}, NOW, rules) == []
    told.title = "19 North Koreans scale a consulate wall as 5 defectors are held elsewhere"
    assert build_incidents({1: told}, NOW, rules) == []


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


def test_a_killing_dated_to_the_day_is_news_even_uncounted_and_unplaced() -> None:
    """Guards shot a man dead on the Chinese bank on the 25th, told by two outlets that give
    no count and no town: each killing is specific, and the two reports, dating the death
    to one day, are one case. A death known only to its month, uncounted and unplaced, is
    no case of its own."""
    shot = [report(n, [ev("death", "2011-10-25", None, country="CN", start=5)], "2011-11-08")
            for n in (1, 2)]
    assert all(m.specific for r in shot for m in mentions(r, RULES))
    assert [i.documents for i in build_incidents({r.id: r for r in shot}, NOW, RULES)] == [
        [1, 2]]
    month = report(3, [ev("death", "2011-10", None, country="CN")], "2011-11-08")
    assert not any(m.specific for m in mentions(month, RULES))
    assert build_incidents({3: month}, NOW, RULES) == []


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


def _roundup(published: str, extra: list[Event] | None = None) -> Report:
    """A review of three past cases: a woman held in Hunchun, two sent back, six held."""
    return report(9, [ev("arrest", "2015-05-03", 1, ("woman",), place="Hunchun"),
                      ev("repatriation", "2012-10", 2, start=30),
                      ev("arrest", "2017-11", 6, start=60),
                      *(extra or [])], published)


def test_a_roundup_of_past_cases_links_no_other_report() -> None:
    """A report of 2019 listing cases of 2012, 2015 and 2017 tells none of them as news:
    the six held in November 2017 it recalls do not join the news of those six."""
    news = report(1, [ev("arrest", "2017-11-14", 6, place="Yanji")], "2017-11-16")
    roundup = _roundup("2019-03-01")
    assert all(m.roundup for m in mentions(roundup, RULES))
    found = build_incidents({1: news, 9: roundup}, NOW, RULES)
    assert sorted(i.documents for i in found) == [[1], [9]]


def test_a_report_with_news_beside_its_past_cases_is_no_roundup() -> None:
    """The same cases told weeks after the latest (news of it, others recalled), or beside
    an undated step of its own sentence ("another family fled this winter"), still link."""
    news = report(1, [ev("arrest", "2017-11-14", 6, place="Yanji")], "2017-11-16")
    recent = _roundup("2017-12-01")
    assert [i.documents for i in build_incidents({1: news, 9: recent}, NOW, RULES)] == [[1, 9]]
    fled = Event(type="border_crossing", evidence=Evidence("another family fled", 90, 100),
                 date=None, people=4, country="CN")
    assert not any(m.roundup for m in mentions(_roundup("2019-03-01", [fled]), RULES))
