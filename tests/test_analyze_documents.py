"""Document-level reading: dates without a publication date, scraped timelines, the place
of the event rather than of the speaker, a dated group that is not a statistic."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.timex import find_dates


def _events(text: str, published: str | None = None) -> list[tuple[object, ...]]:
    got = analyze_text(text, published=published).events
    return [(e.type, e.country, e.date, e.people) for e in got]


def test_undated_page_resolves_dates_against_the_dates_it_states() -> None:
    text = (
        "Statement. Date: 20 November 2015. Police arrested six North Koreans last month "
        "near the border. They had been stopped on October 3."
    )
    values = {text[d.start : d.end]: d.value for d in find_dates(text)}
    assert values["last month"] == "2015-10"
    assert values["October 3"] == "2015-10-03"
    # with a publication date, that date rules
    values = {text[d.start : d.end]: d.value for d in find_dates(text, "2016-02-01")}
    assert values["last month"] == "2016-01"


def test_month_day_after_the_last_stated_date_keeps_its_year() -> None:
    text = "Timeline: May 10 arrests. May 31 protest. The group was seized on May 29, 2013."
    values = [d.value for d in find_dates(text)]
    assert values == ["2013-05-10", "2013-05-31", "2013-05-29"]


def test_scraped_timeline_glued_to_the_word_before_is_split_and_dated() -> None:
    text = (
        "TimelineMay 10 nine North Korean youths detained in Laos; the leader asked for help "
        "to no availMay 27 Laos deports the nine youths to China"
    )
    assert [d.value for d in find_dates(text, "2013-06-05")] == ["2013-05-10", "2013-05-27"]
    got = analyze_text(text, published="2013-06-05").events
    arrest = next(e for e in got if e.type == "arrest")
    assert (arrest.country, arrest.date, arrest.people) == ("LA", "2013-05-10", 9)
    assert arrest.vulnerable == ["teen"]


def test_dated_group_is_an_event_not_a_yearly_figure() -> None:
    got = _events("Nine defectors were arrested by police in Laos on May 10, 2013.", "2013-06-01")
    assert got == [("arrest", "LA", "2013-05-10", 9)]


def test_place_after_the_verb_is_where_it_happened_not_the_speakers() -> None:
    text = (
        "Activists rallied outside the Lao embassy in Seoul on Friday, and said nine young "
        "North Koreans had been stopped by officials in Laos on May 10."
    )
    got = analyze_text(text, published="2013-06-01").events
    assert [(e.type, e.country, e.date) for e in got] == [("arrest", "LA", "2013-05-10")]


def test_month_day_past_the_item_date_keeps_the_year_the_text_states() -> None:
    # an item dated by its first date (May 10): "May 27" is not the May before
    text = "The nine were caught on May 10, 2013. Officials deported them to China on May 27."
    values = [d.value for d in find_dates(text, "2013-05-10")]
    assert values == ["2013-05-10", "2013-05-27"]
    # without the month stated with its year, a day past the publication date is last year's
    assert [d.value for d in find_dates("Deported on May 27.", "2013-05-10")] == ["2012-05-27"]


def test_days_before_the_report() -> None:
    cases = {
        "They were caught the day before.": "2019-05-01",
        "전날 체포됐다.": "2019-05-01",
        "前日に拘束された": "2019-05-01",
        "3日前に拘束された": "2019-04-29",
        "사흘 전 체포됐다": "2019-04-29",
        "5일 전에 체포됐다": "2019-04-27",
        "They were seized three days ago.": "2019-04-29",
    }
    for text, value in cases.items():
        assert [d.value for d in find_dates(text, "2019-05-02")] == [value], text
    # a count of days that is not "before" stays a day of the month
    assert [d.value for d in find_dates("5일 전쟁", "2019-05-02")] == ["2019-04-05"]


def test_lede_and_dated_sentence_are_one_event() -> None:
    text = (
        "Vietnam detained four North Koreans who had crossed the border from China, "
        "officials said Thursday. The two men and two women, aged 24 to 45, were held by "
        "border police on Monday."
    )
    arrests = [e for e in analyze_text(text, published="2003-01-02").events if e.type == "arrest"]
    assert [(e.country, e.date, e.people) for e in arrests] == [("VN", "2002-12-30", 4)]


def test_japanese_crossing_with_a_manner_phrase_before_the_verb() -> None:
    text = "今月1日、北方限界線(NLL)を木造船に乗って越えた北朝鮮の男性5人が亡命を希望した。"
    got = _events(text, "2017-07-06")
    assert ("border_crossing", "KR", "2017-07-01", 5) in got
