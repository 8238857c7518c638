"""Where an event happened: seas, state bodies and the country of the event (#16, #18)."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.gazetteer import place_by_name


def _events(text: str, published: str = "2024-05-10") -> list[tuple[str, str | None]]:
    return [(e.type, e.country) for e in analyze_text(text, published=published).events]


def test_a_sea_is_water_and_no_countrys_land() -> None:
    for name in ("East Sea", "Yellow Sea"):
        sea = place_by_name(name)
        assert sea is not None and sea.at_sea and sea.country is None
    line = place_by_name("Northern Limit Line")
    assert line is not None and line.at_sea and line.country == "KR"
    port = place_by_name("Busan")
    assert port is not None and not port.at_sea and port.country == "KR"


def test_a_boat_off_a_japanese_coast_on_the_sea_of_japan_entered_japan() -> None:
    text = ("Japanese fishermen sighted a small wooden boat carrying five North Koreans on "
            "Tuesday near the Noto Peninsula, which faces the Sea of Japan.")
    assert ("border_crossing", "KR") not in _events(text)


def test_who_sent_them_back_across_a_sea_is_the_country_of_the_return() -> None:
    text = "South Korea sent six North Korean fishermen back across the East Sea on Wednesday."
    assert _events(text) == [("repatriation", "KR")]


def test_the_souths_coast_guard_rescuing_a_boat_at_sea_is_a_crossing_into_the_south() -> None:
    text = "해경은 지난 5일 동해상에서 표류하던 북한 주민 2명을 구조했다."
    assert _events(text) == [("border_crossing", "KR")]


def test_a_boat_seized_by_the_line_at_sea_entered_the_south() -> None:
    text = ("통일부는 정부가 지난 2일 동해 북방한계선 인근 해상에서 "
            "북한 주민 2명을 나포했다고 밝혔다.")
    assert ("border_crossing", "KR") in _events(text)


def test_gangwon_unqualified_in_korean_is_the_souths_province() -> None:
    text = "북한 주민 2명이 목선을 타고 지난 1일 강원도에 도착했다."
    got = analyze_text(text, published="2024-05-10").events
    assert [(e.type, e.country) for e in got] == [("border_crossing", "KR")]


def test_a_city_and_the_province_two_levels_up_tell_one_arrest() -> None:
    """merge walks every level of the gazetteer's regions, as gazetteer.within does (Yanji
    lies in Yanbian, which lies in Jilin); two cities of one prefecture stay two places."""
    from tumen.analyze.events import merge_events
    from tumen.models import Event, Evidence

    def arrest(place: str) -> Event:
        return Event(type="arrest", evidence=Evidence("", 0, 0), country="CN", people=4,
                     date="2019-03", place=place)

    merged = merge_events([arrest("Jilin"), arrest("Yanji")])
    assert [(e.people, e.place) for e in merged] == [(4, "Yanji")]
    assert len(merge_events([arrest("Yanji"), arrest("Tumen")])) == 2


def test_a_datelines_city_is_where_the_report_was_filed_not_the_event() -> None:
    """Issue 18: the place where it happened, never where a reporter or speaker was."""
    for text in ("BANGKOK (AFP) -- Thai police arrested 19 North Koreans near the Mekong on "
                 "Friday.",
                 "【ソウル共同】中国当局は9日、脱北者30人を北朝鮮に強制送還した。",
                 "[서울=연합뉴스] 중국 공안이 지난 9일 탈북민 5명을 체포했다."):
        found = analyze_text(text, published="2024-05-10", min_confidence=0).events
        places = [e.place for e in found]
        assert places and "Seoul" not in places and "Bangkok" not in places


def test_a_sources_city_in_korean_or_japanese_is_not_the_events() -> None:
    """Issue 18: "a source in Seoul" told with a genitive (서울의 한 소식통, ソウルの消息筋)."""
    text = "서울의 한 소식통은 중국 공안이 지난 3일 탈북민 4명을 체포했다고 말했다."
    assert _events(text) == [("arrest", "CN")]


def test_the_country_they_fled_is_never_where_they_reached_safety() -> None:
    # the origin's demonym beside a sea names no safe country: the sea stands for one
    text = "日本海で北朝鮮からとみられる木造船が見つかり、乗っていた8人が保護された。"
    events = _events(text)
    assert events and ("reached_safety", "KP") not in events, events
    assert all(country != "KP" for _, country in events)


def test_a_boat_across_a_sea_with_no_country_named_came_to_the_coast_it_stands_for() -> None:
    # the sea's fallback country decides whether a boat arrived at all, as it decides
    # where; a state body named after the verb still says which coast
    drift = "A small boat carrying four North Koreans drifted across the East Sea."
    assert _events(drift) == [("border_crossing", "KR")]
    japan = "Japanese police said eight North Koreans arrived by boat across the Sea of Japan."
    assert _events(japan) == [("border_crossing", "JP")]


def test_a_place_a_distance_is_measured_from_is_not_where_it_happened() -> None:
    # the reference point tells the country, not the place; another place named wins
    text = ("Police said they arrested four North Koreans at a bus station about 50 "
            "kilometers east of Kunming on Friday.")
    events = analyze_text(text, published="2024-05-10").events
    assert [(e.type, e.country, e.place) for e in events] == [("arrest", "CN", None)]
    text = "경찰은 지난 3일 서울에서 북쪽으로 약 40㎞ 떨어진 파주에서 탈북민 2명을 체포했다."
    assert [e.place for e in analyze_text(text, published="2024-05-10").events] == ["Paju"]
