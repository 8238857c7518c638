"""English: where people shot at the border died, and who crossed (issue 16)."""

from __future__ import annotations

from tumen.analyze import analyze_text

PUB = "2020-01-08"


def _events(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
    return [(e.type, e.country, e.date, e.people) for e in analyze_text(text, published=PUB).events]


def test_killed_after_crossing_died_where_they_crossed_into() -> None:
    got = _events(
        "Seven North Koreans walked across the frozen Yalu River into China on Monday. "
        "Five of them were then shot dead by pursuing North Korean border guards."
    )
    assert got == [("border_crossing", "CN", "2020-01-06", 7), ("death", "CN", "2020-01-06", 5)]


def test_killed_while_still_trying_to_cross_died_in_the_north() -> None:
    got = _events(
        "A North Korean woman was shot dead by North Korean guards while trying to cross "
        "the Tumen River on Monday."
    )
    assert got == [("death", "KP", "2020-01-06", 1)]


def test_a_death_at_a_border_river_is_on_the_bank_of_the_guards_who_shot() -> None:
    got = _events("A North Korean man was shot dead by Chinese border guards near the Tumen River.")
    assert [e[:2] for e in got] == [("death", "CN")]
    got = _events("A North Korean man was shot dead by North Korean soldiers near the Tumen River.")
    assert [e[:2] for e in got] == [("death", "KP")]


def test_the_guards_of_the_north_do_not_make_a_crossing_enter_it() -> None:
    got = _events(
        "A witness said a woman was shot by a North Korean border guard soon after she "
        "crossed the river and stepped on Chinese soil."
    )
    assert [e[:2] for e in got] == [("border_crossing", "CN")]


def test_a_number_alone_as_the_subject_counts_the_people() -> None:
    assert _events("Three were arrested in Laos on Friday.") == [("arrest", "LA", "2020-01-03", 3)]
