"""Korean and Japanese event predicates from the morphological analysers: the verb, the
argument it needs, and the mood that says whether it happened."""

from __future__ import annotations

import pytest

from tumen.analyze import analyze_text
from tumen.analyze.gazetteer import find_places
from tumen.analyze.morph import morphs, predicates
from tumen.analyze.morph.roles import one_person_after
from tumen.analyze.numbers import find_counts
from tumen.analyze.timex import find_dates


def _found(text: str, lang: str) -> list[tuple[str, str, str | None]]:
    return [(p.type, text[p.start : p.end], p.mood) for p in predicates(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verbal noun with its light verb, in the past: it happened
        ("경찰은 어제 탈북민 세 명을 체포했다.", [("arrest", "체포했", None)]),
        ("그들은 국경에서 붙잡혔다.", [("arrest", "붙잡혔", None)]),
        # a plan or a fear: prospective adnominal before 위기/예정
        ("이들은 강제북송될 위기에 놓였다.", [("repatriation", "북송될", "irrealis")]),
        ("두 사람은 다음 주 석방될 예정이다.", [("release", "석방될", "irrealis")]),
        # a condition, a denial, a state
        ("북송되면 처벌을 받는다.", [("repatriation", "북송되", "conditional")]),
        ("그는 체포되지 않았다.", [("arrest", "체포되", "negated")]),
        ("세 명이 구금돼 있다.", [("arrest", "구금돼", "state")]),
        # "구금된" describes people held, not an arrest in the text's time; "체포된" is one
        ("구금된 탈북민들이 있다.", [("arrest", "구금된", "state")]),
        ("체포된 탈북민들이 있다.", [("arrest", "체포된", None)]),
        # "if they are caught": a condition told with a noun
        ("탈북민이 체포된 경우 처벌을 받는다.", [("arrest", "체포된", "topic")]),
        # sent on in custody
        ("탈북민 5명은 이민국 수용소로 송치됐다.", [("transfer", "이민국 수용소로 송치됐", None)]),
        # sent to the prosecutors: a case handed on, no one moved
        ("경찰은 남성을 검찰에 송치했다.", []),
        ("경찰은 탈북민 5명을 수용소로 보냈다.", [("transfer", "수용소로 보냈", None)]),
        ("이들은 투먼 국경경비대로 인계됐다.", [("transfer", "투먼 국경경비대로 인계됐", None)]),
    ],
)
def test_korean_predicates_and_mood(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _found(text, "ko") == expected


def test_a_korean_verbal_noun_with_ha_written_onto_it_is_a_verb() -> None:
    # Kiwi reads "월경한", "구류한" as a noun and the determiner "한" ("one")
    assert _found("지난달 라오스로 월경한 탈북자 9명이 있다.", "ko") == [
        ("border_crossing", "월경한", None),
    ]


def test_korean_verbs_that_need_their_argument() -> None:
    # crossing needs the border as its object; a sending needs the North as its goal
    assert _found("그는 두만강을 넘었다.", "ko") == [("border_crossing", "두만강을 넘", None)]
    assert _found("그는 산을 넘었다.", "ko") == []
    assert _found("당국은 그들을 북한으로 보냈다.", "ko") == [
        ("repatriation", "북한으로 보냈", None)
    ]
    assert _found("그는 편지를 친구에게 보냈다.", "ko") == []


def test_korean_return_takes_its_receiver_into_its_span() -> None:
    # the receiving side is not where the return happened: it joins the trigger span
    text = "베트남 공안은 탈북민 4명을 중국으로 추방했다."
    assert _found(text, "ko") == [("repatriation", "중국으로 추방했", None)]
    events = analyze_text(text, published="2019-04-03").events
    assert [(e.type, e.country) for e in events] == [("repatriation", "VN")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("男性が国境警備隊に拘束された。", [("arrest", "拘束され", None)]),
        ("男性は先月亡くなった。", [("death", "亡くなっ", None)]),
        # an attempt, a condition, a denial, a fear, a plain non-past (a plan)
        ("男性は川を渡ろうとした。", [("border_crossing", "川を渡ろう", "attempt")]),
        ("送還されれば処罰される。", [("repatriation", "送還されれ", "conditional")]),
        ("5人は送還されなかった。", [("repatriation", "送還され", "negated")]),
        ("5人は送還される恐れがある。", [("repatriation", "送還される", "topic")]),
        ("5人は来週送還される。", [("repatriation", "送還される", "nonpast")]),
        # held now is a state; sending back again and again is no single event
        ("5人は拘束されている。", [("arrest", "拘束され", "state")]),
        ("当局は脱北者を送還している。", [("repatriation", "送還し", "habitual")]),
        # a rumour is not a report of the act
        ("兵士が亡命したとの噂がある。", [("reached_safety", "亡命し", "hearsay")]),
        # a te-form joined to a condition is part of it; told before a past, it happened
        (
            "女性は公安に捕まって北朝鮮に送還されたら罰を受ける。",
            [
                ("arrest", "捕まっ", "conditional"),
                ("repatriation", "北朝鮮に送還され", "conditional"),
            ],
        ),
        (
            "女性は公安に捕まって北朝鮮に送還された。",
            [("arrest", "捕まっ", None), ("repatriation", "北朝鮮に送還され", None)],
        ),
        # already moved, whatever is to come after it
        (
            "彼らはすでに丹東に移送され、まもなく送還される見通しだ。",
            [("transfer", "移送され", None), ("repatriation", "送還される", "topic")],
        ),
        ("脱北者3人は入管施設に送られた。", [("transfer", "入管施設に送られ", None)]),
        ("脱北者3人は収容所に送致された。", [("transfer", "収容所に送致され", None)]),
        ("警察は男を検察に送致した。", []),
        # arrested, and now in a state the sentence ends in: the arrest is done
        ("脱北者8人が公安に逮捕され、送還の危機にある。", [("arrest", "逮捕され", None)]),
        # "if they are caught": a condition told with a noun; a prohibition
        ("脱北者を拘束した場合は罰する。", [("arrest", "拘束し", "topic")]),
        ("当局は脱北者を送還してはならない。", [("repatriation", "送還し", "negated")]),
        # a verbal noun listed with the nouns after it is no clause of its own
        ("政府は送還、および拘束を止めるべきだ。", []),
        # ... but a list that ends in a verbal noun made a verb is what was done
        (
            "当局は5人を拘束、および強制送還した。",
            [("arrest", "拘束", None), ("repatriation", "強制送還し", None)],
        ),
        # a state found as it was, in the past, had happened; a boat that came into port
        (
            "港に漁船が入港しているのを住民が見つけ、通報した。",
            [("border_crossing", "入港し", None)],
        ),
        # (a find is read as a landing too: the events stage keeps it only by the sea)
        (
            "男性が死亡しているのが見つかった。",
            [("death", "死亡し", None), ("border_crossing", "見つかっ", None)],
        ),
    ],
)
def test_japanese_predicates_and_mood(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _found(text, "ja") == expected


def test_japanese_argument_through_a_bracketed_gloss() -> None:
    text = "漁船が北方限界線(NLL)を越えた。"
    assert _found(text, "ja") == [("border_crossing", "北方限界線(NLL)を越え", None)]


def test_no_argument_across_a_line_break() -> None:
    # a headline's last noun is not the object of the lede's first verb
    text = "支援団体が批判\n中国に逃れた。"
    assert [p.type for p in predicates(text, "ja") if p.start < text.index("\n")] == []


def test_return_to_a_chinese_city_is_a_transfer() -> None:
    text = "선양에서 붙잡힌 탈북자 9명이 10일 옌지로 송환됐다."
    events = analyze_text(text, published="2012-02-14").events
    assert ("transfer", "CN") in [(e.type, e.country) for e in events]
    assert "repatriation" not in [e.type for e in events]
    # also with the city's gloss and "등" (and others) before the case ending
    glossed = "탈북민 5명이 지난 12일 선양에서 체포돼 창춘(長春) 등으로 송환됐다."
    events = analyze_text(glossed, published="2024-05-20").events
    found = [(e.type, e.place) for e in events]
    assert found == [("arrest", "Shenyang"), ("transfer", "Changchun")]
    # a return to the North stays one
    north = "탈북민 5명이 지난 12일 선양에서 체포돼 북한으로 송환됐다."
    assert "repatriation" in [e.type for e in analyze_text(north, published="2024-05-20").events]


def test_korean_count_nearest_the_verb_is_its_subject() -> None:
    text = "탈북민 이모씨는 동생 일행 15명이 쿤밍에서 공안에 체포됐다고 전했다."
    events = analyze_text(text, published="2024-08-26").events
    assert [(e.type, e.people) for e in events] == [("arrest", 15)]


def test_breakdowns_and_lists_before_a_total_are_parts() -> None:
    counts = find_counts("탈북자 12명(남자 4명, 여자 8명)이 체포됐다.", "ko")
    assert [(c.value, c.subset) for c in counts] == [(12, False), (4, True), (8, True)]
    counts = find_counts("여성 11명과 어린이 3명 등 탈북자 14명이 붙잡혔다.", "ko")
    assert [c.value for c in counts if not c.subset] == [14]


def test_dates_two_years_back_and_spans_of_days() -> None:
    found = find_dates("재작년 3명이 숨졌고 작년 5월에도 숨졌다.", "2003-04-09")
    assert [d.value for d in found] == ["2001", "2002-05"]
    assert [d.value for d in find_dates("1月25〜30日、引き渡された。", "2003-04-09")] == ["2003-01"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no morphological analysis"):
        predicates("text", "en")


@pytest.mark.parametrize(
    ("text", "lang", "people"),
    [
        # an active predicate is about its object, not the officers who did it
        ("경찰관 2명이 탈북민 김모씨를 체포했다.", "ko", 1),
        ("警察官2人が脱北者の女性を逮捕した。", "ja", 1),
        # a passive one about its subject
        ("탈북민 5명이 경찰관 2명에게 체포됐다.", "ko", 5),
        ("脱北者5人が警察官2人に逮捕された。", "ja", 5),
        # people joined in one phrase, each one person, are counted
        ("지난달 박모씨와 딸 이모양이 숨진 채 발견됐다.", "ko", 2),
        # ages in brackets do not make the last of them the only one
        ("지난달 박모씨(39)와 딸 이모양(7)이 숨진 채 발견됐다.", "ko", 2),
        ("先月、キムさんと息子が死亡した。", "ja", 2),
        # each described before a linking particle
        ("先月、50代の父親と20代の息子が死亡した。", "ja", 2),
        ("지난달 50대의 아버지와 20대의 아들이 숨졌다.", "ko", 2),
    ],
)
def test_who_the_predicate_is_about(text: str, lang: str, people: int | None) -> None:
    analysis = analyze_text(text, published="2020-05-10", language=lang, min_confidence=0.0)
    assert [e.people for e in analysis.events] == [people]


def test_roles_of_noun_phrases() -> None:
    from tumen.analyze.morph import morphs
    from tumen.analyze.morph.roles import OBJECT, SUBJECT, active, case_of

    text = "2名の地元警官が妻を逮捕した。"
    ms = morphs(text, "ja")
    assert case_of(ms, text.index("名"), "ja") == SUBJECT  # through の to 警官が
    assert case_of(ms, text.index("妻"), "ja") == OBJECT
    assert active(ms, text.index("逮捕"), len(text) - 1, "ja")
    passive = "妻が逮捕された。"
    assert not active(morphs(passive, "ja"), 2, len(passive) - 1, "ja")


def test_a_date_before_a_relative_clause_is_the_outer_verbs() -> None:
    # the relative clause describes the people; the date set off by a comma is the arrest's
    text = "2019年3月には、中国に逃れた4人の脱北者が警察に逮捕された事件が報じられた。"
    events = analyze_text(text, published="2020-01-10", min_confidence=0.0).events
    dated = {e.type: e.date for e in events}
    assert dated["arrest"] == "2019-03"
    assert dated.get("border_crossing") is None


def test_groups_set_against_each_other_each_on_its_day() -> None:
    text = "이들 가운데 4명은 선양에서 지난 3일, 6명은 옌지에서 5일에 체포됐다."
    events = analyze_text(text, published="2015-03-20", min_confidence=0.0).events
    assert sorted((e.people, e.date) for e in events if e.type == "arrest") == [
        (4, "2015-03-03"), (6, "2015-03-05"),
    ]
    # a total and the part of it arrested are no two groups
    text = "탈북자 12명은 지난 3일 이동하던 중 검문을 받아 10명이 체포됐다."
    events = analyze_text(text, published="2015-03-20", min_confidence=0.0).events
    assert [(e.people, e.date) for e in events if e.type == "arrest"] == [(10, "2015-03-03")]


def test_the_day_a_speaker_opens_a_quotation_is_not_the_events() -> None:
    for text in (
        "대북 소식통은 9일 “탈북민 6명이 체포됐다”고 말했다.",
        "関係者は9日、「脱北者6人が逮捕された」と述べた。",
    ):
        dates = find_dates(text, "2016-04-10")
        assert [(d.value, d.reporting) for d in dates] == [("2016-04-09", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a nationality is not where it happened: the state body that acted says where
        (
            "ラオス当局は北朝鮮住民9人を拘束し、中国に引き渡した。",
            [("arrest", "LA"), ("repatriation", "LA")],
        ),
        # a boat that drifts ashore or is taken in off Japan's coast is a crossing into Japan
        (
            "青森県深浦町の港に木造船が漂着し、北朝鮮から来た男女4人が保護された。",
            [("border_crossing", "JP")],
        ),
        # defecting across the demarcation line, in Japanese words
        ("北朝鮮兵士が28日、中部戦線の軍事境界線を越えて脱北した。", [("border_crossing", "KR")]),
    ],
)
def test_japanese_routes_nationalities_and_boats(
    text: str, expected: list[tuple[str, str]]
) -> None:
    events = analyze_text(text, published="2016-09-29", language="ja", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # the line and the zone between the Koreas, by their short names too: a defection
        # across any of them is one crossing into the South
        ("北朝鮮の兵士1人が今月5日、東部戦線でMDLを越えて韓国側に亡命した。", "ja"),
        ("韓国軍によると、北朝鮮の住民2人が3日未明、非武装地帯(DMZ)を越えて南側に渡った。", "ja"),
        ("板門店の共同警備区域(JSA)を乗り越えた北朝鮮兵士1人を韓国軍が保護したと発表した。", "ja"),
        ("합참은 북한군 병사 1명이 6일 공동경비구역(JSA)을 통과해 넘어왔다고 밝혔다.", "ko"),
        ("군 당국은 이날 오전 DMZ를 건너온 북한 남성 1명의 신병을 확보했다.", "ko"),
    ],
)
def test_crossing_the_line_between_the_koreas_by_any_of_its_names(text: str, lang: str) -> None:
    events = analyze_text(text, published="2025-03-07", language=lang, min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("border_crossing", "KR")]


def test_a_soldier_is_one_person_in_japanese() -> None:
    text = "北朝鮮兵士が28日、軍事境界線を越えて脱北した。"
    events = analyze_text(text, published="2016-09-29", language="ja", min_confidence=0.0).events
    assert [e.people for e in events] == [1]


def test_an_undated_event_takes_the_earliest_day_of_the_sentence_after_it() -> None:
    # the sentence after tells when, and the report's day is later than the event's
    text = (
        "북한 주민 일가족 3명이 목선을 타고 귀순했다. "
        "18일 군 당국은 지난 6일 밤 목선 1척이 남하하는 것을 포착했다고 밝혔다."
    )
    events = analyze_text(text, published="2023-05-18", min_confidence=0.0).events
    assert [(e.type, e.date) for e in events] == [("border_crossing", "2023-05-06")]
    # a sentence with a time of its own keeps it
    text = "두 가족이 2017년 7월 이후 처음으로 귀순했다. 지난 6일 목선 1척이 포착됐다."
    events = analyze_text(text, published="2023-05-18", min_confidence=0.0).events
    assert [e.date for e in events if e.type == "border_crossing"] == ["2017-07"]


def test_a_number_of_days_is_no_day_of_the_month() -> None:
    assert find_dates("税関は同日1日だけ開通し、3日間で98人が移動した。", "2021-07-19") == []


def test_a_rescue_off_japan_is_a_crossing_and_a_flight_on_is_an_arrival() -> None:
    # a Korean report of a boat taken in off Japan: a crossing into Japan
    text = "일본 노토반도 앞바다에서 13일 탈북자로 보이는 9명이 목선을 타고 있다가 구조됐다."
    events = analyze_text(text, published="2011-09-14", min_confidence=0.0).events
    assert [(e.type, e.country, e.people) for e in events] == [("border_crossing", "JP", 9)]
    # the same people flown on to Seoul later arrive there; the boat found off Japan was
    # their crossing into Japan, not into the South
    text = "지난달 일본 앞바다에서 목선을 타고 있다가 발견된 탈북민 9명이 4일 한국에 도착했다."
    events = analyze_text(text, published="2011-10-05", min_confidence=0.0).events
    assert sorted((e.type, e.country) for e in events) == [
        ("border_crossing", "JP"),
        ("reached_safety", "KR"),
    ]


def test_at_that_time_is_the_date_told_just_before() -> None:
    text = (
        "JSA를 통한 첫 귀순은 1998년 2월3일이다. 변씨는 당시 권총을 소지한 채 귀순했다. "
        "가장 최근의 일은 지난 6월23일이다. 당시 북한군 병사 1명이 MDL을 넘어 귀순했다."
    )
    events = analyze_text(text, published="2017-11-13", min_confidence=0.0).events
    assert sorted(e.date or "" for e in events if e.type == "border_crossing") == [
        "1998-02-03",
        "2017-06-23",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first of the groups joined to the verb's subject is the one the report is about
        (
            "탈북민 5명과 현지 안내인 3명이 지난 12일 허베이성에서 공안에 붙잡혔다.",
            [("arrest", "2017-03-12", 5)],
        ),
        # a date after the reported clause is the saying's, not the arrest's
        (
            "탈북자 10여명이 현지 경찰에 체포됐다고 9일 외신이 보도했다.",
            [("arrest", None, 10)],
        ),
        # a fact listed with 등 happened; 구속 is an arrest, 밀입국 a crossing
        (
            "지난해 7월에도 북한 남녀 12명이 태국에 밀입국한 뒤 구속되는 등 탈북이 잇따랐다.",
            [("border_crossing", "2016-07", 12), ("arrest", "2016-07", 12)],
        ),
    ],
)
def test_korean_counts_dates_and_listed_facts(
    text: str, expected: list[tuple[str, str | None, int]]
) -> None:
    events = analyze_text(text, published="2017-03-17", min_confidence=0.0).events
    assert [(e.type, e.date, e.people) for e in events] == expected


def test_arriving_in_a_country_on_the_way_is_a_crossing_unless_rescued() -> None:
    crossed = "이들은 중국과 라오스 등을 거쳐 태국에 도착했다."
    rescued = "탈북 여성 4명이 구출돼 지난 20일 태국에 도착했다."
    assert [e.type for e in analyze_text(crossed, published="2019-03-27").events] == [
        "border_crossing"
    ]
    assert [e.type for e in analyze_text(rescued, published="2019-03-27").events] == [
        "reached_safety"
    ]


def test_a_verbal_noun_that_ends_its_clause_tells_what_happened() -> None:
    # no verb after it: a clause's last word, or a headline's ("…서 체포", "…で拘束")
    assert _found("탈북민 10명 베트남서 체포, 조사 중.", "ko") == [("arrest", "체포", None)]
    assert _found("탈북민 10명 베트남서 체포\n", "ko") == [("arrest", "체포", None)]
    assert _found("탈북민 7명 라오스서 체포… 북송 우려", "ko") == [("arrest", "체포", None)]
    assert _found("脱北者3人、タイで拘束\n本文。", "ja") == [("arrest", "拘束", None)]
    assert _found("脱北者3人がタイで拘束　支援団体が発表", "ja") == [("arrest", "拘束", None)]
    text = "지난 18일 중국을 떠나 베트남으로 진입한 뒤 라오스로 가던 중 베트남 공안에 체포됐다."
    events = analyze_text(text, published="2019-11-30", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("border_crossing", "VN"), ("arrest", "VN")]
    # a verbal noun inside a longer noun phrase is no event
    assert _found("강제북송 문제가 제기됐다.", "ko") == []


def test_a_japanese_verbal_noun_that_ends_its_clause_tells_what_happened() -> None:
    # "入国、": the noun closes its clause as a verb would (no plan, no habit); before, the
    # missing past ending read it as a non-past plan
    text = "脱北者5人は21日に中国からラオスに入国、首都に向かう途中で警察に拘束された。"
    assert ("border_crossing", "ラオスに入国", None) in _found(text, "ja")
    events = analyze_text(text, published="2019-11-30", min_confidence=0.0).events
    assert [(e.type, e.country, e.date) for e in events] == [
        ("border_crossing", "LA", "2019-11-21"),
        ("arrest", "LA", "2019-11-21"),
    ]
    # a verb in the plain non-past still tells a plan
    assert _found("脱北者はラオスに入国する。", "ja")[0][2] == "nonpast"


def test_a_dateline_and_a_border_named_are_not_the_events() -> None:
    text = "탈북민 10명이 베트남 중북부의 라오스 접경 지역에서 당국에 적발됐다.\n입력 2019-11-28"
    events = analyze_text(text, published="2019-11-30", min_confidence=0.0).events
    assert [(e.type, e.country, e.date) for e in events] == [("arrest", "VN", None)]


def test_a_korean_headline_restates_the_body_whatever_place_it_names() -> None:
    title = "방콕 수용소 탈북민 15명 한국 도착"
    text = (
        "태국 방콕 이민국 수용소에 머물던 탈북민 15명이 이달 5일 풀려나 "
        "이튿날 인천공항을 통해 한국에 도착했다."
    )
    events = analyze_text(text, title=title, published="2017-03-08", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events if e.type == "reached_safety"] == [
        ("reached_safety", "KR")
    ]


def test_a_headline_defection_is_the_bodys_crossing_or_arrival() -> None:
    # "亡命" in a headline: the body tells it as a crossing at Panmunjom; one event, not
    # also an arrival in the country the headline's first place names
    title = "北朝鮮兵士が板門店で亡命"
    text = "北朝鮮兵士1人が13日、板門店の共同警備区域を越えて韓国側に亡命した。"
    events = analyze_text(text, title=title, published="2017-11-14", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("border_crossing", "KR")]


@pytest.mark.parametrize(
    "text",
    [
        "북한을 탈출한 4명이 지난달 몽골 국경수비대에 붙잡혔다.",
        "北朝鮮を脱出した4人が先月、モンゴル国境警備隊に拘束された。",
    ],
)
def test_a_countrys_border_guards_act_in_it(text: str) -> None:
    # not "the border with Mongolia": Mongolia's guards, who held them in Mongolia
    events = analyze_text(text, published="2021-05-03", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("arrest", "MN")]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # where they went on to live is not the country the escape entered
        ("먼저 탈북해 한국에 정착한 가족들이 선처를 요구했다.", None),
        ("先に脱北して日本に定住した家族が支援を求めた。", None),
        # straight across the sea it is
        ("김씨는 2010년 목선을 타고 탈북해 한국에 정착했다.", "KR"),
    ],
)
def test_an_escape_does_not_enter_where_they_settled_after_it(
    text: str, country: str | None
) -> None:
    events = analyze_text(text, published="2021-05-03", min_confidence=0.0).events
    assert [e.country for e in events if e.type == "border_crossing"] == [country]


def test_a_country_passed_through_is_no_place_of_the_event_but_a_way_out_is() -> None:
    text = "중국을 통해 몽골로 넘어가려다 몽골 국경수비대에 체포됐던 탈북민 5명이 석방됐다."
    events = analyze_text(text, published="2021-05-03", min_confidence=0.0).events
    assert {(e.type, e.country) for e in events} == {("arrest", "MN"), ("release", "MN")}
    text = "중국 당국이 지난 26일 단둥 세관을 통해 탈북민 50명을 북송했다."
    events = analyze_text(text, published="2021-05-03", min_confidence=0.0).events
    assert [(e.type, e.country, e.place) for e in events] == [("repatriation", "CN", "Dandong")]


@pytest.mark.parametrize(
    "text",
    ["ラオスで北朝鮮人8人が警察に逮捕された。", "라오스에서 북한 여성 3명이 경찰에 체포됐다."],
)
def test_a_nationality_is_not_where_it_happened(text: str) -> None:
    # "北朝鮮人", "북한 여성": who they are; the place named with "で", "에서" is where
    events = analyze_text(text, published="2020-05-06", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("arrest", "LA")]


def test_a_return_the_people_asked_for_is_no_forced_return() -> None:
    # the headline says "송환", the body that the two wished to go back
    title = "목선 타고 온 북한 주민 2명 판문점 통해 송환"
    text = (
        "지난달 목선을 타고 동해 북방한계선을 넘어온 북한 주민 2명이 5일 판문점을 통해 "
        "북한으로 돌아갔다. 정부는 이들이 북한으로 돌아가기를 원해 돌려보냈다고 밝혔다."
    )
    events = analyze_text(text, title=title, published="2021-03-06", min_confidence=0.0).events
    assert "repatriation" not in [e.type for e in events]
    # a return the report does not say they asked for stays a forced return
    forced = "정부는 이들을 판문점을 통해 북한으로 돌려보냈다."
    events = analyze_text(forced, title=title, published="2021-03-06", min_confidence=0.0).events
    assert "repatriation" in [e.type for e in events]
    # nor one "against their free will"
    against = "중국은 탈북민 5명을 북송했다. 정부는 자유의사에 반한 강제북송은 안 된다고 밝혔다."
    events = analyze_text(against, published="2021-03-06", min_confidence=0.0).events
    assert [e.type for e in events] == ["repatriation"]


def test_a_country_compounded_with_its_verbal_noun_and_open_questions() -> None:
    # "韓国入り": the country is the argument of the noun it is compounded with
    text = "北朝鮮を出た男性2人が5日、タイを経由して韓国入りした。"
    events = analyze_text(text, published="2020-05-06", language="ja", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("reached_safety", "KR")]
    assert [p.type for p in predicates("家族3人がラオス入りした。", "ja")] == ["border_crossing"]
    # entering an embassy, in Japanese as in Korean (진입)
    found = predicates("4人が大使館に進入して保護を求めた。", "ja")
    assert [(p.type, p.mood) for p in found] == [("reached_safety", None)]
    # whether it happened is asked, not told
    for text, lang in (
        ("3人が韓国に入国したか否かは明らかにしなかった。", "ja"),
        ("이들이 한국에 입국했는지는 확인되지 않았다.", "ko"),
    ):
        assert [p.mood for p in predicates(text, lang)] == ["question"]


def test_a_class_of_people_counted_as_a_whole_is_no_event() -> None:
    # a relative clause on the topic the sentence then counts: a population, not an act
    for text, lang in (
        ("今年6月までに日本に入国した脱北者は合わせて200人を超える。", "ja"),
        ("지금까지 한국에 입국한 탈북민은 모두 3만4천명이다.", "ko"),
    ):
        assert [p.mood for p in predicates(text, lang)] == ["population"]
    # a group counted in its own phrase is the one it happened to
    found = predicates("체포된 탈북민 5명은 북송됐다.", "ko")
    assert [(p.type, p.mood) for p in found] == [("arrest", None), ("repatriation", None)]
    found = predicates("拘束された脱北者は5日、送還された。", "ja")
    assert [(p.type, p.mood) for p in found] == [("arrest", None), ("repatriation", None)]


@pytest.mark.parametrize(
    ("text", "reporting"),
    [
        # the bare day after the speaker, in a sentence closed by the quote and the saying
        ("경찰청은 12일 탈북민 세 명을 국경에서 붙잡았다고 밝혔다.", [True]),
        ("入管当局は12日、脱北者3人を国境で拘束したと発表した。", [True]),
        ("한편, 현지 방송은 12일 탈북민 세 명이 국경에서 붙잡혔다고 전했다.", [True]),
        # the day of the quoted clause itself, a day pointed back to, a sentence not of saying
        ("탈북민 세 명이 12일 국경에서 붙잡혔다고 경찰청이 밝혔다.", [False]),
        ("경찰청은 지난 12일 탈북민 세 명을 국경에서 붙잡았다고 밝혔다.", [False]),
        ("경찰청은 12일 탈북민 세 명을 국경에서 붙잡았다.", [False]),
        # a year after the speaker is the period of what is said, not a day of saying
        ("통일부는 지난해 입국한 탈북민이 200명이라고 밝혔다.", [False]),
    ],
)
def test_the_day_a_korean_or_japanese_speaker_said_it_is_not_the_events(
    text: str, reporting: list[bool]
) -> None:
    assert [d.reporting for d in find_dates(text, "2019-06-14")] == reporting
    if reporting[0]:
        lang = "ja" if "脱北者" in text else "ko"
        events = analyze_text(text, published="2019-06-14", language=lang, min_confidence=0).events
        assert [e.date for e in events] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "北朝鮮の兵士1人が8日、軍事境界線を越えて韓国に亡命した。兵士は同日、韓国軍に保護された。",
        "북한군 병사 1명이 8일 군사분계선을 넘어 귀순했다. 이 병사는 같은 날 한국 정부에 보호를 "
        "요청해 한국에 들어왔다.",
        "북한 주민 2명이 8일 목선을 타고 동해 북방한계선을 넘었다. 이들은 이날 오후 우리 해군에 "
        "구조돼 한국으로 왔다.",
    ],
)
def test_an_arrival_told_after_its_direct_crossing_is_that_crossing(text: str) -> None:
    # one border_crossing into the South, as in English (tests/fixtures/analysis/README.md)
    events = analyze_text(text, published="2024-05-09").events
    assert [(e.type, e.country, e.date) for e in events] == [
        ("border_crossing", "KR", "2024-05-08")
    ]


def test_an_arrival_in_the_sentence_of_an_escape_stays_an_arrival() -> None:
    # leaving the North and reaching Japan in one sentence: the sentence tells no direct route
    text = "原告の女性は2003年に脱北し、日本に戻った。"
    events = analyze_text(text, published="2024-05-09").events
    assert ("reached_safety", "JP") in [(e.type, e.country) for e in events]


def test_korean_morphemes_started_early_are_those_read_on_demand() -> None:
    # Kiwi gets every line at once (in calls of 16 lines) when the analysis starts; what
    # is read afterwards is what reading it at once gives, line breaks in place
    from tumen.analyze.morph import morphs, start
    from tumen.morphology import kiwi

    lines = [f"탈북민 {n}명이 {n}일 라오스에서 체포됐다." for n in range(1, 41)]
    text = "\n".join(lines[:20]) + "\n\n" + "\n".join(lines[20:])
    start(text, "ko")
    early = morphs(text, "ko")
    alone = [t.form for line in lines for t in kiwi().tokenize(line)]
    assert [m.form for m in early if m.tag != "line"] == alone
    assert [m.start for m in early if m.tag == "line"] == [
        i for i, c in enumerate(text) if c == "\n" and text[:i].split("\n")[-1].strip()
    ]
    assert sum(1 for m in early if m.form == "체포") == 40


def test_coming_in_by_boat_at_a_port_of_the_south_is_a_crossing_of_the_whole_group() -> None:
    # "들어오" at any place of a safe country is an arrival there (by boat: a crossing);
    # "타고" says how they came; the participle tells of the five, not of the three
    # taken from them afterwards
    told = "지난 3일 속초항에 소형 어선을 타고 들어온 북한 주민 5명 가운데 3명이 남기로 했다."
    events = analyze_text(told, published="2021-03-06", language="ko", min_confidence=0.0).events
    assert [(e.type, e.country, e.place, e.date, e.people) for e in events] == [
        ("border_crossing", "KR", "Sokcho", "2021-03-03", 5)]
    # entering a country on the way is a crossing into it; a city there is no safety
    entered = "탈북민 5명이 지난 3일 중국에 들어왔다. 탈북민 4명이 지난 4일 단둥에 들어왔다."
    events = analyze_text(entered, published="2021-03-06", language="ko", min_confidence=0.0).events
    assert [(e.type, e.country, e.people) for e in events] == [("border_crossing", "CN", 5)]


def test_a_crossing_told_by_its_sea_and_by_its_port_is_one_crossing() -> None:
    text = ("북한 주민 5명이 탄 어선이 지난 3일 속초항 부두에 들어와 정박했다. "
            "이들은 동해 북방한계선을 넘어 이틀 동안 남쪽으로 내려왔다.")
    events = analyze_text(text, published="2021-03-06", language="ko", min_confidence=0.0).events
    assert [(e.type, e.place, e.date, e.people) for e in events] == [
        ("border_crossing", "Sokcho", "2021-03-03", 5)]


def test_korean_clauses_end_where_the_morphemes_end_one() -> None:
    # riding a boat (-고) says how they crossed: the date before it is the crossing's,
    # also for a participle ("넘어 귀순한 것으로 알려졌다")
    rode = analyze_text(
        "북한 주민 5명이 이달 초 어선을 타고 북방한계선을 넘어 귀순한 것으로 알려졌다.",
        published="2024-05-20",
    )
    assert [(e.type, e.date, e.people) for e in rode.events] == [("border_crossing", "2024-05", 5)]
    # "…는 가운데" (while) closes the clause of the background and its "최근" (recently)
    amid = analyze_text(
        "최근 탈북이 잇따르는 가운데 북한 주민 3명이 2일 북방한계선을 넘어왔다.",
        published="2024-05-20",
    )
    assert [(e.date, e.people) for e in amid.events] == [("2024-05-02", 3)]
    # "가운데" after a count is "among": the clause goes on
    among = analyze_text(
        "탈북민 4명 가운데 2명이 지난 2일 중국 공안에 체포됐다.", published="2024-05-20"
    )
    assert [(e.type, e.date, e.people) for e in among.events] == [("arrest", "2024-05-02", 2)]


def test_a_japanese_continuative_verb_has_the_tense_of_its_sentence() -> None:
    def found(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
        got = analyze_text(text, published="2024-05-20")
        return [(e.type, e.country, e.date, e.people) for e in got.events]

    # "入り、…のが一般的だ": what usually happens; "入り、…予定だ": what is to come
    assert found("多くの脱北者はまず中国に入り、別の国を経由して韓国に渡るのが一般的だ。") == []
    assert found("脱北者3人は来月タイに入り、韓国に向かう予定だ。") == []
    # told in the past further on, in a state now, or in a headline with no verb: it happened
    assert found("脱北者5人は先月中国に入り、瀋陽で公安に拘束された。") == [
        ("border_crossing", "CN", "2024-04", 5), ("arrest", "CN", "2024-04", 5)
    ]
    assert found("女性は2015年にラオスに入り、現在はソウルで暮らしている。") == [
        ("border_crossing", "LA", "2015", 1)
    ]
    assert found("兵士1人が3日、軍事境界線を越え韓国に亡命") == [
        ("border_crossing", "KR", "2024-05-03", 1)
    ]


def test_a_boat_seized_at_sea_by_the_country_it_came_to_is_its_crossing() -> None:
    def found(text: str) -> list[tuple[str, str | None, int | None]]:
        got = analyze_text(text, published="2024-05-20")
        return [(e.type, e.country, e.people) for e in got.events]

    # README: a boat seized or towed in at sea by the country it was heading for
    assert found("北朝鮮の船員2人が3日、日本海で韓国海軍に拿捕された。") == [
        ("border_crossing", "KR", 2)
    ]
    assert found("북한 주민 2명이 탄 목선이 3일 동해에서 우리 해군에 나포됐다.") == [
        ("border_crossing", "KR", 2)
    ]
    # seized by China it is an arrest, and an arrest on land in the South stays one
    assert found("北朝鮮の船員2人が3日、大連沖で中国当局に拿捕された。") == [("arrest", "CN", 2)]
    assert found("탈북민 2명이 3일 서울에서 경찰에 체포됐다.") == [("arrest", "KR", 2)]


def test_a_crossing_enters_the_destination_of_its_own_clause() -> None:
    # an escape south earlier in the sentence does not make the return north a crossing
    # into the South
    ja = analyze_text(
        "この男性は4年前に韓国へ脱出し、今月17日に軍事境界線を越えて開城に戻った。",
        published="2024-05-26",
    )
    assert [(e.type, e.country, e.date) for e in ja.events] == [
        ("border_crossing", "KP", "2024-05-17")
    ]
    ko = analyze_text(
        "탈북민 남성 1명이 3년 전 한국으로 탈북했고, "
        "지난 19일 군사분계선을 넘어 개성으로 돌아갔다.",
        published="2024-05-26",
    )
    found = [(e.type, e.country, e.date) for e in ko.events]
    assert ("border_crossing", "KP", "2024-05-19") in found


@pytest.mark.parametrize(
    ("text", "lang", "one"),
    [
        ("밀입국한 북한 외교관이 붙잡혔다.", "ko", True),
        ("탈북한 남성들이 붙잡혔다.", "ko", False),
        ("渡った北朝鮮の女性が拘束された。", "ja", True),
        ("渡った男性と娘が拘束された。", "ja", False),
        ("渡った脱北者らが拘束された。", "ja", False),
    ],
)
def test_the_noun_after_a_participle_names_one_person(text: str, lang: str, one: bool) -> None:
    ms = morphs(text, lang)
    # from the end of the participle ("-ㄴ", "た")
    ending = next(m for m in ms if m.kind in ("adnominal", "aux"))
    assert one_person_after(ms, ending.end, lang) is one


@pytest.mark.parametrize(
    ("text", "lang", "etype"),
    [
        # out of prison at the end of a sentence is a release
        ("男性は刑期を終えて先月刑務所を出所した。", "ja", "release"),
        # custody handed on to another office is a transfer
        ("男性の身柄は翌日、別の県の入管施設に移管された。", "ja", "transfer"),
        # taking one's own life is a death
        ("拘束された女性は、その翌日に自ら命を絶った。", "ja", "death"),
    ],
)
def test_release_from_prison_custody_handed_on_and_suicide(
    text: str, lang: str, etype: str
) -> None:
    assert etype in [p.type for p in predicates(text, lang) if p.mood is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # entering with no goal of its own is entering the South, not where they were held
        (
            "중국 공안에 붙잡혔던 탈북민 2명이 석방돼 지난 8일 밤 입국했다.",
            [("arrest", "CN"), ("release", "CN"), ("reached_safety", "KR")],
        ),
        # nor where they came from
        (
            "러시아에서 벌목공으로 일하다 탈출한 북한 남성 3명이 최근 입국한 것으로 확인됐다.",
            [("reached_safety", "KR")],
        ),
        (
            "2015년 입국한 탈북민 B씨는 현재 서울에서 식당을 운영하고 있다.",
            [("reached_safety", "KR")],
        ),
        # a goal named before the verb still says where ("태국에 입국": a crossing into it)
        (
            "라오스에서 풀려난 탈북민 6명이 18일 태국에 입국했다.",
            [("release", "LA"), ("border_crossing", "TH")],
        ),
    ],
)
def test_a_korean_entry_with_no_goal_is_into_the_south(
    text: str, expected: list[tuple[str, str]]
) -> None:
    events = analyze_text(text, published="2024-05-20", language="ko", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # arrivals counted up to a month or over a quarter are a figure, not a case
        ("통일부에 따르면 올해 9월까지 입국한 탈북민은 모두 512명이다.", []),
        # the figure read as a statistic, told again to break it down, is no case either
        (
            "올해 1~6월 국내에 입국한 탈북민은 모두 96명으로 집계됐다고 통일부가 밝혔다. "
            "입국한 96명 가운데 여성은 80명이다.",
            [],
        ),
        # the span belongs to the arrival it comes before, not to the return north after it
        ("올해 상반기에 입국한 탈북민 2명이 다시 월북했다.", [("border_crossing", "KP")]),
    ],
)
def test_korean_arrivals_counted_over_a_period_are_no_case(
    text: str, expected: list[tuple[str, str]]
) -> None:
    events = analyze_text(text, published="2024-10-02", language="ko", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "our navy", "our coast guard" in a Korean report are the South's: a boat they seize
        # at sea came into the South (a crossing, not an arrest)
        ("우리 해군은 지난 5일 서해상에서 북한 주민 3명이 탄 소형 목선을 나포했다.", "KR"),
        ("북한 주민 2명이 탄 어선이 지난달 30일 동해상에서 우리 해경에 나포됐다.", "KR"),
    ],
)
def test_our_forces_in_a_korean_report_are_the_souths(text: str, expected: str) -> None:
    events = analyze_text(text, published="2024-06-07", language="ko", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("border_crossing", expected)]


def test_our_military_affairs_name_no_state_body() -> None:
    text = "우리 군사 당국은 중국 공안에 체포된 탈북민 5명의 소식을 확인 중이다."
    events = analyze_text(text, published="2024-06-07", language="ko", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("arrest", "CN")]


def test_a_quotation_opens_a_clause_of_its_own() -> None:
    # the man who speaks before the quotation is not the people it tells of
    text = "支援者の男性は28日、「ラオス当局が子どもたちを全員中国に追放した」と話した。"
    events = analyze_text(text, published="2013-05-28", min_confidence=0.0).events
    assert [(e.type, e.country, e.people) for e in events] == [("repatriation", "LA", None)]


def test_a_rescue_in_the_east_sea_is_a_crossing_into_the_south() -> None:
    # 東海, the East Sea as Korean outlets write it in Japanese; not the Tokai region
    text = "先月3日、北朝鮮の船舶に乗った男性2人が東海で救助された。"
    events = analyze_text(text, published="2017-07-06", min_confidence=0.0).events
    assert [(e.type, e.country, e.date, e.people) for e in events] == [
        ("border_crossing", "KR", "2017-06-03", 2),
    ]
    assert [p.name for p in find_places("東海地方や東海岸の港")] == []
    # the sea only where the sea is told (a particle of place, 上, a gloss), not in a name
    assert [p.name for p in find_places("東海上の漁船、東海(日本海)")] == ["East Sea"] * 3
    assert [p.name for p in find_places("東海テレビ、東海旅客鉄道、東海北陸道")] == []


def test_the_way_straight_across_is_told_before_the_arrival_verb() -> None:
    # Panmunjom in a clause after the arrival is where talks were held, not their way in
    text = "政府は脱北者20人を韓国に移送し、北朝鮮は板門店での接触に応じていない。"
    events = analyze_text(text, published="2004-07-28", min_confidence=0.0).events
    assert [(e.type, e.country) for e in events] == [("reached_safety", "KR")]
