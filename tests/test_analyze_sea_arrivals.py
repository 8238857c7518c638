"""A boat or its people found off, or washed ashore on, the coast of South Korea or Japan
is their crossing into that country (tests/fixtures/analysis/README.md); a body found, or
a person found on land, is not."""

from __future__ import annotations

import pytest

from tumen.analyze import analyze_text


def _events(text: str, published: str) -> list[tuple[str, str | None, int | None]]:
    found = analyze_text(text, published=published, min_confidence=0.0).events
    return [(e.type, e.country, e.people) for e in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # found at sea off a Japanese coast
        (
            "5日朝、島根県の隠岐諸島の沖で、男性3人が乗った木造船が海上保安庁に発見された。",
            [("border_crossing", "JP", 3)],
        ),
        # washed ashore: the coast is in Japan, whatever the sea is called or where they
        # wanted to go next
        (
            "日本海に面した福井県の海岸に男性2人が漂着し、韓国への亡命を希望した。",
            [("border_crossing", "JP", 2)],
        ),
        # found off a South Korean coast (Korean)
        (
            "강원도 고성 앞바다에서 북한 주민 3명이 탄 목선이 우리 어민에게 발견됐다.",
            [("border_crossing", "KR", 3)],
        ),
        # drifted in to a Japanese prefecture (Korean)
        (
            "2월에는 소형 목선을 타고 니가타현으로 표류해 온 남성 4명이 조사를 받았다.",
            [("border_crossing", "JP", 4)],
        ),
    ],
)
def test_found_off_a_coast_or_washed_ashore_is_a_crossing(
    text: str, expected: list[tuple[str, str | None, int | None]]
) -> None:
    assert _events(text, "2020-03-10") == expected


@pytest.mark.parametrize(
    "text",
    [
        # a body found at home
        "서울의 한 아파트에서 혼자 살던 탈북민 여성의 시신이 발견됐다.",
        # a person found on land, in the capital
        "서울의 한 공원에서 탈북민 A씨가 경찰에 발견됐다.",
        # a boat of the dead is their deaths, not a crossing
        "秋田県の海岸に木造船が漂着し、船内から5人の遺体が見つかった。",
        # drifting at sea is not arriving anywhere
        "小型船は日本海を漂流していた。",
    ],
)
def test_no_crossing_without_a_coast_of_the_south_or_japan(text: str) -> None:
    assert not [e for e in _events(text, "2020-03-10") if e[0] == "border_crossing"]


def test_whoever_found_the_boat_is_not_counted() -> None:
    # the fisherman who found the boat is one person; the people aboard are counted
    # in the sentence before
    text = (
        "북한 주민 일가족 5명이 목선을 타고 동해안으로 귀순했다. "
        "이날 새벽 강원도 속초 앞바다에서 어민 박모씨가 목선을 발견, 해경에 신고했다."
    )
    people = {e[2] for e in _events(text, "2020-03-10") if e[0] == "border_crossing"}
    assert people == {5}


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "韓国の東海岸で3日、小型の木造船が発見された。"
            "5人の乗組員のうち、3人は韓国に残ることを選んだ。",
            5,
        ),
        (
            "3일 강원도 고성 앞바다에서 북한 목선이 발견됐다. "
            "탑승자 6명 가운데 4명은 남기를 원했다.",
            6,
        ),
    ],
)
def test_the_whole_the_next_sentence_divides_is_the_group(text: str, people: int) -> None:
    # the sentence after an uncounted find divides a group: the whole is who came
    found = [e[2] for e in _events(text, "2020-03-10") if e[0] == "border_crossing"]
    assert found == [people]


def test_a_boat_seized_off_the_south_near_the_line_is_a_crossing_into_it() -> None:
    # the line with the North is where the boat came across, the coast is South Korea's
    text = "韓国北東部の北朝鮮との境界線に近い海上で3日、男性2人が乗った木造船が拿捕された。"
    assert _events(text, "2020-03-10") == [("border_crossing", "KR", 2)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a prefecture of Japan's western coast, named by its prefecture form
        (
            "男性は今月2日、山口県萩市の海岸に漂着したところを住民に見つかった。",
            [("border_crossing", "JP", 1)],
        ),
        # taken into care off a Japanese coast, then sent on to Seoul: the sea arrival is
        # a crossing into Japan (the places named before its verb are Japan's), the move
        # on is safety reached in South Korea
        (
            "兵庫県の沖で小型船に乗った男性2人が保護され、その後韓国に移送された。",
            [("border_crossing", "JP", 2), ("reached_safety", "KR", 2)],
        ),
        # (Korean) swam to Japan, later sent to South Korea
        (
            "바다를 헤엄쳐 일본에 도착한 남성이 지난달 한국으로 보내졌다.",
            [("border_crossing", "JP", 1), ("reached_safety", "KR", 1)],
        ),
    ],
)
def test_a_sea_arrival_in_japan_told_with_a_move_on_to_korea(
    text: str, expected: list[tuple[str, str | None, int | None]]
) -> None:
    assert sorted(_events(text, "2020-03-10")) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        # held at sea by the South: their crossing into it, no arrest (README conventions)
        "韓国軍は今月3日、日本海上で木造船に乗っていた北朝鮮の男性2人を拘束した。",
        "해경은 지난 3일 동해 해상에서 목선을 타고 있던 북한 주민 2명을 붙잡았다.",
    ],
)
def test_held_at_sea_by_the_country_they_came_to_is_the_crossing(text: str) -> None:
    found = _events(text, "2020-03-10")
    assert ("border_crossing", "KR", 2) in found
    assert not [e for e in found if e[0] == "arrest"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # Japan's name for the sea, no one else named: Japan's coast (the South's press
        # writes 東海)
        ("海上保安庁は12日、日本海で漂流していた木造船の乗組員3人を救助した。", "JP"),
        ("北朝鮮の住民2人が3日、東海で救助された。", "KR"),
        # whose body rescued them says whose it is, whatever the sea is called
        ("北朝鮮住民4人が乗った木造船が日本海で韓国海洋警察に救助された。", "KR"),
    ],
)
def test_a_rescue_at_sea_is_in_the_country_the_sea_is_named_from(
    text: str, country: str
) -> None:
    assert [e[1] for e in _events(text, "2020-03-10")] == [country]
