"""What makes a figure no one period's count, by class: one test per class, in each
language it has forms for, and lemmas that keep other words out."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.statistics.not_single import form_classes, not_single, script_language


def _class(clause: str) -> str | None:
    return not_single(clause, 0, len(clause))


def _stats(text: str) -> list[tuple[str, str | None, int]]:
    return [(s.measure, s.period, s.value) for s in analyze_text(text).statistics]


def test_every_class_says_why() -> None:
    classes = form_classes()
    assert {c.name for c in classes} == {
        "cumulative", "partial", "other_period", "rate", "estimated", "group", "range"
    }
    assert all(c.why and (c.forms or any(c.lemmas.values())) for c in classes)


def test_script_decides_the_language_forms_are_read_in() -> None:
    assert script_language("Arrivals rose to 90 in 2023.") == "en"
    assert script_language("입국한 탈북민은 90명") == "ko"
    assert script_language("脱北者は90人") == "ja"
    assert script_language("累計3万人") == "ja"


def test_cumulative() -> None:
    assert _class("a cumulative 34,000 defectors have settled") == "cumulative"
    assert _class("bringing the total to 34,000") == "cumulative"
    assert _class("34,000 have come south since the war ended in 1953") == "cumulative"
    assert _class("누적 탈북민은 3만4000명") == "cumulative"
    assert _class("2023년까지 입국한 탈북민 3만4000명") == "cumulative"
    assert _class("脱北者は累計で3万4000人") == "cumulative"
    # a year's figure against a running total: only the year's is a statistic
    assert _stats("Arrivals reached 196 in 2023, bringing the total to 34,078.") == [
        ("arrivals", "2023", 196)
    ]


def test_partial() -> None:
    assert _class("in the first six months 97 defectors arrived") == "partial"
    assert _class("97 arrived as of June") == "partial"
    assert _class("상반기 입국한 탈북민은 97명") == "partial"
    assert _class("1분기 탈북민 입국 현황") == "partial"
    assert _class("전년 동기 대비 97명") == "partial"
    assert _class("上半期に入国した脱北者は97人") == "partial"
    assert _class("前年同期比で97人") == "partial"


def test_other_period() -> None:
    assert _class("over the past 12 months 180 defectors arrived") == "other_period"
    assert _class("180 defectors arrived in the past year") == "other_period"


def test_rate() -> None:
    assert _class("about 1,000 a year") == "rate"
    assert _class("an average of 1,200 arrived") == "rate"
    assert _class("연평균 1200명") == "rate"
    assert _class("매년 1200명이 입국") == "rate"
    assert _class("年平均1200人") == "rate"
    assert _class("毎年1200人が入国") == "rate"
    # the yearly figure named ("毎年の") and a trend told yearly ("rose annually") are no rate
    assert _class("毎年の入国者数") is None
    assert _class("the number rose annually") is None


def test_estimated() -> None:
    assert _class("an estimated 200 defectors arrived") == "estimated"
    assert _class("arrivals will be about 200") == "estimated"
    assert _class("200명이 입국한 것으로 추정된다") == "estimated"
    assert _class("입국자는 200명에 달할 전망이다") == "estimated"
    assert _class("200人が入国すると見込まれる") == "estimated"
    assert _class("推定200人") == "estimated"
    # an observatory (전망대) is another word than a forecast (전망)
    assert _class("통일전망대 인근 해안에 1명이 도착했다") is None
    assert _stats("Arrivals in 2024 are estimated at 250.") == []
    assert _stats("Arrivals in 2024 totalled 250.") == [("arrivals", "2024", 250)]


def test_group() -> None:
    assert _class("a group of 13 workers arrived") == "group"
    assert _class("13 arrived in a single batch") == "group"
    assert _class("13명이 한꺼번에 입국") == "group"
    assert _class("일가족 5명이 입국") == "group"
    assert _class("一家5人が入国") == "group"
    assert _class("1度に13人が入国") == "group"


def test_range() -> None:
    assert _class("between 100 and 300 defectors") == "range"
    assert _class("100–300 defectors") == "range"
    assert _class("100~300명") == "range"
    assert _class("100명에서 300명") == "range"
    assert _class("100人から300人") == "range"
    # a span of years is no range of figures
    assert _class("2010~2015년 입국") is None
