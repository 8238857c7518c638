"""Train the learned date ranker: `python -m tumen.eval.train_dates --evidence DIR
[--extra-corpus DIR ...] [--cv] [--c C] [--margin M] [--enable] [--out FILE]`.

Training data: the tune split of ../shared/corpus and of each --extra-corpus, analysed
with the rules' dates; each event found with the right type and country is aligned to
its gold event through the evidence sentences (eval/align.py), and each of its
candidates (analyze/events/dating.py) is labelled right when its value is the gold date
as labelled (the evaluation's own comparison: the same string, None included). One L2
logistic regression over the candidates (scikit-learn, the `test` extra); analysis only
reads the written JSON.

--cv chooses nothing by itself: it prints the full-event F1 of the whole analyser on each
study corpus left out (the ranker trained on the others) at each margin and C, summed
over the corpora. The ranker is the analyser's last stage, so its figures are those of
the analyser with the ranker's dates put in. Never a `check` split or the held-out set.

Session 20 (issue 16), fresh4 (141 real reports labelled that session) as a fifth study
corpus, `--cv 0.3,1.0,3.0` on main 360d346: with or without it in training, at C 1 and
margins .2 and .5 the ranker changes no full event of the four older corpora nor of
fresh4; pooled over the five, off .551, every setting .549-.551. Not switched on.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.events.dating import (
    MODEL_FILE,
    Candidate,
    Ranker,
    choose,
    recording,
    using_ranker,
)
from tumen.eval.align import align, load_evidence
from tumen.eval.analysis import prf
from tumen.eval.corpus import load_cases as load_corpus
from tumen.eval.labelled import outside_repo
from tumen.eval.train_linear import (
    fit_linear,
    full_tally,
    trainer_command,
    trainer_parser,
    write_linear,
)
from tumen.eval.train_triggers import Corpus, corpora
from tumen.models import Event

PROG = "python -m tumen.eval.train_dates"
OUT = Path(__file__).resolve().parents[1] / "analyze" / "data" / MODEL_FILE
MARGINS = (-1.0, 0.0, 0.05, 0.1, 0.2, 0.3, 0.5)


@dataclass
class Text:
    """One analysed study text: its events as the rules dated them, their candidates, the
    gold, and which candidates are right (None: the event has no gold partner)."""

    corpus: str
    case_id: str
    events: list[Event]
    cands: list[list[Candidate]]
    gold: list[dict[str, Any]]
    optional: list[dict[str, Any]]
    labels: list[list[bool] | None]
    # the gold event aligned to each event (None: none), and the publication date
    partners: list[int | None] = field(default_factory=list)
    published: str | None = None


def load_texts(evidence: Path, cs: list[Corpus]) -> list[Text]:
    """Every tune text of the study sets with evidence, analysed with the rules' dates."""
    texts: list[Text] = []
    for c in cs:
        told = load_evidence(evidence, c.name)
        if not told:
            continue
        for case in load_corpus(c.root, split="tune", overlay=c.overlay):
            rec: list[tuple[list[Event], list[list[Candidate]]]] = []
            with recording(rec), using_ranker(None):
                analyze_text(case["text"], title=case.get("title"), published=case.get("published"))
            if not rec:
                continue
            events, cands = rec[0]
            exp = case["expected"]
            gold = exp.get("events", [])
            labels: list[list[bool] | None] = [None] * len(events)
            partners: list[int | None] = [None] * len(events)
            for i, j in align(events, gold, told.get(case["id"], []), country=True):
                labels[i] = [x.value == gold[j].get("date") for x in cands[i]]
                partners[i] = j
            texts.append(Text(c.name, case["id"], events, cands, gold,
                              exp.get("events_optional", []), labels, partners,
                              case.get("published")))
    return texts


def fit(texts: list[Text], c: float = 1.0, margin: float = 0.1) -> Ranker:
    """One logistic regression over every labelled candidate."""
    xs, ys = [], []
    for t in texts:
        for cands, labels in zip(t.cands, t.labels, strict=True):
            if labels is None or not any(labels):
                continue  # (an event no candidate dates right teaches no ranking)
            xs += [x.features for x in cands]
            ys += labels
    bias, weights = fit_linear(xs, ys, c)
    return Ranker(bias=bias, weights=weights, margin=margin)


def full_counts(texts: list[Text], ranker: Ranker | None) -> Counter[str]:
    """Full-event tp, predicted and gold over the texts, dated by the ranker (None: rules)."""
    out: Counter[str] = Counter()
    for t in texts:
        pred = [
            (e.type, e.country, e.date if ranker is None else choose(c, e.date, ranker), e.people)
            for e, c in zip(t.events, t.cands, strict=True)
        ]
        out.update(full_tally(pred, t.gold, t.optional))
    return out


def _f1(n: Counter[str]) -> str:
    p, r, f = prf(n["tp"], n["pred"], n["gold"])
    return f"full P {p:.3f} R {r:.3f} F {f:.3f} (tp {n['tp']})"


def cross_validate(texts: list[Text], cs: list[Corpus], cs_c: list[float]) -> None:
    """Leave-one-corpus-out full-event F1 at each C and margin, and without the ranker."""
    totals: dict[str, Counter[str]] = {}
    for held in cs:
        test = [t for t in texts if t.corpus == held.name]
        train = [t for t in texts if t.corpus != held.name]
        if not test:
            continue
        line = full_counts(test, None)
        totals.setdefault("off", Counter()).update(line)
        print(held.name, "off", _f1(line), file=sys.stderr, flush=True)
        for c in cs_c:
            base = fit(train, c)
            for margin in MARGINS:
                ranker = Ranker(base.bias, base.weights, margin)
                line = full_counts(test, ranker)
                totals.setdefault(f"C {c} margin {margin}", Counter()).update(line)
                print(held.name, c, margin, _f1(line), file=sys.stderr, flush=True)
    for name, line in totals.items():
        print(f"{name:<24} {_f1(line)}")


def _parser() -> argparse.ArgumentParser:
    parser = trainer_parser(PROG, OUT)
    parser.add_argument("--margin", type=float, default=0.1)
    parser.add_argument("--cv", type=str, default="", metavar="C1,C2,...",
                        help="leave-one-corpus-out full F1 at these C; stores nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cs = corpora(args.extra_corpus)
    texts = load_texts(args.evidence, cs)
    aligned = sum(x is not None for t in texts for x in t.labels)
    print(f"{len(texts)} texts, {aligned} events aligned", file=sys.stderr)
    if args.cv:
        cross_validate(texts, cs, [float(c) for c in args.cv.split(",")])
        return 0
    ranker = fit(texts, args.c, args.margin)
    meta = {
        "command": trainer_command(PROG, args, [f"--c {args.c}", f"--margin {args.margin}"]),
        # (each text by the id its file name opens with: the rest of a name is its title)
        "trained_on": {
            name: sorted(t.case_id.split("-")[0] for t in texts if t.corpus == name)
            for name in sorted({t.corpus for t in texts})
        },
        "aligned_events": aligned,
        "outside_repo": outside_repo([args.evidence, *args.extra_corpus]),
    }
    write_linear(args.out, ranker, meta, args.enable)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
