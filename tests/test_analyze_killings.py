"""A killing told in the active voice: people who killed others committed a crime, no
refugee died; a state body that kills, or a killing told in the passive, is a death
(tests/fixtures/analysis/README.md: the crew killed on board are no refugee deaths)."""

from __future__ import annotations

from tumen.analyze import analyze_text

PUB = "2024-05-10"


def _deaths(text: str) -> list[tuple[str | None, int | None]]:
    got = analyze_text(text, published=PUB, min_confidence=0.0).events
    return [(e.country, e.people) for e in got if e.type == "death"]


def test_japanese_people_who_killed_others_are_no_deaths() -> None:
    assert _deaths("漁船の男3人が船長ら9人を殺害して南へ逃げたと当局が発表した。") == []
    assert _deaths("彼らは操業中に同僚の船員を殺害し、海上で拘束された。") == []
    # the doer is the noun the participle describes
    assert _deaths("同僚7人を殺害した後、小舟で逃れた男2人が引き渡された。") == []


def test_japanese_killing_by_guards_or_in_the_passive_is_a_death() -> None:
    assert [p for _, p in _deaths("国境警備隊が川を渡っていた脱北者3人を射殺した。")] == [3]
    assert [p for _, p in _deaths("脱北者の女性2人が警備兵に射殺された。")] == [2]


def test_korean_people_who_killed_others_are_no_deaths() -> None:
    assert _deaths("선원 3명이 동료 9명을 살해하고 배를 몰아 남쪽으로 왔다.") == []
    # left out, the doer is who the text is about; made to die is killed
    assert _deaths("조사 결과 이들은 선장을 숨지게 하고 달아난 것으로 드러났다.") == []
    assert _deaths("조사 결과 해상에서 동료 9명을 살해하고 도주했다고 당국은 밝혔다.") == []
    # a subject in a clause before the killing's is another verb's
    assert _deaths("귀순 의사가 있었다고 하지만, 동료 9명을 살해하고 도주한 선원들이었다.") == []


def test_korean_killing_by_guards_or_in_the_passive_is_a_death() -> None:
    assert [p for _, p in _deaths("북한 경비대가 강을 건너던 탈북민 4명을 사살했다.")] == [4]
    assert [p for _, p in _deaths("탈북민 2명이 국경에서 살해됐다.")] == [2]


def test_english_people_who_killed_others_are_no_deaths() -> None:
    told = "The three sailors, who killed nine crew members, were sent back on Monday."
    assert _deaths(told) == []
    assert _deaths("Officials said they had killed their captain before sailing south.") == []


def test_english_killing_by_guards_or_a_thing_is_a_death() -> None:
    told = "Border guards killed three women as they crossed the Yalu."
    assert [p for _, p in _deaths(told)] == [3]
    assert _deaths("A raft carrying refugees capsized on the Mekong on Sunday, killing 4 people.")


def test_english_killing_of_the_killers_own_superiors_or_foreigners_is_no_death() -> None:
    # the victims the words name after the verb are no refugees, whoever the doer is
    assert _deaths("A young North Korean private shot three of his commanders on Friday and "
                   "ran south across the border, officials said.") == []
    assert _deaths("The deserter told investigators that he shot dead his squad leader "
                   "before running off on Friday.") == []
    assert _deaths("Patrols were stepped up after a North Korean deserter killed two "
                   "Chinese villagers during a theft last winter.") == []
    # state guards who kill refugees still tell a death
    assert [p for _, p in _deaths("Border guards shot dead two defectors on the Yalu River "
                                  "on Monday.")] == [2]


def test_english_death_of_a_leader_of_the_north_is_no_refugee_death() -> None:
    assert _deaths("The founder of the state, Kim Il-sung, died in July 1994, and his son "
                   "took over.") == []
    assert _deaths("Border units stayed on alert for weeks following the death of Kim Il-sung "
                   "in the summer of 1994.") == []
    # a leader named near a refugee's death does not take it away
    assert [p for _, p in _deaths("Under Kim Jong-un, two defectors drowned in the Tumen River "
                                  "on Monday.")] == [2]
    assert [p for _, p in _deaths("Under Kim Jong-un, guards shot dead two defectors on the "
                                  "Yalu River on Monday.")] == [2]
