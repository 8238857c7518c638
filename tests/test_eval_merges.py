"""eval/merges.py: cross-sentence merges judged by the evidence, on data written for these
tests."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.events.merge import MERGED
from tumen.eval.merges import merge_class, missed, tally
from tumen.models import Event, Evidence

NEWS = "Police arrested four North Koreans in Dandong on Tuesday."
AGAIN = "The four were arrested near the river."
ASIDE = "Two others were arrested there in 2015."


def _event(text: str, date: str | None = None, country: str | None = "CN") -> Event:
    return Event(type="arrest", evidence=Evidence(text, 0, len(text)), date=date, country=country)


def _case(*golds: tuple[str, ...]) -> tuple[dict, list[dict]]:
    gold = [{"type": "arrest", "country": "CN"} for _ in golds]
    entries = [
        {"index": j, "mentions": [{"sentence": s} for s in sentences]}
        for j, sentences in enumerate(golds)
    ]
    return {"expected": {"events": gold}}, entries


def test_merge_classes() -> None:
    assert merge_class({0}, {0, 1}) == "right"
    assert merge_class({0}, {1}) == "wrong"
    assert merge_class(set(), {1}) == "merged only"
    assert merge_class({0}, set()) == "kept only"
    assert merge_class(set(), set()) == "neither"


def test_missed_counts_each_type_and_country_once() -> None:
    gold = [{"type": "arrest", "country": "CN"}, {"type": "arrest", "country": "CN"}]
    assert missed([_event(NEWS)], gold) == [1]
    assert missed([_event(NEWS), _event(AGAIN)], gold) == []


def test_a_wrong_merge_that_loses_a_gold_event_is_counted() -> None:
    case, entries = _case((NEWS, AGAIN), (ASIDE,))
    merges = [("merge_events", _event(NEWS, "2019-06-04"), _event(AGAIN)),
              ("merge_events", _event(NEWS, "2019-06-04"), _event(ASIDE))]
    table, away = tally(case, entries, merges, [_event(NEWS, "2019-06-04")])
    assert table == {("merge_events", "right"): 1, ("merge_events", "wrong"): 1}
    assert [(stage, what) for stage, what, _ in away] == [("merge_events", "another")]


def test_merges_are_recorded_only_when_asked() -> None:
    text = f"{NEWS} {AGAIN}"
    analyze_text(text, published="2019-06-10")
    log: list = []
    token = MERGED.set(log)
    try:
        analyze_text(text, published="2019-06-10")
    finally:
        MERGED.reset(token)
    assert [(kept.evidence.text, gone.evidence.text) for _, kept, gone in log] == [(NEWS, AGAIN)]
    assert MERGED.get() is None
