"""A learned ranker of an event's country (issue #16): after the rules attach a country,
each country the text names near the event (its sentence, up to three sentences before,
the headline, the dateline) and "no country" are scored by a logistic model over features
that hold across outlets (where the name was told, how far from the trigger, the case
particle or preposition before or after it, the rules' pick, the country's class and how
often it is named); the top candidate replaces the rules' pick only when it beats it by
the stored margin. Weights: data/event_country.json, written by
`python -m tumen.eval.train_country`; analysis reads only that JSON."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tumen.analyze.dateline import in_dateline
from tumen.analyze.events.base import Mentions, Trigger, lang_key, load_rules
from tumen.analyze.events.merge import merge_events
from tumen.analyze.events.ranking import Linear, Recorder, Switch, linear_fields
from tumen.analyze.gazetteer import (
    find_demonym_countries,
    find_organisations,
    find_places,
    place_by_name,
)
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.morph import morphs
from tumen.analyze.morph.base import CASE, PUNCT, VERB
from tumen.analyze.morph.roles import morphs_within
from tumen.models import Event

MODEL_FILE = "event_country.json"
NONE = "-"
# How many sentences before the event's own are read for candidates.
BEFORE = 3
# Countries on the routes out of China (a class of candidate, with the rules' transit ones).
_ROUTE = frozenset({"LA", "VN", "MN", "MM", "KH", "TH"})
# Where a candidate was named, nearest first.
_NEAREST = ("sent", "prev1", "prev2", "prev3")
# An English word that may be a preposition or article before a name ("in", "to", "the").
_SHORT_WORD = re.compile(r"\b([a-z]{1,4})\W{0,2}$")


@dataclass(frozen=True)
class Ranker(Linear):
    """The stored model: a bias, weights by feature, and the margin a switch needs."""

    def score(self, features: list[str]) -> float:
        """The candidate's log-odds of being the event's country."""
        return self.logit(features)


@dataclass(frozen=True)
class Candidate:
    """A country (NONE: no country) and its features for one event."""

    country: str
    features: tuple[str, ...]


@dataclass(frozen=True)
class Seen:
    """One event as the ranker saw it (for the trainer): type, evidence span, the rules'
    pick and the candidates."""

    type: str
    start: int
    end: int
    rule: str
    candidates: tuple[Candidate, ...]


# where the trainer collects every event the ranker is asked about (None: nowhere)
_SEEN: Recorder[Seen] = Recorder("tumen_country_seen")
recording = _SEEN.recording


def ranker_from_json(data: dict[str, Any]) -> Ranker:
    """The ranker of a stored JSON object."""
    return Ranker(**linear_fields(data))


_SWITCH: Switch[Ranker] = Switch("tumen_country", MODEL_FILE, ranker_from_json)
using_ranker = _SWITCH.using
load_ranker = _SWITCH.load


def rank_countries(
    events: list[Event], m: Mentions, found: list[list[Trigger]], head: int = 0
) -> list[Event]:
    """The text's merged events, each given the ranker's country where its top candidate
    beats the rules' pick by the margin (merged again when one changed). `found`: each
    sentence's triggers; `head`: the title's length (a body event's offsets are the body's,
    a title event's are 0..0)."""
    ranker, seen = load_ranker(), _SEEN.get()
    if (ranker is None and seen is None) or not events:
        return events
    text = _Text(m)
    changed = False
    kinds = Counter((e.type, e.country) for e in events)
    for event in events:
        ev = event.evidence
        span = (ev.start + head, ev.end + head) if ev.end else (0, max(head, 1))
        # the countries other events of its type have: given one, it would be told twice
        others = {c for (t, c), n in kinds.items()
                  if t == event.type and c and (c != event.country or n > 1)}
        cands = candidates(event, span[0], text, found, others)
        rule = event.country or NONE
        if seen is not None:
            seen.append(Seen(event.type, *span, rule, tuple(cands)))
        if ranker is None:
            continue
        scores = {c.country: ranker.score(list(c.features)) for c in cands}
        top = max(scores, key=lambda c: scores[c])
        if top != rule and scores[top] - scores.get(rule, -math.inf) > ranker.margin:
            _switch(event, top)
            changed = True
    return merge_events(events) if changed else events


def _switch(event: Event, country: str) -> None:
    """Give the event the ranker's country; a place of another country goes with the old."""
    event.country = None if country == NONE else country
    known = place_by_name(event.place) if event.place else None
    if known is None or known.country != event.country:
        event.place = None


@dataclass(frozen=True)
class _Name:
    """A country named in the text: where, and whether by a demonym ("Chinese police")."""

    country: str
    start: int
    end: int
    demonym: bool


class _Text:
    """What the ranker reads of a whole text, found once per text."""

    def __init__(self, m: Mentions) -> None:
        self.m = m
        self.starts = [s.start for s in m.sentences]
        places = find_places(m.text)
        self.dateline = [
            _Name(p.country, p.start, p.end, False) for p in in_dateline(m.text, places)
            if p.country
        ]
        demonyms = [_Name(c, at, at + 1, True) for at, c in find_demonym_countries(m.text)]
        named = [_Name(p.country, p.start, p.end, False) for p in m.places if p.country]
        self.names = sorted(named + demonyms, key=lambda n: n.start)
        self.name_starts = [n.start for n in self.names]
        self.counts = Counter(n.country for n in self.names)
        self.orgs = [(o.start, o.end) for o in find_organisations(m.text)]
        first = m.sentences[0] if m.sentences else None
        # the headline: a first line standing alone
        self.head = first if first and "\n" in m.text[first.end : first.end + 3] else None
        self.head_countries = (
            {n.country for n in self.names_in(first.start, first.end)} if first and self.head
            else set()
        )

    def names_in(self, lo: int, hi: int) -> list[_Name]:
        """The countries named in text[lo:hi]."""
        i = bisect.bisect_left(self.name_starts, lo)
        j = bisect.bisect_left(self.name_starts, hi)
        return self.names[i:j]

    def index(self, start: int) -> int:
        """The index of the sentence an offset lies in."""
        return max(0, bisect.bisect_right(self.starts, start) - 1)


def candidates(
    event: Event, start: int, text: _Text, found: list[list[Trigger]], others: set[str]
) -> list[Candidate]:
    """The candidate countries of an event read from the sentence at `start`, each with
    its features; `others`: the countries other events of its type have."""
    m = text.m
    if not m.sentences:
        return [Candidate(NONE, ("none",))]
    i = text.index(start)
    sent = m.sentences[i]
    own = found[i] if i < len(found) else []
    at = next((t.start for t in own if t.type == event.type), sent.start)
    tags: dict[str, set[str]] = {}
    for name in text.names_in(sent.start, sent.end):
        side = "before" if name.start < at else "after"
        gap = abs(name.start - at)
        near = "near" if gap < 30 else "mid" if gap < 80 else "far"
        tags.setdefault(name.country, set()).update(
            {"sent", f"sent_{side}", f"sent_{near}", *_name_tags(name, text, "mark")}
        )
    for back in range(1, BEFORE + 1):
        if i - back < 0:
            break
        s = m.sentences[i - back]
        for name in text.names_in(s.start, s.end):
            tags.setdefault(name.country, set()).update({f"prev{back}",
                                                         *_name_tags(name, text, "pmark")})
    if text.head is not None and i != 0:
        for name in text.names_in(text.head.start, text.head.end):
            tags.setdefault(name.country, set()).add("head")
    for name in text.dateline:
        tags.setdefault(name.country, set()).add("dateline")
    rule = event.country or NONE
    if rule != NONE:
        tags.setdefault(rule, set()).add("rule")
    for c in others & set(tags):
        # an event with no country of a type told elsewhere in that country is that event
        # told again where the merge could not tell (another date): it gets no such country
        if rule == NONE:
            del tags[c]
        else:
            tags[c].add("told")
    out = [_candidate(c, got, event.type, rule, text) for c, got in tags.items()]
    n = min(len(out), 3)
    none = ["none", f"none|type={event.type}", f"none|lang={lang_key(m.lang)}", f"none|n={n}"]
    # where the nearest named country is: the event's sentence, the one before, further
    named = {tag for got in tags.values() for tag in got}
    none.append(f"none|near={next((x for x in _NEAREST if x in named), 'far')}")
    if i == 0 and text.head is not None:
        none.append("none|in_head")
    if rule == NONE:
        none += ["none|rule", f"none|rule|type={event.type}"]
    # (no country is a choice only where the rules gave none: the ranker places events,
    # it does not unplace them)
    return [*out, Candidate(NONE, tuple(none))] if rule == NONE else out


def _candidate(country: str, tags: set[str], etype: str, rule: str, text: _Text) -> Candidate:
    """A country's features: its tags alone and crossed with the event's type, the
    rules' pick being none, and the language."""
    lang = lang_key(text.m.lang)
    kind = _class(country)
    n = text.counts.get(country, 0)
    most = bool(text.counts) and n == max(text.counts.values())
    base = set(tags) | {f"cls={kind}", f"n={min(n, 4)}"}
    if most:
        base.add("most")
    if country in text.head_countries:
        base.add("in_head")
    out = set(base)
    for t in base:
        if t.startswith(("mark=", "pmark=")):
            out.add(f"{t}|lang={lang}")
            continue
        out.add(f"{t}|type={etype}")
        if rule == NONE:
            out.add(f"{t}|rule_none")
    out.add(f"cls={kind}|type={etype}|lang={lang}")
    return Candidate(country, tuple(sorted(out)))


def _class(country: str) -> str:
    """KP, CN, KR, a country on the routes out, or other."""
    if country in ("KP", "CN", "KR"):
        return country
    return "route" if country in _ROUTE | load_rules().transit_countries else "other"


def _name_tags(name: _Name, text: _Text, prefix: str) -> set[str]:
    """The marker around a name (the case particle after it, the short word before it),
    whether it is a demonym, and whether a speaker or an organisation stands beside it."""
    m = text.m
    out = {f"{prefix}={_marker(name, m)}"}
    if name.demonym:
        out.add("demonym")
    if lang_key(m.lang) == "en" and load_rules().speaker.search(
        m.text, name.end, min(len(m.text), name.end + 40)
    ):
        out.add("speaker")
    if any(a - 12 <= name.end and name.start <= b + 12 for a, b in text.orgs):
        out.add("org")
    return out


def _marker(name: _Name, m: Mentions) -> str:
    """The case particle after a Korean or Japanese name (the analyser's), the short
    lower-case word before an English one ("in", "to", "from"), or "-"."""
    if m.lang in MORPH_LANGUAGES and not name.demonym:
        for x in morphs_within(morphs(m.text, m.lang), name.end, name.end + 8)[:3]:
            if x.kind == CASE:
                return x.form
            if x.kind in (VERB, PUNCT):
                break
        return "-"
    if m.lang in MORPH_LANGUAGES:
        return "-"
    hit = _SHORT_WORD.search(m.text, max(0, name.start - 8), name.start)
    return hit.group(1) if hit else "-"
