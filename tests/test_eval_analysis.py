"""The analysis evaluation runs and stays at or above the recorded baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tumen.eval.analysis import evaluate, load_cases, main

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


def test_scores_are_computed(tmp_path: Path) -> None:
    case = {
        "id": "t1",
        "language": "en",
        "published": "2019-05-02",
        "title": "",
        "text": "Chinese police arrested seven North Koreans in Shenyang on Saturday.",
        "expected": {
            "language": "en",
            "topics": ["detention"],
            "events": [
                {
                    "type": "arrest",
                    "date": "2019-04-27",
                    "people": 7,
                    "vulnerable": [],
                    "country": "CN",
                    "place": "Shenyang",
                }
            ],
            "statistics": [],
        },
    }
    (tmp_path / "t1.json").write_text(json.dumps(case))
    scores = evaluate(load_cases(tmp_path))
    assert scores["full_event"]["f1"] == 1.0
    assert scores["language_accuracy"] == 1.0
    (tmp_path / "baseline.json").write_text(json.dumps({"event_f1": 1.0}))
    assert main(["--fixtures", str(tmp_path), "--check", str(tmp_path / "baseline.json")]) == 0


def test_labelled_set_not_below_baseline() -> None:
    baseline = FIXTURES / "baseline.json"
    if not baseline.exists():
        pytest.skip("no baseline recorded yet")
    assert main(["--fixtures", str(FIXTURES), "--check", str(baseline)]) == 0
