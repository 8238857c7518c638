"""An earlier case told in passing stays apart from the news (analyze/events/merge.py
date_earlier_case, stored off), on sentences written for these tests."""

from __future__ import annotations

import pytest

from tumen.analyze import analyze_text
from tumen.analyze.events import merge
from tumen.analyze.events.merge import date_earlier_case
from tumen.models import Event, Evidence

NEWS = "Three soldiers crossed the border on Monday."
ASIDE = "The last crossing there was in 2016."


def _event(text: str, date: str | None, etype: str = "border_crossing") -> Event:
    return Event(type=etype, evidence=Evidence(text, 0, len(text)), date=date, country="KR")


def test_an_earlier_case_takes_the_time_its_sentence_names() -> None:
    news, aside = _event(NEWS, "2021-05-03"), _event(ASIDE, None)
    date_earlier_case([news, aside], {ASIDE: frozenset({"2016"})})
    assert (news.date, aside.date) == ("2021-05-03", "2016")


def test_a_time_within_the_news_or_after_it_is_the_news() -> None:
    for told in ("2021-05", "2021-05-03", "2022"):
        aside = _event(ASIDE, None)
        date_earlier_case([_event(NEWS, "2021-05-03"), aside], {ASIDE: frozenset({told})})
        assert aside.date is None, told


def test_no_earlier_case_from_two_times_or_another_events_time() -> None:
    aside = _event(ASIDE, None)
    times = {ASIDE: frozenset({"2016", "2017"})}
    date_earlier_case([_event(NEWS, "2021-05-03"), aside], times)
    assert aside.date is None
    # a time the sentence gives to another of its events ("who had fled in 2016") is that one's
    fled = _event(ASIDE, "2016", "reached_safety")
    aside = _event(ASIDE, None)
    date_earlier_case([_event(NEWS, "2021-05-03"), aside, fled], {ASIDE: frozenset({"2016"})})
    assert aside.date is None


def test_no_earlier_case_of_another_type_or_in_the_same_sentence() -> None:
    aside = _event(ASIDE, None)
    date_earlier_case([_event(NEWS, "2021-05-03", "arrest"), aside], {ASIDE: frozenset({"2016"})})
    assert aside.date is None
    one = _event(NEWS, None)
    date_earlier_case([_event(NEWS, "2021-05-03"), one], {NEWS: frozenset({"2016"})})
    assert one.date is None


def test_the_first_crossing_since_a_month_years_before_is_not_merged_into_the_news(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "북한 주민 3명이 지난 5일 목선을 타고 동해 북방한계선을 넘어 귀순했다. "
        "주민들이 목선을 타고 동해로 귀순한 것은 2019년 11월 이후 처음이다."
    )
    news = ("border_crossing", "KR", "2024-03-05", 3)
    # stored off: merged into the news, as before
    assert _rows(text) == [news]
    monkeypatch.setattr(merge, "EARLIER_CASE", True)
    assert _rows(text) == [news, ("border_crossing", "KR", "2019-11", None)]


def _rows(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
    events = analyze_text(text, published="2024-03-12").events
    return [(e.type, e.country, e.date, e.people) for e in events]
