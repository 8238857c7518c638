"""The learned country ranker (analyze/events/country_ranker.py), its trainer
(eval/train_country.py): a
country named a sentence before fills an event the rules leave without one, a speaker's
country does not, and the stored model says what it was trained on."""

from __future__ import annotations

import json
from pathlib import Path

from tumen.analyze import analyze_text
from tumen.analyze.events import country_ranker as country
from tumen.analyze.events.country_ranker import (
    NONE,
    Ranker,
    Seen,
    ranker_from_json,
    recording,
    using_ranker,
)
from tumen.eval import train_country

# The rules read the arrest but give it no country: it is named a sentence before.
HIDING = "Six North Korean defectors were hiding in Kunming, China. Police arrested them on Sunday."
# The country a sentence before is that of a speaker, not of the arrest.
SPEAKER = (
    "A pastor in Seoul said on Monday that he had lost touch with a family of five. "
    "Police arrested them on Sunday."
)
# A ranker that prefers a country named a sentence before, unless a speaker stands by it.
BEFORE = Ranker(bias=0.0, weights={"prev1": 3.0, "speaker": -6.0, "rule": 1.0}, margin=0.5)


def _events(text: str) -> list[tuple[str, str | None]]:
    got = analyze_text(text, published="2021-05-20", min_confidence=0.0)
    return [(e.type, e.country) for e in got.events]


def test_the_rules_leave_the_arrest_without_a_country() -> None:
    with using_ranker(None):
        assert _events(HIDING) == [("arrest", None)]


def test_the_ranker_fills_the_country_told_a_sentence_before() -> None:
    with using_ranker(BEFORE):
        assert _events(HIDING) == [("arrest", "CN")]


def test_the_ranker_keeps_a_speakers_country_out() -> None:
    with using_ranker(BEFORE):
        assert ("arrest", "KR") not in _events(SPEAKER)
        assert ("arrest", None) in _events(SPEAKER)


def test_under_its_margin_the_ranker_keeps_the_rules_pick() -> None:
    timid = Ranker(bias=0.0, weights=BEFORE.weights, margin=10.0)
    with using_ranker(timid):
        assert _events(HIDING) == [("arrest", None)]


def test_the_candidates_are_recorded_for_the_trainer() -> None:
    seen: list[Seen] = []
    with using_ranker(None), recording(seen):
        analyze_text(HIDING, published="2021-05-20", min_confidence=0.0)
    assert [s.rule for s in seen] == [NONE]
    cands = {c.country: c.features for c in seen[0].candidates}
    assert set(cands) == {"CN", NONE}
    assert "prev1" in cands["CN"] and "none|rule" in cands[NONE]


def test_the_stored_model_loads_and_records_its_provenance() -> None:
    path = Path(country.__file__).parent.parent / "data" / country.MODEL_FILE
    data = json.loads(path.read_text("utf-8"))
    assert isinstance(data["enabled"], bool)
    assert data["command"].startswith("python -m tumen.eval.train_country")
    assert {"shared", "corpus", "extra", "fresh"} <= set(data["trained_on"])
    assert data["cv"]
    ranker = ranker_from_json(data)
    assert ranker.weights and ranker.margin == data["margin"]


def test_the_trainer_fits_a_ranker_that_prefers_the_gold_country() -> None:
    good = country.Candidate("CN", ("prev1",))
    bad = country.Candidate(NONE, ("none", "none|rule"))
    examples = [
        train_country.Example("a", "arrest", NONE, (good, bad), frozenset({"CN"}))
        for _ in range(20)
    ]
    ranker = train_country.fit(examples)
    assert ranker.score(["prev1"]) > ranker.score(["none", "none|rule"])
