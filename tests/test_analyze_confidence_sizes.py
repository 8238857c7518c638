"""Event thresholds by size class (analyze/confidence.py, data/event_thresholds.json,
trained by eval/train_thresholds.py): an event counting a large group is kept at a lower
confidence than the model's threshold. Stored switched off: it lost on the unseen pool."""

from __future__ import annotations

import pytest

import tumen.analyze.confidence as confidence
from tumen.analyze import analyze_text
from tumen.analyze.confidence import load_model, load_sizes, size_class, threshold_of
from tumen.eval import train_thresholds
from tumen.models import Analysis, Event, Evidence

# Our own report: two arrests told first, then a mass return told in passing, undated.
MASS = (
    "Two North Korean women were arrested by police in Shenyang last week, a missionary "
    "said. They had crossed the Tumen river in March. The missionary, who asked not to be "
    "named, said the women had been hiding in a farmhouse. He added that Chinese officials "
    "sent some 600 North Koreans back to the North."
)


def _event(people: int | None) -> Event:
    return Event("repatriation", Evidence("x", 0, 1), people=people, country="CN")


def test_size_classes() -> None:
    bins = [10, 50]
    assert [size_class(p, bins) for p in (None, 1, 9, 10, 49, 50, 600)] == [
        "none", "1-9", "1-9", "10-49", "10-49", "50+", "50+",
    ]


def test_stored_setting_is_off_and_records_its_loco_table() -> None:
    sizes, model = load_sizes(), load_model()
    assert sizes is not None and model is not None
    assert sizes["enabled"] is False
    assert sizes["command"].startswith("python -m tumen.eval.train_thresholds")
    assert sizes["thresholds"]["50+"] < model["threshold"]
    assert {"shared", "pooled"} <= set(sizes["loco"])
    pooled = sizes["loco"]["pooled"]
    assert pooled["after"]["event"] >= pooled["before"]["event"]
    assert sizes["bins"] == train_thresholds.BINS


def test_threshold_of_a_large_group_only_when_on() -> None:
    sizes = {"enabled": True, "bins": [10, 50], "thresholds": {"50+": 0.3}}
    assert threshold_of(_event(600), 0.4, sizes) == 0.3
    assert threshold_of(_event(6), 0.4, sizes) == 0.4
    assert threshold_of(_event(None), 0.4, sizes) == 0.4
    assert threshold_of(_event(600), 0.4, {**sizes, "enabled": False}) == 0.4
    assert threshold_of(_event(600), 0.4, None) == 0.4


def test_a_mass_return_told_in_passing_is_kept_when_on(monkeypatch: pytest.MonkeyPatch) -> None:
    model, sizes = load_model(), load_sizes()
    assert model is not None and sizes is not None
    every = analyze_text(MASS, published="2024-05-10", min_confidence=0.0).events
    mass = next(e for e in every if e.type == "repatriation")
    assert (mass.country, mass.people) == ("CN", 600)
    assert mass.confidence is not None
    # a threshold just over it whatever the stored model scores it: the class's own is lower
    over = {**model, "threshold": max(model["threshold"], mass.confidence + 0.001)}
    monkeypatch.setattr(confidence, "load_model", lambda: over)
    assert sizes["thresholds"]["50+"] <= mass.confidence < over["threshold"]
    monkeypatch.setattr(confidence, "load_sizes", lambda: {**sizes, "enabled": True})
    kept = analyze_text(MASS, published="2024-05-10").events
    assert ("repatriation", "CN", 600) in [(e.type, e.country, e.people) for e in kept]
    # switched off (as stored), the model's threshold drops it
    monkeypatch.setattr(confidence, "load_sizes", lambda: {**sizes, "enabled": False})
    off = analyze_text(MASS, published="2024-05-10").events
    assert "repatriation" not in [e.type for e in off]
    assert [e.type for e in off] == [e.type for e in kept if e.type != "repatriation"]


def _text(corpus: str, gold: list[str], found: list[tuple[str, int, float]]) -> tuple[
    str, dict[str, object], Analysis
]:
    """A made-up study text: its gold event types (country CN) and its found events (type,
    people, confidence)."""
    case = {"expected": {"events": [{"type": t, "country": "CN"} for t in gold]}}
    events = [
        Event(t, Evidence("x", 0, 1), people=p, country="CN", confidence=c)
        for t, p, c in found
    ]
    return corpus, case, Analysis(language="en", events=events)


def test_trainer_moves_a_class_only_where_every_corpus_agrees() -> None:
    # in both corpora a 300-strong return at .3 is real, a 3-person arrest at .3 is not
    texts = [
        _text(name, ["repatriation"], [("repatriation", 300, 0.3), ("arrest", 3, 0.3)] * 3)
        for name in ("a", "b")
        for _ in range(2)
    ]
    cells = train_thresholds.agreed(texts, 0.4)  # type: ignore[arg-type]
    assert cells.get("50+", 0.4) <= 0.3 and cells.get("1-9", 0.4) > 0.3
    # a third corpus where the large group at .3 is false: the class keeps the model's
    texts += [_text("c", [], [("repatriation", 300, 0.3)] * 5) for _ in range(2)]
    assert "50+" not in train_thresholds.agreed(texts, 0.4)  # type: ignore[arg-type]
