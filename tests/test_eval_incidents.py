"""The incident evaluation: pairwise scores, status accuracy, distractors, baseline gate."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from tumen.eval.incidents import check, default_fixtures, main, score

GOLD = {
    "incidents": [
        {"id": "i1", "status": "detained", "documents": ["a", "b", "c"]},
        {"id": "i2", "status": "safe", "documents": ["d", "e"]},
    ],
    "distractors": ["x", "y"],
}


def test_perfect_grouping_scores_one() -> None:
    result = score([(["a", "b", "c"], "detained"), (["d", "e"], "safe")], GOLD)
    assert result["pairwise_f1"] == 1.0 and result["status_accuracy"] == 1.0
    assert result["distractors_in_incidents"] == 0


def test_split_incident_loses_recall_not_precision() -> None:
    result = score([(["a", "b"], "detained"), (["c"], "detained"), (["d", "e"], "safe")], GOLD)
    assert result["pairwise_precision"] == 1.0
    assert result["pairwise_recall"] == pytest.approx(2 / 4, abs=1e-4)


def test_merged_incidents_lose_precision_and_distractors_are_counted() -> None:
    result = score([(["a", "b", "c", "d", "e", "x"], "safe")], GOLD)
    assert result["pairwise_recall"] == 1.0
    assert result["pairwise_precision"] == pytest.approx(4 / 15, abs=1e-4)
    assert result["status_accuracy"] == 0.5
    assert result["distractors_placed"] == ["x"]
    assert [w["incident"] for w in result["wrong_status"]] == ["i1"]


def test_check_reports_figures_below_baseline() -> None:
    result = score([(["a", "b"], "detained"), (["d", "e", "y"], "safe")], GOLD)
    baseline = {"pairwise_f1": 0.9, "status_accuracy": 0.9, "distractors_in_incidents": 0}
    failures = check(result, baseline)
    assert any(f.startswith("pairwise_f1") for f in failures)
    assert any(f.startswith("distractors_in_incidents") for f in failures)
    assert not any(f.startswith("status_accuracy") for f in failures)
    assert check(result, {}) == ["distractors_in_incidents: 1 > 0"]


def _analysis_ready() -> bool:
    return hasattr(importlib.import_module("tumen.analyze"), "analyze_item")


@pytest.mark.skipif(not _analysis_ready(), reason="analyze_item has not landed yet")
def test_labelled_set_meets_the_recorded_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    baseline = default_fixtures() / "baseline.json"
    if not baseline.exists():
        pytest.skip("no recorded baseline yet")
    code = main(["--json", "--check", str(baseline)])
    result = json.loads(capsys.readouterr().out)
    assert code == 0, result
    assert result["pairwise_f1"] >= json.loads(Path(baseline).read_text())["pairwise_f1"]


@pytest.mark.skipif(not _analysis_ready(), reason="analyze_item has not landed yet")
def test_labelled_set_meets_the_issue_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 5: pairwise F1 >= 0.90, status accuracy >= 0.90, no distractor in an incident."""
    main(["--json"])
    result = json.loads(capsys.readouterr().out)
    assert result["pairwise_f1"] >= 0.90, result
    assert result["status_accuracy"] >= 0.90, result["wrong_status"]
    assert result["distractors_in_incidents"] == 0, result["distractors_placed"]
