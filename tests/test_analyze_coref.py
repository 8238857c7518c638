"""The learned event-coreference scorer (analyze/events/coref.py) and its trainer
(eval/train_coref.py)."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

from tumen.analyze import analyze_text
from tumen.analyze.events.coref import (
    HOWS,
    MODEL_FILE,
    Coref,
    Pair,
    _how,
    _nearest,
    coref_from_json,
    lent,
    recording,
    using_coref,
)
from tumen.eval.train_coref import Text, average_precision, fit, tally
from tumen.models import Event, Evidence

PUBLISHED = "2024-05-10"  # a Friday
# An arrest told undated; the day it happened is told three sentences on, in a sentence with
# no trigger of its own: out of the rules' reach.
TEXT = (
    "Police in China arrested five North Koreans near the border. "
    "Their relatives in Seoul have appealed for help. "
    "A pastor said they had hidden in a farmhouse for weeks. "
    "The raid took place on Monday in Yanji, a rights group said."
)


def _found(text: str = TEXT) -> list[tuple[str, str | None, int | None]]:
    return [(e.type, e.date, e.people) for e in analyze_text(text, published=PUBLISHED).events]


def _scorer(feature: str, weight: float = 8.0, hows: frozenset[str] = HOWS) -> Coref:
    """A scorer that knows one feature (set by hand, not trained)."""
    return Coref(bias=-3.0, weights={feature: weight}, margin=0.5, hows=hows)


def test_switched_off_the_rules_leave_the_arrest_undated() -> None:
    with using_coref(None):
        assert _found() == [("arrest", None, 5)]


def test_the_stored_scorer_ships_switched_off() -> None:
    path = resources.files("tumen.analyze") / "data" / MODEL_FILE
    data = json.loads(path.read_text("utf-8"))
    assert data["enabled"] is False
    assert data["command"].startswith("python -m tumen.eval.train_coref")
    assert coref_from_json(data).weights
    assert _found() == [("arrest", None, 5)]


def test_the_likeliest_coreferent_sentence_lends_its_date() -> None:
    # (fails if the stage is not run: the rules alone leave the arrest undated)
    with using_coref(_scorer("date_new")):
        assert _found() == [("arrest", "2024-05-06", 5)]


def test_under_the_margin_nothing_is_lent() -> None:
    with using_coref(_scorer("date_new", weight=1.0)):
        assert _found() == [("arrest", None, 5)]


def test_a_date_offered_in_a_way_not_stored_is_not_lent() -> None:
    # (the raid's sentence names its one date with no trigger: "only", not "trig")
    with using_coref(_scorer("date_new", hows=frozenset({"trig"}))):
        assert _found() == [("arrest", None, 5)]


def test_the_pairs_describe_each_other_sentence() -> None:
    rec: list[tuple[list[Event], list[list[Pair]]]] = []
    with recording(rec), using_coref(None):
        analyze_text(TEXT, published=PUBLISHED)
    ((events, pairs),) = rec
    assert [e.type for e in events] == ["arrest"]
    assert [p.sentence for p in pairs[0]] == [1, 2, 3]  # (never the event's own)
    raid = pairs[0][2]
    assert (raid.date, raid.how) == ("2024-05-06", "only")
    for name in ("after", "d=3-4", "date_new", "trig_none", "lang=en", "type=arrest"):
        assert raid.features[name] == 1.0


def test_an_offer_is_the_value_nearest_the_events_trigger() -> None:
    told = [(10, "2024-01"), (50, "2024-02")]
    assert _nearest(told, [45]) == "2024-02"
    assert _nearest(told, []) is None  # (two values, nothing to choose by)
    assert _nearest([(10, 3), (40, 3)], []) == 3
    assert _how(told, "2024-02", [45], []) == "trig"
    assert _how(told, "2024-02", [45], [52]) == "other"
    assert _how(told, "2024-01", [], [60]) == "only_other"
    assert _how([], None, [45], []) == ""


def _pair(sentence: int, feature: str, date: str | None, people: int | None) -> Pair:
    return Pair(sentence, f"sentence {sentence}", {feature: 1.0}, date, people, "trig")


def _event(date: str | None = None, people: int | None = None) -> Event:
    return Event("arrest", Evidence("they were arrested", 0, 18), date=date, people=people,
                 country="CN")


def test_lent_fills_gaps_only() -> None:
    pairs = [_pair(1, "near", "2024-03", 7), _pair(2, "far", "2024-04", 9)]
    scorer = Coref(bias=-3.0, weights={"near": 8.0}, margin=0.5, counts=True)
    got = lent(_event(), pairs, scorer)
    assert (got.date, got.people) == ("2024-03", 7)
    kept = lent(_event("2024-01-02", 3), pairs, scorer)
    assert (kept.date, kept.people) == ("2024-01-02", 3)
    # (given probabilities, the scorer's own are not read: the trainer's ceiling)
    told = lent(_event(), pairs, scorer, [0.0, 1.0])
    assert (told.date, told.people) == ("2024-04", 9)


def _text(label: list[bool]) -> Text:
    pairs = [[_pair(1, "near", "2024-03", None), _pair(2, "far", "2024-04", None)]]
    gold = [{"type": "arrest", "country": "CN", "date": "2024-04", "people": None}]
    return Text("study", [_event()], pairs, gold, [], [label], [0])


def test_the_trainer_learns_which_sentences_corefer_and_counts_the_dates_it_fixes() -> None:
    texts = [_text([False, True]) for _ in range(20)]
    scorer = fit(texts, c=10.0, margin=0.5)
    assert scorer.weights["far"] > 0 > scorer.weights["near"]
    assert average_precision(texts, scorer) == (1.0, 20)
    full, moved = tally(texts, scorer)
    assert full["tp"] == 20 and moved == Counter({"date fixed": 20})
    off, none = tally(texts, None)
    assert off["tp"] == 0 and not none
    # (the ceiling reads the evidence's coreference, whatever the scorer says)
    wrong = Coref(bias=-3.0, weights={"near": 8.0}, margin=0.5)
    assert tally(texts, wrong)[1] == Counter({"date other": 20})
    assert tally(texts, wrong, oracle="first")[1] == Counter({"date fixed": 20})
    assert tally(texts, wrong, oracle="any")[1] == Counter({"date fixed": 20})
