"""Tests for the listing evaluation command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tumen.eval import listing as eval_listing
from tumen.eval.__main__ import main as eval_main

FIXTURES = Path(__file__).parent / "fixtures" / "listings"
BASELINE = FIXTURES / "baseline.json"


def test_labelled_set_meets_baseline_and_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_main(["listing", "--json", "--check", str(BASELINE)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["item_f1"] >= 0.95
    assert figures["date_accuracy"] >= 0.95
    assert figures["pages"] >= 28


def test_labelled_set_size_and_kinds() -> None:
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in FIXTURES.glob("*.expected.json")]
    kinds = [m["kind"] for m in metas]
    assert kinds.count("listing") >= 24 and kinds.count("article") >= 4
    names = [p.name for p in FIXTURES.glob("*.expected.json")]
    assert {n[:2] for n in names} >= {"en", "ko", "ja"}


def test_check_fails_below_baseline(tmp_path: Path) -> None:
    high = tmp_path / "high.json"
    high.write_text(json.dumps({"item_f1": 1.01}), encoding="utf-8")
    assert eval_listing.main(["--check", str(high)]) == 1


def test_wrong_labels_lower_the_figures(tmp_path: Path) -> None:
    name = "en_plain_ul.html"
    shutil.copy(FIXTURES / name, tmp_path / name)
    meta = json.loads((FIXTURES / (name + ".expected.json")).read_text(encoding="utf-8"))
    meta["items"][0]["date"] = "1999-01-01"
    meta["items"][1]["title"] = "A headline that is not on the page"
    (tmp_path / (name + ".expected.json")).write_text(json.dumps(meta), encoding="utf-8")
    figures, misses = eval_listing.evaluate(tmp_path)
    assert figures["item_recall"] < 1.0 and figures["item_precision"] < 1.0
    assert figures["date_accuracy"] < 1.0
    assert any("missed" in m for m in misses)
    assert eval_listing.main(["--fixtures", str(tmp_path), "--check", str(BASELINE)]) == 1
