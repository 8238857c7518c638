"""General mechanisms for the failure classes named after the held-out evaluation:
headline/body duplicates, failed crossings, states, day offsets, passing topic words and
statistics phrasings. Sentences here are variants, not the labelled texts."""

from __future__ import annotations

from tumen.analyze import analyze_text

PUB = "2023-06-15"


def _events(
    text: str, title: str | None = None
) -> list[tuple[str, str | None, str | None, int | None]]:
    got = analyze_text(text, title=title, published=PUB).events
    return [(e.type, e.country, e.date, e.people) for e in got]


def _stats(text: str) -> list[tuple[str, str, int]]:
    got = analyze_text(text, published=PUB).statistics
    return [(s.measure, s.period, s.value) for s in got]


def test_headline_restating_the_body_is_one_event() -> None:
    title = "Mother and two sons detained in Nanning"
    body = "A North Korean woman and her two sons were detained by police in Nanning on June 2."
    assert _events(body, title) == [("arrest", "CN", "2023-06-02", 3)]


def test_death_during_a_crossing_is_not_a_crossing() -> None:
    got = _events(
        "A North Korean man drowned while crossing the Yalu River on June 3.",
        "Man drowns crossing the Yalu",
    )
    assert [e[0] for e in got] == ["death"]


def test_reaching_the_far_bank_is_a_crossing_into_that_country() -> None:
    got = _events("His brother reached the Chinese bank on June 3 and hid in a barn.")
    assert got == [("border_crossing", "CN", "2023-06-03", 1)]


def test_died_in_custody_is_one_death_not_an_arrest() -> None:
    got = _events(
        "A North Korean woman who was caught in Yanji last month died in custody on June 9."
    )
    assert ("death", "CN", "2023-06-09", 1) in got
    assert [e[0] for e in got].count("arrest") == 1


def test_some_days_later_counts_from_the_event_before() -> None:
    got = _events(
        "Lao police stopped six North Koreans near Vientiane on May 20 and handed them to "
        "Chinese police three days later."
    )
    assert ("repatriation", "LA", "2023-05-23", 6) in got


def test_a_part_of_the_group_is_the_subject() -> None:
    got = _events(
        "Five North Koreans crossed the Tumen River on June 1, "
        "but two of them were caught on June 4."
    )
    assert ("arrest", "CN", "2023-06-04", 2) in got


def test_unconfirmed_reports_are_not_events() -> None:
    assert (
        _events(
            "Activists could not confirm reports that 20 North Koreans were sent back last week."
        )
        == []
    )


def test_safe_house_is_not_safety_and_entering_thailand_is_a_crossing() -> None:
    assert _events("The seven reached a safe house in Shenyang on June 2.") == []
    assert _events("The family entered Thailand from Laos on June 2.")[0][:2] == (
        "border_crossing",
        "TH",
    )


def test_passing_words_do_not_make_a_topic() -> None:
    text = (
        "A defector who works as a police officer in Seoul opened a bakery; "
        "the police band played at the opening."
    )
    assert "detention" not in analyze_text(text, published=PUB).topics
    text = "A charity gala raised money for a shelter in Bangkok; the shelter's director spoke."
    assert "humanitarian" not in analyze_text(text, published=PUB).topics


def test_statistics_phrasings() -> None:
    assert _stats(
        "The number of defectors arriving in South Korea fell to 63 in 2021 from 229 in 2020."
    ) == [
        ("arrivals", "2021", 63),
        ("arrivals", "2020", 229),
    ]
    assert ("arrests", "2009", 470) in _stats(
        "Police arrested 900 North Koreans in 2010, twice the previous year's 470."
    )
    assert _stats(
        "Arrivals topped 1,000 in 2005, with 1,383 defectors arriving in South Korea."
    ) == [("arrivals", "2005", 1383)]
    assert _stats("지난해 입국한 탈북민은 196명으로 전년(67명)보다 129명 늘었다.") == [
        ("arrivals", "2022", 196),
        ("arrivals", "2021", 67),
    ]






def test_korean_did_then_is_not_interrupted() -> None:
    got = _events("김씨는 2010년 탈북했다가 중국 공안에 붙잡혀 북송됐다.")
    assert [e[0] for e in got] == ["border_crossing", "arrest", "repatriation"]


def test_the_detaining_state_in_a_near_clause_beats_a_place_in_a_later_one() -> None:
    got = _events("Some 2,000 North Koreans were held in Chinese detention, many of them "
                  "caught during the pandemic, and would be sent back once North Korea reopened "
                  "its border.")
    assert ("arrest", "CN", None, 2000) in got
