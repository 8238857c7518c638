"""Training the event confidence model: folds by incident, event F1 counted as the
evaluation counts it, and a dry run that stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tumen.analyze.confidence import probability
from tumen.eval import analysis
from tumen.eval.analysis import load_cases
from tumen.eval.confidence import (
    Found,
    event_f1,
    fit,
    fit_found,
    folds,
    model_path,
    without,
)

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


def _found(keys: list[tuple[str, str | None]], gold: list[tuple[str, str | None]],
           optional: list[tuple[str, str | None]] | None = None) -> Found:
    return Found(
        lang="en", real_report=True, features=[{"bias": 1.0} for _ in keys], keys=keys,
        labels=[1 if k in gold else 0 for k in keys], gold=gold, optional=optional or [],
    )


def test_event_f1_counts_gold_never_found_and_excuses_optional_events() -> None:
    one = _found([("arrest", "CN"), ("death", "KP")], [("arrest", "CN"), ("release", "CN")])
    # the arrest is right, the death is wrong, the release was never found: 2*1 / (2+2)
    assert event_f1([(one, [0.9, 0.9])], 0.5) == pytest.approx(0.5)
    # under the threshold the death is left out: 2*1 / (1+2)
    assert event_f1([(one, [0.9, 0.1])], 0.5) == pytest.approx(2 / 3)
    excused = _found([("arrest", "CN"), ("transfer", "CN")], [("arrest", "CN")],
                     optional=[("transfer", "CN")])
    # an event matching only an optional label neither rewards nor penalises
    assert event_f1([(excused, [0.9, 0.9])], 0.5) == pytest.approx(1.0)


def test_reports_of_one_incident_share_a_fold() -> None:
    cases = [{"id": f"r{i}"} for i in range(12)]
    groups = {"r0": 0, "r5": 0, "r11": 0, "r3": 1, "r4": 1}
    got = folds(cases, groups)
    assert got[0] == got[5] == got[11] and got[3] == got[4]
    assert set(got) == set(range(5))  # the other reports spread over every fold


def test_groups_may_be_given_per_case_in_order() -> None:
    """Texts of two corpora may share a stem: their groups are given in order, not by id."""
    cases = [{"id": "A1"}, {"id": "A1"}, {"id": "B"}, {"id": "C"}]
    got = folds(cases, ["corpus:A1", "extra:A1", "corpus:A1", "extra:C"])
    assert got[0] == got[2] and got[0] != got[1] and got[1] != got[3]


def test_fit_counts_each_case_by_its_weight() -> None:
    cases = load_cases(FIXTURES)[:12]
    plain = fit(cases)
    heavy = fit(cases, weights=[5.0] + [1.0] * 11)
    assert heavy["weights"] != plain["weights"]
    assert fit(cases, weights=[1.0] * 12)["weights"] == plain["weights"]


def test_fit_reports_the_real_reports_out_of_fold_by_language() -> None:
    cases = load_cases(FIXTURES)[:30]
    for case in cases[::2]:
        case["split"] = "tune"  # read as real reports: their figures are given apart
    model = fit(cases)
    reports = model["out_of_fold_reports"]
    langs = {c.get("language") or c["expected"]["language"] for c in cases[::2]}
    assert set(reports) == {"all"} | langs
    assert all(0.0 <= v <= 1.0 for v in reports.values())


def _corpus(root: Path, stem: str = "E900-a") -> Path:
    """A one-report corpus in the shared layout."""
    (root / "articles-en").mkdir(parents=True)
    labels = {"split": "tune", "language": "en", "published": "2019-05-02",
              "events": [{"type": "arrest", "country": "CN"}]}
    text = "Seven arrested in Shenyang\n\nChinese police arrested seven North Koreans in " \
           "Shenyang on Saturday, activists said."
    (root / "articles-en" / f"{stem}.txt").write_text(text, "utf-8")
    gold = {"articles": {f"{stem}.txt": labels},
            "incidents": {"groups": [[stem]], "not_incidents": []}}
    (root / "articles-en" / "gold.json").write_text(json.dumps(gold), "utf-8")
    return root


def _project_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six of the project's English fixtures as its tuned set, in place of the real one."""
    project = tmp_path / "project"
    project.mkdir()
    for path in sorted(FIXTURES.glob("en-*.json"))[:6]:
        (project / path.name).write_text(path.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(analysis, "project_sets", lambda: {"analysis": project})


def test_train_dry_run_prints_the_figures_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    _project_set(tmp_path, monkeypatch)
    before = model_path().read_bytes()
    assert analysis.main(["--train", "--dry-run", "--corpus", str(corpus), "--overlay",
                          str(tmp_path / "none.json")]) == 0
    out = capsys.readouterr().out
    assert "out-of-fold event F1" in out and "first fold draw: all" in out
    assert "stored" not in out and model_path().read_bytes() == before


def test_a_left_out_feature_family_is_dropped_from_every_event() -> None:
    one = _found([("arrest", "CN")], [("arrest", "CN")])
    one.features = [{"bias": 1.0, "cue=hearsay": 1.0, "repeat=1": 1.0, "position": 0.3}]
    assert without([one], ("cue=", "repeat="))[0].features == [{"bias": 1.0, "position": 0.3}]
    assert without([one], ())[0].features == [{"bias": 1.0, "position": 0.3}]
    texts = []
    for i in range(12):  # uncounted events are mostly false here
        f = _found([("arrest", "CN")], [("arrest", "CN")] if i % 3 else [])
        f.features = [{"bias": 1.0, "people_none": float(i % 3 == 0 or i == 4)}]
        texts.append(f)
    assert "people_none" in fit_found(texts, list(range(12)))["weights"]
    assert "people_none" not in fit_found(without(texts, ("people_",)), list(range(12)))["weights"]


def test_train_without_a_family_says_so_in_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    _project_set(tmp_path, monkeypatch)
    stored: list[dict[str, object]] = []
    monkeypatch.setattr(analysis, "write_model", lambda m: stored.append(m) or tmp_path / "m")
    args = ["--train", "--corpus", str(corpus), "--overlay", str(tmp_path / "none.json")]
    assert analysis.main([*args, "--without", "repeat="]) == 0
    model = stored[0]
    assert not any(k.startswith("repeat=") for k in model["weights"])  # type: ignore[attr-defined]
    assert model["without"] == ["repeat="] and " --without repeat= " in str(model["command"])


def test_train_reads_the_tune_split_of_an_extra_corpus_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, extra = _corpus(tmp_path / "corpus"), _corpus(tmp_path / "extra", "D1")
    _project_set(tmp_path, monkeypatch)
    stored: list[dict[str, object]] = []
    monkeypatch.setattr(analysis, "write_model", lambda m: stored.append(m) or tmp_path / "m")
    args = ["--train", "--corpus", str(corpus), "--overlay", str(tmp_path / "none.json")]
    assert analysis.main([*args, "--extra-corpus", str(extra)]) == 0
    model = stored[0]
    assert model["trained_on"] == {"fixtures": 6, "corpus-en": 1, "extra-en": 1}
    assert model["command"] == (
        f"python -m tumen.eval analysis --train --extra-corpus {extra} --l2 1.0 "
        "--fixture-weight 1.0 --seeds 1 --threshold-by event"
    )
    assert model["fixture_weight"] == 1.0 and "cross_validation" not in model
    assert "outside the repository" in str(model["extra_corpora"])
    assert "extra-en" in capsys.readouterr().out
    # a folder that holds no labelled corpus is refused, nothing trained
    assert analysis.main([*args, "--extra-corpus", str(tmp_path / "nothing")]) == 2
    assert len(stored) == 1
    # scaled on a corpus no rule was written against: its reports set the scale
    assert analysis.main([*args, "--extra-corpus", str(extra), "--scale-on", str(extra)]) == 0
    scaled = stored[1]
    assert f"--scale-on {extra}" in str(scaled["command"])
    assert "unseen reports" in scaled["calibration"]["fitted_on"]  # type: ignore[index]
    assert analysis.main([*args, "--scale-on", str(extra)]) == 2  # not an --extra-corpus
    # folds by corpus: the command that produced the model says so
    assert analysis.main([*args, "--extra-corpus", str(extra), "--cv-by", "corpus"]) == 0
    assert " --cv-by corpus " in str(stored[2]["command"])


def test_platt_scaling_fits_overconfident_probabilities_and_folds_into_the_weights() -> None:
    from tumen.eval.confidence import calibrated, calibration

    # said 0.9 but real 6 times in 10, said 0.1 and real 1 time in 10: a < 1 shrinks them
    found = _found([("arrest", "CN")] * 20, [("arrest", "CN")] * 7)
    scored = [(found, [0.9] * 10 + [0.1] * 10)]
    found.labels = [1] * 6 + [0] * 4 + [1] + [0] * 9
    a, b = calibration(scored)
    assert 0.0 < a < 1.0
    weights = calibrated({"bias": 2.1972, "x": 0.0}, a, b)  # logit(0.9) = 2.1972
    assert abs(probability({"bias": 1.0}, weights) - 0.6) < 0.02


def test_recalibration_keeps_the_events_that_pass_and_says_what_it_was_fitted_on() -> None:
    from tumen.analyze.confidence import load_model
    from tumen.eval.confidence import read, recalibrated

    model = load_model()
    assert model is not None
    cases = load_cases(FIXTURES)[:40]
    scaled = recalibrated(model, cases)
    assert scaled["calibration"]["fitted_on"].endswith("40 texts it was not trained on")
    for case in cases:
        for x in read(case).features:
            before = round(probability(x, model["weights"]), 3) >= model["threshold"]
            after = round(probability(x, scaled["weights"]), 3) >= scaled["threshold"]
            assert before == after


def test_calibrate_refuses_a_model_trained_on_the_extra_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = _corpus(tmp_path / "extra", "D1")
    stored: list[dict[str, object]] = []
    monkeypatch.setattr(analysis, "write_model", lambda m: stored.append(m) or tmp_path / "m")
    plain = {"weights": {"bias": 1.0}, "threshold": 0.5, "trained_on": {"fixtures": 6}}
    monkeypatch.setattr("tumen.analyze.confidence.load_model", lambda: plain)
    assert analysis.main(["--calibrate", "--extra-corpus", str(extra)]) == 0
    assert stored[0]["calibration"]["texts"] == {"extra-en": 1}  # type: ignore[index]
    # the metadata says the corpus it was scaled on is not in the repository
    note = stored[0]["calibration"]["extra_corpora"]  # type: ignore[index]
    assert str(extra) in note and "outside the repository" in note
    trained = {"weights": {"bias": 1.0}, "threshold": 0.5, "trained_on": {"extra-en": 1}}
    monkeypatch.setattr("tumen.analyze.confidence.load_model", lambda: trained)
    assert analysis.main(["--calibrate", "--extra-corpus", str(extra)]) == 2
    assert analysis.main(["--calibrate"]) == 2
    assert len(stored) == 1


def test_calibration_gap_weighs_each_bin_by_its_events() -> None:
    from tumen.eval.confidence import calibration_gap

    table = [{"events": 30, "mean_confidence": 0.1, "real": 0.1},
             {"events": 10, "mean_confidence": 0.9, "real": 0.5}]
    assert calibration_gap(table) == pytest.approx(0.1)  # 10 * 0.4 / 40
    assert calibration_gap([]) == 0.0


def test_fold_draws_keep_each_group_together_and_seed_0_is_the_plain_draw() -> None:
    from tumen.eval.confidence import seeded_folds

    groups = [f"g{i % 7}" for i in range(30)]
    assert seeded_folds(groups, 0) == folds([{"id": str(i)} for i in range(30)], groups)
    draws = [seeded_folds(groups, seed) for seed in range(4)]
    for draw in draws:
        for i, g in enumerate(groups):
            assert draw[i] == draw[groups.index(g)]  # one group, one fold
    assert len({tuple(d) for d in draws}) > 1  # other seeds deal the groups otherwise


def test_full_event_f1_also_needs_date_and_people() -> None:
    one = _found([("arrest", "CN")], [("arrest", "CN")])
    one.full = [("arrest", "CN", "2019-05", 7)]
    one.gold_full = [("arrest", "CN", "2019-05", 5)]
    assert event_f1([(one, [0.9])], 0.5) == pytest.approx(1.0)
    assert event_f1([(one, [0.9])], 0.5, full=True) == pytest.approx(0.0)


def test_project_texts_count_by_their_weight_or_are_left_out() -> None:
    from tumen.eval.confidence_cv import weighted

    real, own = _found([("arrest", "CN")], []), _found([("arrest", "CN")], [])
    own.real_report = False
    kept, groups = weighted([real, own], ["a", "b"], 0.0)
    assert kept == [real] and groups == ["a"]
    kept, _ = weighted([real, own], ["a", "b"], 0.3)
    assert kept == [real, own] and own.weight == 0.3 and real.weight == 1.0


def test_cross_validation_scores_each_setting_on_the_real_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tumen.eval import confidence_cv
    from tumen.eval.confidence import THRESHOLDS, read

    cases = load_cases(FIXTURES)[:40]
    for case in cases[::2]:
        case["split"] = "tune"
    found = [read(c) for c in cases]
    groups = [c["id"] for c in cases]
    row = confidence_cv.cross_validate(found, groups, confidence_cv.Setting(1.0, 0.0), seeds=2)
    assert row["threshold"] in THRESHOLDS and 0.0 <= row["event_f1"] <= 1.0
    assert row["fixtures"] == 0.0 and row["log_loss"] >= 0.0
    # --cv trains with the best setting of the grid and stores the grid with the model
    monkeypatch.setattr(confidence_cv, "L2_GRID", (1.0, 3.0))
    monkeypatch.setattr(confidence_cv, "FIXTURE_WEIGHTS", (0.3, 1.0))
    corpus = _corpus(tmp_path / "corpus")
    _project_set(tmp_path, monkeypatch)
    stored: list[dict[str, object]] = []
    monkeypatch.setattr(analysis, "write_model", lambda m: stored.append(m) or tmp_path / "m")
    args = ["--train", "--cv", "--seeds", "2", "--corpus", str(corpus),
            "--overlay", str(tmp_path / "none.json")]
    assert analysis.main(args) == 0
    model = stored[0]
    grid_rows = model["cross_validation"]
    assert isinstance(grid_rows, list) and len(grid_rows) == 4
    assert (model["l2"], model["fixture_weight"]) == (grid_rows[0]["l2"], grid_rows[0]["fixtures"])
    assert str(model["command"]).endswith("--cv --seeds 2 --threshold-by event")
    out = capsys.readouterr().out
    assert "cross-validation, 2 fold draws" in out
    assert "the stored model on the same texts" in out
