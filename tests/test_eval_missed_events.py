"""eval/missed_events.py: the gold events the kept events miss, classed by the events
proposed before the threshold, on data written for these tests."""

from __future__ import annotations

from collections import Counter

from tumen.eval.missed_events import CLASSES, missed_events, table
from tumen.models import Analysis, Event, Evidence

NEWS = "Police arrested four North Koreans in Dandong on Tuesday."
BACK = "The four were later sent back to the North."


def _event(text: str, etype: str, country: str | None) -> Event:
    return Event(type=etype, evidence=Evidence(text, 0, len(text)), date=None, people=4,
                 country=country)


def _case(gold: list[dict]) -> dict:
    return {"id": "t1", "language": "en", "published": "2019-06-10",
            "expected": {"events": gold}}


GOLD = [
    {"type": "arrest", "country": "CN"},
    {"type": "repatriation", "country": "CN"},
    {"type": "border_crossing", "country": "CN"},
    {"type": "death", "country": "CN"},
]
ENTRIES = [{"list": "events", "index": 1, "type": "repatriation",
            "mentions": [{"sentence": BACK, "trigger": "sent back"}]}]


def test_each_missed_event_is_classed_by_what_was_proposed() -> None:
    kept = Analysis(events=[_event(NEWS, "arrest", "CN")])
    proposed = Analysis(events=[
        _event(NEWS, "arrest", "CN"),
        _event(BACK, "repatriation", "CN"),
        _event(BACK, "border_crossing", "KP"),
    ])
    rows = missed_events(_case(GOLD), kept, proposed, ENTRIES)
    assert [(r.gold["type"], r.cls) for r in rows] == [
        ("repatriation", "under the threshold"),
        ("border_crossing", "another country"),
        ("death", "never proposed"),
    ]
    assert rows[0].triggers == ("sent back",)
    assert rows[1].triggers == ()


def test_a_kept_event_is_not_counted_twice_as_under_the_threshold() -> None:
    # two gold arrests, one kept: the proposed copy of the kept one is no second proposal,
    # and no arrest elsewhere was proposed
    gold = [{"type": "arrest", "country": "CN"}, {"type": "arrest", "country": "CN"}]
    kept = Analysis(events=[_event(NEWS, "arrest", "CN")])
    rows = missed_events(_case(gold), kept, kept, [])
    assert [r.cls for r in rows] == ["never proposed"]


def test_the_table_counts_classes_per_language() -> None:
    rows = missed_events(_case(GOLD), Analysis(), Analysis(), [])
    out = table(rows, Counter({"en": 4}))
    assert out.splitlines()[1].split()[-4:] == ["0", "0", "0", "0"]
    assert f"{CLASSES[2]}" in out
    assert out.splitlines()[-1].split()[-4:] == ["4", "4", "0", "0"]
