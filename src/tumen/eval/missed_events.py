"""Where the analyser loses the gold events it misses: `python -m tumen.eval.missed_events
--evidence DIR [--extra-corpus DIR ...] [--list]` (issue #16; study sets only, never a
`check` split or the held-out set).

A gold event is missed as the evaluation counts it: one more of its type and country than
the kept events have. Each missed event is put in the first class it fits, by the events the
analyser proposes before its confidence threshold (`min_confidence=0`):

- under the threshold: an event of its type and country was proposed and dropped;
- another country: an event of its type was proposed, with another country;
- never proposed: no event of its type in another country, nor one more of its own.

`--list` prints each missed event with the trigger words its evidence gives (the sentences
that state it), to judge by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tumen.analyze import analyze_text
from tumen.eval.by_language import class_rows, header, row
from tumen.eval.train_triggers import evidence_cases, study_parser
from tumen.models import Analysis

CLASSES = ("under the threshold", "another country", "never proposed")


@dataclass(frozen=True)
class Missed:
    """One gold event no kept event matches, with its class and evidence triggers."""

    cls: str
    lang: str
    case: str
    gold: dict[str, Any]
    triggers: tuple[str, ...]


def missed_events(case: dict[str, Any], kept: Analysis, proposed: Analysis,
                  entries: list[dict[str, Any]]) -> list[Missed]:
    """The gold events of one text the kept events miss, classed by the proposed ones."""
    left = Counter((e.type, e.country) for e in kept.events)
    spare = Counter((e.type, e.country) for e in proposed.events) - left
    elsewhere = {(e.type, e.country) for e in proposed.events}
    lang = case.get("language") or kept.language or "en"
    said = {x["index"]: x["mentions"] for x in entries if x.get("list", "events") == "events"}
    out = []
    for i, g in enumerate(case["expected"].get("events", [])):
        k = (g["type"], g.get("country"))
        if left[k] > 0:
            left[k] -= 1
            continue
        if spare[k] > 0:
            spare[k] -= 1
            cls = CLASSES[0]
        else:
            other = any(t == k[0] and c != k[1] for t, c in elsewhere)
            cls = CLASSES[1] if other else CLASSES[2]
        triggers = tuple(m["trigger"] for m in said.get(i, []))
        out.append(Missed(cls, lang, case["id"], g, triggers))
    return out


def table(rows: list[Missed], gold: Counter[str]) -> str:
    """Missed events per class and language, with the gold events."""
    n = Counter((r.cls, r.lang) for r in rows)
    lines = [header(22), *class_rows(n, CLASSES, 22)]
    lines.append(row("missed", lambda lang: sum(v for (_, g), v in n.items() if g == lang), 22))
    lines.append(row("gold events", lambda lang: gold[lang], 22))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = study_parser("python -m tumen.eval.missed_events", "one line per missed event")
    args = parser.parse_args(argv)
    rows: list[Missed] = []
    gold: Counter[str] = Counter()
    for corpus, evidence, case in evidence_cases(args.evidence, args.extra_corpus):
        title, published = case.get("title"), case.get("published")
        kept = analyze_text(case["text"], title=title, published=published, topics=False)
        proposed = analyze_text(case["text"], title=title, published=published,
                                topics=False, min_confidence=0.0)
        gold[case.get("language") or "en"] += len(case["expected"].get("events", []))
        found = missed_events(case, kept, proposed, evidence.get(case["id"], []))
        rows += found
        if args.list:
            for r in found:
                print(f"{r.cls:22} {r.lang} {corpus.name} {r.case[:40]:40} "
                      f"{r.gold['type']} {r.gold.get('country')} | {list(r.triggers)}")
    print(table(rows, gold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
