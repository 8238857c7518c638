"""Mechanisms that carry the analysis beyond its tuning set (issue 4, held-out failures)."""

from __future__ import annotations

from tumen.analyze import analyze_text

PUB = "2023-06-15"


def _events(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
    return [(e.type, e.country, e.date, e.people) for e in analyze_text(text, published=PUB).events]


def test_landmarks_give_their_country() -> None:
    assert _events("Three North Koreans were arrested in Tachileik last month.") == [
        ("arrest", "MM", "2023-05", 3)
    ]
    assert _events("Four North Koreans were arrested in Kuala Lumpur on Friday.")[0][1] == "MY"


def test_handover_to_china_is_a_return_in_the_handing_country() -> None:
    assert ("repatriation", "LA", "2023-05", 9) in _events(
        "라오스 당국은 지난달 탈북민 9명을 중국 측에 넘긴 것으로 확인됐다."
    )
    assert ("repatriation", "VN", "2023-05", 4) in _events(
        "Vietnamese police handed four North Koreans to Chinese authorities last month."
    )
    assert ("repatriation", "VN", "2023-05", 4) in _events(
        "베트남에서 붙잡힌 탈북민 4명이 지난달 중국 광시성 둥싱 공안에 넘겨졌다."
    )
    got = _events("脱北者5人がラオスで拘束され、先月中国側に引き渡された。")
    assert [e[:2] for e in got] == [("arrest", "LA"), ("repatriation", "LA")]


def test_generic_sentences_give_no_events() -> None:
    assert _events("Most of those caught are sent back to North Korea.") == []
    assert _events("Many who fled in the 1990s were later arrested and sent back.") == []
    assert _events("중국에서 붙잡힌 탈북민 대부분이 북송된 것으로 보인다.") == []


def test_a_lone_named_person_is_one() -> None:
    assert _events("Kim Mi-ran, 34, was arrested in Yanji last month.") == [
        ("arrest", "CN", "2023-05", 1)
    ]
    assert _events("Ms Kim was arrested in Yanji last month.")[0][3] == 1
    # A pronoun for a group, or a country as the agent, is not one person.
    assert _events("They crossed the border into Myanmar in May.")[0][3] is None
    assert _events("Vietnam deported the group to China last month.")[0][3] is None


def test_statistics_for_the_year_before() -> None:
    text = (
        "The number of defectors reaching the South fell in 2017 to 1,127, from 1,418 "
        "the year before, the Unification Ministry said."
    )
    stats = analyze_text(text, published="2018-01-09").statistics
    assert {(s.measure, s.period, s.value) for s in stats} == {
        ("arrivals", "2017", 1127),
        ("arrivals", "2016", 1418),
    }


def test_part_of_a_year_is_not_a_period() -> None:
    text = "105 defectors reached the South in the first six months of 2024."
    assert analyze_text(text, published="2024-07-12").statistics == []


def test_a_crossing_is_not_placed_in_a_city_of_another_country() -> None:
    events = analyze_text(
        "The two men who crossed into Mongolia from China in May have arrived in Seoul.",
        published=PUB,
    ).events
    cross = next(e for e in events if e.type == "border_crossing")
    assert (cross.country, cross.place) == ("MN", None)


def test_topic_lexicon_generalises() -> None:
    topics = analyze_text(
        "A benefit concert raised more than $40,000 for the rescue of women hiding in China. "
        "Organisers appealed to supporters to keep up the campaign.", published=PUB).topics
    assert "fundraising" in topics and "advocacy" not in topics
    assert "resettlement" in analyze_text(
        "The law on protecting and resettling defectors took effect in 1997.", published=PUB).topics
