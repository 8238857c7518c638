"""Where a wrong count's gold count is (eval/count_misses.py); sentences written for
these tests."""

from __future__ import annotations

from tumen.analyze.events.counts import Candidate
from tumen.eval.count_misses import classify, misses, table
from tumen.eval.train_counts import Text
from tumen.models import Analysis, Event, Evidence


def _text(said: str, people: int | None, gold: int | None, title: str = "") -> Text:
    event = Event(type="arrest", evidence=Evidence(said, 0, len(said)), people=people)
    body = f"Aid workers said on Monday that the arrests went on. {said}"
    case = {"id": "t1", "title": title, "text": body}
    analysis = Analysis(language="en", events=[event])
    seen = [(0, people, [Candidate(people, ()), Candidate(None, ())])]
    return Text("mine", case, analysis, seen, [(0, {"type": "arrest", "people": gold})])


def test_each_wrong_count_falls_in_the_first_class_it_fits() -> None:
    caught = "Police caught 5 defectors in Yanji and 4 defectors in Tumen on Friday."
    assert classify(_text(caught, 5, None), 0, None, {5, None}) == "none"
    assert classify(_text(caught, 4, 5), 0, 5, {4, 5, None}) == "candidate"
    assert classify(_text(caught, 5, 9), 0, 9, {5, None}) == "sum"
    alone = "Police in Yanji caught Kim on Friday, his pastor said."
    assert classify(_text(alone, None, 1), 0, 1, {None}) == "one"
    headline = _text(alone, None, 12, title="12 defectors held in China")
    assert classify(headline, 0, 12, {None}) == "elsewhere"
    assert classify(_text(alone, None, 30), 0, 30, {None}) == "untold"


def test_only_wrong_counts_are_listed_and_tabled() -> None:
    caught = "Police caught 5 defectors in Yanji and 4 defectors in Tumen on Friday."
    texts = [_text(caught, 5, 9), _text(caught, 5, 5)]
    found = list(misses(texts))
    assert [(i, gold, cls) for _, i, gold, cls in found] == [(0, 9, "sum")]
    lines = table([("sum", "en"), ("one", "ko"), ("sum", "en")]).splitlines()
    assert lines[0].split() == ["class", "en", "ko", "all"]
    assert lines[3].split() == ["sum", "2", "0", "2"]
    assert lines[-1].split() == ["all", "2", "1", "3"]
