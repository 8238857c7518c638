"""Train the learned event-coreference scorer: `python -m tumen.eval.train_coref --evidence
DIR [--extra-corpus DIR ...] [--loco] [--score DIR ...] [--c C] [--margin P] [--dates]
[--counts] [--enable] [--out FILE]`.

Training data: the tune texts of ../shared/corpus and of each --extra-corpus, analysed with
the scorer off; each event found is aligned to its gold event through the evidence
sentences (eval/align.py, any country), and each other sentence of its text is right when
the evidence lists it as stating that gold event (analyze/events/coref.py). One L2 logistic
regression (scikit-learn, the `test` extra); analysis only reads the written JSON.

--loco prints, for each study corpus left out (the scorer trained on the others), the
pairs' average precision and the whole analyser's full-event F1 with the scorer lending
dates, counts or both at each margin, with the dates and counts it puts right and wrong
among events of the right type and country; `--score DIR` adds corpora without evidence
(split tune), scored by the scorer trained on every evidence corpus. Never a `check`
split or the held-out set.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.events.coref import (
    HOWS,
    MODEL_FILE,
    Coref,
    Pair,
    lent,
    recording,
    using_coref,
)
from tumen.eval.align import align, load_evidence, same_sentence
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
from tumen.eval.train_triggers import Corpus, corpora
from tumen.models import Event

PROG = "python -m tumen.eval.train_coref"
OUT = Path(__file__).resolve().parents[1] / "analyze" / "data" / MODEL_FILE
MARGINS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# what the scorer lends in each setting of --loco: dates (offered in these ways), counts
_TRIG = frozenset({"trig"})
_NAMED = frozenset({"trig", "only"})
MODES: dict[str, tuple[bool, bool, frozenset[str]]] = {
    "dates": (True, False, HOWS),
    "dates-named": (True, False, _NAMED),
    "dates-trig": (True, False, _TRIG),
    "counts": (False, True, HOWS),
    "both-trig": (True, True, _TRIG),
}


@dataclass
class Text:
    """One analysed study text: its events, their pairs, the gold, each pair's label (None:
    the event has no gold partner) and the gold event of the right type and country."""

    corpus: str
    events: list[Event]
    pairs: list[list[Pair]]
    gold: list[dict[str, Any]]
    optional: list[dict[str, Any]]
    labels: list[list[bool] | None]
    partners: list[int | None]


def _said(entries: list[dict[str, Any]]) -> dict[int, list[str]]:
    said: dict[int, list[str]] = {}
    for entry in entries:
        if entry.get("list", "events") == "events":
            said.setdefault(entry["index"], []).extend(x["sentence"] for x in entry["mentions"])
    return said


def load_texts(evidence: Path | None, cs: list[Corpus]) -> list[Text]:
    """Every tune text of the corpora, analysed with the scorer off (no evidence: no labels)."""
    texts: list[Text] = []
    for c in cs:
        told = load_evidence(evidence, c.name) if evidence else {}
        for case in load_corpus(c.root, split="tune", overlay=c.overlay):
            rec: list[tuple[list[Event], list[list[Pair]]]] = []
            with recording(rec), using_coref(None):
                analyze_text(case["text"], title=case.get("title"),
                             published=case.get("published"), topics=False)
            if not rec:
                continue
            events, pairs = rec[0]
            gold = case["expected"].get("events", [])
            entries = told.get(case["id"], [])
            said = _said(entries)
            labels: list[list[bool] | None] = [None] * len(events)
            for i, j in align(events, gold, entries) if entries else []:
                labels[i] = [any(same_sentence(p.text, s) for s in said.get(j, []))
                             for p in pairs[i]]
            partners: list[int | None] = [None] * len(events)
            for i, j in align(events, gold, entries, country=True) if entries else []:
                partners[i] = j
            texts.append(Text(c.name, events, pairs, gold,
                              case["expected"].get("events_optional", []), labels, partners))
    return texts


def fit(texts: list[Text], c: float = 1.0, margin: float = 0.5) -> Coref:
    """One logistic regression over every labelled pair."""
    xs, ys = [], []
    for t in texts:
        for ps, labels in zip(t.pairs, t.labels, strict=True):
            if labels is not None:
                xs += [p.features for p in ps]
                ys += labels
    bias, weights = fit_linear(xs, ys, c)
    return Coref(bias=bias, weights=weights, margin=margin)


def tally(texts: list[Text], model: Coref | None,
          oracle: str = "") -> tuple[Counter[str], Counter[str]]:
    """Full-event tallies with the scorer lending (None: off; `oracle`: with the evidence's
    coreference for its probabilities, lending to aligned events only: "first", from the
    first coreferent sentence; "any", from the first that offers a value), and the dates and
    counts it puts right (`date fixed`) and wrong (`date broken`) among aligned events."""
    full: Counter[str] = Counter()
    moved: Counter[str] = Counter()
    for t in texts:
        after = [
            e if model is None or (oracle and ls is None)
            else lent(e, ps, model, _told(ps, ls, model, oracle) if oracle and ls else None)
            for e, ps, ls in zip(t.events, t.pairs, t.labels, strict=True)
        ]
        full.update(full_tally([(e.type, e.country, e.date, e.people) for e in after],
                               t.gold, t.optional))
        for e, a, j in zip(t.events, after, t.partners, strict=True):
            if j is None:
                continue
            for key, field in (("date", "date"), ("count", "people")):
                want = t.gold[j].get(field)
                was, now = getattr(e, field), getattr(a, field)
                if was != now:
                    how = "fixed" if now == want else "broken" if was == want else "other"
                    moved[f"{key} {how}"] += 1
    return full, moved


def _told(ps: list[Pair], labels: list[bool], model: Coref, oracle: str) -> list[float]:
    """The evidence's coreference as probabilities (tally's `oracle`)."""
    if oracle == "first":
        return [float(x) for x in labels]
    offers = [
        (model.dates and p.date is not None and p.how in model.hows)
        or (model.counts and p.people is not None)
        for p in ps
    ]
    return [float(x and y) for x, y in zip(labels, offers, strict=True)]


def average_precision(texts: list[Text], model: Coref) -> tuple[float, int]:
    """The pairs' average precision under the scorer, and how many pairs are right."""
    scored = sorted(
        ((model.probability(p.features), y) for t in texts
         for ps, ls in zip(t.pairs, t.labels, strict=True) if ls is not None
         for p, y in zip(ps, ls, strict=True)),
        key=lambda x: -x[0],
    )
    hits, total = 0, 0.0
    for k, (_, y) in enumerate(scored, 1):
        if y:
            hits += 1
            total += hits / k
    return (total / hits if hits else 0.0), hits


def _line(full: Counter[str], moved: Counter[str]) -> str:
    fixes = " ".join(f"{k} {moved[k]}" for k in sorted(moved))
    return f"full F1 {tally_f1(full):.4f} (tp {full['tp']} pred {full['pred']}) {fixes}"


def loco(texts: list[Text], scored: list[Text], c: float) -> None:
    """Leave-one-corpus-out: each study corpus scored by the scorer trained on the others,
    then each unlabelled corpus by the scorer trained on all (module docstring)."""
    totals: dict[str, Counter[str]] = {}
    moves: dict[str, Counter[str]] = {}
    folds = [(n, [t for t in texts if t.corpus != n], [t for t in texts if t.corpus == n])
             for n in sorted({t.corpus for t in texts})]
    folds += [(n, texts, [t for t in scored if t.corpus == n])
              for n in sorted({t.corpus for t in scored})]
    for name, train, test in folds:
        base = fit(train, c)
        if any(x is not None for t in test for x in t.labels):
            ap, n = average_precision(test, base)
            print(f"{name}: pair AP {ap:.3f} ({n} coreferent pairs)")
        off = tally(test, None)
        print(f"  {name} off: {_line(*off)}")
        totals.setdefault("off", Counter()).update(off[0])
        for mode, (dates, counts, hows) in MODES.items():
            settings = [(f"{mode} {m}", m, "") for m in MARGINS]
            ceilings = [(f"{mode} ceiling-{o}", 0.5, o) for o in ("first", "any")]
            for key, margin, oracle in [*settings, *ceilings]:
                model = replace(base, margin=margin, dates=dates, counts=counts, hows=hows)
                full, moved = tally(test, model, oracle)
                totals.setdefault(key, Counter()).update(full)
                moves.setdefault(key, Counter()).update(moved)
                print(f"  {name} {key}: {_line(full, moved)}")
    print("summed over the folds (ceiling: the evidence's coreference, aligned events; first:"
          " its first coreferent sentence lends, any: its first that offers a value):")
    for key, full in totals.items():
        print(f"{key:<12} {_line(full, moves.get(key, Counter()))}")


def _parser() -> argparse.ArgumentParser:
    parser = trainer_parser(PROG, OUT)
    parser.add_argument("--margin", type=float, default=0.5)
    parser.add_argument("--dates", action="store_true", help="lend dates")
    parser.add_argument("--counts", action="store_true", help="lend counts")
    parser.add_argument("--hows", type=str, default=",".join(sorted(HOWS)),
                        help="the ways a lent date may be offered (comma-separated)")
    parser.add_argument("--loco", action="store_true", help="leave-one-corpus-out; stores nothing")
    parser.add_argument("--score", type=Path, action="append", default=[], metavar="DIR",
                        help="a corpus without evidence, scored in --loco")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cs = corpora(args.extra_corpus)
    texts = load_texts(args.evidence, cs)
    labelled = sum(x is not None for t in texts for x in t.labels)
    print(f"{len(texts)} texts, {labelled} events aligned", file=sys.stderr)
    if args.loco:
        loco(texts, load_texts(None, [Corpus(p.name, p, None) for p in args.score]), args.c)
        return 0
    hows = sorted(args.hows.split(","))
    model = replace(fit(texts, args.c, args.margin), dates=args.dates, counts=args.counts,
                    hows=frozenset(hows))
    meta = {
        "command": trainer_command(
            PROG, args, [f"--c {args.c}", f"--margin {args.margin}", f"--hows {args.hows}"]
            + ["--dates"] * args.dates + ["--counts"] * args.counts),
        "dates": args.dates,
        "counts": args.counts,
        "hows": hows,
        "aligned_events": labelled,
        "outside_repo": outside_repo([args.evidence, *args.extra_corpus]),
    }
    write_linear(args.out, model, meta, args.enable)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
