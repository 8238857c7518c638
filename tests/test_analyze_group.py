"""The group a text is about gives its count to the events that count no one (events/group.py);
sentences written for these tests."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.events import count_the_group, totals_of_parts
from tumen.models import Event, Evidence

NONE: frozenset[int] = frozenset()


def _event(etype: str, date: str | None, people: int | None, said: str) -> Event:
    return Event(type=etype, evidence=Evidence(said, 0, len(said)), date=date, people=people)


def test_a_later_step_of_the_counted_group_takes_its_count() -> None:
    text = (
        "중국 공안이 지난 3일 선양에서 탈북민 6명을 체포했다고 소식통이 10일 전했다. "
        "이들은 라오스로 가려던 중이었다. 소식통에 따르면 이들 탈북민은 지난 8일 투먼으로 이송됐다."
    )
    events = analyze_text(text, published="2021-03-25").events
    assert [(e.type, e.date, e.people) for e in events] == [
        ("arrest", "2021-03-03", 6),
        ("transfer", "2021-03-08", 6),
    ]


def test_other_groups_keep_no_count() -> None:
    counted = _event("repatriation", "2021-03-20", 40, "forty were sent back")
    last_year = _event("repatriation", "2020-05", None, "a mass return last May")
    others = _event("death", None, None, "several others died")
    caught = _event("arrest", "2021-03-02", None, "they had been caught")
    got = count_the_group([counted, last_year, others, caught], [others], NONE)
    assert [e.people for e in got] == [40, None, None, 40]
    # the events the confidence model scored are left as they were
    assert caught.people is None


def test_several_counts_one_person_or_a_part_give_no_group() -> None:
    alone = _event("release", None, None, "they were freed")
    two = [_event("arrest", None, 5, "five"), _event("arrest", None, 7, "seven")]
    assert [e.people for e in count_the_group([*two, alone], [], NONE)] == [5, 7, None]
    one = [_event("arrest", None, 1, "a defector was caught"), alone]
    assert [e.people for e in count_the_group(one, [], NONE)] == [1, None]
    part = [_event("repatriation", None, 8, "of them eight were sent back"), alone]
    assert [e.people for e in count_the_group(part, [], frozenset({8}))] == [8, None]
    assert [e.people for e in count_the_group([alone], [], NONE)] == [None]


def test_a_count_taken_from_a_larger_group_is_a_part() -> None:
    # "the defectors were caught; eight of them were returned": the arrest is of more
    text = "脱北者たちは2月に中国で捕まり、そのうち6人が今月5日に北朝鮮へ送還された。"
    events = analyze_text(text, published="2021-03-25").events
    assert [(e.type, e.people) for e in events] == [("arrest", None), ("repatriation", 6)]


def test_a_count_most_counted_events_share_is_the_group() -> None:
    alone = _event("border_crossing", None, None, "they had entered the country")
    steps = [_event("arrest", "2021-03-02", 10, "ten were caught"),
             _event("repatriation", "2021-03-09", 10, "the ten were expelled")]
    caption = _event("reached_safety", "2020-04", 13, "thirteen arrived last year")
    got = count_the_group([*steps, caption, alone], [], NONE)
    assert [e.people for e in got] == [10, 10, 13, 10]
    # a tie, or a count no more events share than all the others, gives no group
    two = [steps[0], _event("arrest", None, 7, "seven"), alone]
    assert [e.people for e in count_the_group(two, [], NONE)] == [10, 7, None]


def test_a_total_told_part_by_part_is_no_event_of_its_own() -> None:
    # sentences written for this test, one per language
    texts = [
        "Chinese police arrested 15 North Korean defectors this month, a rights group said. "
        "Nine were caught by police in Shenyang on March 4. "
        "Six others were detained in Dalian on March 9.",
        "탈북민 11명이 이달 중국 공안에 체포된 것으로 알려졌다. 지난 4일 선양에서 탈북민 7명이 "
        "체포됐다. 이어 9일에는 다롄에서 4명이 붙잡혔다.",
        "今月、脱北者13人が中国で拘束された。4日に瀋陽で8人が拘束され、9日には大連で5人が拘束された。",
    ]
    for text in texts:
        events = analyze_text(text, published="2021-03-20").events
        assert [(e.type, e.date, e.place) for e in events] == [
            ("arrest", "2021-03-04", "Shenyang"),
            ("arrest", "2021-03-09", "Dalian"),
        ], text


def test_a_total_stays_unless_its_parts_add_up_inside_its_date_and_place() -> None:
    def arrest(date: str | None, people: int, place: str | None) -> Event:
        event = _event("arrest", date, people, "caught")
        event.country, event.place = "CN", place
        return event

    parts = [arrest("2021-03-04", 2, "Shenyang"), arrest("2021-03-04", 2, "Tonghua")]
    # four caught in another city that day are not the two groups of two
    elsewhere = arrest("2021-03-04", 4, "Nanning")
    assert totals_of_parts([*parts, elsewhere]) == [*parts, elsewhere]
    # nor are four caught in January, or five this month
    january = arrest("2021-01", 4, None)
    assert totals_of_parts([*parts, january]) == [*parts, january]
    five = arrest("2021-03", 5, None)
    assert totals_of_parts([*parts, five]) == [*parts, five]
    # four this month, in Liaoning or nowhere named, are those two groups
    assert totals_of_parts([*parts[:1], arrest("2021-03-04", 2, "Dandong"),
                            arrest("2021-03", 4, "Liaoning")])[-1].place == "Dandong"
    assert totals_of_parts([*parts, arrest(None, 4, None)]) == parts
