"""How a count attaches to its event: across a participle, a clause and a sentence."""

from __future__ import annotations

from tumen.analyze import analyze_text


def _people(text: str, published: str = "2015-03-10") -> list[tuple[str, int | None]]:
    return [(e.type, e.people) for e in analyze_text(text, published=published).events]


def test_a_part_taken_from_an_uncounted_group_is_not_the_groups_count() -> None:
    # the arrest is of the whole group, which the text does not count; the release is of one
    korean = "지난달 옌지에서 공안에 붙잡힌 탈북민 가운데 어린이 1명이 최근 풀려났다."
    assert _people(korean) == [("arrest", None), ("release", 1)]
    japanese = "延吉で公安に拘束された脱北者のうち女性2人が今月2日に釈放された。"
    assert _people(japanese) == [("arrest", None), ("release", 2)]


def test_a_japanese_count_after_a_verb_belongs_to_the_next_verb() -> None:
    # "…were caught, and of them eight were returned": eight is who was returned
    text = "脱北者たちは先月、中国公安に捕まり、うち8人は今月3日に北朝鮮に送還された。"
    assert _people(text) == [("arrest", None), ("repatriation", 8)]


def test_a_sentence_without_a_subject_is_about_the_group_named_just_before() -> None:
    japanese = "この脱北者の一家は5人家族だ。先月初めに川を渡って中国に入った。"
    assert _people(japanese) == [("border_crossing", 5)]
    korean = "이 탈북민 일가족은 모두 6명이다. 지난달 초 두만강을 건너 중국으로 넘어갔다."
    assert _people(korean) == [("border_crossing", 6)]


def test_several_groups_named_before_without_their_total_give_no_count() -> None:
    text = (
        "일행은 남성 2명과 여성 3명, 그리고 어린이 1명이다. "
        "지난달 초 두만강을 건너 중국으로 넘어갔다."
    )
    assert _people(text) == [("border_crossing", None)]
