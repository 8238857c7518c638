"""Train and check the event confidence model: `python -m tumen.eval analysis --train`.

Training reads the corpus `tune` split and the project's tuned set (never `check` or the
held-out set); `check` only gets a reliability table of the trained model.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from tumen.analyze import event_features
from tumen.analyze.confidence import probability, train
from tumen.models import Event

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
FOLDS = 5


def model_path() -> Path:
    """Where the analyser reads the model from."""
    return Path(__file__).resolve().parents[1] / "analyze" / "data" / "event_confidence.json"


def labelled(case: dict[str, Any], events: list[Event]) -> list[int | None]:
    """1 for an event matching a gold event (type and country, one each), None for one
    matching only an optional event, 0 otherwise."""
    exp = case["expected"]
    gold = [(e["type"], e.get("country")) for e in exp.get("events", [])]
    optional = [(e["type"], e.get("country")) for e in exp.get("events_optional", [])]
    out: list[int | None] = []
    for e in events:
        key = (e.type, e.country)
        if key in gold:
            gold.remove(key)
            out.append(1)
        elif key in optional:
            optional.remove(key)
            out.append(None)
        else:
            out.append(0)
    return out


def samples(cases: list[dict[str, Any]]) -> list[list[tuple[dict[str, float], int]]]:
    """Per case, the labelled feature vectors of every event found (optional ones left out)."""
    out = []
    for case in cases:
        found = event_features(
            case["text"], title=case.get("title"), published=case.get("published")
        )
        labels = labelled(case, [e for e, _ in found])
        out.append([(f, y) for (_, f), y in zip(found, labels, strict=True) if y is not None])
    return out


def _f1(scored: list[tuple[float, int]], threshold: float, n_gold_missed: int) -> float:
    tp = sum(1 for p, y in scored if p >= threshold and y)
    pred = sum(1 for p, _ in scored if p >= threshold)
    gold = sum(y for _, y in scored) + n_gold_missed
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def fit(cases: list[dict[str, Any]], l2: float = 1.0) -> dict[str, Any]:
    """Weights on every case, and the threshold that maximises event F1 on out-of-fold
    probabilities (each case scored by a model that did not see it)."""
    per_case = samples(cases)
    scored: list[tuple[float, int]] = []
    for fold in range(FOLDS):
        rest = [s for i, c in enumerate(per_case) if i % FOLDS != fold for s in c]
        weights = train(rest, l2)
        scored += [
            (probability(f, weights), y)
            for i, c in enumerate(per_case)
            if i % FOLDS == fold
            for f, y in c
        ]
    grid = [t / 100 for t in range(5, 80)]
    threshold = max(grid, key=lambda t: (_f1(scored, t, 0), -abs(t - 0.5)))
    weights = train([s for c in per_case for s in c], l2)
    return {
        "threshold": threshold,
        "l2": l2,
        "samples": len(scored),
        # event F1 over the events found, each scored by a model that did not see its text:
        # what the features generalise to, unlike the F1 of the texts trained on
        "out_of_fold_f1": round(_f1(scored, threshold, 0), 4),
        "weights": weights,
    }


def reliability(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per confidence bin: events found, their mean confidence and the share that is real."""
    rows = []
    found = [p for c in samples(cases) for p in c]
    from tumen.analyze.confidence import load_model

    model = load_model()
    weights = model["weights"] if model else {}
    scored = [(probability(f, weights), y) for f, y in found]
    for lo, hi in itertools.pairwise(BINS):
        inside = [(p, y) for p, y in scored if lo <= p < hi]
        if inside:
            rows.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "events": len(inside),
                    "mean_confidence": round(sum(p for p, _ in inside) / len(inside), 3),
                    "real": round(sum(y for _, y in inside) / len(inside), 3),
                }
            )
    return rows


def write_model(model: dict[str, Any]) -> Path:
    """Store the model where the analyser reads it."""
    path = model_path()
    path.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", "utf-8")
    return path
