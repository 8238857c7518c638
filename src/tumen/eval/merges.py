"""Which cross-sentence merges join two gold events: `python -m tumen.eval.merges --evidence
DIR [--extra-corpus DIR ...] [--list]` (issue #16; study sets only, never a `check` split).

Every report merged into an event told in another sentence (analyze/events/merge.py
`fill_gaps`, recorded with `MERGED`) is put in one class by the gold events of its type
that each sentence states (the evidence, eval/align.py):

- right: a gold event both sentences state (the same event told twice);
- wrong: each states gold events, none both (two events made one);
- merged only / kept only: only the merged report's (the kept event's) sentence states one;
- neither: no gold event of that type is stated in either.

Then each missed gold event (its type and country not among the analyser's events) whose
own sentence's report was merged away, by the function that merged it and by what the
kept event's sentence states (that same event, another gold event, none).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.events.merge import MERGED
from tumen.eval.align import same_sentence
from tumen.eval.train_triggers import evidence_cases, study_parser
from tumen.models import Event

Merge = tuple[str, Event, Event]


def stated(e: Event, said: dict[int, list[str]], gold: list[dict[str, Any]]) -> set[int]:
    """The gold events of the event's type whose evidence holds its sentence."""
    return {
        j for j, sentences in said.items()
        if gold[j]["type"] == e.type and any(same_sentence(e.evidence.text, s) for s in sentences)
    }


def merge_class(kept: set[int], merged: set[int]) -> str:
    """The class of a merge by the gold events each side states (module docstring)."""
    if kept & merged:
        return "right"
    if kept and merged:
        return "wrong"
    return "merged only" if merged else "kept only" if kept else "neither"


def missed(events: list[Event], gold: list[dict[str, Any]]) -> list[int]:
    """The gold events whose type and country no event of the analyser's takes (one each)."""
    left = Counter((e.type, e.country) for e in events)
    out = []
    for j, g in enumerate(gold):
        key = (g["type"], g.get("country"))
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(j)
    return out


def tally(case: dict[str, Any], entries: list[dict[str, Any]], merges: Iterable[Merge],
          events: list[Event]) -> tuple[Counter[tuple[str, str]], list[tuple[str, str, Merge]]]:
    """The merges of one text by (function, class), and its missed gold events merged away
    as (function, what the kept sentence states, the merge)."""
    gold = case["expected"].get("events", [])
    said: dict[int, list[str]] = {}
    for entry in entries:
        if entry.get("list", "events") == "events":
            said.setdefault(entry["index"], []).extend(m["sentence"] for m in entry["mentions"])
    lost = set(missed(events, gold))
    table: Counter[tuple[str, str]] = Counter()
    away: list[tuple[str, str, Merge]] = []
    for stage, kept, gone in merges:
        if same_sentence(kept.evidence.text, gone.evidence.text):
            continue
        k, g = stated(kept, said, gold), stated(gone, said, gold)
        table[(stage, merge_class(k, g))] += 1
        for j in sorted(g & lost):
            what = "another" if k - {j} else "it" if j in k else "none"
            away.append((stage, what, (stage, kept, gone)))
            lost.discard(j)
    return table, away


def main(argv: list[str]) -> int:
    parser = study_parser("python -m tumen.eval.merges", "list the missed events merged away")
    args = parser.parse_args(argv)
    table: Counter[tuple[str, str]] = Counter()
    away: Counter[tuple[str, str]] = Counter()
    for corpus, evidence, case in evidence_cases(args.evidence, args.extra_corpus):
        log: list[Merge] = []
        token = MERGED.set(log)
        try:
            got = analyze_text(case["text"], title=case.get("title"),
                               published=case.get("published"), topics=False)
        finally:
            MERGED.reset(token)
        one, lost = tally(case, evidence.get(case["id"], []), log, got.events)
        table.update(one)
        for stage, what, (_, kept, gone) in lost:
            away[(stage, what)] += 1
            if args.list:
                print(f"{corpus.name} {case['id']} {stage} kept states {what}: "
                      f"{gone.type} {gone.country} {gone.date} -> {kept.date}")
    _print(table, away)
    return 0


def _print(table: Counter[tuple[str, str]], away: Counter[tuple[str, str]]) -> None:
    classes = ("right", "wrong", "merged only", "kept only", "neither")
    print(f"{'cross-sentence merges by':28}" + "".join(f"{c:>13}" for c in classes))
    for stage in sorted({s for s, _ in table}):
        print(f"{stage:28}" + "".join(f"{table[(stage, c)]:>13}" for c in classes))
    states = ("it", "another", "none")
    print(f"\n{'missed gold merged away by':28}" + "".join(f"{w:>13}" for w in states))
    for stage in sorted({s for s, _ in away}):
        print(f"{stage:28}" + "".join(f"{away[(stage, w)]:>13}" for w in states))
    print("(kept states: the kept event's sentence states that same gold event, another, none)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
