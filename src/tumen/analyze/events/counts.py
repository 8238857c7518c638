"""A learned ranker for an event's count of people: the rules' pick, each count told in the
event's sentence, the three sentences before it and the headline, and "no count", each
scored from where and how it is told (issue #16).

Trained on the study sets' gold events aligned to the analyser's (`python -m
tumen.eval.train_counts`), stored in data/count_ranker.json. It replaces the rules' count
only when its best candidate beats the rules' pick by the stored margin (chosen by
leave-one-corpus-out full-event F1); switched off, it changes nothing.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from tumen.analyze.events.base import Mentions, Trigger, lang_key
from tumen.analyze.events.phrases import arguments
from tumen.analyze.events.ranking import Linear, Recorder, Switch, linear_fields
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.morph import morphs
from tumen.analyze.morph.roles import case_of
from tumen.analyze.numbers import Count, approximation
from tumen.analyze.sentences import Sentence
from tumen.models import Event

MODEL_FILE = "count_ranker.json"

# How many sentences before the event's own its candidates come from.
_BEFORE = 3
# A clause break between a count and the trigger ("5 were caught, and 3 fled").
_BREAKS = ",;:、，。"


@dataclass(frozen=True)
class Candidate:
    """A count the event may have (None: no count) and the names of its features."""

    value: int | None
    features: tuple[str, ...]


@dataclass(frozen=True)
class Ranker(Linear):
    """A logistic regression over candidate features, and the margin it must win by."""

    def score(self, c: Candidate) -> float:
        """P(the candidate is the event's count)."""
        return self.probability(c.features)

    def choose(self, cands: list[Candidate], rule: int | None) -> int | None:
        """The best candidate's count when it beats the rules' pick by the margin."""
        scored = [(self.score(c), c.value) for c in cands]
        best, value = max(scored, key=lambda s: s[0])
        ruled = max((s for s, v in scored if v == rule), default=0.0)
        return value if value != rule and best - ruled > self.margin else rule


def ranker_from_json(data: dict[str, Any]) -> Ranker:
    """A ranker from its stored form."""
    return Ranker(**linear_fields(data))


_SWITCH: Switch[Ranker] = Switch("tumen_count_ranker", MODEL_FILE, ranker_from_json)
using_ranker = _SWITCH.using
load_ranker = _SWITCH.load
# where the trainer collects (event index, rules' count, candidates) of each event (None: nowhere)
_SEEN: Recorder[tuple[int, int | None, list[Candidate]]] = Recorder("tumen_count_candidates")
collecting = _SEEN.recording


def rank_counts(
    events: list[Event], m: Mentions, head: int, found: list[list[Trigger]]
) -> list[Event]:
    """Each event with the count the ranker prefers (events as they are when it is off)."""
    ranker, seen = load_ranker(), _SEEN.get()
    if ranker is None and seen is None:
        return events
    out = []
    for i, e in enumerate(events):
        cands = candidates(e, m, head, found)
        if seen is not None:
            seen.append((i, e.people, cands))
        people = e.people if ranker is None else ranker.choose(cands, e.people)
        out.append(e if people == e.people else replace(e, people=people))
    return out


def _where(e: Event, m: Mentions, head: int, found: list[list[Trigger]]) -> int:
    """The index of the event's sentence in m.sentences (a headline event: the headline
    line with a trigger of its type)."""
    if e.evidence.end == 0 and e.evidence.start == 0:
        lines = [i for i, s in enumerate(m.sentences) if s.start < head]
        typed = [i for i in lines if any(t.type == e.type for t in found[i])]
        return (typed or lines or [0])[0]
    starts = [s.start for s in m.sentences]
    at = bisect.bisect_right(starts, e.evidence.start + head) - 1
    return max(at, 0)


def candidates(e: Event, m: Mentions, head: int, found: list[list[Trigger]]) -> list[Candidate]:
    """The event's candidate counts with their features."""
    lang = lang_key(m.lang)
    at = _where(e, m, head, found)
    sent = m.sentences[at]
    trig = next((t for t in found[at] if t.type == e.type), None) if at < len(found) else None
    lines = [s for s in m.sentences if s.start < head]
    scope = [(f"prev{at - i}", m.sentences[i]) for i in range(at - 1, max(0, at - _BEFORE) - 1, -1)]
    scope = [("same", sent), *scope] + [("head", s) for s in lines if s is not sent]
    mentions: dict[int, list[tuple[str, ...]]] = {}
    for source, s in scope:
        for c in m.counts_in((s.start, s.end)):
            told_so = _mention(c, source, sent, trig, found[at] if at < len(found) else [], m)
            mentions.setdefault(c.value, []).append(told_so)
    told = [c.value for c in m.counts]
    main = _main(told)
    heads = {c.value for s in lines for c in m.counts_in((s.start, s.end))}
    common = (f"lang={lang}", f"type={e.type}", "rule_none" if e.people is None else "rule_some")
    base: dict[int | None, tuple[str, ...]] = {}
    for value, feats in mentions.items():
        first = feats[0]  # (the nearest: the event's own sentence first)
        base[value] = (
            *first, "cand", f"n={min(told.count(value), 3)}", f"v={_bucket(value)}",
            *(["in_head"] if value in heads else []),
            *(["main"] if value == main else []),
            *(["also_same"] if len(feats) > 1 and any(f[0] == "src=same" for f in feats) else []),
        )
    if e.people is not None and e.people not in mentions:
        base[e.people] = ("cand", "rule_only")
    base[None] = _no_count(m, sent, bool(mentions))
    # (how the rules' pick is told, beside each other candidate: whether to overrule it)
    ruled = tuple(f"r:{f}" for f in base[e.people]) if e.people is not None else ("r:none",)
    return [
        Candidate(v, _crossed((*f, "is_rule"), common)) if v == e.people
        else Candidate(v, (*_crossed(f, common), *ruled))
        for v, f in base.items()
    ]


def _no_count(m: Mentions, sent: Sentence, any_count: bool) -> tuple[str, ...]:
    """The features of "no count": whether the sentence counts anyone, and how."""
    same = m.counts_in((sent.start, sent.end))
    none = ["none"]
    none += ["none_no_same"] if not same else []
    none += ["none_ranged"] if any(c.ranged for c in same) else []
    none += ["none_approx"] if any(approximation(m.text, c) for c in same) else []
    none += [] if any_count else ["none_no_scope"]
    return tuple(none)


def _main(told: list[int]) -> int | None:
    """The value the text counts most often, if one does (the group it is about)."""
    tally = Counter(told).most_common(2)
    if not tally or (len(tally) > 1 and tally[0][1] == tally[1][1]):
        return None
    return tally[0][0]


def _crossed(feats: tuple[str, ...], common: tuple[str, ...]) -> tuple[str, ...]:
    """Each feature alone and with the language, the event type and the rules' pick."""
    return (
        *feats,
        *(f"{f}|{c}" for f in feats for c in common),
    )


def _bucket(value: int) -> str:
    return "1" if value == 1 else ("2-9" if value < 10 else ("10-99" if value < 100 else "100+"))


def _mention(
    c: Count, source: str, sent: Sentence, trig: Trigger | None, triggers: list[Trigger],
    m: Mentions,
) -> tuple[str, ...]:
    """How one count is told relative to the event's trigger."""
    out = [f"src={source}"]
    if c.subset:
        out.append("subset")
    if c.companion:
        out.append("companion")
    if c.ranged:
        out.append("ranged")
    kind = approximation(m.text, c)
    if kind:
        out.append(f"approx={kind}")
    if source != "same" or trig is None:
        return tuple(out)
    lo, hi = (c.end, trig.start) if c.end <= trig.start else (trig.end, c.start)
    out.append("before" if c.end <= trig.start else "after")
    gap = max(0, hi - lo)
    out.append(f"d={'0' if gap < 4 else '1' if gap < 15 else '2' if gap < 40 else '3'}")
    if any(ch in m.text[lo:hi] for ch in _BREAKS):
        out.append("break")
    if any(t is not trig and lo <= t.start < hi for t in triggers):
        out.append("trig_between")
    if trig.clause[0] <= c.start < trig.clause[1]:
        out.append("in_clause")
    out.extend(_role(c, sent, trig, m))
    return tuple(out)


def _role(c: Count, sent: Sentence, trig: Trigger, m: Mentions) -> list[str]:
    """The count's role to the verb: its case (Korean, Japanese), or whether it lies in the
    subject or object phrase TextBlob finds (English)."""
    if m.lang in MORPH_LANGUAGES:
        case = case_of(morphs(m.text, m.lang), c.end, m.lang)
        return [f"role={case}"] if case else []
    args = arguments(sent.text, trig.start - sent.start)
    out = ["passive"] if args.passive else []
    for name, span in (("subj", args.subject), ("obj", args.object)):
        if span is not None and sent.start + span[0] <= c.start < sent.start + span[1]:
            out.append(f"role={name}")
    return out
