"""Choosing the event confidence model's settings by cross-validation grouped by text:
`python -m tumen.eval analysis --train --cv`.

Each setting (L2 strength, weight of the project's own texts, 0 leaving them out) is scored
out of fold over several seeds of the fold draw (an incident's reports, one report in two
languages, always share a fold, across corpora too: eval/labelled.linked_groups) on the
reports of the corpus given by `--scale-on` (one no rule was written against: what new text
looks like), else on every real report, after Platt scaling on those out-of-fold
probabilities. The threshold is the one that maximises the mean over seeds of event F1 (or
full-event F1: type, country, date and people) there."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

from tumen.analyze.confidence import probability
from tumen.eval.confidence import (
    THRESHOLDS,
    Found,
    best_threshold,
    calibration,
    curve,
    event_f1,
    out_of_fold,
    scaled,
    seeded_folds,
    targets,
)

L2_GRID = (0.3, 1.0, 3.0, 10.0)
FIXTURE_WEIGHTS = (0.0, 0.3, 1.0)
SEEDS = 5
Scored = list[tuple[Found, list[float]]]


@dataclass(frozen=True)
class Setting:
    """One choice of training: L2 strength and the weight of the project's own texts."""

    l2: float = 1.0
    fixtures: float = 1.0  # 0 leaves them out


def weighted(
    found: list[Found], groups: list[Any], fixtures: float
) -> tuple[list[Found], list[Any]]:
    """The texts trained on, the project's own counted `fixtures` times (left out at 0)."""
    kept = [(f, g) for f, g in zip(found, groups, strict=True) if f.real_report or fixtures > 0]
    for f, _ in kept:
        if not f.real_report:
            f.weight = fixtures
    return [f for f, _ in kept], [g for _, g in kept]


def scaled_reports(
    found: list[Found], fold_of: list[int], l2: float
) -> tuple[Scored, float, float]:
    """The out-of-fold probabilities of the texts judged on (`targets`: the unseen reports,
    else the real ones), Platt-scaled on themselves, and a, b."""
    reports = targets(out_of_fold(found, fold_of, l2))
    a, b = calibration(reports)
    return [(f, [scaled(p, a, b) for p in ps]) for f, ps in reports], a, b


def log_loss(scored: Scored) -> float:
    """Mean log-loss of the labelled events (those matching only optional labels left out)."""
    pairs = [(p, y) for f, ps in scored for p, y in zip(ps, f.labels, strict=True) if y is not None]
    eps = 1e-9
    total = sum(-math.log(max(p if y else 1 - p, eps)) for p, y in pairs)
    return total / len(pairs) if pairs else 0.0


def cross_validate(
    found: list[Found], groups: list[Any], setting: Setting, seeds: int = SEEDS, by: str = "event"
) -> dict[str, Any]:
    """Mean and spread over seeds of the judged reports' out-of-fold figures of one setting,
    at the threshold that maximises the mean `by` F1 ("event" or "full")."""
    used, used_groups = weighted(found, groups, setting.fixtures)
    event_curves, full_curves, losses = [], [], []
    for seed in range(seeds):
        scored, _, _ = scaled_reports(used, seeded_folds(used_groups, seed), setting.l2)
        event_curves.append(curve(scored))
        full_curves.append(curve(scored, full=True))
        losses.append(log_loss(scored))
    i = best_threshold(full_curves if by == "full" else event_curves)
    events = [c[i] for c in event_curves]
    fulls = [c[i] for c in full_curves]
    return {
        "l2": setting.l2,
        "fixtures": setting.fixtures,
        "threshold": THRESHOLDS[i],
        "event_f1": round(statistics.fmean(events), 4),
        "event_f1_sd": round(statistics.pstdev(events), 4),
        "full_f1": round(statistics.fmean(fulls), 4),
        "log_loss": round(statistics.fmean(losses), 4),
    }


def grid(
    found: list[Found], groups: list[Any], seeds: int = SEEDS, by: str = "event"
) -> list[dict[str, Any]]:
    """cross_validate over every setting of L2_GRID x FIXTURE_WEIGHTS, best first."""
    rows = [
        cross_validate(found, groups, Setting(l2, w), seeds, by)
        for w in FIXTURE_WEIGHTS
        for l2 in L2_GRID
    ]
    key = "full_f1" if by == "full" else "event_f1"
    return sorted(rows, key=lambda r: (-r[key], r["log_loss"]))


def incumbent(found: list[Found], model: dict[str, Any]) -> dict[str, float]:
    """Event F1 and log-loss of a stored model, at its threshold, on the texts the
    cross-validation judges (`targets`): what a retrained model's out-of-fold figures are
    to beat (the stored model may have been trained or scaled on some of them)."""
    scored = targets([(f, [probability(x, model["weights"]) for x in f.features]) for f in found])
    return {
        "event_f1": round(event_f1(scored, model["threshold"]), 4),
        "full_f1": round(event_f1(scored, model["threshold"], full=True), 4),
        "log_loss": round(log_loss(scored), 4),
    }
