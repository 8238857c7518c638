"""Which country an event happened in: the words around a place that say it is not there."""

from __future__ import annotations

from tumen.analyze import analyze_text


def _countries(text: str, published: str = "2019-04-10") -> list[tuple[str, str | None]]:
    return [(e.type, e.country) for e in analyze_text(text, published=published).events]


def test_the_country_across_a_border_is_not_where_it_happened() -> None:
    # "arrested at the Vietnam-China border", "in the area of Vietnam next to the Laos border"
    korean = "탈북민 8명이 지난달 베트남-중국 국경에서 현지 공안에 체포됐다."
    assert _countries(korean) == [("arrest", "VN")]
    japanese = "脱北者7人が先月、ベトナム北部のラオス国境に近い村で警察に拘束された。"
    assert _countries(japanese) == [("arrest", "VN")]
    pair = "脱北者5人が先月、タイ・ラオス国境で警察に拘束された。"
    assert _countries(pair) == [("arrest", "TH")]
    # a border named alone still gives its country
    alone = "탈북민 3명이 지난달 중국 국경 지역에서 공안에 체포됐다."
    assert _countries(alone) == [("arrest", "CN")]
