"""Choosing the confidence model's setting by leave-one-corpus-out runs of the analyser:
each text is analysed under the model handed in, and the stored model is left as it was."""

from __future__ import annotations

from pathlib import Path

import tumen.analyze.confidence as confidence
from tumen.eval.analysis import load_cases
from tumen.eval.confidence_loco import analysed, figures

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


def test_the_model_handed_in_decides_which_events_pass() -> None:
    cases = load_cases(FIXTURES)[:8]
    stored = confidence.load_model()
    assert stored is not None
    every = analysed(cases, {**stored, "threshold": 0.0})
    none = analysed(cases, {**stored, "threshold": 1.01})
    assert sum(len(got.events) for _, got in every) > 0
    assert sum(len(got.events) for _, got in none) == 0
    assert figures(none) == (0.0, 0.0)
    # the stored model is back for everyone else
    assert confidence.load_model() is stored
