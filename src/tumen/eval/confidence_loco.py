"""The event confidence model's L2 strength and threshold chosen by leave-one-corpus-out
cross-validation of the whole analyser: `python -m tumen.eval.confidence_loco
--extra-corpus DIR ... [--store]`.

The trainer's own `--cv` judges a model by the event F1 of the candidates it scores; what
the product reads is the analyser's output, whose later stages (the group's count given
to uncounted events, merges, dates and counts ranked) depend on which events pass. Here
each study corpus (the corpus tune split and each extra corpus; an incident told in two
corpora stays with its first report's, eval/labelled.corpus_groups) is analysed, text by
text, with a model trained as `--train --cv-by corpus` trains it on every other text (the
project's tuned set included), at each threshold of a grid; the pooled event and
full-event F1 of the held-out corpora choose the setting. With `--store` the model is
trained on every text with the chosen L2 strength and stored with the chosen threshold.

Session 18 (issue 16) ran it on the four study corpora (shared tune, development tune,
extra, fresh) with the project's texts: L2 1, 3, 10, 30 by thresholds .25 to .60, the sum of
pooled event and full-event F1 chose L2 3 and threshold .50 (event .772, full .569; at the
old threshold .40, .772 and .555). Per held-out corpus against the stored model: fresh,
the one corpus the stored model never saw, event .683 -> .667 and full .422 -> .440; the
others the stored model was trained or scaled on. Stored and measured once on the unseen
sets it failed the landing rule and was not kept: pooled unseen event .703 -> .704 and full
.479 -> .482, but shared check event .743 -> .698 (ko .789 -> .714, ja .750 -> .710) and
the pooled Korean full F1 .578 -> .553, pooled Japanese event .723 -> .692; the calibration
gap fell on shared check (.096 -> .068) and rose on development check (.036 -> .059) and
fresh2 (.041 -> .095).

Session 20 (issue 16) added a fifth study corpus, fresh4 (141 real reports labelled that
session). Scored on the same held-out texts of the four older corpora, a fold's model
trained with fresh4 against without it: L2 1, threshold .45, event/full .7771/.5536 ->
.7832/.5616; L2 3, .45, .7770/.5617 -> .7775/.5674. Over the five corpora the grid chose L2 3
and threshold .45 (pooled .754/.531). Against the stored model on the corpora neither had
trained on: development tune .803/.574 -> .809/.580, extra .681/.478 -> .695/.482, fresh
.710/.446 -> .686/.449, fresh4 .673/.396 -> .664/.398. Stored and measured once (main
88ea193): pooled unseen .708/.484 -> .717/.491 (development check .687/.424 -> .714/.453,
English .634 -> .658), but shared check event .762 -> .736, pooled Japanese event .740 ->
.710, pooled Korean full .582 -> .569, incident pairwise F1 on development check .608 ->
.587 and fresh2 .600 -> .581: it fails the landing rule as the retrains of sessions 14, 16
and 18 did, and was not kept. More labelled reports moved the same corpora the same way.
With fresh4 and fresh5 (138 more reports) both added, L2 3, on main 08f7b33: the older
corpora's texts .7692/.5589 -> .7763/.5611 at threshold .40 and .7758/.5651 -> .7709/.5705
at .45; fresh held out fell against the stored model again (.707/.469 -> .679-.690). Not
looked at on unseen text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import tumen.analyze.confidence as confidence
from tumen.analyze import analyze_text
from tumen.eval.analysis import project_sets, score
from tumen.eval.confidence import EXTRA_WEIGHT, fit_found, read, write_model
from tumen.eval.corpus import corpus_root
from tumen.eval.labelled import corpus_groups, labelled_texts, outside_repo, source_counts

L2_GRID = (1.0, 3.0, 10.0, 30.0)
THRESHOLDS = tuple(round(0.25 + 0.025 * i, 3) for i in range(15))  # .25 to .60


def analysed(cases: list[dict[str, Any]], model: dict[str, Any]) -> list[tuple[Any, Any]]:
    """Each case with what the analyser makes of it under the given confidence model."""
    stored = confidence.load_model
    confidence.load_model = lambda: model
    try:
        return [
            (c, analyze_text(c["text"], title=c.get("title"), published=c.get("published"),
                             topics=False))
            for c in cases
        ]
    finally:
        confidence.load_model = stored


Results = list[tuple[Any, Any]]


def loco(
    texts: list[Any], found: list[Any], groups: list[str], l2: float
) -> dict[float, dict[str, Results]]:
    """Per threshold and held-out corpus, its texts analysed by the model of its fold."""
    out: dict[float, dict[str, Results]] = {t: {} for t in THRESHOLDS}
    for held in sorted({g for g in groups if g != "fixtures"}):
        train = [(f, g) for f, g in zip(found, groups, strict=True) if g != held]
        model = fit_found([f for f, _ in train], [g for _, g in train], l2)
        cases = [c for (_, _, c), g in zip(texts, groups, strict=True) if g == held]
        for t in THRESHOLDS:
            out[t][held] = analysed(cases, {**model, "threshold": t})
    return out


def figures(results: list[tuple[Any, Any]]) -> tuple[float, float]:
    """Event and full-event F1 of analysed cases."""
    s = score(results)
    return s["event"]["f1"], s["full_event"]["f1"]


def _stored_figures(texts: list[Any], groups: list[str]) -> None:
    """The stored model's figures on each held-out corpus: a reference only (it was trained
    or scaled on some of them)."""
    stored = confidence.load_model()
    if stored is None:
        return
    for held in sorted({g for g in groups if g != "fixtures"}):
        cases = [c for (_, _, c), g in zip(texts, groups, strict=True) if g == held]
        ev, full = figures(analysed(cases, stored))
        print(f"stored model (threshold {stored['threshold']}) on {held:>8} event {ev:.4f} "
              f"full {full:.4f}")


def _name(group: str, args: argparse.Namespace) -> str:
    """A cross-validation group's corpus folder ("corpus": the corpus tune split, "N": the
    Nth --extra-corpus)."""
    return str(args.corpus if group == "corpus" else args.extra_corpus[int(group)])


def _store(
    args: argparse.Namespace, texts: list[Any], found: list[Any], groups: list[str],
    best: dict[str, Any], rows: list[dict[str, Any]],
) -> None:
    """Train on every text with the chosen L2 strength; store it with the chosen threshold."""
    model = fit_found(found, groups, best["l2"])
    model = {
        "command": " ".join(["python -m tumen.eval.confidence_loco --store"]
                            + [f"--extra-corpus {d}" for d in args.extra_corpus]
                            + [f"--l2 {r}" for r in args.l2 or []]
                            + [f"--by {args.by}"]),
        "trained_on": source_counts(texts),
        "extra_corpora": outside_repo(args.extra_corpus),
        "extra_weight": EXTRA_WEIGHT,
        "fixture_weight": 1.0,
        **model,
        "threshold": best["threshold"],
        "threshold_by": f"pooled {args.by} F1 of the analyser, leave-one-corpus-out",
        "loco": rows,
    }
    print(f"stored in {write_model(model)}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tumen.eval.confidence_loco")
    p.add_argument("--extra-corpus", type=Path, action="append", default=[])
    p.add_argument("--corpus", type=Path, default=corpus_root())
    p.add_argument("--l2", type=float, action="append", help="L2 strengths (default a grid)")
    p.add_argument("--by", choices=("event", "full", "sum"), default="sum",
                   help="what chooses the setting: pooled event, full-event F1 or their sum")
    p.add_argument("--store", action="store_true", help="train on every text and store it")
    args = p.parse_args(argv)
    texts = labelled_texts(project_sets()["analysis"], args.corpus, tuple(args.extra_corpus))
    found = [read(case) for _, _, case in texts]
    for (src, _, _), f in zip(texts, found, strict=True):
        f.weight = EXTRA_WEIGHT if src.startswith("extra") else 1.0
    groups = corpus_groups(texts)
    _stored_figures(texts, groups)
    rows, per_corpus = [], {}
    for l2 in args.l2 or L2_GRID:
        per = loco(texts, found, groups, l2)
        for t in THRESHOLDS:
            ev, full = figures([r for res in per[t].values() for r in res])
            rows.append({"l2": l2, "threshold": t, "event_f1": ev, "full_f1": full})
            per_corpus[(l2, t)] = {g: figures(res) for g, res in per[t].items()}
            print(f"l2 {l2:>5} threshold {t:.3f} event {ev:.4f} full {full:.4f}", flush=True)
    key = {"event": lambda r: r["event_f1"], "full": lambda r: r["full_f1"],
           "sum": lambda r: r["event_f1"] + r["full_f1"]}[args.by]
    best = max(rows, key=lambda r: (round(key(r), 6), -abs(r["threshold"] - 0.5)))
    print(f"chosen: {best}")
    for g, (ev, full) in per_corpus[(best["l2"], best["threshold"])].items():
        print(f"  held out {_name(g, args):16} event {ev:.4f} full {full:.4f}")
    if args.store:
        _store(args, texts, found, groups, best, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
