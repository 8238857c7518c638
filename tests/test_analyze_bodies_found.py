"""Korean and Japanese: a body found told in the active voice, and the time of a relative
clause after a trigger (issue 16)."""

from __future__ import annotations

from tumen.analyze import analyze_text

PUB = "2023-03-15"


def _events(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
    return [(e.type, e.country, e.date, e.people) for e in analyze_text(text, published=PUB).events]


def test_korean_body_as_the_object_of_finding_is_a_death() -> None:
    got = _events("지난 9일 부산의 한 원룸에서 집주인이 탈북민 남성의 시신을 발견했다.")
    assert got == [("death", "KR", "2023-03-09", 1)]


def test_korean_body_recovered_as_an_object_is_a_death() -> None:
    got = _events("해경은 지난 4일 인천 앞바다에서 북한 주민으로 보이는 남성의 시신을 수습했다.")
    assert [e[:3] for e in got] == [("death", "KR", "2023-03-04")]


def test_japanese_body_as_the_object_of_finding_is_a_death() -> None:
    got = _events("警察は9日、大阪市内のアパートで脱北者の女性の遺体を発見した。")
    assert got == [("death", "JP", "2023-03-09", 1)]


def test_a_time_in_a_relative_clause_after_the_trigger_is_not_its_own() -> None:
    # 2006 is when the man who died moved to Osaka, not when he died
    got = _events(
        "大阪市のアパートで8日、脱北者の遺体が見つかった。"
        "死亡していたのは2006年に大阪に移り住んだ60代の男性だった。"
    )
    assert got == [("death", "JP", "2023-03-08", 1)]
    got = _events("亡くなったのは2006年に大阪に移り住んだ男性で、警察が身元を調べている。")
    assert not any(e[2] == "2006" for e in got)


def test_a_cleft_time_is_still_the_events() -> None:
    got = _events("北朝鮮の木造船が秋田県の海岸に漂着したのは、3月2日朝のことだった。")
    assert [e[:3] for e in got] == [("border_crossing", "JP", "2023-03-02")]
