"""eval/false_events.py: the events no gold event matches, classed by the evidence and by
the cues of their sentence, on data written for these tests."""

from __future__ import annotations

from collections import Counter

from tumen.eval.false_events import EXCUSED, false_events, main, sentence_class, table
from tumen.models import Analysis, Event, Evidence, Statistic

NEWS = "Police arrested four North Koreans in Dandong on Tuesday."
AGAIN = "The four were arrested near the river on Monday."
SENT = "The four were later sent back to the North."


def _event(text: str, etype: str = "arrest", country: str | None = "CN",
           date: str | None = None, people: int | None = None) -> Event:
    return Event(type=etype, evidence=Evidence(text, 0, len(text)), date=date,
                 people=people, country=country)


def _case(gold: list[dict], entries: list[dict], optional: list[dict] | None = None) -> dict:
    return {"id": "t1", "language": "en", "published": "2019-06-10",
            "expected": {"events": gold, "events_optional": optional or []}}


def _classes(case: dict, events: list[Event], entries: list[dict]) -> list[str]:
    return [f.cls for f in false_events(case, Analysis(events=events), entries)]


ARREST = {"type": "arrest", "country": "CN"}
RETURN = {"type": "repatriation", "country": "CN"}


def _told(index: int, *sentences: str, where: str = "events") -> dict:
    return {"list": where, "index": index, "mentions": [{"sentence": s} for s in sentences]}


def test_an_event_told_twice_is_a_duplicate_and_the_matched_one_is_not_false() -> None:
    case = _case([ARREST], [])
    # the event whose sentence states the gold event takes it, whatever the order
    found = false_events(case, Analysis(events=[_event(SENT), _event(NEWS)]), [_told(0, NEWS)])
    assert [f.event.evidence.text for f in found] == [SENT]
    case = _case([ARREST], [])
    entries = [_told(0, NEWS, AGAIN)]
    # both sentences state it: the first told takes it, the second is the one too many
    found = false_events(case, Analysis(events=[_event(NEWS), _event(AGAIN, date="2019-06-03")]),
                         entries)
    assert [(f.cls, f.event.evidence.text) for f in found] == [("duplicate", AGAIN)]


def test_wrong_country_and_the_two_wrong_types() -> None:
    case = _case([ARREST, RETURN], [])
    entries = [_told(0, NEWS), _told(1, SENT)]
    assert _classes(case, [_event(NEWS, country="KP")], entries) == ["wrong country"]
    # a second type read from the sentence of an event found: a second reading
    events = [_event(NEWS), _event(NEWS, "border_crossing")]
    assert _classes(case, events, entries) == ["wrong type, second reading"]
    # the only reading of a sentence whose event nobody found: mistyped
    assert _classes(case, [_event(SENT, "transfer")], entries) == ["wrong type, mistyped"]


def test_an_optional_label_excuses_one_event_only() -> None:
    body = "Their bodies were found on the shore."
    optional = [{"type": "death", "country": "KR"}]
    case = _case([], [], optional)
    entries = [_told(0, body, where="events_optional")]
    events = [_event(body, "death", "KR"), _event(body, "death", "KR")]
    assert _classes(case, events, entries) == [EXCUSED, "optional, told again"]


def test_without_evidence_the_gold_types_class_the_event() -> None:
    case = _case([ARREST], [])
    assert _classes(case, [_event(NEWS), _event(AGAIN)], []) == ["duplicate"]
    assert _classes(case, [_event(NEWS, country="KP")], []) == ["wrong country"]


def test_sentences_that_state_no_labelled_event() -> None:
    got = Analysis()

    def cls(text: str, lang: str = "en", **kw: object) -> str:
        return sentence_class(_event(text, **kw), "2019-06-10", got, lang)  # type: ignore[arg-type]

    assert cls("Subscribe to our newsletter and share") == "page furniture"
    assert cls("China will send the group back next week.") == "plan, fear or appeal"
    assert cls("이들은 다음 주 북송될 예정이다.", "ko") == "plan, fear or appeal"
    assert cls("Two missionaries were detained in Yanji.", people=2) == "not refugees"
    assert cls("A total of 300 were caught last year.", people=300) == "statistic"
    assert cls("Four were caught in 2009.", date="2009", people=4) == "past case"
    assert cls("China sends defectors back.") == "generic"
    assert cls("Four were caught last Monday.", date="2019-06-03", people=4) == "other"
    figure = "Some 1,000 arrived in the South in 2018."
    stats = Analysis(statistics=[Statistic("arrivals", 1000, Evidence(figure, 0, len(figure)))])
    assert sentence_class(_event(figure, "reached_safety", "KR", people=1000), "2019-06-10",
                          stats, "en") == "statistic"


def test_the_table_counts_classes_per_language() -> None:
    from tumen.eval.false_events import FalseEvent

    rows = [FalseEvent("duplicate", "en", "a", _event(NEWS)),
            FalseEvent("duplicate", "ko", "b", _event(NEWS)),
            FalseEvent(EXCUSED, "ja", "c", _event(NEWS))]
    lines = table(rows, Counter({"en": 5, "ko": 3, "ja": 1})).splitlines()
    assert lines[1].split()[-4:] == ["2", "1", "1", "0"]
    assert "false events" in lines[-3] and lines[-3].split()[-4:] == ["2", "1", "1", "0"]
    assert lines[-2].split()[-4:] == ["1", "0", "0", "1"]
    assert lines[-1].split()[-4:] == ["9", "5", "3", "1"]


def test_main_needs_evidence(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(SystemExit):
        main([])
    assert "--evidence" in capsys.readouterr().err
