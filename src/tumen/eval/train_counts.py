"""Train the learned count ranker: `python -m tumen.eval.train_counts --evidence DIR
[--extra-corpus DIR ...] [--cv] [--c C] [--margin M] [--enable] [--out FILE]`.

Training data: the tune texts of ../shared/corpus (with the project's relabelling) and of
each --extra-corpus, analysed with the ranker off; each event of the right type and
country aligned to its gold event through the evidence sentences (eval/align.py); each of
its candidates (events/counts.py) is right when it is the gold count (a gold event with no
count: the "no count" candidate). One L2 logistic regression (scikit-learn, the `test`
extra); analysis only reads the written JSON.

--cv chooses the inverse regularisation and the margin by leave-one-corpus-out full-event
F1 of the whole analyser on the study corpora (the ranker trained on the others), summed
over them, and prints the table; never a `check` split or the held-out set. Without
--margin, the stored margin is the one --cv would choose.

Session 20 (issue 16), fresh4 (141 real reports labelled that session) as a fifth study
corpus, `--cv` on main 360d346: no (C, margin) beats the ranker off, with fresh4 in
training (pooled full F1 off .5508, best .5508) or without it (.5862, best .5862); fresh4
held out is unchanged at every setting. Not switched on.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.events.counts import MODEL_FILE, Candidate, Ranker, collecting, using_ranker
from tumen.eval.align import align, load_evidence
from tumen.eval.corpus import load_cases as load_corpus
from tumen.eval.labelled import outside_repo
from tumen.eval.train_linear import (
    fit_linear,
    full_tally,
    tally_f1,
    trainer_command,
    trainer_parser,
    write_linear,
)
from tumen.eval.train_triggers import corpora
from tumen.models import Analysis

PROG = "python -m tumen.eval.train_counts"
OUT = Path(__file__).resolve().parents[1] / "analyze" / "data" / MODEL_FILE
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
CS = (0.1, 0.3, 1.0)

Seen = list[tuple[int, int | None, list[Candidate]]]


@dataclass(frozen=True)
class Text:
    """One analysed study text: its corpus, case, analysis, candidates and aligned pairs."""

    corpus: str
    case: dict[str, Any]
    analysis: Analysis
    seen: Seen
    pairs: list[tuple[int, dict[str, Any]]]


def load_texts(evidence: Path, extra: list[Path]) -> list[Text]:
    """Every study text analysed with the ranker off, with its candidates and pairs."""
    out = []
    with using_ranker(None):
        for corpus in corpora(extra):
            told = load_evidence(evidence, corpus.name)
            for case in load_corpus(corpus.root, split="tune", overlay=corpus.overlay):
                seen: Seen = []
                with collecting(seen):
                    got = analyze_text(
                        case["text"], title=case.get("title"), published=case.get("published")
                    )
                gold = case["expected"]["events"]
                found = align(got.events, gold, told.get(case["id"], []), country=True)
                pairs = [(i, gold[j]) for i, j in found]
                out.append(Text(corpus.name, case, got, seen, pairs))
            print(f"{corpus.name}: analysed", file=sys.stderr, flush=True)
    return out


def rows(texts: list[Text]) -> tuple[list[dict[str, float]], list[bool]]:
    """Each candidate of an aligned event, and whether it is its gold count."""
    x, y = [], []
    for t in texts:
        by_index = {i: cands for i, _, cands in t.seen}
        for i, gold in t.pairs:
            for c in by_index.get(i, []):
                x.append(dict.fromkeys(c.features, 1.0))
                y.append(c.value == gold.get("people"))
    return x, y


def fit(texts: list[Text], c: float, margin: float) -> Ranker:
    """The logistic regression over the texts' candidates."""
    x, y = rows(texts)
    bias, weights = fit_linear(x, y, c)
    return Ranker(bias=bias, weights=weights, margin=margin)


def applied(t: Text, ranker: Ranker | None) -> Analysis:
    """The text's analysis with the ranker's counts (as analyze_text would give them)."""
    if ranker is None:
        return t.analysis
    events = list(t.analysis.events)
    for i, rule, cands in t.seen:
        people = ranker.choose(cands, rule)
        if people != rule:
            events[i] = replace(events[i], people=people)
    return replace(t.analysis, events=events)


def full_counts(texts: list[Text], ranker: Ranker | None) -> Counter[str]:
    """Full-event tp, predicted and gold of the texts, counted as `eval analysis` does."""
    line: Counter[str] = Counter()
    for t in texts:
        exp = t.case["expected"]
        pred = [(e.type, e.country, e.date, e.people) for e in applied(t, ranker).events]
        line.update(full_tally(pred, exp.get("events", []), exp.get("events_optional", [])))
    return line


def cross_validate(texts: list[Text]) -> dict[str, Counter[str]]:
    """Full-event counts of each study corpus left out, summed, per (C, margin) and "off"."""
    totals: dict[str, Counter[str]] = {}
    names = sorted({t.corpus for t in texts})
    for held in names:
        test = [t for t in texts if t.corpus == held]
        train = [t for t in texts if t.corpus != held]
        base = full_counts(test, None)
        totals.setdefault("off", Counter()).update(base)
        line = [f"{held} off {tally_f1(base):.4f}"]
        for c in CS:
            ranker = fit(train, c, 0.0)
            for margin in MARGINS:
                got = full_counts(test, replace(ranker, margin=margin))
                totals.setdefault(f"{c} {margin}", Counter()).update(got)
                line.append(f"{c}/{margin} {tally_f1(got):.4f}")
        print("  ".join(line), file=sys.stderr, flush=True)
    return totals


def best_setting(totals: dict[str, Counter[str]]) -> tuple[float, float] | None:
    """The (C, margin) of the highest summed full-event F1, if it beats the ranker off."""
    top = max((k for k in totals if k != "off"), key=lambda k: (tally_f1(totals[k]), k.split()[1]))
    if tally_f1(totals[top]) <= tally_f1(totals["off"]):
        return None
    c, margin = top.split()
    return float(c), float(margin)


def _parser() -> argparse.ArgumentParser:
    parser = trainer_parser(PROG, OUT, c=None)
    parser.add_argument("--margin", type=float, default=None)
    parser.add_argument("--cv", action="store_true", help="print the LOCO table; store nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    texts = load_texts(args.evidence, args.extra_corpus)
    x, y = rows(texts)
    print(f"{len(x)} candidates, {sum(y)} right", file=sys.stderr)
    totals = cross_validate(texts) if args.cv or args.margin is None or args.c is None else {}
    for k, line in sorted(totals.items()):
        print(f"{k:<10} full F1 {tally_f1(line):.4f}  tp {line['tp']} pred {line['pred']}")
    if args.cv:
        return 0
    chosen = best_setting(totals) if totals else None
    c = args.c if args.c is not None else (chosen[0] if chosen else 1.0)
    margin = args.margin if args.margin is not None else (chosen[1] if chosen else 1.0)
    ranker = fit(texts, c, margin)
    command = trainer_command(PROG, args, [f"--c {c}", f"--margin {margin}"])
    meta = {
        "command": command,
        "trained_on": {
            name: {"tune_texts": n, "aligned_events": sum(len(t.pairs) for t in texts
                                                         if t.corpus == name)}
            for name, n in Counter(t.corpus for t in texts).items()
        },
        "candidates": len(x),
        "right": sum(y),
        "c": c,
        "loco_full_f1": {k: round(tally_f1(v), 4) for k, v in sorted(totals.items())},
        "outside_repo": outside_repo([args.evidence, *args.extra_corpus]),
    }
    write_linear(args.out, ranker, meta, args.enable)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
