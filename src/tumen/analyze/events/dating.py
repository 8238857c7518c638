"""A learned ranker of an event's date (issue #16): every date the text offers the event
(the rules' own pick, each time expression of its sentence and the three before it and
the one after, the dateline, the publication date, none), each described by features
that say nothing of one text (where it is told, how far, how fine, how it stands to the
publication date, the particle or preposition by it), scored by a logistic regression.

The rules' date stays unless the ranker's best value beats it by the stored margin.
Trained on the study sets' gold events aligned to the analyser's (`python -m
tumen.eval.train_dates`), stored in data/date_ranker.json with its provenance.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tumen.analyze.events.base import Mentions, Trigger, lang_key
from tumen.analyze.events.ranking import Linear, Recorder, Switch, linear_fields
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.morph import morphs
from tumen.analyze.morph.base import CASE, VERB
from tumen.analyze.telling import cues
from tumen.analyze.timex import TimeMention
from tumen.analyze.verbs import chunks
from tumen.models import Event

MODEL_FILE = "date_ranker.json"
# How many sentences before the event's a date is looked for in.
_BEFORE = 3
# An English word right before a date ("on", "since", "last"): a short lower-case word, its
# preposition or modifier (no name, no word of one text).
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])([a-z]{1,5})[\s,]{1,2}$")
_WORD_OPENS = re.compile(r"([a-z]{1,5})\s")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_CLAUSE_BREAK = re.compile(r"[,;:、，]")


@dataclass(frozen=True)
class Candidate:
    """A date the event may have (None: undated), with its feature names and values."""

    value: str | None
    features: dict[str, float]


@dataclass(frozen=True)
class Ranker(Linear):
    """The weights of each feature name, the bias, and the margin by which the best value
    must beat the rules' to replace it."""

    def score(self, cand: Candidate) -> float:
        """P(the candidate's value is the event's date)."""
        return self.probability(cand.features)


def ranker_from_json(data: dict[str, Any]) -> Ranker:
    """A ranker from its stored form."""
    return Ranker(**linear_fields(data))


_SWITCH: Switch[Ranker] = Switch("tumen_date_ranker", MODEL_FILE, ranker_from_json)
using_ranker = _SWITCH.using
load_ranker = _SWITCH.load
# where the trainer collects each analysed text's events and candidates (None: nowhere)
_RECORD: Recorder[tuple[list[Event], list[list[Candidate]]]] = Recorder("tumen_date_record")
recording = _RECORD.recording


def rank_dates(
    events: list[Event],
    m: Mentions,
    triggers: list[list[Trigger]],
    head: int,
    published: str | None,
) -> list[Event]:
    """The events, each dated by the ranker where its best value beats the rules' by the
    margin (`head`: characters of the title part before the body's offsets)."""
    ranker = load_ranker()
    record = _RECORD.get()
    if ranker is None and record is None:
        return events
    every = [candidates(e, m, triggers, head, published, events) for e in events]
    if record is not None:
        record.append(([replace(e, vulnerable=list(e.vulnerable)) for e in events], every))
    if ranker is None:
        return events
    # (new events: those the confidence features read keep the rules' dates)
    return [
        replace(e, date=choose(cands, e.date, ranker))
        for e, cands in zip(events, every, strict=True)
    ]


def choose(cands: list[Candidate], rule: str | None, ranker: Ranker) -> str | None:
    """The best-scored value, if it beats the rules' own by the ranker's margin."""
    best: dict[str | None, float] = {}
    for c in cands:
        p = ranker.score(c)
        best[c.value] = max(best.get(c.value, 0.0), p)
    if not best:
        return rule
    top = max(best, key=lambda v: best[v])
    return top if best[top] - best.get(rule, 0.0) > ranker.margin else rule


def candidates(
    event: Event,
    m: Mentions,
    triggers: list[list[Trigger]],
    head: int,
    published: str | None,
    events: list[Event],
) -> list[Candidate]:
    """Every date the event may have, with its features."""
    at = event.evidence.start + head if event.evidence.end else 0
    starts = [s.start for s in m.sentences]
    index = max(0, bisect.bisect_right(starts, at) - 1)
    trig = _trigger(event, triggers, index)
    told = {(e.evidence.start + head if e.evidence.end else 0) for e in events if e is not event}
    base = _base(event, m.lang)
    out: list[Candidate] = []
    lo, hi = max(0, index - _BEFORE), min(len(m.sentences), index + 2)
    for j in range(lo, hi):
        sent = m.sentences[j]
        for d in m.dates_in((sent.start, sent.end)):
            src = "s0" if j == index else (f"s{j - index:+d}")
            feats = _mention_features(d, m, src, trig, triggers[j] if j < len(triggers) else [])
            if j != index and sent.start in told:
                feats["other_event_sentence"] = 1.0
            for c in cues(sent.text, lang_key(m.lang)):
                feats[f"cue={c}"] = 1.0
            out.append(_candidate(d.value, feats, src, event, base, published))
    dateline = next((d for d in m.dates if d.reporting and d.start < 300), None)
    if dateline is not None:
        out.append(_candidate(dateline.value, {"dateline": 1.0}, "dateline", event, base,
                              published))
    if published:
        out.append(_candidate(published[:10], {}, "pub", event, base, published))
    out.append(_candidate(None, {}, "none", event, base, published))
    before = [e for e in events if e is not event and e.evidence.start + head < at and e.date]
    if before and event.evidence.end:
        out.append(_candidate(before[-1].date, {}, "prev_event", event, base, published))
    _agreeing(out)
    if event.date is not None and all(c.value != event.date for c in out):
        out.append(_candidate(event.date, {}, "rule", event, base, published))
    return out


def _agreeing(cands: list[Candidate]) -> None:
    """Mark the candidates whose value another time expression of the window also gives."""
    seen: dict[str | None, int] = {}
    for c in cands:
        if any(k.startswith("src=s") for k in c.features):
            seen[c.value] = seen.get(c.value, 0) + 1
    for c in cands:
        if seen.get(c.value, 0) >= 2:
            c.features["told_twice"] = 1.0


def _base(event: Event, lang: str) -> dict[str, float]:
    """What every candidate of an event shares: its type, language, whether it was read in
    the title, and how fine the rules dated it."""
    prec = event.date.count("-") + 1 if event.date else 0
    out = {f"type={event.type}": 1.0, f"rule_prec={prec}": 1.0, f"lang={lang_key(lang)}": 1.0}
    if not event.evidence.end:
        out["title_event"] = 1.0
    return out


def _candidate(
    value: str | None,
    feats: dict[str, float],
    src: str,
    event: Event,
    base: dict[str, float],
    published: str | None,
) -> Candidate:
    """A candidate with the features every source shares."""
    out = dict(base)
    out.update(feats)
    out[f"src={src}"] = 1.0
    if event.date is None:
        out[f"rule_none|src={src}"] = 1.0
    out[f"type={event.type}|src={src}"] = 1.0
    if value is not None:
        prec = value.count("-") + 1
        out[f"prec={prec}"] = 1.0
        out[f"prec={prec}|src={src}"] = 1.0
        out[f"vs_rule={_against(value, event.date)}"] = 1.0
        out[f"pub={_against_published(value, published)}"] = 1.0
    if value == event.date:
        # (what tells the rules' pick from the others: when it is to be trusted)
        out.update({f"R|{k}": v for k, v in list(out.items())})
        out["is_rule"] = 1.0
    return Candidate(value, out)


def _against(value: str, rule: str | None) -> str:
    """How a value stands to the rules' pick: the same, finer within it, coarser, other."""
    if rule is None:
        return "no_rule"
    if value == rule:
        return "same"
    if value.startswith(rule):
        return "finer"
    if rule.startswith(value):
        return "coarser"
    return "other_year" if value[:4] != rule[:4] else "other"


def _against_published(value: str, published: str | None) -> str:
    """How a value stands to the publication date: after it, the same day, within a week,
    a month, a year, or years before."""
    if not published or len(published) < 10 or not published[:4].isdigit():
        return "unknown"
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        return "unknown"
    year = int(value[:4])
    if year > pub.year:
        return "after"
    if value.count("-") < 2:
        if year < pub.year - 1:
            return "years_before"
        if value.count("-") == 0:
            return "year_same" if year == pub.year else "year_last"
        month = int(value[5:7])
        if (year, month) > (pub.year, pub.month):
            return "after"
        return "month_same" if (year, month) == (pub.year, pub.month) else "month_before"
    try:
        days = (pub - date.fromisoformat(value)).days
    except ValueError:
        return "unknown"
    if days < 0:
        return "after"
    for limit, name in ((0, "same_day"), (7, "week"), (31, "month"), (366, "year")):
        if days <= limit:
            return name
    return "years_before"


def _trigger(event: Event, triggers: list[list[Trigger]], index: int) -> Trigger | None:
    """The trigger of the event's type in its sentence (the first of the sentence if none)."""
    found = triggers[index] if index < len(triggers) else []
    same = [t for t in found if t.type == event.type]
    return next(iter(same or found), None)


def _mention_features(
    d: TimeMention, m: Mentions, src: str, trig: Trigger | None, others: list[Trigger]
) -> dict[str, float]:
    """A time expression's own features: how it is told and where it stands to the trigger."""
    surface = m.text[d.start : d.end]
    feats = {
        "explicit_year" if _YEAR.search(surface) else "no_year": 1.0,
        f"mark={_mark(d, m)}": 1.0,
    }
    if d.reporting:
        feats["reporting"] = 1.0
    if src == "s0" and trig is not None:
        after = d.start >= trig.end
        gap = (trig.end, d.start) if after else (d.end, trig.start)
        feats["after_trigger" if after else "before_trigger"] = 1.0
        feats[f"dist={_bucket(max(0, gap[1] - gap[0]))}"] = 1.0
        if _CLAUSE_BREAK.search(m.text, gap[0], max(gap[0], gap[1])):
            feats["clause_between"] = 1.0
        if any(gap[0] <= t.start < gap[1] for t in others if t is not trig):
            feats["trigger_between"] = 1.0
        if _verb_between(m, gap):
            feats["verb_between"] = 1.0
        if trig.zone[0] <= d.start < trig.zone[1]:
            feats["in_zone"] = 1.0
        if trig.clause[0] <= d.start < trig.clause[1]:
            feats["in_clause"] = 1.0
        first = min((x.start for x in m.dates_in((trig.clause[0], trig.clause[1]))), default=-1)
        if first == d.start:
            feats["first_in_clause"] = 1.0
    return feats


def _verb_between(m: Mentions, gap: tuple[int, int]) -> bool:
    """Whether a verb (of the morphological analysis; English: TextBlob's tags) stands
    between a date and the trigger."""
    if gap[1] <= gap[0]:
        return False
    if m.lang in MORPH_LANGUAGES:
        ms = morphs(m.text, m.lang)
        i = bisect.bisect_left(ms, gap[0], key=lambda x: x.start)
        return any(x.kind == VERB for x in ms[i:] if x.start < gap[1]) if i < len(ms) else False
    starts = [s.start for s in m.sentences]
    sent = m.sentences[max(0, bisect.bisect_right(starts, gap[0]) - 1)]
    return any(
        t.tag.startswith("VB") and gap[0] <= sent.start + t.start < gap[1]
        for t in chunks(sent.text)
    )


def _bucket(chars: int) -> str:
    for limit in (5, 15, 40, 100):
        if chars <= limit:
            return f"<={limit}"
    return ">100"


def _mark(d: TimeMention, m: Mentions) -> str:
    """The particle after a Korean or Japanese date (from the morphological analysis), the
    word before an English one."""
    if m.lang in MORPH_LANGUAGES:
        ms = morphs(m.text, m.lang)
        i = bisect.bisect_left(ms, d.end, key=lambda x: x.start)
        for x in ms[i : i + 3]:
            if x.kind == CASE:
                return x.form
        return "-"
    # (a time expression may open with its own preposition: "on Monday", "in April")
    own = _WORD_OPENS.match(m.text, d.start, d.end)
    hit = own or _WORD_BEFORE.search(m.text, max(0, d.start - 10), d.start)
    return hit.group(1) if hit else "-"
