"""Why aligned study events get the wrong date: `python -m tumen.eval.date_misses --evidence
DIR [--extra-corpus DIR ...] [--list]` (issue #16; study sets only, never a `check` split).

Each event found with its gold event's type and country (eval/align.py) whose date is not
the gold date is put in one class, by where the gold date is among the event's candidate
dates (analyze/events/dating.py: the time expressions of its sentence, of the three before
and the one after it, the dateline, the publication date, the previous event's date):

- gold undated: the text gives the event no date, the rules gave it one;
- finer or coarser: the rules' date holds the gold date or lies in it ("이달 초" / the 6th);
- own sentence: another time expression of the event's own sentence;
- window sentence: a time expression of a sentence before or after it;
- dateline, publication, previous event: that source;
- year rollover: outside every window, the rules' month and day in another year;
- outside, publication month: outside every window, in the month of the publication;
- outside: outside every window, elsewhere.

The table counts each class per language (and how many of them are undated by the rules).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from tumen.analyze.events.dating import Candidate
from tumen.eval.by_language import LANGS, class_rows, header
from tumen.eval.train_dates import Text, load_texts
from tumen.eval.train_triggers import corpora, study_parser
from tumen.models import Event

CLASSES = (
    "gold undated",
    "finer or coarser",
    "own sentence",
    "window sentence",
    "dateline",
    "publication",
    "previous event",
    "year rollover",
    "outside, publication month",
    "outside",
)
_SOURCES = (("src=s0", "own sentence"), ("src=dateline", "dateline"),
            ("src=pub", "publication"), ("src=prev_event", "previous event"))


def classify(rule: str | None, gold: str | None, cands: list[Candidate],
             published: str | None) -> str:
    """The class of a wrong date (see the module's docstring)."""
    if gold is None:
        return "gold undated"
    if rule is not None and (gold.startswith(rule + "-") or rule.startswith(gold + "-")):
        return "finer or coarser"
    found = [c for c in cands if c.value == gold]
    for key, name in _SOURCES:
        if any(key in c.features for c in found):
            return name
    if any(k.startswith("src=s") for c in found for k in c.features):
        return "window sentence"
    if rule is not None and len(rule) == len(gold) > 4 and rule[4:] == gold[4:]:
        return "year rollover"
    if published and len(published) >= 7 and gold.startswith(published[:7]):
        return "outside, publication month"
    return "outside"


def language(cands: list[Candidate]) -> str:
    """The language the candidates were read in (their `lang=` feature)."""
    for c in cands:
        for lang in LANGS:
            if f"lang={lang}" in c.features:
                return lang
    return "en"


def wrong_dates(texts: Iterable[Text]) -> list[tuple[str, str, Event, str | None]]:
    """(class, language, event, gold date) of every aligned event dated wrong."""
    out = []
    for t in texts:
        for event, cands, j in zip(t.events, t.cands, t.partners, strict=True):
            gold = t.gold[j].get("date") if j is not None else None
            if j is None or gold == event.date:
                continue
            out.append((classify(event.date, gold, cands, t.published),
                        language(cands), event, gold))
    return out


def table(rows: list[tuple[str, str, Event, str | None]]) -> str:
    """Counts per class and language, and how many the rules left undated."""
    n: Counter[tuple[str, str]] = Counter((c, lang) for c, lang, _, _ in rows)
    undated = Counter(c for c, _, e, _ in rows if e.date is None)
    lines = [header(28) + f" {'undated':>8}"]
    lines += [line + f" {undated[c]:8d}"
              for c, line in zip(CLASSES, class_rows(n, CLASSES, 28), strict=True)]
    lines.append(f"{'wrong dates':28} {len(rows):4d} "
                 + " ".join(f"{sum(v for (_, g), v in n.items() if g == lang):4d}"
                            for lang in LANGS) + f" {sum(undated.values()):8d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = study_parser("python -m tumen.eval.date_misses", "one line per wrong date")
    args = parser.parse_args(argv)
    texts = load_texts(args.evidence, corpora(args.extra_corpus))
    rows = wrong_dates(texts)
    aligned = sum(x is not None for t in texts for x in t.labels)
    print(f"{len(texts)} texts, {aligned} events aligned, {len(rows)} dated wrong",
          file=sys.stderr, flush=True)
    if args.list:
        for c, lang, e, gold in rows:
            print(f"{c:28} {lang} {e.type:16} rules {e.date} gold {gold}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
