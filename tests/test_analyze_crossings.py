"""Border crossings: the country entered, and crossings that are none (#16)."""

from __future__ import annotations

from tumen.analyze import analyze_text


def _events(text: str, published: str = "2024-05-10") -> list[tuple[str, str | None]]:
    return [(e.type, e.country) for e in analyze_text(text, published=published).events]


def test_an_escape_then_an_arrival_with_no_way_across_named_is_the_arrival_only() -> None:
    # an escape from a work site abroad that names no country entered, then the arrival
    text = ("쿠웨이트 건설 현장에 파견됐던 북한 근로자 4명이 작년 가을 탈북해 지난달 "
            "국내에 입국한 것으로 확인됐다.")
    assert _events(text) == [("reached_safety", "KR")]


def test_an_escape_by_boat_then_an_arrival_in_the_south_is_one_crossing_into_it() -> None:
    assert _events("북한 주민 2명이 목선을 타고 탈북해 지난 3일 국내에 들어왔다.") == [
        ("border_crossing", "KR")
    ]
    assert _events("北朝鮮の漁船員2人が先月、木造船で脱北し、韓国に入国した。") == [
        ("border_crossing", "KR")
    ]


def test_an_escape_told_after_an_arrival_does_not_enter_the_country_arrived_in() -> None:
    text = ("북한 벌목공 3명이 지난달 한국에 입국했다.\n\n"
            "이들은 서로 다른 작업장에서 일하다 탈북한 것으로 전해졌다.")
    assert ("border_crossing", "KR") not in _events(text)
    assert ("reached_safety", "KR") in _events(text)


def test_a_boat_off_the_japanese_coast_or_in_south_korean_waters_entered_that_country() -> None:
    # the coast and waters of the two countries boats come to are theirs (README)
    text = ("Eight North Koreans arrived on Sunday in a small wooden boat off the northern "
            "Japanese coast, officials said.")
    assert _events(text) == [("border_crossing", "JP")]
    text = ("A fishing boat with four North Koreans aboard drifted into South Korean waters "
            "on Friday.")
    assert _events(text) == [("border_crossing", "KR")]


def test_a_korean_entry_meant_and_cut_short_is_no_crossing() -> None:
    # -려다(가): set out to do it and were stopped (a closed class of intention endings)
    text = "탈북민 5명이 지난 2일 미얀마로 밀입국하려다 중국 공안에 붙잡혔다."
    assert _events(text) == [("arrest", "CN")]
