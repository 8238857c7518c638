"""Why study statistics are wrong: `python -m tumen.eval.stat_misses [--extra-corpus DIR ...]
[--list]` (issue #16; the tune splits only, never a `check` split or the held-out set).

A statistic is (measure, period, value). Each figure the analyser gives that is not
labelled (a false one) and each labelled figure it does not give (a missed one) is put in
the first class it fits:

- `period`: the other side (all its figures) holds the same measure and value for another
  period;
- `measure`: the other side holds the same period and value under another measure;
- `value`: the other side holds the same measure and period with another value (two
  figures for one period: a misprint, a restated or a contradicting figure);
- `other` (false only): the value is one the labels keep aside in `statistics_other`
  (a part of a period, a cumulative stock, an estimate, a measure of no statistic);
- `unlabelled` (false) / `unread` (missed): none of these.

The table counts each class per side and language.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tumen.eval.analysis import analyse_cases
from tumen.eval.corpus import load_articles, load_cases
from tumen.eval.train_triggers import corpora

Stat = tuple[str, str | None, int]
CLASSES = ("period", "measure", "value", "other", "unlabelled", "unread")


@dataclass(frozen=True)
class Miss:
    """One false or missed figure of one text, with its class."""

    corpus: str
    stem: str
    language: str
    side: str  # "false" or "missed"
    stat: Stat
    cls: str


def classify(stat: Stat, others: list[Stat], aside: set[int], false: bool) -> str:
    """The class of one false (`false`) or missed figure; `others` is the other side's
    figures, `aside` the values labelled in statistics_other."""
    measure, period, value = stat
    if any(o[0] == measure and o[2] == value for o in others):
        return "period"
    if any(o[1:] == (period, value) for o in others):
        return "measure"
    if any(o[:2] == (measure, period) for o in others):
        return "value"
    if false:
        return "other" if value in aside else "unlabelled"
    return "unread"


def text_misses(
    corpus: str, case: dict[str, Any], got: list[Stat], aside: set[int]
) -> Iterator[Miss]:
    """The false and missed figures of one analysed text."""
    gold = [(s["measure"], s["period"], s["value"]) for s in case["expected"]["statistics"]]
    false = [s for s in got if s not in gold]
    missed = [s for s in gold if s not in got]
    lang = case.get("language") or "?"
    for s in false:
        yield Miss(corpus, case["id"], lang, "false", s, classify(s, gold, aside, True))
    for s in missed:
        yield Miss(corpus, case["id"], lang, "missed", s, classify(s, got, aside, False))


def study_misses(extra: list[Path]) -> Iterator[Miss]:
    """The misses of the tune split of the shared corpus and of each extra corpus."""
    for corpus in corpora(extra):
        aside = {
            a.stem: {int(o["value"]) for o in a.labels.get("statistics_other") or []}
            for a in load_articles(corpus.root)
        }
        cases = load_cases(corpus.root, split="tune", overlay=corpus.overlay)
        for case, got in analyse_cases(cases):
            stats = [(s.measure, s.period, s.value) for s in got.statistics]
            yield from text_misses(corpus.name, case, stats, aside.get(case["id"], set()))


def table(misses: list[Miss]) -> str:
    """Counts per side and class (rows) and language (columns), with totals."""
    tally = Counter((m.side, m.cls, m.language) for m in misses)
    langs = sorted({m.language for m in misses})
    lines = [f"{'side':<7}{'class':<11}" + "".join(f"{lang:>5}" for lang in langs) + "  all"]
    for side in ("false", "missed"):
        for cls in CLASSES:
            per = [tally[(side, cls, lang)] for lang in langs]
            if sum(per):
                row = "".join(f"{n:>5}" for n in per)
                lines.append(f"{side:<7}{cls:<11}{row}{sum(per):>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tumen.eval.stat_misses")
    parser.add_argument("--extra-corpus", type=Path, action="append", default=[])
    parser.add_argument("--list", action="store_true", help="one line per wrong figure")
    args = parser.parse_args(argv)
    found = list(study_misses(args.extra_corpus))
    if args.list:
        for m in found:
            measure, period, value = m.stat
            print(f"{m.side:<7}{m.cls:<11}{m.corpus:<8}{m.stem}  {measure} {period} {value}")
    print(table(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
