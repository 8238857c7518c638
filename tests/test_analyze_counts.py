"""Each event of a sentence that tells several groups keeps its own group's count (issue
16); sentences written for these tests."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.numbers import find_counts, find_vulnerable


def _got(text: str, published: str = "2019-06-01") -> list[tuple[str, str | None, int | None]]:
    return [(e.type, e.date, e.people) for e in analyze_text(text, published=published).events]


def test_a_korean_participle_on_an_auxiliary_counts_its_own_noun() -> None:
    text = (
        "일본 정부는 2008년 5월 어선을 타고 니가타현에 도착한 탈북자 3명을 한국으로 보냈고 "
        "2012년 8월에는 작은 배를 타고 돗토리현으로 표류해 온 남녀 6명을 한국으로 이송했다."
    )
    crossings = [(d, p) for t, d, p in _got(text) if t == "border_crossing"]
    assert crossings == [("2008-05", 3), ("2012-08", 6)]


def test_subjects_left_without_their_verb_are_each_a_group_on_its_date() -> None:
    ko = "지난달 3일 선양에서 탈북자 6명이, 9일에는 단둥에서 탈북자 4명이 체포됐다."
    ja = "警察によると、先月3日に大連で脱北者6人が、9日には丹東で脱北者4人が逮捕された。"
    for text in (ko, ja):
        assert _got(text) == [("arrest", "2019-05-03", 6), ("arrest", "2019-05-09", 4)]


def test_two_clauses_with_their_own_verbs_are_not_split_again() -> None:
    text = "탈북자 9명이 8일 선양에서 체포됐고, 5명이 12일 단둥에서 체포됐다."
    assert _got(text) == [("arrest", "2019-05-08", 9), ("arrest", "2019-05-12", 5)]


def _placed(text: str) -> list[tuple[str, int | None, str | None]]:
    return [(e.type, e.people, e.place) for e in analyze_text(text, published="2021-03-20").events]


def test_groups_each_in_its_own_place_are_each_an_event() -> None:
    en = (
        "Police in China caught eight North Koreans in Shenyang, three in Dalian and "
        "another four in Yanji last week, an aid group said."
    )
    assert sorted(_placed(en)) == [
        ("arrest", 3, "Dalian"), ("arrest", 4, "Yanji"), ("arrest", 8, "Shenyang")
    ]
    ko = "지난 5일 선양에서 탈북민 8명이, 다롄에서 5명이 중국 공안에 체포됐다."
    ja = "今月5日、瀋陽で脱北者8人が、大連で5人が拘束された。"
    for text in (ko, ja):
        assert _placed(text) == [("arrest", 8, "Shenyang"), ("arrest", 5, "Dalian")]


def test_a_group_with_a_verb_of_its_own_is_not_split_off_by_place() -> None:
    # two reached China, one was caught: the arrest is of the one
    text = (
        "住民3人が今月1日に川を渡ろうとし、2人は対岸の中国・長白に着いたが、"
        "1人は北側で捕まった。"
    )
    assert [(t, p) for t, p, _ in _placed(text) if t == "arrest"] == [("arrest", 1)]


def test_counts_told_each_of_its_own_group_are_not_added_up() -> None:
    assert [c.value for c in find_counts("탈북민 4명과 6명이 각각 체포됐다.", "ko")] == [4, 6]
    assert [c.value for c in find_counts("脱北者4人と6人がそれぞれ拘束された。", "ja")] == [4, 6]
    # without the word that tells them apart, they are one group
    assert [c.value for c in find_counts("여성 4명과 남성 6명이 체포됐다.", "ko")] == [10]
    text = "지난 12일 선양과 단둥에서 탈북민 4명과 6명이 각각 체포됐다."
    assert _got(text, "2021-03-20") == [("arrest", "2021-03-12", 4), ("arrest", "2021-03-12", 6)]


def test_a_list_of_earlier_groups_by_date_after_an_event_is_events_of_its_kind() -> None:
    texts = [
        "China forcibly returned about 60 North Koreans on April 2, activists said. Earlier "
        "cases include the return of 30 people on February 20 and another 45 on March 9.",
        "중국 당국이 지난 2일 탈북민 60여명을 강제 북송했다. 앞선 사례로는 2월 20일 30명, "
        "3월 9일 45명 등이 있다.",
        "中国当局は今月2日、脱北者約60人を北朝鮮に強制送還した。これまでにも2月20日に30人、"
        "3月9日に45人の例がある。",
    ]
    for text in texts:
        assert _got(text, "2021-04-20") == [
            ("repatriation", "2021-04-02", 60),
            ("repatriation", "2021-02-20", 30),
            ("repatriation", "2021-03-09", 45),
        ], text
    # a list of years is a table of figures, not of cases
    text = (
        "China forcibly returned about 60 North Koreans on April 2, activists said. The figures "
        "were 300 people in 2019 and another 250 in 2020."
    )
    assert _got(text, "2021-04-20") == [("repatriation", "2021-04-02", 60)]


def test_one_group_told_twice_once_dated_more_finely_is_one_event() -> None:
    text = (
        "Chinese police detained five North Koreans near Dandong and seven in Yanji earlier "
        "this month. The five were caught near Dandong on March 3, the group said."
    )
    assert sorted(_got(text, "2021-03-20")) == [
        ("arrest", "2021-03", 7), ("arrest", "2021-03-03", 5)
    ]


def test_a_round_figure_takes_the_exact_count_the_text_gives_of_it() -> None:
    ko = (
        "탈북민 10여명이 라오스 당국에 체포된 것으로 알려졌다. "
        "이들은 남성 4명과 여성 9명 등 13명인 것으로 전해졌다."
    )
    assert [p for _, _, p in _got(ko)] == [13]
    en = (
        "More than 40 North Koreans entered the Spanish embassy in Beijing on Monday. "
        "There were 46 people in all, a diplomat said."
    )
    assert [p for _, _, p in _got(en)] == [46]


def test_a_round_figure_stays_when_no_exact_count_fits_it() -> None:
    # 25 is no "more than 40"; two counts that fit say nothing of which is meant
    en = (
        "More than 40 North Koreans entered the Spanish embassy in Beijing on Monday. "
        "Police had arrested 25 others in Dalian."
    )
    assert ("reached_safety", "2019-05-27", 40) in _got(en)
    ja = "脱北者30人余りが大連で逮捕された。うち男性は12人、女性は5人だった。"
    assert [p for t, _, p in _got(ja) if t == "arrest"] == [30]


def test_an_exact_count_under_nearly_is_the_count() -> None:
    en = (
        "Nearly 40 escapees were detained by police in Yanji on May 2. "
        "The 38 escapees were later sent to Tumen."
    )
    assert [p for t, _, p in _got(en) if t == "arrest"] == [38]




def test_the_vulnerable_of_a_group_are_in_each_of_its_events() -> None:
    # told after the first step: the arrest was of the same women and boy
    en = (
        "Six North Koreans were arrested in Dalian on May 3. Chinese police moved them to "
        "Tumen on May 9. The six include two women and a teenage boy."
    )
    ko = (
        "탈북민 6명이 지난달 3일 다롄에서 체포됐다. "
        "여성 2명이 포함된 탈북민 6명은 9일 투먼으로 이송됐다."
    )
    for text in (en, ko):
        events = analyze_text(text, published="2019-06-01").events
        assert [e.type for e in events] == ["arrest", "transfer"]
        assert events[0].vulnerable == events[1].vulnerable
        assert "woman" in events[0].vulnerable


def test_one_person_shares_nothing_with_another() -> None:
    text = "A woman was arrested in Dalian on May 3. A man was arrested in Yanji on May 9."
    events = analyze_text(text, published="2019-06-01").events
    assert [(e.people, e.vulnerable) for e in events] == [(1, ["woman"]), (1, [])]


def test_a_boy_or_girl_in_the_teens_is_a_teen_and_a_band_from_ten_holds_teens() -> None:
    assert find_vulnerable("10대 소년 1명과 20대 남성 2명") == ["teen"]
    assert find_vulnerable("10代の少女1人") == ["teen"]
    assert find_vulnerable("10~20대 남성 3명") == ["teen"]
    assert find_vulnerable("9살 소년") == ["child"]


def test_an_age_told_of_someone_says_what_they_are() -> None:
    # a range names its youngest and its oldest
    assert find_vulnerable("nine North Koreans, aged between 14 and 30, were held") == ["teen"]
    assert find_vulnerable("the detainees ranged in age from 6 to 70") == ["child", "elderly"]
    assert find_vulnerable("14∼25세의 탈북민 8명") == ["teen"]
    assert find_vulnerable("14〜25歳の脱北者8人") == ["teen"]
    # an age in brackets after a name, a woman marked after it; an age told of a boy
    assert find_vulnerable("김모(16)군과 박모(34·여)씨") == ["teen", "woman"]
    assert find_vulnerable("13세의 소년") == ["teen"]
    assert find_vulnerable("a 13-year-old boy") == ["teen"]
    # an upper bound is no one's age
    assert find_vulnerable("15세 이하 어린이 3명") == ["child"]
    assert find_vulnerable("eight North Korean females") == ["woman"]


def test_a_daughter_is_a_woman_and_a_son_a_child_only_by_age_or_youth() -> None:
    assert find_vulnerable("a mother and her daughter") == ["woman"]
    assert find_vulnerable("어머니와 딸") == ["woman"]
    assert find_vulnerable("a couple and their infant daughter") == ["infant", "woman"]
    assert find_vulnerable("two grandchildren aged seven and nine") == ["child"]
    assert find_vulnerable("sons-in-law and daughters-in-law") == []
    # a son is a child where he is told young or his age says so
    assert find_vulnerable("a couple and their two sons") == []
    assert find_vulnerable("a man and his two young sons") == ["child"]
    assert find_vulnerable("her 6-year-old son") == ["child"]
    assert find_vulnerable("부부와 아들 2명") == []


def test_a_crossing_and_an_arrival_each_on_its_own_day_are_two_events() -> None:
    text = (
        "지난달 3일 북한 주민 1명이 동부전선 군사분계선을 넘어왔고, 같은 달 20일 또 다른 "
        "주민 1명이 한강 하구 중립 수역에서 우리 군에 구조됐다."
    )
    # a rescue in the neutral waters of the estuary is a crossing into the South
    assert _got(text, "2021-04-20") == [
        ("border_crossing", "2021-03-03", 1), ("border_crossing", "2021-03-20", 1)
    ]
    # told on one day, the crossing and the arrival are one
    one = "북한 주민 1명이 지난 9일 군사분계선을 넘어와 귀순했고 우리 군이 신병을 확보했다."
    assert _got(one, "2021-04-20") == [("border_crossing", "2021-04-09", 1)]


def test_a_part_of_the_group_told_as_the_subject_of_a_later_step_counts_that_step() -> None:
    texts = [
        "Chinese police detained 12 North Koreans in Yanji on May 3, five of whom were "
        "deported to the North on May 10.",
        "Police arrested 12 North Koreans in Yanji on May 3. Five of them were sent back to "
        "North Korea on May 10.",
        "Police arrested 12 North Koreans in Yanji on May 3. Of the 12 held there, five were "
        "repatriated on May 10.",
        "中国公安は3日、延吉で脱北者12人を拘束した。うち5人は10日に北朝鮮へ送還された。",
    ]
    for text in texts:
        assert _got(text, "2021-05-20") == [
            ("arrest", "2021-05-03", 12), ("repatriation", "2021-05-10", 5)
        ], text


def test_a_count_told_as_a_range_is_no_count() -> None:
    # labelling conventions: "500 to 600", "500~600명" -> people null
    for text in (
        "Chinese police sent back 30 to 40 North Koreans on Monday.",
        "Thai police arrested between 8 and 10 North Koreans in Bangkok on Monday.",
        "중국 공안이 지난 3일 탈북민 7~8명을 체포했다.",
        "中国の公安当局が3日、脱北者3〜4人を逮捕した。",
    ):
        assert [p for _, _, p in _got(text)] == [None], text
    assert [(c.value, c.ranged) for c in find_counts("some 7 or 8 refugees", "en")] == [(8, True)]
    # a change from one figure to another is no range; a count after a year is none either
    assert not find_counts("rose from 50 to 60 defectors", "en")[0].ranged
    assert not find_counts("in 2019-20 defectors", "en")[0].ranged


def test_guides_brokers_and_investigators_are_not_the_people_of_the_event() -> None:
    # their count is flagged; the refugees' own count is not
    flagged = {c.value: c.helpers for c in find_counts("탈북민 5명과 안내원 2명", "ko")}
    assert flagged == {5: False, 2: True}
    assert [c.helpers for c in find_counts("2人の案内人と脱北者6人", "ja")] == [True, False]
    ko = ("탈북민 5명이 지난 3일 선양에서 공안에 체포됐으며, "
          "이들을 안내하던 브로커 2명도 함께 붙잡혔다.")
    ja = "脱北者4人が3日、瀋陽で公安に拘束され、案内していた中国人ブローカー2人も一緒に拘束された。"
    assert _got(ko, "2020-05-10") == [("arrest", "2020-05-03", 5)]
    assert _got(ja, "2020-05-10") == [("arrest", "2020-05-03", 4)]
    # a group crossing with its guides is counted by its own number
    with_guides = "탈북민 4명은 안내원 2명과 함께 라오스에 들어갔으나 현지 경찰에 붙잡혔다."
    assert [p for t, _, p in _got(with_guides, "2020-05-10") if t == "arrest"] == [4]


def _vulnerable(text: str) -> list[list[str]]:
    return [e.vulnerable for e in analyze_text(text, published="2019-06-20").events]


def test_a_korean_word_names_someone_only_as_a_word_of_its_own() -> None:
    # "유아" inside "자유아시아방송", "아들" inside "받아들이다": no infant, no son
    assert _vulnerable(
        "탈북민 5명이 지난 3일 선양에서 중국 공안에 체포됐다고 자유아시아방송이 전했다."
    ) == [[]]
    assert _vulnerable(
        "한국 정부는 탈북민 2명의 귀순 요청을 받아들이지 않고 지난 5일 북한으로 추방했다."
    ) == [[]]
    # the head of a compound is a word ("어린아이들"); a child of preschool age is a child
    for text in (
        "어린아이들을 포함한 탈북민 6명이 지난 3일 선양에서 공안에 체포됐다.",
        "3세 유아를 포함한 탈북민 6명이 지난 3일 선양에서 공안에 체포됐다.",
        "幼児を含む脱北者6人が3日、瀋陽で公安に拘束された。",
    ):
        assert _vulnerable(text) == [["child"]], text


def test_who_is_among_a_group_told_in_a_sentence_of_its_own_is_in_its_events() -> None:
    # a sentence that points back to the group, or counts it again, tells who is among it
    en = ("Thai police detained 40 North Koreans in a raid on a house in Bangkok on Tuesday. "
          "Neighbours had alerted the police. "
          "The group, most of them women and children, now faces a charge of illegal entry.")
    ko = ("탈북민 9명이 지난 3일 라오스 북부에서 현지 경찰에 체포됐다. "
          "현지 소식통은 이들이 한국행을 원하고 있다고 전했다. "
          "이들 중에는 여성 5명과 어린이 2명이 포함돼 있다.")
    ja = ("タイ警察は14日、北部で脱北者7人を拘束した。地元警察が発表した。"
          "拘束されたのは男性1人と、子ども2人を含む女性6人。")
    for text in (en, ko, ja):
        assert _vulnerable(text) == [["child", "woman"]], text
    among = ("Police detained 12 North Koreans in Yunnan on May 3. "
             "Local sources said they had hoped to reach Laos. "
             "Among them were four women and two children, aged between 3 and 15.")
    assert _vulnerable(among) == [["child", "teen", "woman"]]
    # what the group held told mid-sentence, or after a word going on from before
    held = ("Chinese police arrested 10 North Korean defectors on May 3. Police caught up "
            "with them since the group included small children and the elderly.")
    assert _vulnerable(held) == [["child", "elderly"]]
    ko_on = ("탈북민 7명이 지난 3일 러시아 국경수비대에 체포됐다. 정부는 이들의 송환을 막기 "
             "위해 노력하고 있다고 밝혔다. 한편 이들의 신원은 성인 6명과 김모(13)군인 것으로 "
             "확인됐다.")
    assert _vulnerable(ko_on) == [["teen"]]
    # a sentence about someone else, pointing back to no group, adds no one
    other = ("Police detained 12 North Koreans in Yunnan on May 3. "
             "Local sources said they had hoped to reach Laos. "
             "A woman who runs a shelter in Kunming called for their release.")
    assert [e.vulnerable for e in analyze_text(other, published="2019-06-20").events
            if e.type == "arrest"] == [[]]


def test_kanji_numerals_add_the_units_after_ten() -> None:
    text = "十三人が逮捕され、二十人が送還され、三人が逃れた。"
    assert [c.value for c in find_counts(text, "ja")] == [13, 20, 3]


def test_an_age_band_that_ends_a_range_of_ages_is_no_one_person() -> None:
    text = "체포된 탈북자는 3세 유아부터 60대 노인까지 다양하다."
    assert find_counts(text, "ko") == []
    assert [c.value for c in find_counts("60대 노인이 숨졌다.", "ko")] == [1]


def test_a_son_or_daughter_in_an_adult_age_band_is_no_child() -> None:
    assert find_vulnerable("50代の父親と20代の息子") == []
    assert find_vulnerable("20대 아들과 함께") == []
    assert find_vulnerable("10살 아들과 함께") == ["child"]
