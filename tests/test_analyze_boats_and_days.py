"""A boat's crossing counts the people the text puts aboard it; "同日" in a clause before
the verb is the day named before it in its sentence; a quoted non-past Japanese verb is a
thought, and a boat handed back is no return of people."""

from __future__ import annotations

import pytest

from tumen.analyze import analyze_text

Found = list[tuple[str, str | None, str | None, int | None]]


def _events(text: str, published: str) -> Found:
    found = analyze_text(text, published=published, min_confidence=0.0).events
    return [(e.type, e.country, e.date, e.people) for e in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "10日、新潟県の佐渡島の沖で国籍不明の木造船が発見された。乗員は男性6人で、"
            "北朝鮮から来たと話している。",
            [("border_crossing", "JP", "2021-03-10", 6)],
        ),
        (
            "강원도 삼척 앞바다에서 북한 목선이 발견됐다. 목선에는 주민 3명이 타고 있었다.",
            [("border_crossing", "KR", None, 3)],
        ),
        (
            "A wooden boat was found off the coast of Akita on Friday. Six men were on "
            "board, the coast guard said.",
            [("border_crossing", "JP", "2021-03-12", 6)],
        ),
    ],
)
def test_a_boat_crossing_counts_the_people_aboard(text: str, expected: Found) -> None:
    assert _events(text, "2021-03-14" if text.startswith("A ") else "2021-03-12") == expected


def test_two_counts_aboard_give_no_count() -> None:
    text = (
        "강원도 삼척 앞바다에서 북한 주민 9명을 태운 목선이 발견됐다. "
        "배에는 어린이 3명이 타고 있었다."
    )
    assert [e[3] for e in _events(text, "2021-03-12")] == [9]


def test_a_day_named_before_in_its_sentence_is_the_one_it_points_back_to() -> None:
    text = "参謀本部は8日、同日未明に北朝鮮兵士1人が、軍事境界線を越えて韓国側に来たと発表した。"
    assert _events(text, "2021-03-10") == [("border_crossing", "KR", "2021-03-08", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "男性は「海に出れば死ぬと思った」と語った。",
        "支援団体は、中国で3人が北朝鮮に送還されると懸念した。",
    ],
)
def test_a_quoted_non_past_verb_is_no_event(text: str) -> None:
    assert _events(text, "2021-03-10") == []


@pytest.mark.parametrize(
    "text",
    [
        "政府は、乗組員2人を7日に北朝鮮へ送還し、漁船も翌日に北側へ引き渡したと説明した。",
        "통일부는 선원 2명을 7일 북한에 추방했고, 목선은 8일 북측에 인계했다고 밝혔다.",
    ],
)
def test_a_boat_handed_back_is_no_return_of_people(text: str) -> None:
    assert _events(text, "2021-03-10") == [("repatriation", None, "2021-03-07", 2)]
