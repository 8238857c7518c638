"""The real-report corpus evaluation: figures per split and language, gated at the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tumen.eval.analysis import main, score
from tumen.eval.corpus import corpus_root, default_overlay, load_cases, load_overlay
from tumen.models import Analysis, Event, Evidence

CORPUS = corpus_root()
BASELINE = Path(__file__).parent / "fixtures" / "analysis-corpus" / "baseline.json"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "articles-en" / "gold.json").exists(),
    reason="the labelled real-report corpus (../shared/corpus) is not beside this clone",
)


@needs_corpus
def test_corpus_not_below_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(BASELINE)]) == 0
    out = capsys.readouterr().out
    for name in ("analysis ", "analysis-heldout", "corpus-tune", "corpus-check"):
        assert name in out
    for lang in (" en ", " ko ", " ja "):
        assert lang in out


@needs_corpus
def test_splits_are_disjoint_and_overlay_only_relabels_tune() -> None:
    tune = load_cases(CORPUS, split="tune", overlay=default_overlay())
    check = load_cases(CORPUS, split="check", overlay=default_overlay())
    assert tune and check
    assert not {c["id"] for c in tune} & {c["id"] for c in check}
    assert {c["split"] for c in tune} == {"tune"}
    relabelled = {name.removesuffix(".txt") for name in load_overlay(default_overlay())}
    assert relabelled <= {c["id"] for c in tune}


@needs_corpus
def test_misses_only_for_tune(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--misses"]) == 2
    assert main(["--split", "check", "--misses"]) == 2
    assert "tune" in capsys.readouterr().err
    assert main(["--split", "tune", "--misses", "event"]) == 0
    out = capsys.readouterr().out
    assert " event: missing " in out and "corpus-check" not in out


def test_overlay_may_not_touch_text(tmp_path: Path) -> None:
    bad = tmp_path / "overlay.json"
    bad.write_text(json.dumps({"articles": {"E1.txt": {"text": "x"}}}))
    with pytest.raises(ValueError, match="may not set"):
        load_overlay(bad)


def _event(kind: str, country: str, date: str | None = None) -> Event:
    return Event(type=kind, evidence=Evidence("", 0, 0), country=country, date=date)


def test_optional_events_neither_rewarded_nor_penalised() -> None:
    case = {
        "expected": {
            "language": "en",
            "events": [{"type": "arrest", "country": "CN", "date": "2013", "people": None}],
            "events_optional": [{"type": "transfer", "country": "CN"}],
            "topics": ["detention"],
            "topics_optional": ["repatriation"],
        }
    }
    got = Analysis(
        language="en",
        topics=["detention", "repatriation"],
        events=[_event("arrest", "CN", "2013"), _event("transfer", "CN")],
    )
    scores = score([(case, got)])
    assert scores["event"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["topic"]["precision"] == 1.0
    # A second event of the optional kind is one too many.
    got.events.append(_event("transfer", "CN"))
    assert score([(case, got)])["event"]["precision"] == 0.5
