"""English: "the South" is South Korea, and what it needed to be read so (issue 16)."""

from __future__ import annotations

from tumen.analyze import analyze_text, find_places

PUB = "2024-03-20"


def _events(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
    return [(e.type, e.country, e.date, e.people) for e in analyze_text(text, published=PUB).events]


def test_the_south_is_south_korea_but_not_in_longer_names() -> None:
    assert [p.country for p in find_places("A family of four reached the South in May.")] == ["KR"]
    assert "KR" not in {p.country for p in find_places("They sailed into the South China Sea.")}
    assert [p.country for p in find_places("She entered the South Korean embassy.")] == []


def test_a_defection_to_the_south_is_an_arrival_there() -> None:
    got = _events("A young fisherman defected to the South on Monday, his cousin told reporters.")
    assert got == [("reached_safety", "KR", "2024-03-18", 1)]


def test_down_the_imjin_to_the_south_is_a_crossing() -> None:
    got = _events(
        "A North Korean private swam down the Imjin River and defected to the South on "
        "Tuesday night, the army said."
    )
    assert [e[:2] for e in got] == [("border_crossing", "KR")]


def test_an_arrival_told_after_its_direct_crossing_is_that_crossing() -> None:
    got = _events(
        "A North Korean private walked across the DMZ on Sunday, the army said. "
        "He defected to the South after two years of service, officers said."
    )
    assert [e[:2] for e in got] == [("border_crossing", "KR")]


def test_a_comparison_with_earlier_cases_is_no_event() -> None:
    first = "It is the first time in three years that a guard has defected to the South."
    assert _events(first) == []
    assert _events("This was the second boat to reach the South this winter.") == []


def test_where_the_peoples_kin_live_is_not_where_they_were_caught() -> None:
    got = _events(
        "Nine defectors, several of whom have relatives in the South, were detained last "
        "week by Chinese police."
    )
    assert [e[:2] for e in got] == [("arrest", "CN")]
    got = _events("A miner whose brother lives in Seoul was caught by Chinese police on Friday.")
    assert [e[:2] for e in got] == [("arrest", "CN")]
