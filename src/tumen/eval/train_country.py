"""Train the learned country ranker (analyze/events/country_ranker.py): `python -m
tumen.eval.train_country --evidence DIR [--extra-corpus DIR ...] [--cv M1,M2,...]
[--c C] [--margin M] [--enable] [--out FILE]`.

Training data: every event the analyser builds on the tune texts of the study sets
(../shared/corpus and each --extra-corpus), aligned through the evidence of DIR/<set>/
(eval/align.py) to the gold event it tells (those the rules placed right first, then each
other event alone against the gold events left); the
gold country (or none) labels its candidates. Events whose gold country is no candidate
are left out. An event the rules gave no country and that is aligned to no gold event (none
is told there, or another event already stands for it) is labelled "no country" (left so,
the confidence model keeps it out). One L2 logistic regression over the
candidates (scikit-learn, the `test` extra); analysis only reads the written JSON.

--cv chooses nothing by itself: it prints the event F1 of the whole analyser on each study
corpus left out (the ranker trained on the others) at each margin, and without the ranker,
summed over the corpora. Never a `check` split or the held-out set.

Session 20 (issue 16), fresh4 (141 real reports labelled that session) as a fifth study
corpus, `--cv 0,1.0,2.0` on main 360d346, pooled event/full F1: without it off .776/.586,
margin 2.0 .777/.587; with it off .756/.551, margin 0 .759/.548, 1.0 .757/.549, 2.0
.757/.550 (fresh4 held out unchanged at 2.0; development tune's full F1 .641 -> .637).
More data did not make a margin beat the rules on full events. Not switched on.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.events.country_ranker import (
    MODEL_FILE,
    NONE,
    Candidate,
    Ranker,
    Seen,
    recording,
    using_ranker,
)
from tumen.analyze.sentences import unwrap
from tumen.eval.align import align, load_evidence
from tumen.eval.analysis import evaluate
from tumen.eval.corpus import load_cases as load_corpus
from tumen.eval.labelled import outside_repo
from tumen.eval.train_linear import (
    fit_linear,
    fold_counts,
    fold_f1,
    trainer_command,
    trainer_parser,
    write_linear,
)
from tumen.eval.train_triggers import Corpus, corpora
from tumen.models import Event, Evidence

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
PROG = "python -m tumen.eval.train_country"
OUT = Path(__file__).resolve().parents[1] / "analyze" / "data" / MODEL_FILE


@dataclass(frozen=True)
class Example:
    """One aligned event: its corpus, the rules' pick, its candidates and gold countries."""

    corpus: str
    type: str
    rule: str
    candidates: tuple[Candidate, ...]
    gold: frozenset[str]


def examples_of(c: Corpus, evidence: Path) -> tuple[list[Example], Counter[str]]:
    """The aligned events of one study corpus, and counts of what was left out."""
    told = load_evidence(evidence, c.name)
    out: list[Example] = []
    tally = Counter[str]()
    for case in load_corpus(c.root, split="tune", overlay=c.overlay):
        entries = told.get(case["id"])
        if not entries:
            continue
        seen: list[Seen] = []
        with using_ranker(None), recording(seen):
            analyze_text(case["text"], title=case.get("title"), published=case.get("published"))
        for s, gold in zip(seen, _labels(seen, case, entries), strict=True):
            if gold is None:
                tally["unaligned, placed"] += 1
            elif not any(x.country in gold for x in s.candidates):
                tally["gold not a candidate"] += 1
            else:
                tally["rule right" if s.rule in gold else "rule wrong"] += 1
                out.append(Example(c.name, s.type, s.rule, s.candidates, gold))
    return out, tally


def _labels(
    seen: list[Seen], case: dict[str, Any], entries: list[dict[str, Any]]
) -> list[frozenset[str] | None]:
    """Each event's gold country (NONE: none), through eval/align.py: first the events the
    rules placed right, then the rest against the gold events left. A countryless event
    aligned to none (no gold event, or one another event already stands for) is best left
    without a country, which keeps it under the confidence threshold; one the rules placed
    and aligned to none says nothing (None)."""
    full = analysed_text(case)
    events = [
        Event(type=s.type, evidence=Evidence(full[s.start : s.end], s.start, s.end),
              country=None if s.rule == NONE else s.rule)
        for s in seen
    ]
    gold = case["expected"]["events"]
    right = align(events, gold, entries, country=True)
    labels: list[frozenset[str] | None] = [None] * len(events)
    for i, j in right:
        labels[i] = frozenset({gold[j].get("country") or NONE})
    rest = [i for i in range(len(events)) if labels[i] is None]
    left = [j for j in range(len(gold)) if j not in {j for _, j in right}]
    index = {j: k for k, j in enumerate(left)}
    kept = [{**e, "index": index[e["index"]]} for e in entries
            if e.get("list", "events") == "events" and e["index"] in index]
    # (each alone: two events may tell one gold event the rules placed nowhere right)
    for i in rest:
        for _, b in align([events[i]], [gold[j] for j in left], kept):
            labels[i] = frozenset({gold[left[b]].get("country") or NONE})
    return [
        frozenset({NONE}) if label is None and s.rule == NONE else label
        for s, label in zip(seen, labels, strict=True)
    ]


def analysed_text(case: dict[str, Any]) -> str:
    """The text as the analyser reads it (title and body joined, digits made ASCII)."""
    title = (case.get("title") or "").strip()
    return unwrap(((f"{title}\n\n" if title else "") + case["text"]).translate(_FULLWIDTH))


def fit(examples: list[Example], c: float = 1.0, margin: float = 0.0) -> Ranker:
    """One logistic regression over every candidate of the examples."""
    rows = [dict.fromkeys(x.features, 1.0) for e in examples for x in e.candidates]
    y = [x.country in e.gold for e in examples for x in e.candidates]
    bias, weights = fit_linear(rows, y, c)
    return Ranker(bias=bias, weights=weights, margin=margin)


def top_right(ranker: Ranker, examples: list[Example]) -> tuple[int, int]:
    """How many examples the ranker's decision (margin included) and the rules get right."""
    mine = rules = 0
    for e in examples:
        scores = {x.country: ranker.score(list(x.features)) for x in e.candidates}
        top = max(scores, key=lambda k: scores[k])
        pick = e.rule
        if top != e.rule and scores[top] - scores.get(e.rule, -1e9) > ranker.margin:
            pick = top
        mine += pick in e.gold
        rules += e.rule in e.gold
    return mine, rules


def cross_validate(
    examples: list[Example], cs: list[Corpus], margins: list[float], c: float
) -> dict[str, Counter[str]]:
    """Event and full-event counts (tp, predicted, gold) of the whole analyser on each
    study corpus left out, by margin ("off": without the ranker)."""
    totals: dict[str, Counter[str]] = {}
    for held in cs:
        cases = load_corpus(held.root, split="tune", overlay=held.overlay)
        ranker = fit([e for e in examples if e.corpus != held.name], c)
        test = [e for e in examples if e.corpus == held.name]
        for t in ["off", *map(str, margins)]:
            chosen = None if t == "off" else replace(ranker, margin=float(t))
            if chosen is not None:
                mine, rules = top_right(chosen, test)
                print(f"{held.name} {t} aligned {len(test)}: ranker {mine}, rules {rules}",
                      file=sys.stderr, flush=True)
            with using_ranker(chosen):
                scores = evaluate(cases)
            line = fold_counts(scores, cases)
            print(held.name, t, fold_f1(line), file=sys.stderr, flush=True)
            totals.setdefault(t, Counter()).update(line)
    return totals


def _parser() -> argparse.ArgumentParser:
    parser = trainer_parser(PROG, OUT)
    parser.add_argument("--margin", type=float, default=1.0)
    parser.add_argument("--cv", type=str, default="", metavar="M1,M2,...",
                        help="leave-one-corpus-out event F1 at these margins; stores nothing")
    parser.add_argument("--cv-note", type=str, default="",
                        help="the CV figures to record in the stored file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cs = corpora(args.extra_corpus)
    examples: list[Example] = []
    tallies: dict[str, dict[str, int]] = {}
    for c in cs:
        got, tally = examples_of(c, args.evidence)
        examples += got
        tallies[c.name] = dict(tally)
        print(c.name, dict(tally), file=sys.stderr, flush=True)
    if args.cv:
        totals = cross_validate(examples, cs, [float(t) for t in args.cv.split(",")], args.c)
        for t, line in totals.items():
            print(f"margin {t:<5} {fold_f1(line)}")
        return 0
    ranker = fit(examples, args.c, args.margin)
    command = trainer_command(PROG, args, [f"--c {args.c}", f"--margin {args.margin}"])
    meta = {
        "command": command,
        "trained_on": tallies,
        "cv": args.cv_note,
        "outside_repo": outside_repo([args.evidence, *args.extra_corpus]),
    }
    write_linear(args.out, ranker, meta, args.enable)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
