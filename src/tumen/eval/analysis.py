"""Evaluate the analysis stage on the labelled set: `python -m tumen.eval analysis`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.confidence import load_model
from tumen.eval.confidence import (
    EXTRA_WEIGHT,
    Found,
    calibration_gap,
    fit_found,
    read,
    recalibrated,
    reliability,
    without,
    write_model,
)
from tumen.eval.confidence_cv import Setting, grid, incumbent, weighted
from tumen.eval.corpus import (
    LANGUAGES,
    SPLITS,
    corpus_root,
    default_overlay,
)
from tumen.eval.corpus import load_cases as load_corpus
from tumen.eval.labelled import (
    Labelled,
    corpus_groups,
    labelled_texts,
    linked_groups,
    load_cases,
    missing_corpora,
    outside_repo,
    source_counts,
    tune_texts,
)
from tumen.eval.matching import matched_counts
from tumen.models import Analysis

# Fields checked by --check, with the direction that counts as better.
CHECKED = (
    "event_f1",
    "full_event_f1",
    "topic_f1",
    "language_accuracy",
    "statistics_precision",
    "statistics_recall",
    # who is at risk drives urgency (children, infants): gated where a baseline records it
    "vulnerable_accuracy",
)
FIELDS = ("event", "full_event", "topic", "statistics")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (nothing predicted or expected scores 1)."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p, r, f = prf(tp, n_pred, n_gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def analyse_cases(cases: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Analysis]]:
    """Each case with what the analyser makes of it."""
    return [
        (c, analyze_text(c["text"], title=c.get("title"), published=c.get("published")))
        for c in cases
    ]


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-field scores over the cases."""
    return score(analyse_cases(cases))


def score(results: list[tuple[dict[str, Any], Analysis]]) -> dict[str, Any]:
    """Per-field scores over analysed cases; optional labels neither reward nor penalise."""
    counts = {k: [0, 0, 0] for k in FIELDS}
    lang_ok = 0
    dated = [0, 0]
    counted = [0, 0]
    groups = [0, 0]
    for case, got in results:
        exp = case["expected"]
        lang_ok += got.language == exp.get("language", case.get("language"))
        right, found = dates_right(got.events, exp.get("events", []))
        dated[0] += right
        dated[1] += found
        right, found = people_right(got.events, exp.get("events", []))
        counted[0] += right
        counted[1] += found
        right, found = vulnerable_right(got.events, exp.get("events", []))
        groups[0] += right
        groups[1] += found
        for key, (pred, gold, optional) in _tuples(got, exp).items():
            tp, n_pred = matched_counts(pred, gold, optional)
            c = counts[key]
            c[0] += tp
            c[1] += n_pred
            c[2] += len(gold)
    scores: dict[str, Any] = {k: _prf(*v) for k, v in counts.items()}
    scores["cases"] = len(results)
    scores["language_accuracy"] = round(lang_ok / len(results), 4) if results else 1.0
    scores["date_accuracy"] = round(dated[0] / dated[1], 4) if dated[1] else 1.0
    scores["dated_events"] = dated[1]
    scores["people_accuracy"] = round(counted[0] / counted[1], 4) if counted[1] else 1.0
    scores["vulnerable_accuracy"] = round(groups[0] / groups[1], 4) if groups[1] else 1.0
    return scores


def dates_right(events: list[Any], gold: list[dict[str, Any]]) -> tuple[int, int]:
    """Of the events found that match a gold event on type and country (one each, a
    same-dated one first), how many carry its date (None included), and how many match."""
    return attribute_right(events, gold, "date")


def people_right(events: list[Any], gold: list[dict[str, Any]]) -> tuple[int, int]:
    """Of the events found that match a gold event on type and country (one each, a
    same-count one first), how many carry its count (None included), and how many match."""
    return attribute_right(events, gold, "people")


def vulnerable_right(events: list[Any], gold: list[dict[str, Any]]) -> tuple[int, int]:
    """Of the events found that match a gold event on type and country (one each, one
    with the same groups first), how many name its vulnerable groups (none included)."""
    return attribute_right(events, gold, "vulnerable")


def _value(field: str, value: Any) -> Any:
    # vulnerable is a list of groups, labelled only where the text names one: compare sets
    return tuple(sorted(value or ())) if field == "vulnerable" else value


def attribute_right(events: list[Any], gold: list[dict[str, Any]], field: str) -> tuple[int, int]:
    """Of the events found that match a gold event on type and country (one each, one
    with the same field first), how many carry its field (None included), and how many match."""
    left = [(g["type"], g.get("country"), _value(field, g.get(field))) for g in gold]
    rest = []
    right = 0
    for e in events:
        key = (e.type, e.country, _value(field, getattr(e, field)))
        if key in left:
            left.remove(key)
            right += 1
        else:
            rest.append(e)
    matched = right
    for e in rest:
        same = next((g for g in left if g[:2] == (e.type, e.country)), None)
        if same is not None:
            left.remove(same)
            matched += 1
    return right, matched


def summary(scores: dict[str, Any]) -> dict[str, float]:
    """The headline figures that --check compares."""
    return {
        "event_f1": scores["event"]["f1"],
        "full_event_f1": scores["full_event"]["f1"],
        "topic_f1": scores["topic"]["f1"],
        "language_accuracy": scores["language_accuracy"],
        "statistics_precision": scores["statistics"]["precision"],
        "statistics_recall": scores["statistics"]["recall"],
        # not gated: the share of events found (type and country right) dated right
        "date_accuracy": scores["date_accuracy"],
        # not gated: the same share with the count of people as labelled
        "people_accuracy": scores["people_accuracy"],
        # the same share with the vulnerable groups (child, woman...) as labelled
        "vulnerable_accuracy": scores["vulnerable_accuracy"],
    }


def _event_tuple(e: dict[str, Any], full: bool) -> tuple[Any, ...]:
    head = (e["type"], e.get("country"))
    return (*head, e.get("date"), e.get("people")) if full else head


def _tuples(got: Any, exp: dict[str, Any]) -> dict[str, tuple[list[Any], list[Any], list[Any]]]:
    """Predicted, gold and optional tuples of one case, per field."""
    gold_events = exp.get("events", [])
    optional = [_event_tuple(e, False) for e in exp.get("events_optional", [])]
    return {
        "event": (
            [(e.type, e.country) for e in got.events],
            [_event_tuple(e, False) for e in gold_events],
            optional,
        ),
        "full_event": (
            [(e.type, e.country, e.date, e.people) for e in got.events],
            [_event_tuple(e, True) for e in gold_events],
            optional,
        ),
        "topic": (
            [(t, None) for t in got.topics],
            [(t, None) for t in exp.get("topics", [])],
            [(t, None) for t in exp.get("topics_optional", [])],
        ),
        "statistics": (
            [(s.measure, s.period, s.value) for s in got.statistics],
            [(s["measure"], s["period"], s["value"]) for s in exp.get("statistics", [])],
            [],
        ),
    }


def misses(cases: list[dict[str, Any]], fields: tuple[str, ...]) -> list[str]:
    """One line per case and field where the prediction differs from the labels."""
    return miss_lines(analyse_cases(cases), fields)


def miss_lines(
    results: list[tuple[dict[str, Any], Analysis]], fields: tuple[str, ...]
) -> list[str]:
    """One line per analysed case and field where the prediction differs from the labels."""
    lines = []
    for case, got in results:
        for key, (pred, gold, optional) in _tuples(got, case["expected"]).items():
            if key not in fields:
                continue
            extra = [p for p in pred if p not in gold and p[:2] not in [o[:2] for o in optional]]
            missing = [g for g in gold if g not in pred]
            if extra or missing:
                lines.append(f"{case['id']} {key}: missing {missing} extra {extra}")
    return lines


def _print(scores: dict[str, Any]) -> None:
    print(f"{'field':<12} {'precision':>9} {'recall':>7} {'f1':>7}   ({scores['cases']} cases)")
    for key in FIELDS:
        s = scores[key]
        print(f"{key:<12} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>7.3f}")
    print(f"{'language':<12} accuracy {scores['language_accuracy']:.3f}")
    print(
        f"{'date':<12} accuracy {scores['date_accuracy']:.3f} "
        f"(events found with type and country right: {scores['dated_events']})"
    )
    print(f"{'people':<12} accuracy {scores['people_accuracy']:.3f}")
    print(f"{'vulnerable':<12} accuracy {scores['vulnerable_accuracy']:.3f}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tumen.eval analysis",
        description="Without --fixtures: the project's two sets and the real-report corpus "
        "(tune and check splits, by language).",
    )
    parser.add_argument("--fixtures", type=Path, help="evaluate one labelled set only")
    parser.add_argument("--corpus", type=Path, default=corpus_root())
    parser.add_argument("--overlay", type=Path, default=default_overlay())
    parser.add_argument("--split", choices=SPLITS, help="corpus split only (no project sets)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--misses",
        nargs="?",
        const="full_event,topic,statistics",
        metavar="FIELDS",
        help="list the cases that differ from their labels (comma-separated fields); "
        "with the corpus, only for --split tune",
    )
    parser.add_argument("--check", type=Path, metavar="BASELINE.json")
    _add_training_options(parser)
    _add_fit_options(parser)
    return parser


def _add_training_options(parser: argparse.ArgumentParser) -> None:
    """The options of training and calibrating the event confidence model."""
    parser.add_argument(
        "--train",
        action="store_true",
        help="train the event confidence model on the corpus tune split and the project's "
        "tuned set (and --extra-corpus tune splits), and store it in the package",
    )
    parser.add_argument(
        "--extra-corpus",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="with --train: also train on the tune split of another labelled corpus in the "
        "same layout (its check split is never read)",
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="Platt-scale the stored confidence model on the tune split of the --extra-corpus "
        "corpora (never trained on), moving its threshold so the same events pass",
    )


def _add_fit_options(parser: argparse.ArgumentParser) -> None:
    """The options of how --train fits the model."""
    parser.add_argument(
        "--cv",
        action="store_true",
        help="with --train: choose the L2 strength and the project texts' weight by "
        "cross-validation grouped by text over --seeds fold draws, and train with the best",
    )
    parser.add_argument("--cv-by", choices=("incident", "corpus"), default="incident",
                        help="with --train: out-of-fold folds by incident or by whole corpus")
    parser.add_argument(
        "--scale-on",
        type=Path,
        metavar="DIR",
        help="with --train: one of the --extra-corpus folders, a corpus no rule was written "
        "against; Platt scaling, the threshold and --cv are fitted on its reports out of fold",
    )
    parser.add_argument("--l2", type=float, default=1.0, help="with --train: L2 strength")
    parser.add_argument(
        "--fixture-weight",
        type=float,
        default=1.0,
        help="with --train: how much the project's own texts count (0 leaves them out)",
    )
    parser.add_argument("--seeds", type=int, default=1,
                        help="with --train: fold draws averaged over")
    parser.add_argument("--without", action="append", default=[], metavar="PREFIX",
                        help="with --train: leave out the features whose names start with PREFIX")
    parser.add_argument(
        "--threshold-by",
        choices=("event", "full"),
        default="event",
        help="with --train: the threshold maximises out-of-fold event or full-event F1",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="with --train: print the out-of-fold figures, store nothing",
    )


def main(argv: list[str]) -> int:
    """Print per-field precision/recall/F1; with --check, exit 1 below the baseline."""
    args = _parser().parse_args(argv)
    if args.fixtures:
        return _main_set(args)
    if args.train:
        return _train(args)
    if args.calibrate:
        return _calibrate(args)
    if args.misses and args.split != "tune":
        print(
            "misses are listed only for --split tune (check texts are never studied)",
            file=sys.stderr,
        )
        return 2
    if not (args.corpus / "articles-en" / "gold.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    return corpus_main(args)


def _main_set(args: argparse.Namespace) -> int:
    """One labelled set of the project, as before the corpus existed."""
    cases = load_cases(args.fixtures)
    if not cases:
        print(f"no labelled cases in {args.fixtures}", file=sys.stderr)
        return 2
    results = analyse_cases(cases)
    if args.misses:
        print("\n".join(miss_lines(results, tuple(args.misses.split(",")))))
    scores = score(results)
    if args.json:
        print(json.dumps({**scores, "summary": summary(scores)}, indent=2))
    else:
        _print(scores)
    if args.check:
        baseline = json.loads(args.check.read_text("utf-8"))
        return 1 if below_baseline(summary(scores), baseline) else 0
    return 0


def below_baseline(head: dict[str, float], baseline: dict[str, Any], label: str = "") -> list[str]:
    """The figures under their recorded baseline, each reported on stderr."""
    below = [k for k in CHECKED if k in baseline and head[k] < float(baseline[k]) - 1e-9]
    for k in below:
        print(f"below baseline: {label}{k} {head[k]:.4f} < {baseline[k]}", file=sys.stderr)
    return below


def project_sets() -> dict[str, Path]:
    """The project's own labelled sets, tuned and held out."""
    fixtures = Path(__file__).resolve().parents[3] / "tests" / "fixtures"
    return {"analysis": fixtures / "analysis", "analysis-heldout": fixtures / "analysis-heldout"}


def corpus_report(
    corpus: Path, overlay: Path | None, splits: tuple[str, ...]
) -> tuple[dict[str, dict[str, Any]], dict[str, list[tuple[dict[str, Any], Analysis]]]]:
    """Summaries of the corpus per split and language ("all" for the split as a whole),
    and the analysed cases per split."""
    report: dict[str, dict[str, Any]] = {}
    analysed = {}
    for split in splits:
        results = analyse_cases(load_corpus(corpus, split=split, overlay=overlay))
        analysed[split] = results
        groups = {"all": results}
        for lang in LANGUAGES:
            groups[lang] = [r for r in results if r[0]["language"] == lang]
        report[split] = {k: {**summary(score(v)), "texts": len(v)} for k, v in groups.items()}
    return report, analysed


def _row(name: str, lang: str, head: dict[str, Any]) -> str:
    return (
        f"{name:<18} {lang:<4} {head['texts']:>5} {head['event_f1']:>6.3f} "
        f"{head['full_event_f1']:>6.3f} {head['topic_f1']:>6.3f} "
        f"{head['statistics_precision']:>6.3f} {head['statistics_recall']:>6.3f} "
        f"{head['date_accuracy']:>6.3f} {head['people_accuracy']:>6.3f} "
        f"{head['vulnerable_accuracy']:>6.3f}"
    )


def corpus_main(args: argparse.Namespace) -> int:
    """The project's sets (unless --split) and the corpus splits by language."""
    splits = (args.split,) if args.split else SPLITS
    out: dict[str, Any] = {}
    if not args.split:
        for name, folder in project_sets().items():
            scores = evaluate(load_cases(folder))
            out[name] = {"all": {**summary(scores), "texts": scores["cases"]}}
    report, analysed = corpus_report(args.corpus, args.overlay, splits)
    out.update({f"corpus-{k}": v for k, v in report.items()})
    if args.misses:
        print("\n".join(miss_lines(analysed["tune"], tuple(args.misses.split(",")))))
    table = reliability(load_corpus(args.corpus, split="check")) if "check" in splits else []
    if args.json:
        print(json.dumps({**out, "reliability-check": table}, indent=2))
    else:
        print(
            f"{'set':<18} {'lang':<4} {'texts':>5} {'event':>6} {'full':>6} {'topic':>6} "
            f"{'statP':>6} {'statR':>6} {'date':>6} {'people':>6} {'vuln':>6}"
        )
        print(
            "(date, people, vuln: share of the events found with type and country right that "
            "are dated right, that have the right count of people, the vulnerable groups "
            "as labelled)"
        )
        for name, groups in out.items():
            for lang, head in groups.items():
                print(_row(name, lang, head))
        _print_reliability(table)
    if not args.check:
        return 0
    baseline = json.loads(args.check.read_text("utf-8"))
    below = [
        k
        for name, groups in out.items()
        for lang, head in groups.items()
        for k in below_baseline(head, baseline.get(name, {}).get(lang, {}), f"{name} {lang} ")
    ]
    return 1 if below else 0


def _print_reliability(table: list[dict[str, Any]]) -> None:
    if not table:
        return
    print("\nconfidence reliability on corpus-check (every event found, before the threshold)")
    _print_table(table)


def _print_table(table: list[dict[str, Any]]) -> None:
    print(f"{'bin':<9} {'events':>6} {'mean conf':>9} {'real':>6}")
    for row in table:
        print(
            f"{row['bin']:<9} {row['events']:>6} {row['mean_confidence']:>9.3f} {row['real']:>6.3f}"
        )
    print(f"gap (events-weighted |mean conf - real|): {calibration_gap(table):.3f}")


def _train(args: argparse.Namespace) -> int:
    """Fit the confidence model on the tuned set and the tune splits; store it unless --dry-run."""
    missing = missing_corpora(args.extra_corpus)
    if missing:
        print(f"no labelled corpus at {missing[0]}", file=sys.stderr)
        return 2
    texts = labelled_texts(
        project_sets()["analysis"], args.corpus, tuple(args.extra_corpus), args.overlay
    )
    if args.scale_on and args.scale_on not in args.extra_corpus:
        print("--scale-on must name one of the --extra-corpus folders", file=sys.stderr)
        return 2
    found = _weighted_found(args, texts)
    groups = corpus_groups(texts) if args.cv_by == "corpus" else linked_groups(texts)
    rows, setting = _setting(args, found, groups)
    used, used_groups = weighted(found, groups, setting.fixtures)
    model = fit_found(used, used_groups, setting.l2, args.seeds, args.threshold_by)
    reports = ", ".join(f"{k} {v}" for k, v in model["out_of_fold_reports"].items())
    print(
        f"{model['samples']} events, l2 {setting.l2}, project texts x{setting.fixtures}, "
        f"threshold {model['threshold']}, out-of-fold event F1 {model['out_of_fold_f1']} "
        f"(first fold draw: {reports})"
    )
    kept = [t for t in texts if not t[0].startswith("fixtures") or setting.fixtures > 0]
    model = {
        "command": _train_command(args),
        "trained_on": source_counts(kept),
        **({"extra_corpora": outside_repo(args.extra_corpus)} if args.extra_corpus else {}),
        "extra_weight": EXTRA_WEIGHT,
        "fixture_weight": setting.fixtures,
        **({"without": args.without} if args.without else {}),
        **({"cross_validation": rows} if rows else {}),
        **model,
    }
    print(f"trained on {model['trained_on']} (tune splits and the project's tuned set only)")
    a, b = model["calibration"]["a"], model["calibration"]["b"]
    print(f"Platt scaling a={a} b={b}; out-of-fold reliability of the texts it was fitted on:")
    _print_table(model["out_of_fold_reliability"])
    if not args.dry_run:
        print(f"stored in {write_model(model)}")
    return 0


def _weighted_found(args: argparse.Namespace, texts: list[Labelled]) -> list[Found]:
    """The events found in each training text, weighted by where the text comes from."""
    unseen = f"{args.extra_corpus.index(args.scale_on)}:" if args.scale_on else None
    found = without([read(case) for _, _, case in texts], tuple(args.without))
    for (src, group, _), f in zip(texts, found, strict=True):
        f.weight = EXTRA_WEIGHT if src.startswith("extra") else 1.0
        f.unseen = src.startswith("extra") and unseen is not None and group.startswith(unseen)
    return found


def _setting(
    args: argparse.Namespace, found: list[Found], groups: list[str]
) -> tuple[list[dict[str, Any]], Setting]:
    """The grid's rows (with --cv) and the L2 strength and project weight to train with."""
    if not args.cv:
        return [], Setting(args.l2, args.fixture_weight)
    rows = grid(found, groups, args.seeds, args.threshold_by)
    _print_grid(rows, args.seeds, args.threshold_by)
    stored = load_model()
    if stored is not None:
        figures = incumbent(found, stored)
        print(f"the stored model on the same texts (its own threshold): {figures}")
    return rows, Setting(rows[0]["l2"], rows[0]["fixtures"])


def _train_command(args: argparse.Namespace) -> str:
    """The training command as given, for the model file's provenance."""
    parts = ["python -m tumen.eval analysis --train"]
    parts += [f"--extra-corpus {p}" for p in args.extra_corpus]
    if args.scale_on:
        parts.append(f"--scale-on {args.scale_on}")
    parts += [f"--cv-by {args.cv_by}"] if args.cv_by == "corpus" else []
    if args.cv:
        parts.append("--cv")
    else:
        parts += [f"--l2 {args.l2}", f"--fixture-weight {args.fixture_weight}"]
    parts += [f"--without {w}" for w in args.without]
    parts += [f"--seeds {args.seeds}", f"--threshold-by {args.threshold_by}"]
    return " ".join(parts)


def _print_grid(rows: list[dict[str, Any]], seeds: int, by: str) -> None:
    print(f"cross-validation, {seeds} fold draws, threshold by {by} F1:")
    names = ("l2", "project", "thresh", "event", "sd", "full", "logloss")
    print(" ".join(f"{n:>{w}}" for n, w in zip(names, (5, 7, 6, 6, 6, 6, 7), strict=True)))
    for r in rows:
        print(
            f"{r['l2']:>5} {r['fixtures']:>7} {r['threshold']:>6.2f} {r['event_f1']:>6.4f} "
            f"{r['event_f1_sd']:>6.4f} {r['full_f1']:>6.4f} {r['log_loss']:>7.4f}"
        )


def _calibrate(args: argparse.Namespace) -> int:
    """Platt-scale the stored model on the tune split of corpora it was not trained on;
    store it unless --dry-run."""
    from tumen.analyze.confidence import load_model

    model = load_model()
    missing = missing_corpora(args.extra_corpus)
    if model is None or not args.extra_corpus or missing:
        print("--calibrate needs a stored model and --extra-corpus DIR", file=sys.stderr)
        return 2
    if any(k.startswith("extra") for k in model.get("trained_on", {})):
        print("the stored model was trained on an extra corpus: retrain it", file=sys.stderr)
        return 2
    texts = [t for root in args.extra_corpus for t in tune_texts(root, "extra", None)]
    scaled = recalibrated(model, [case for _, _, case in texts])
    cal = scaled["calibration"]
    cal["texts"] = source_counts(texts)
    cal["extra_corpora"] = outside_repo(args.extra_corpus)
    cal["command"] = " ".join(
        ["python -m tumen.eval analysis --calibrate"]
        + [f"--extra-corpus {p}" for p in args.extra_corpus]
    )
    print(f"Platt scaling a={cal['a']} b={cal['b']} on {cal['texts']}; threshold "
          f"{model['threshold']} -> {scaled['threshold']}; reliability before, after:")
    _print_table(cal["before"])
    _print_table(cal["after"])
    if not args.dry_run:
        print(f"stored in {write_model(scaled)}")
    return 0
