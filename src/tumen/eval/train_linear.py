"""What the learned components' trainers share: a logistic regression fitted to rows of
named features and kept as a bias and the weights that matter, leave-one-corpus-out
counts of the whole analyser's event and full-event F1, and the stored JSON form."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tumen.analyze.events.ranking import Linear
from tumen.eval.analysis import prf
from tumen.eval.matching import matched_counts

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


def write_linear(path: Path, ranker: Linear, meta: Mapping[str, Any], enabled: bool) -> None:
    """Store a linear ranker: switched on or not, its provenance, the margin, the bias and
    the weights (sorted, one per line); and say so."""
    data = {
        "enabled": enabled,
        **meta,
        "margin": ranker.margin,
        "bias": ranker.bias,
        "weights": dict(sorted(ranker.weights.items())),
    }
    text = json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n"
    path.write_text(text, "utf-8")
    print(f"wrote {path}: {len(ranker.weights)} features", file=sys.stderr)


def full_tally(
    pred: Iterable[tuple[str, str | None, str | None, int | None]],
    gold: Sequence[Mapping[str, Any]],
    optional: Sequence[Mapping[str, Any]],
) -> Counter[str]:
    """Full-event true positives, predictions and gold events of one text, counted as
    `eval analysis` does (an optional event neither rewards nor penalises)."""
    want = [(g["type"], g.get("country"), g.get("date"), g.get("people")) for g in gold]
    tp, n_pred = matched_counts(list(pred), want, [(g["type"], g.get("country")) for g in optional])
    return Counter({"tp": tp, "pred": n_pred, "gold": len(want)})


def tally_f1(line: Counter[str]) -> float:
    """The F1 of summed full-event tallies."""
    return prf(line["tp"], line["pred"], line["gold"])[2]


def trainer_parser(prog: str, out: Path, c: float | None = 1.0,
                   linear: bool = True) -> argparse.ArgumentParser:
    """The options every learned component's trainer takes: the evidence, the study corpora
    besides the shared one, the L2 strength, whether to store it switched on, and where
    (`linear` False: a setting chosen over the analyser's own output, which takes neither
    the evidence nor an L2 strength)."""
    parser = argparse.ArgumentParser(prog=prog)
    if linear:
        parser.add_argument("--evidence", type=Path, required=True, metavar="DIR")
    parser.add_argument("--extra-corpus", type=Path, action="append", default=[], metavar="DIR")
    if linear:
        parser.add_argument("--c", type=float, default=c, help="inverse L2 strength")
    parser.add_argument("--enable", action="store_true", help="store it switched on")
    parser.add_argument("--out", type=Path, default=out)
    return parser


def trainer_command(prog: str, args: argparse.Namespace, options: Sequence[str]) -> str:
    """The command that trains the stored model again (recorded in its file)."""
    return " ".join(
        [prog]
        + ([f"--evidence {args.evidence}"] if getattr(args, "evidence", None) else [])
        + [f"--extra-corpus {p}" for p in args.extra_corpus]
        + list(options)
        + (["--enable"] if args.enable else [])
    )
