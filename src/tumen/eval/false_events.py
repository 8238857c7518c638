"""Why the analyser states events no gold event matches: `python -m tumen.eval.false_events
--evidence DIR [--extra-corpus DIR ...] [--list]` (issue #16; study sets only, never a
`check` split or the held-out set).

An event is false as the evaluation counts it (eval/matching.py): one more of its type and
country than the gold events have. Of the events of one type and country, those whose
sentence states a gold event of that type and country (the evidence, eval/align.py) are
matched first; an `events_optional` label excuses one event of its type and country, which
the evaluation neither rewards nor penalises (shown as `optional (excused)`, not false).
Each false event is put in the first class it fits, by the gold events its sentence states:

- duplicate: a gold event of its type and country (already matched: one event told twice);
- wrong country: a gold event of its type in another country;
- wrong type, second reading: a gold event of another type that another event matched (two
  types read from a sentence that tells one);
- wrong type, mistyped: a gold event of another type nobody matched;
- optional, told again: an optional event whose excuse another event took;

and, when its sentence states no labelled event, by cues of the sentence (indicative, read
by words; `--list` prints each event to judge by hand):

- page furniture: neither the headline nor a sentence told in full (no closing stop);
- plan, fear or appeal: a word of intent, risk, demand or condition;
- not refugees: a missionary, activist, broker, official or journalist;
- statistic: a figure of the analyser's statistics, or a running total or span of time;
- past case: dated more than `PAST_DAYS` before publication, or told as earlier;
- generic: undated and uncounted, or told as what usually happens;
- other.

Texts without evidence are classed by the gold types and countries alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.telling import cues
from tumen.analyze.timex import parse_published
from tumen.eval.align import same_sentence
from tumen.eval.by_language import LANGS, class_rows, header, row
from tumen.eval.train_triggers import evidence_cases, study_parser
from tumen.models import Analysis, Event

EXCUSED = "optional (excused)"
CLASSES = (
    "duplicate",
    "wrong country",
    "wrong type, second reading",
    "wrong type, mistyped",
    "optional, told again",
    "page furniture",
    "plan, fear or appeal",
    "not refugees",
    "statistic",
    "past case",
    "generic",
    "other",
)
PAST_DAYS = 90
_ENDS = (".", "!", "?", '"', "\u201d", "」", "。", "\u2019", "'", ")")
# Cue words of the eval's own judgement (not the analyser's lexicons): a sentence holding
# one tells an intent, a risk, a demand or a condition rather than a done act.
_INTENT = {
    "en": r"\b(?:will|would|could|may|might|must|should|plan(?:s|ned)?|prepar\w+ to|"
          r"fear\w*|risk\w*|danger|threat\w*|urg\w+|demand\w*|call(?:s|ed)? on|"
          r"if|unless|expected to|likely to|set to|about to)\b",
    "ko": r"예정|우려|위기|위험|수 있|말라|말아야|촉구|요구|계획|경우|전망|것이라",
    "ja": r"予定|恐れ|おそれ|懸念|危険|可能性|ならない|べき|求め|要求|計画|れば|場合|"
          r"見通し|ないよう",
}
_NOT_REFUGEES = {
    "en": r"\b(?:missionar\w+|pastors?|activists?|aid workers?|brokers?|journalists?|"
          r"reporters?|diplomats?|tourists?|guides?)\b",
    "ko": r"선교사|활동가|브로커|기자|외교관|관광객|조선족|관계자|안내원",
    "ja": r"宣教師|活動家|ブローカー|記者|外交官|観光客|支援者|関係者",
}


@dataclass(frozen=True)
class FalseEvent:
    """One event the evaluation counts false (or excuses), with its class."""

    cls: str
    lang: str
    case: str
    event: Event


def _said(entries: list[dict[str, Any]],
          lists: tuple[str, ...]) -> dict[tuple[str, int], list[str]]:
    said: dict[tuple[str, int], list[str]] = {}
    for entry in entries:
        where = entry.get("list", "events")
        if where in lists:
            said.setdefault((where, entry["index"]), []).extend(
                m["sentence"] for m in entry["mentions"])
    return said


def _key(x: dict[str, Any]) -> tuple[str, str | None]:
    return x["type"], x.get("country")


def false_events(case: dict[str, Any], got: Analysis,
                 entries: list[dict[str, Any]]) -> list[FalseEvent]:
    """The events of one analysed text the evaluation counts false or excuses, classed."""
    exp = case["expected"]
    gold, optional = exp.get("events", []), exp.get("events_optional", [])
    said = _said(entries, ("events", "events_optional"))
    events = got.events
    states = [
        [k for k, told in said.items() if any(same_sentence(e.evidence.text, s) for s in told)]
        for e in events
    ]
    labels = {"events": gold, "events_optional": optional}

    def told(i: int, where: str) -> list[dict[str, Any]]:
        return [labels[w][j] for w, j in states[i] if w == where and j < len(labels[w])]

    left = Counter(_key(g) for g in gold)
    # an event whose sentence states a gold event of its key takes that key first
    order = sorted(range(len(events)), key=lambda i: (events[i].type, events[i].country)
                   not in [_key(g) for g in told(i, "events")])
    false, matched = [], Counter[tuple[str, str | None]]()
    for i in order:
        k = (events[i].type, events[i].country)
        if left[k] > 0:
            left[k] -= 1
            matched[k] += 1
        else:
            false.append(i)
    spare = Counter(_key(o) for o in optional)
    lang = case.get("language") or got.language or "en"
    out = []
    for i in sorted(false):
        e = events[i]
        k = (e.type, e.country)
        if spare[k] > 0:
            spare[k] -= 1
            cls = EXCUSED
        else:
            cls = _class(e, told(i, "events"), told(i, "events_optional"), matched, bool(entries),
                         gold, case.get("published"), got, lang)
        out.append(FalseEvent(cls, lang, case["id"], e))
    return out


def _class(e: Event, gold_told: list[dict[str, Any]], optional_told: list[dict[str, Any]],
           matched: Counter[tuple[str, str | None]], evidence: bool, gold: list[dict[str, Any]],
           published: str | None, got: Analysis, lang: str) -> str:
    """The class of one false event (see the module's docstring)."""
    k = (e.type, e.country)
    if not evidence:
        # no evidence: the gold types and countries alone
        gold_told = [g for g in gold if g["type"] == e.type]
    if any(_key(g) == k for g in gold_told):
        return "duplicate"
    if any(g["type"] == e.type for g in gold_told):
        return "wrong country"
    if gold_told:
        return ("wrong type, second reading" if any(matched[_key(g)] for g in gold_told)
                else "wrong type, mistyped")
    if optional_told:
        return "optional, told again"
    return sentence_class(e, published, got, lang)


def sentence_class(e: Event, published: str | None, got: Analysis, lang: str) -> str:
    """The class of a false event whose sentence states no labelled event, by its cues."""
    text = e.evidence.text.strip()
    in_title = e.evidence.start == e.evidence.end == 0
    key = lang if lang in LANGS else "en"
    flags = re.IGNORECASE if key == "en" else 0
    told = cues(text, key)
    if not in_title and not text.endswith(_ENDS) and not text.endswith("다"):
        return "page furniture"
    if re.search(_INTENT[key], text, flags):
        return "plan, fear or appeal"
    if re.search(_NOT_REFUGEES[key], text, flags):
        return "not refugees"
    figures = any(same_sentence(s.evidence.text, text) for s in got.statistics)
    if figures or {"tally", "span"} & set(told):
        return "statistic"
    if _days_before(e.date, published) > PAST_DAYS or "earlier" in told:
        return "past case"
    if (e.date is None and e.people is None) or "habit" in told:
        return "generic"
    return "other"


def _days_before(when: str | None, published: str | None) -> int:
    """Days from the last day of the event's date to publication; 0 when either is unknown."""
    ref, end = parse_published(published), parse_published(when)
    return (ref - end).days if ref is not None and end is not None else 0


def table(rows: list[FalseEvent], predicted: Counter[str]) -> str:
    """False events per class and language, with the events predicted and excused."""
    n = Counter((r.cls, r.lang) for r in rows)
    lines = [header(28)]
    lines += class_rows(n, CLASSES, 28)
    lines.append(row("false events", lambda lang: sum(
        v for (c, g), v in n.items() if g == lang and c != EXCUSED), 28))
    lines.append(row(EXCUSED, lambda lang: n[EXCUSED, lang], 28))
    lines.append(row("events predicted", lambda lang: predicted[lang], 28))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = study_parser("python -m tumen.eval.false_events", "one line per false event")
    args = parser.parse_args(argv)
    rows: list[FalseEvent] = []
    predicted: Counter[str] = Counter()
    for corpus, evidence, case in evidence_cases(args.evidence, args.extra_corpus):
        got = analyze_text(case["text"], title=case.get("title"),
                           published=case.get("published"), topics=False)
        predicted[case.get("language") or "en"] += len(got.events)
        found = false_events(case, got, evidence.get(case["id"], []))
        rows += found
        if args.list:
            for r in found:
                e = r.event
                print(f"{r.cls:28} {r.lang} {corpus.name} {r.case[:40]:40} {e.type} "
                      f"{e.country} {e.date} {e.people} | {e.evidence.text[:160]!r}")
    print(table(rows, predicted))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
