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


def test_an_english_number_before_a_participle_counts_that_group() -> None:
    # a list of groups after a colon: each participle has its own number before it
    text = (
        "Officials ordered the return of 90 North Korean refugees: 75 arrested on May 3 "
        "in raids on flats in Tianjin; the rest held at the border."
    )
    assert ("arrest", 75) in _people(text, "2011-05-20")
    # whatever the noun after it, when it names people
    aid = "Three Japanese aid workers assisting the group were also arrested on May 4."
    assert _people(aid, "2011-05-20") == [("arrest", 3)]


def test_an_english_phrase_pointing_back_counts_the_group_before() -> None:
    # the subject past a relative clause, and the object of an active arrest
    family = (
        "Six members of one family left Hyesan in 2019 and reached China. The family, who "
        "had left Yanji on the 3rd, entered the UNHCR office in Beijing on May 4."
    )
    assert ("reached_safety", 6) in _people(family, "2011-05-20")
    hidden = (
        "Forty North Koreans hid in a church outside Shenyang. "
        "Chinese police detained the refugees on May 4."
    )
    assert _people(hidden, "2011-05-20") == [("arrest", 40)]
    # a plural phrase points to no one person
    one = "A defector spoke to reporters. Chinese police detained the refugees on May 4."
    assert _people(one, "2011-05-20") == [("arrest", None)]


def test_an_english_subject_joining_people_counts_each() -> None:
    text = "A refugee from Hoeryong and her daughter were found dead in Dandong on May 4."
    assert _people(text, "2011-05-20") == [("death", 2)]
    # a count that already joins them is not counted twice
    counted = "Two women and a boy were arrested by Chinese police in Yanji on May 4."
    assert _people(counted, "2011-05-20") == [("arrest", 3)]


def test_a_count_broken_over_a_line_is_still_a_count() -> None:
    text = "Thai police detained 14 North\nKoreans near the Mekong on Saturday."
    assert _people(text, "2005-11-21") == [("arrest", 14)]


def test_what_happened_some_days_after_is_dated_back_from_the_day_named() -> None:
    text = (
        "Five North Koreans landed in Seoul on Friday, three days after they sought shelter "
        "at the UNHCR office in Beijing."
    )
    dated = {(e.type, e.country): e.date for e in analyze_text(text, published="2011-05-23").events}
    assert dated[("reached_safety", "KR")] == "2011-05-20"
    assert dated[("reached_safety", "CN")] == "2011-05-17"


def test_a_korean_list_of_men_and_women_is_one_group() -> None:
    text = (
        "북한 남성 2명, 여성 3명의 일가족이 지난 5일 목선을 타고 "
        "동해 북방한계선을 넘어 귀순했다."
    )
    assert _people(text, "2021-06-08") == [("border_crossing", 5)]


def test_the_people_aboard_a_boat_are_counted_even_with_words_between() -> None:
    text = (
        "The coast guard found a wooden boat off Sado Island with three men who said they "
        "had fled North Korea on board on Monday."
    )
    assert [p for _, p in _people(text, "2021-06-08")] == [3]


def test_one_person_named_as_who_was_arrested_is_one() -> None:
    text = "2015年3月、警察が脱北者のパクさんの家に来て、パクさんを逮捕し、北朝鮮に送還した。"
    assert _people(text, "2018-01-10") == [("arrest", 1), ("repatriation", 1)]


def test_an_arrival_at_home_is_in_the_south() -> None:
    # "국내" in a Korean report is the South, not the country they were sent to work in
    text = "몽골에 파견돼 일하던 북한 노동자 5명이 지난해 탈출해 국내에 입국했다."
    events = analyze_text(text, published="2020-03-10", min_confidence=0.0).events
    arrivals = [(e.country, e.people) for e in events if e.type == "reached_safety"]
    assert arrivals == [("KR", 5)]


def test_a_korean_or_japanese_noun_of_one_person_counts_one() -> None:
    # the subject of the verb, or the noun a participle describes, names one person
    assert _people("20代の男が昨年7月、小舟で島根県の港に上陸した。") == [("border_crossing", 1)]
    assert ("border_crossing", 1) in _people(
        "러시아로 밀입국한 북한 외교관이 지난 5일 현지 경찰에 체포됐다."
    )
    assert ("border_crossing", 1) in _people("昨年中国に渡った北朝鮮の女性が先月公安に拘束された。")
    # a plural suffix makes it a group the text does not count
    assert _people("북한 남성들이 지난달 중국 공안에 체포됐다.") == [("arrest", None)]


def test_the_armed_forces_as_a_korean_topic_are_no_person() -> None:
    # 군 after a name is a boy ("정모 군"); 군 alone is the army watching the boat, whose
    # people the text does not count here
    army = "군은 어제 새벽 소형 목선이 서해 NLL을 넘어 남하하자 즉시 고속정을 보냈다."
    assert _people(army, "2021-08-10") == [("border_crossing", None)]
    ours = "우리 군은 어제 새벽 목선이 동해 NLL을 넘어 남하하자 경비정을 보냈다."
    assert _people(ours, "2021-08-10") == [("border_crossing", None)]
    boy = "현지 소식통에 따르면 정모 군은 지난달 말 단둥에서 공안에 체포됐다."
    assert _people(boy, "2021-08-10") == [("arrest", 1)]
