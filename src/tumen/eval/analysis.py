"""Evaluate the analysis stage on the labelled set: `python -m tumen.eval analysis`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text

DEFAULT_FIXTURES = Path("tests/fixtures/analysis")
# Fields checked by --check, with the direction that counts as better.
CHECKED = ("event_f1", "full_event_f1", "topic_f1", "language_accuracy", "statistics_recall")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _matches(pred: Iterable[tuple[Any, ...]], gold: Iterable[tuple[Any, ...]]) -> int:
    """Multiset intersection size."""
    left = list(gold)
    tp = 0
    for p in pred:
        if p in left:
            left.remove(p)
            tp += 1
    return tp


def load_cases(folder: Path) -> list[dict[str, Any]]:
    """Every labelled case in folder (baseline.json excluded)."""
    return [
        json.loads(p.read_text("utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.name != "baseline.json"
    ]


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-field scores over the cases."""
    counts = {k: [0, 0, 0] for k in ("event", "full_event", "topic", "statistics")}
    lang_ok = 0
    for case in cases:
        exp = case["expected"]
        got = analyze_text(case["text"], title=case.get("title"), published=case.get("published"))
        lang_ok += got.language == exp.get("language", case.get("language"))
        for key, (pred, gold) in _tuples(got, exp).items():
            c = counts[key]
            c[0] += _matches(pred, gold)
            c[1] += len(pred)
            c[2] += len(gold)
    scores: dict[str, Any] = {k: _prf(*v) for k, v in counts.items()}
    scores["cases"] = len(cases)
    scores["language_accuracy"] = round(lang_ok / len(cases), 4) if cases else 1.0
    return scores


def summary(scores: dict[str, Any]) -> dict[str, float]:
    """The headline figures that --check compares."""
    return {
        "event_f1": scores["event"]["f1"],
        "full_event_f1": scores["full_event"]["f1"],
        "topic_f1": scores["topic"]["f1"],
        "language_accuracy": scores["language_accuracy"],
        "statistics_recall": scores["statistics"]["recall"],
    }


def _tuples(got: Any, exp: dict[str, Any]) -> dict[str, tuple[list[Any], list[Any]]]:
    """Predicted and gold tuples of one case, per field."""
    return {
        "event": (
            [(e.type, e.country) for e in got.events],
            [(e["type"], e["country"]) for e in exp.get("events", [])],
        ),
        "full_event": (
            [(e.type, e.country, e.date, e.people) for e in got.events],
            [(e["type"], e["country"], e["date"], e["people"]) for e in exp.get("events", [])],
        ),
        "topic": ([(t,) for t in got.topics], [(t,) for t in exp.get("topics", [])]),
        "statistics": (
            [(s.measure, s.period, s.value) for s in got.statistics],
            [(s["measure"], s["period"], s["value"]) for s in exp.get("statistics", [])],
        ),
    }


def misses(cases: list[dict[str, Any]], fields: tuple[str, ...]) -> list[str]:
    """One line per case and field where the prediction differs from the labels."""
    lines = []
    for case in cases:
        exp = case["expected"]
        got = analyze_text(case["text"], title=case.get("title"), published=case.get("published"))
        for key, (pred, gold) in _tuples(got, exp).items():
            if key not in fields:
                continue
            extra = [p for p in pred if p not in gold]
            missing = [g for g in gold if g not in pred]
            if extra or missing:
                lines.append(f"{case['id']} {key}: missing {missing} extra {extra}")
    return lines


def _print(scores: dict[str, Any]) -> None:
    print(f"{'field':<12} {'precision':>9} {'recall':>7} {'f1':>7}   ({scores['cases']} cases)")
    for key in ("event", "full_event", "topic", "statistics"):
        s = scores[key]
        print(f"{key:<12} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>7.3f}")
    print(f"{'language':<12} accuracy {scores['language_accuracy']:.3f}")


def main(argv: list[str]) -> int:
    """Print per-field precision/recall/F1; with --check, exit 1 below the baseline."""
    parser = argparse.ArgumentParser(prog="python -m tumen.eval analysis")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--misses",
        nargs="?",
        const="full_event,topic,statistics",
        metavar="FIELDS",
        help="list the cases that differ from their labels (comma-separated fields)",
    )
    parser.add_argument("--check", type=Path, metavar="BASELINE.json")
    args = parser.parse_args(argv)
    cases = load_cases(args.fixtures)
    if not cases:
        print(f"no labelled cases in {args.fixtures}", file=sys.stderr)
        return 2
    if args.misses:
        print("\n".join(misses(cases, tuple(args.misses.split(",")))))
    scores = evaluate(cases)
    if args.json:
        print(json.dumps({**scores, "summary": summary(scores)}, indent=2))
    else:
        _print(scores)
    if args.check:
        baseline = json.loads(args.check.read_text("utf-8"))
        head = summary(scores)
        below = [k for k in CHECKED if k in baseline and head[k] < float(baseline[k]) - 1e-9]
        for k in below:
            print(f"below baseline: {k} {head[k]:.4f} < {baseline[k]}", file=sys.stderr)
        return 1 if below else 0
    return 0
