"""When an arrival is safety reached, and when it is not yet or is another telling
(tests/fixtures/analysis/README.md: "left for South Korea" is not yet reaching it; a
landing in Japan or the South is one border_crossing; a figure for a period is no case)."""

from __future__ import annotations

from tumen.analyze import analyze_text


def _events(text: str, published: str = "2024-09-20") -> list[tuple[str, str | None, str | None]]:
    got = analyze_text(text, published=published).events
    return [(e.type, e.country, e.date) for e in got]


def test_korean_verb_told_as_going_on_is_not_yet_an_arrival() -> None:
    assert [e[0] for e in _events("풀려난 탈북민 5명이 현재 한국으로 오고 있다.")] == []
    # arrived: an event; a verbal noun told so is the state reached ("보호되고 있다")
    assert ("reached_safety", "KR") in [e[:2] for e in _events("탈북민 5명이 어제 한국에 왔다.")]
    held = _events("탈북민 3명이 태국 이민국 시설에 보호되고 있다.")
    assert [e[:2] for e in held] == [("reached_safety", "TH")]


def test_a_quarter_named_without_its_article_is_a_period() -> None:
    told = "Number of defectors arriving in South Korea rose in second quarter of 2023"
    assert _events(told) == []


def test_a_landing_dated_to_its_month_takes_in_the_care_on_a_day_of_it() -> None:
    got = _events(
        "ことし8月、新潟県の港の近くで男性が保護され、小舟で海を渡ってきたと話した。"
        "8月3日、佐渡市で全身がぬれた男性が警察に保護された。"
    )
    assert got == [("border_crossing", "JP", "2024-08-03")]



def test_a_mission_entry_told_in_a_relative_clause_is_safety_reached() -> None:
    told = (
        "On Monday the talks over a family of four who had slipped into the Dutch consulate "
        "in Dalian came to an end."
    )
    assert [e[:2] for e in _events(told, "2004-10-28")] == [("reached_safety", "CN")]
    # a class of people, the missions unplaced: background, no case
    told = "Defectors who had slipped into embassies were later sent on to Seoul."
    assert "reached_safety" not in [e[0] for e in _events(told, "2004-10-28")]


def test_safety_reached_in_a_relative_clause_keeps_its_own_date() -> None:
    # the day of the main verb after it is not the relative clause's
    told = "A North Korean man who defected to the South in 2016 was arrested on Thursday."
    got = {e.type: e.date for e in analyze_text(told, published="2019-06-14").events}
    assert got == {"reached_safety": "2016", "arrest": "2019-06-13"}


def test_two_refuges_of_other_counts_in_other_places_stay_two() -> None:
    told = (
        "Three men got into the Danish embassy in Beijing, an aide said. "
        "On Wednesday, talks ended over a group of six who had slipped into the Dutch "
        "consulate in Dalian."
    )
    got = analyze_text(told, published="2002-05-26").events
    assert sorted((e.people, e.place) for e in got if e.type == "reached_safety") == [
        (3, "Beijing"),
        (6, "Dalian"),
    ]


def test_a_mission_entry_in_a_relative_clause_takes_no_date_of_the_main_clause() -> None:
    told = (
        "On Monday, talks ended over a family of four who had slipped into the Dutch "
        "consulate in Dalian."
    )
    assert _events(told, "2004-10-28") == [("reached_safety", "CN", None)]


def test_korean_people_moved_into_a_mission_reached_it() -> None:
    # taken in by the mission, as English "moved into the embassy" (README, reached_safety)
    got = _events(
        "태국 방콕의 한국 대사관은 지난 12일 은신처에 있던 탈북민 5명을 대사관으로 이송했다.",
        published="2024-09-20",
    )
    assert got == [("reached_safety", "TH", "2024-09-12")]
    got = _events("경찰은 지난 12일 탈북민 5명을 구치소로 옮겼다.")
    assert [e[0] for e in got] != ["reached_safety"]


def test_japanese_people_moved_into_a_mission_reached_it() -> None:
    got = _events("バンコクの韓国大使館は12日、保護していた脱北者5人を大使館に移した。")
    assert got == [("reached_safety", "TH", "2024-09-12")]
