"""Forced returns told in other forms than a verb of the news: a noun with its count and
its own time (#16)."""

from __future__ import annotations

from tumen.analyze import analyze_text

Return = tuple[str | None, str | None, int | None]


def _returns(text: str, published: str = "2024-05-10") -> list[Return]:
    return [
        (e.country, e.date, e.people)
        for e in analyze_text(text, published=published).events
        if e.type == "repatriation"
    ]


def test_a_return_told_as_a_noun_with_its_count_and_time_is_an_event() -> None:
    text = ("Analysts tied the drop to Mongolia's forcible deportation of four North Korean "
            "refugees in March.")
    assert _returns(text) == [("MN", "2024-03", 4)]


def test_a_mass_return_told_by_who_made_it_is_in_that_country() -> None:
    text = ("Rights groups say the last mass repatriation by Russia was of 30 North Korean "
            "workers in early February.")
    assert _returns(text) == [("RU", "2024-02", 30)]


def test_a_return_noun_without_its_own_time_is_no_new_event() -> None:
    # it names a return a verb told, or returns in general
    assert _returns("Activists condemned the deportation of four North Korean refugees.") == []


def test_a_return_the_text_later_says_was_asked_for_is_none_wherever_it_is_told() -> None:
    text = ("South Korea repatriated five North Korean fishermen across the sea border in the "
            "East Sea on Tuesday. The boat had drifted south after its engine failed. Officials "
            "said all five were sent back across the East Sea at their own request.")
    assert _returns(text) == []


def _countries(text: str, published: str = "2024-05-14") -> list[str | None]:
    """The country of each return found, before any is left out for its confidence."""
    found = analyze_text(text, published=published, min_confidence=0.0).events
    return [e.country for e in found if e.type == "repatriation"]


def test_a_korean_or_japanese_return_is_placed_by_the_words_before_its_verb() -> None:
    # the verb comes last: a country named after it is who told of it, not who sent them
    ko = "베트남 당국에 체포된 탈북민 4명이 지난 5일 북송됐다고 미국 인권단체가 전했다."
    assert _countries(ko) == ["VN"]
    ko = "몽골 국경에서 붙잡힌 탈북민 7명이 지난달 북송됐다는 사실을 한국 정부가 확인했다."
    assert _countries(ko) == ["MN"]


def test_a_return_with_no_country_before_its_verb_takes_none_after_it() -> None:
    ja = "先月、脱北者20人が北朝鮮に強制送還されたと、韓国の人権団体が14日明らかにした。"
    assert _countries(ja) == [None]


def test_an_asked_for_return_with_no_country_drops_no_other_countryless_return() -> None:
    # the asked-for return names no country: it says nothing of another return that names none
    text = ("Two fishermen, who had asked to return home, were sent back on Monday. In a "
            "separate case, nine defectors were forcibly repatriated on Friday.")
    found = analyze_text(text, published="2026-03-10", min_confidence=0.0).events
    assert [(e.date, e.people) for e in found if e.type == "repatriation"] == [("2026-03-06", 9)]
