"""What the learned components' trainers share: a logistic regression fitted to rows of
named features and kept as a bias and the weights that matter, leave-one-corpus-out
counts of the whole analyser's event and full-event F1, and the stored JSON form."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from tumen.eval.analysis import prf

FIELDS = ("event", "full_event")


def fit_linear(
    rows: Sequence[Mapping[str, float]], labels: Sequence[bool], c: float
) -> tuple[float, dict[str, float]]:
    """The bias and the weights (rounded; those under 1e-3 left out) of a logistic
    regression of the labels on the rows' named features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(vec.fit_transform(rows), list(labels))
    names = vec.get_feature_names_out()
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(names, model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return round(float(model.intercept_[0]), 4), weights


def fold_counts(scores: Mapping[str, Any], cases: Sequence[Mapping[str, Any]]) -> Counter[str]:
    """The true positives, predictions and gold events behind an evaluation's event and
    full-event precision and recall (so folds can be summed)."""
    line = Counter[str]()
    gold = sum(len(k["expected"]["events"]) for k in cases)
    for field in FIELDS:
        p, r = scores[field]["precision"], scores[field]["recall"]
        tp = round(r * gold)
        line[f"{field} tp"] += tp
        line[f"{field} pred"] += round(tp / p) if p else 0
        line[f"{field} gold"] += gold
    return line


def fold_f1(line: Counter[str]) -> str:
    """Event and full-event P, R and F1 of summed fold counts, printed."""
    out = []
    for field in FIELDS:
        p, r, f = prf(*(line[f"{field} {k}"] for k in ("tp", "pred", "gold")))
        out.append(f"{field} P {p:.3f} R {r:.3f} F {f:.3f}")
    return "  ".join(out)


def linear_json(
    bias: float, weights: Mapping[str, float], margin: float, meta: Mapping[str, Any],
    enabled: bool,
) -> str:
    """The stored form of a linear ranker: switched on or not, its provenance, the margin,
    the bias and the weights (sorted, one per line)."""
    data = {
        "enabled": enabled,
        **meta,
        "margin": margin,
        "bias": bias,
        "weights": dict(sorted(weights.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n"
