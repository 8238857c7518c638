"""A learned event-coreference scorer (issue #16): whether another sentence of the text
tells the same event as a kept event, from features that say nothing of one text (the
event types its triggers and proposed events name, whether it names the event's count,
country, place and date or others, how many words it shares with the event's sentence, how
far it is and in which direction, whether it is the headline, its cue words of
background), scored by a logistic regression.

Its use: an event the rules left undated (uncounted) takes the date (count) that the
likeliest coreferent sentence offers, when that sentence is likely enough (the stored
`margin`, a probability): the value nearest a trigger of the event's type, else the only
one it names (a date only where it is offered in one of the stored ways, `hows`).

Trained on the evidence of the study sets (every sentence stating a gold event, by
`python -m tumen.eval.train_coref`), stored in data/event_coref.json switched off: out of
corpus it puts as many dates wrong as right, and so it would with the evidence's own
coreference (the trainer's `--loco` prints that ceiling): gold leaves an event undated (or
keeps its own sentence's value) where another sentence of it tells a date as often as it
takes that date. Its one unseen look (session 20; dates lent above .8, the setting
leave-one-corpus-out chose, study full F1 .587 -> .590): unseen pooled full F1 .480 -> .472
(development check .425 -> .402, pooled Japanese .457 -> .421), development check incident
pairwise F1 .608 -> .578. Its second (dates offered nearest a trigger of the event's own type,
lent above .3: chosen with fresh4 as a fifth corpus, where no corpus fell and the sum rose
.5508 -> .5543): unseen pooled full F1 .484 -> .478 (development check .424 -> .413, fresh2
.461 -> .455, pooled Japanese .475 -> .448), development check incident F1 .608 -> .585.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from tumen.analyze.events.base import Mentions, Trigger, lang_key
from tumen.analyze.events.counts import _where as sentence_of
from tumen.analyze.events.merge import date_within
from tumen.analyze.events.ranking import Linear, Recorder, Switch, linear_fields
from tumen.analyze.sentences import Sentence
from tumen.analyze.telling import cues
from tumen.models import Event

MODEL_FILE = "event_coref.json"
_WORD = re.compile(r"[a-z]+")
# Every way a sentence may offer its date (Pair.how).
HOWS = frozenset({"trig", "other", "only", "only_other"})


@dataclass(frozen=True)
class Pair:
    """Another sentence (its index) beside an event: its features and the date and count
    it offers the event (None: none, or more than one with nothing to choose by)."""

    sentence: int
    text: str
    features: dict[str, float]
    date: str | None
    people: int | None
    # how the sentence offers its date: nearest a trigger of the event's type ("trig"),
    # nearer a trigger of another type ("other"), the only one of a sentence without
    # triggers ("only") or with triggers of other types only ("only_other")
    how: str = ""


@dataclass(frozen=True)
class Coref(Linear):
    """A logistic regression over pair features; `margin`: the probability a sentence
    needs to lend its date or count; `dates`, `counts`: which it lends; `hows`: the ways
    a lent date may be offered (Pair.how)."""

    dates: bool = True
    counts: bool = True
    hows: frozenset[str] = HOWS


def coref_from_json(data: dict[str, Any]) -> Coref:
    """A scorer from its stored form."""
    return Coref(**linear_fields(data), dates=bool(data.get("dates", True)),
                 counts=bool(data.get("counts", True)),
                 hows=frozenset(data.get("hows", HOWS)))


_SWITCH: Switch[Coref] = Switch("tumen_event_coref", MODEL_FILE, coref_from_json)
using_coref = _SWITCH.using
load_coref = _SWITCH.load
# where the trainer collects each analysed text's events and their pairs (None: nowhere)
_RECORD: Recorder[tuple[list[Event], list[list[Pair]]]] = Recorder("tumen_coref_record")
recording = _RECORD.recording


def lend(
    events: list[Event], m: Mentions, found: list[list[Trigger]], head: int,
    proposed: list[Event],
) -> list[Event]:
    """The events, each undated (uncounted) one given the date (count) of its likeliest
    coreferent sentence (`proposed`: every event proposed before any was left out)."""
    model, record = load_coref(), _RECORD.get()
    if model is None and record is None:
        return events
    where = [sentence_of(e, m, head, found) for e in proposed]
    every = [pairs(e, m, found, head, proposed, where) for e in events]
    if record is not None:
        record.append(([replace(e, vulnerable=list(e.vulnerable)) for e in events], every))
    if model is None:
        return events
    return [lent(e, ps, model) for e, ps in zip(events, every, strict=True)]


def lent(e: Event, ps: list[Pair], model: Coref, told: list[float] | None = None) -> Event:
    """The event with what its likeliest coreferent sentence offers in its gaps (`told`:
    each pair's probability, when known: the trainer's ceiling gives the evidence's)."""
    probs = told if told is not None else [model.probability(p.features) for p in ps]
    top = max(range(len(ps)), key=lambda k: probs[k], default=None)
    if top is None or probs[top] < model.margin:
        return e
    best = ps[top]
    date, people = e.date, e.people
    if model.dates and date is None and best.how in model.hows:
        date = best.date
    if model.counts and people is None:
        people = best.people
    return e if (date, people) == (e.date, e.people) else replace(e, date=date, people=people)


def pairs(
    e: Event, m: Mentions, found: list[list[Trigger]], head: int, proposed: list[Event],
    where: list[int],
) -> list[Pair]:
    """Every other sentence of the text beside the event, with its features and offers."""
    at = sentence_of(e, m, head, found)
    lang = lang_key(m.lang)
    out = []
    for j, sent in enumerate(m.sentences):
        if j == at or j in m.skip:
            continue
        trig = found[j] if j < len(found) else []
        here = [x for x, w in zip(proposed, where, strict=True) if w == j and x.type == e.type]
        feats = _features(e, at, j, sent, trig, here, m, head)
        feats[f"lang={lang}"] = 1.0
        feats[f"type={e.type}"] = 1.0
        for c in cues(sent.text, lang):
            feats[f"cue={c}"] = 1.0
        out.append(Pair(j, sent.text, feats, *_offers(e, sent, trig, m)))
    return out


def _features(
    e: Event, at: int, j: int, sent: Sentence, trig: list[Trigger], here: list[Event],
    m: Mentions, head: int,
) -> dict[str, float]:
    """How a sentence stands to the event (module docstring)."""
    gap = abs(j - at)
    f = {f"d={gap if gap < 3 else '3-4' if gap < 5 else '5+'}": 1.0,
         "after" if j > at else "before": 1.0}
    if sent.start < head:
        f["s_title"] = 1.0
    if m.sentences[at].start < head:
        f["e_title"] = 1.0
    types = {t.type for t in trig}
    f["trig_same" if e.type in types else "trig_other" if types else "trig_none"] = 1.0
    for t in sorted(types - {e.type}):
        f[f"trig_also={t}"] = 1.0
    for x in here:
        if x.country is not None and e.country is not None:
            f["ev_country_same" if x.country == e.country else "ev_country_other"] = 1.0
        if x.people is not None and e.people is not None:
            f["ev_count_same" if x.people == e.people else "ev_count_other"] = 1.0
        if x.date is not None and e.date is not None:
            f["ev_date_fit" if _fit(x.date, e.date) else "ev_date_other"] = 1.0
    told = {c.value for c in m.counts_in((sent.start, sent.end)) if not c.ranged}
    if told:
        f["cnt_same" if e.people in told else "cnt_other" if e.people else "cnt_new"] = 1.0
    spots = m.places_in((sent.start, sent.end))
    if e.place is not None and any(p.name == e.place for p in spots):
        f["place_same"] = 1.0
    share = _overlap(m.sentences[at].text, sent.text, m.lang)
    f[f"overlap={'0' if share < .05 else '1' if share < .1 else '2' if share < .2 else '3'}"] = 1.0
    named = {p.country for p in spots if p.country}
    if named:
        f["ctry_same" if e.country in named else "ctry_other"] = 1.0
    dates = {d.value for d in m.dates_in((sent.start, sent.end)) if not d.reporting}
    if dates:
        fit = e.date is not None and any(_fit(d, e.date) for d in dates)
        f["date_fit" if fit else "date_other" if e.date else "date_new"] = 1.0
    return f


def _overlap(a: str, b: str, lang: str) -> float:
    """The share of words (English) or character pairs (Korean, Japanese) two sentences
    have in common (Jaccard)."""
    x, y = _pieces(a, lang), _pieces(b, lang)
    return len(x & y) / len(x | y) if x and y else 0.0


def _pieces(text: str, lang: str) -> set[str]:
    if lang_key(lang) == "en":
        return {w for w in _WORD.findall(text.lower()) if len(w) > 3}
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in pairwise(chars)}


def _fit(a: str, b: str) -> bool:
    """Whether two dates are one, or one holds the other."""
    return a == b or date_within(a, b) or date_within(b, a)


def _offers(
    e: Event, sent: Sentence, trig: list[Trigger], m: Mentions
) -> tuple[str | None, int | None, str]:
    """The date and count a sentence offers the event (the one nearest a trigger of its
    type, else the only one the sentence names), and how it offers the date (Pair.how)."""
    dates = [(d.start, d.value) for d in m.dates_in((sent.start, sent.end)) if not d.reporting]
    counts = [(c.start, c.value) for c in m.counts_in((sent.start, sent.end))
              if not (c.ranged or c.subset or c.companion)]
    at = [t.start for t in trig if t.type == e.type]
    date = _nearest(dates, at)
    return date, _nearest(counts, at), _how(dates, date, at, [t.start for t in trig
                                                                  if t.type != e.type])


def _how(dates: list[tuple[int, str]], date: str | None, at: list[int], others: list[int]) -> str:
    """How a sentence offers its date (Pair.how; empty: it offers none)."""
    if date is None:
        return ""
    if not at:
        return "only_other" if others else "only"
    start = next(s for s, v in dates if v == date)
    near = min(abs(start - a) for a in at)
    return "other" if any(abs(start - o) < near for o in others) else "trig"


def _nearest(told: list[tuple[int, Any]], at: list[int]) -> Any:
    """The value told nearest one of the offsets; without them, the only value told."""
    if not told:
        return None
    if at:
        return min(told, key=lambda x: min(abs(x[0] - a) for a in at))[1]
    values = {v for _, v in told}
    return values.pop() if len(values) == 1 else None
