"""Which country an event happened in: the words around a place that say it is not there."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tumen.analyze import analyze_text
from tumen.analyze.events import frames, place
from tumen.analyze.events.base import load_rules


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
    # the second of a pair ("the border area of Russia and Mongolia")
    both = "脱北者3人が先月、ロシアとモンゴルの国境地域で警察に拘束された。"
    assert _countries(both) == [("arrest", "RU")]
    korean_pair = "탈북민 3명이 지난달 러시아와 몽골의 국경 지역에서 경찰에 체포됐다."
    assert _countries(korean_pair) == [("arrest", "RU")]
    # a border named alone still gives its country
    alone = "탈북민 3명이 지난달 중국 국경 지역에서 공안에 체포됐다."
    assert _countries(alone) == [("arrest", "CN")]


def test_a_mission_is_in_the_country_it_stands_in_not_the_one_it_flies_the_flag_of() -> None:
    # the Korean consulate in China, the Japanese consulate in Shenyang, the South Korean
    # embassy in Vientiane (tests/fixtures/analysis/README.md: country = where the mission is)
    korean = "탈북민 4명이 지난 3일 주중 한국영사관에 진입했다."
    assert _countries(korean) == [("reached_safety", "CN")]
    japanese = "脱北者3人が先月、瀋陽の日本総領事館に駆け込んだ。"
    assert _countries(japanese) == [("reached_safety", "CN")]
    english = "Six North Koreans walked into the South Korean embassy in Vientiane on Monday."
    assert _countries(english) == [("reached_safety", "LA")]
    # the flag of a mission right after the verb of going is no safe country reached
    for text in (
        "Two women climbed a fence and got into the U.S. consulate of Shenyang on Friday.",
        "A family of three got into the Canadian embassy in Beijing on Tuesday.",
        "Five North Koreans ran into the Japan consulate in Dalian last week.",
    ):
        assert _countries(text) == [("reached_safety", "CN")], text


def test_a_time_zone_is_no_place() -> None:
    # "at 10 a.m. (Korean time)": the clock, not where the arrest happened
    text = "중국 공안이 5일 오전 10시(한국시간) 탈북민 2명을 체포했다."
    assert _countries(text) == [("arrest", "CN")]


def test_a_country_passed_through_is_not_where_it_happened() -> None:
    # "having gone through China to a country of South-East Asia, three were caught"
    japanese = "中国を経て東南アジアに入った脱北者のうち3人が先月、国境警備隊に拘束された。"
    assert ("arrest", "CN") not in _countries(japanese)
    english = "Four North Koreans who travelled via China were arrested in Vientiane last week."
    assert _countries(english) == [("arrest", "LA")]


def test_the_country_of_an_official_who_tells_it_is_not_where_it_happened() -> None:
    # as "South Korean officials said" in English: the speaker's country
    # (every event found, before the confidence threshold)
    for text in (
        "한국 당국자는 탈북민 5명이 지난 2일 공안에 체포됐다고 전했다.",
        "韓国当局者によると、脱北者5人が2日に公安に拘束された。",
    ):
        found = analyze_text(text, published="2019-04-10", min_confidence=0).events
        assert [(e.type, e.country) for e in found] == [("arrest", None)]


def test_nobody_is_released_in_south_korea() -> None:
    # the speakers' city is not where people were held
    def where(text: str, etype: str) -> list[str | None]:
        found = analyze_text(text, published="2023-10-10", min_confidence=0).events
        return [e.country for e in found if e.type == etype]

    assert where("Activists in Seoul said the five were released last week.", "release") == [None]
    assert where("서울의 한 인권단체는 탈북민 5명이 지난주 석방됐다고 밝혔다.", "release") == [None]
    assert where("ソウルの支援団体によると、脱北者5人が先週釈放された。", "release") == [None]
    # held abroad, released there
    laos = "라오스에서 붙잡혔던 탈북민 5명이 지난 9일 석방돼 한국으로 갈 예정이다."
    assert where(laos, "release") == ["LA"]


def test_where_a_speaker_or_relative_lives_is_not_where_it_happened() -> None:
    # a group based in Seoul speaks; the arrest was made by Chinese police
    korean = (
        "서울에 있는 한 탈북민 지원단체 대표는 중국 공안이 지난 3일 탈북민 5명을 붙잡았다고 말했다."
    )
    assert _countries(korean, "2024-05-14") == [("arrest", "CN")]
    japanese = "ソウル在住の支援団体代表によると、脱北者4人が今月初め、中国公安に拘束された。"
    assert _countries(japanese, "2024-05-14") == [("arrest", "CN")]
    english = "Police detained four defectors, one of them the brother of a woman living in Seoul."
    assert ("arrest", "KR") not in _countries(english, "2024-05-14")
    # a source living in a northern province tells of its own province
    north = "양강도에 사는 소식통은 지난 2일 혜산에서 주민 두명이 보위부에 체포되었다고 전했다."
    assert _countries(north, "2024-05-14") == [("arrest", "KP")]


def test_a_state_body_with_a_word_of_where_before_it_names_its_country() -> None:
    # "the Mongolian eastern border officers", "Lao local police", "Vietnamese military
    # authorities": the demonym of a state body tells where it acted
    for text, country in (
        ("Eleven refugees were caught by Mongolian eastern border officers on Monday.", "MN"),
        ("Two North Korean women were detained by Lao local police last week.", "LA"),
        ("A family of four was stopped by Vietnamese military authorities on Sunday.", "VN"),
    ):
        assert _countries(text) == [("arrest", country)], text


def test_a_state_body_split_by_its_own_verb_still_names_its_country() -> None:
    # "Thai police raided a house": the trigger starts at "police", and its demonym lies
    # before it, in another span
    text = "Thai police raided a flat in Bangkok and detained 30 North Koreans on Friday."
    assert _countries(text) == [("arrest", "TH")]
    text = "Thai police raided a guesthouse and detained 30 North Koreans on Friday."
    assert _countries(text) == [("arrest", "TH")]


def test_the_country_a_border_is_shared_with_is_not_where_it_happened() -> None:
    # "having crossed the border with Laos" from Thailand's side
    text = (
        "Six North Koreans were arrested by Thai police on Monday after they crossed "
        "the border with Laos."
    )
    assert _countries(text) == [("arrest", "TH"), ("border_crossing", "TH")]


def test_a_defector_of_the_north_is_no_place_in_the_north() -> None:
    # "북한이탈주민" (a defector from the North) names who, not where: the death happened in
    # the southern city named, and with none named in no country at all
    # (every event found, before the confidence threshold)
    def found(text: str) -> list[tuple[str, str | None]]:
        events = analyze_text(text, published="2020-02-01", min_confidence=0.0).events
        return [(e.type, e.country) for e in events]

    text = "대구 달서구의 한 주택에서 40대 북한이탈주민이 숨진 채 발견됐다."
    assert found(text) == [("death", "KR")]
    assert found("40대 북한이탈주민 숨진 채 발견") == [("death", None)]


def test_names_of_places_the_gazetteer_gives() -> None:
    # the Hangul spelling of Daegu (also a common word: only before a particle or a space),
    # the long name of Laos, a Vietnamese province
    assert _countries("탈북민 2명이 지난 3일 대구에서 경찰에 체포됐다.") == [("arrest", "KR")]
    text = "Police of the Lao People's Democratic Republic detained two women on 3 May."
    assert _countries(text) == [("arrest", "LA")]
    text = "Five North Koreans were detained in Ha Tinh province on Monday."
    assert _countries(text) == [("arrest", "VN")]


def test_official_country_names_are_their_countries() -> None:
    # a closed class: the long official names of the countries on the routes
    text = ("Police of the Lao People's Democratic Republic arrested six defectors on 2 March "
            "and deported them to People's Republic of China on 9 March.")
    assert _countries(text, "2019-03-20") == [("arrest", "LA"), ("repatriation", "LA")]
    text = "Four refugees were detained in the Socialist Republic of Vietnam on Friday."
    assert _countries(text) == [("arrest", "VN")]



@pytest.fixture
def speaker_places(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speaker's places of Korean and Japanese reports switched on (stored off)."""
    rules = replace(load_rules(), speaker_places=True)
    monkeypatch.setattr(place, "load_rules", lambda: rules)
    monkeypatch.setattr(frames, "load_rules", lambda: rules)


def test_the_speakers_places_are_stored_switched_on() -> None:
    # a roundup they once joined to other reports' incident links none (events.yaml)
    assert load_rules().speaker_places is True


def test_the_speaker_after_a_reported_clause_is_not_where_it_happened(speaker_places: None) -> None:
    # the outlet's country after "…다고" / "…と" is who told it (issue 16)
    korean = "탈북민 20여명이 지난달 풀려났다고 미국의 한 방송이 17일 전했다."
    assert ("release", "US") not in _countries(korean)
    held = (
        "중국 선양 일대에서 붙잡힌 탈북민 20여명이 북송되기 전에 풀려났다고 "
        "미국의 한 방송이 전했다."
    )
    assert _countries(held) == [("arrest", "CN"), ("release", "CN")]
    japanese = "脱北者12人が先月、ラオスで拘束されたと、日本の新聞が17日報じた。"
    assert _countries(japanese) == [("arrest", "LA")]


def test_where_a_paper_is_published_is_not_where_it_happened(speaker_places: None) -> None:
    korean = (
        "오사카에서 발행되는 한 신문은 지난달 5일 중국 공안에 의해 북한으로 강제송환된 "
        "탈북자 6명 가운데 1명이 다시 탈출했다고 보도했다."
    )
    assert ("repatriation", "CN") in _countries(korean)
    assert ("repatriation", "JP") not in _countries(korean)
    japanese = (
        "大阪で発行されている新聞は、先月5日に中国当局によって北朝鮮に強制送還された"
        "脱北者6人のうち1人が再び脱出したと報じた。"
    )
    assert ("repatriation", "CN") in _countries(japanese)
    assert ("repatriation", "JP") not in _countries(japanese)
