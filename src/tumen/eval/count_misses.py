"""Where the gold count of people is when the analyser's count is wrong (issue #16):
`python -m tumen.eval.count_misses --evidence DIR [--extra-corpus DIR ...] [--list]`.

The study sets' events found with the right type and country are aligned to their gold
events through the evidence sentences (eval/align.py, as the count ranker's trainer does);
each with another count than the gold one is put in the first class it fits:

- `none`: the gold event has no count (a range, an estimate, an uncounted group);
- `candidate`: a candidate of the count ranker (events/counts.py) holds it;
- `sum`: two or more counts of the event's own sentence add up to it;
- `one`: one person the text never counts as such;
- `elsewhere`: a count told in another sentence or the headline;
- `untold`: no count of the text holds it.

Printed per class and language; never a `check` split or the held-out set.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from collections.abc import Iterator

from tumen.analyze.numbers import Count, find_counts
from tumen.eval.train_counts import Text, load_texts
from tumen.eval.train_triggers import study_parser

CLASSES = ("none", "candidate", "sum", "one", "elsewhere", "untold")


def _values(counts: list[Count]) -> set[int]:
    return {c.value for c in counts if not c.ranged}


def _sums(counts: list[Count]) -> set[int]:
    """Every sum of two or more of the counts, in text order, next to each other."""
    values = [c.value for c in counts if not c.ranged]
    return {
        sum(values[i:j]) for i, j in itertools.combinations(range(len(values) + 1), 2)
        if j - i >= 2
    }


def classify(text: Text, index: int, gold: int | None, candidates: set[int | None]) -> str:
    """The class of one wrong count (its event's index in the text's analysis)."""
    if gold is None:
        return "none"
    if gold in candidates:
        return "candidate"
    lang = text.analysis.language
    own = find_counts(text.analysis.events[index].evidence.text, lang)
    if gold in _sums(own):
        return "sum"
    told = find_counts(f"{text.case.get('title') or ''}\n\n{text.case['text']}", lang)
    if gold == 1 and 1 not in _values(told):
        return "one"
    return "elsewhere" if gold in _values(told) else "untold"


def misses(texts: list[Text]) -> Iterator[tuple[Text, int, int | None, str]]:
    """(text, event index, gold count, class) of each aligned event with a wrong count."""
    for t in texts:
        by_index = {i: (rule, cands) for i, rule, cands in t.seen}
        for i, gold in t.pairs:
            want = gold.get("people")
            if t.analysis.events[i].people == want:
                continue
            cands = {c.value for c in by_index.get(i, (None, []))[1]}
            yield t, i, want, classify(t, i, want, cands)


def table(rows: list[tuple[str, str]]) -> str:
    """Counts per class (rows) and language (columns), with totals."""
    tally = Counter(rows)
    langs = sorted({lang for _, lang in rows})
    lines = [f"{'class':<10}" + "".join(f"{lang:>6}" for lang in langs) + f"{'all':>6}"]
    for cls in CLASSES:
        per = [tally[(cls, lang)] for lang in langs]
        lines.append(f"{cls:<10}" + "".join(f"{n:>6}" for n in per) + f"{sum(per):>6}")
    per = [sum(tally[(c, lang)] for c in CLASSES) for lang in langs]
    lines.append(f"{'all':<10}" + "".join(f"{n:>6}" for n in per) + f"{sum(per):>6}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = study_parser("python -m tumen.eval.count_misses", "one line per wrong count")
    args = parser.parse_args(argv)
    texts = load_texts(args.evidence, args.extra_corpus)
    found = list(misses(texts))
    aligned = sum(len(t.pairs) for t in texts)
    if args.list:
        for t, i, want, cls in found:
            got = t.analysis.events[i].people
            print(f"{cls:<10} {t.corpus:<8} {t.case['id']}  {t.analysis.events[i].type} "
                  f"got {got} gold {want}")
    print(f"{aligned} aligned events, {len(found)} with a wrong count", file=sys.stderr)
    print(table([(cls, t.analysis.language or "?") for t, _, _, cls in found]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
