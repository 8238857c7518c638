"""Event triggers: the verbs that report an event, with their zones in the sentence."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from tumen.analyze.events.base import (
    KILLING,
    ByStart,
    Mentions,
    Rules,
    Trigger,
    lang_key,
    load_rules,
)
from tumen.analyze.events.frames import discovery_hits, frame_hits
from tumen.analyze.events.learned import learned_hits
from tumen.analyze.events.phrases import arguments
from tumen.analyze.gazetteer import find_demonym_countries, load_gazetteer
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.morph import Predicate, morphs, predicates
from tumen.analyze.morph.base import ADNOMINAL, CONJ, Morph, manner
from tumen.analyze.morph.roles import SUBJECT, TOPIC, active, case_of, has_role, pronoun_as
from tumen.analyze.numbers import is_people_noun
from tumen.analyze.prefilter import spans, within
from tumen.analyze.sentences import Sentence
from tumen.analyze.verbs import NOT_DONE, VerbGroup, verb_groups
from tumen.models import Entity


def _negated(text: str, start: int, end: int, sent_start: int, lang: str, rules: Rules) -> bool:
    key = lang_key(lang)
    before = text[sent_start:start]
    if key == "en":
        # A cue in a relative clause set off by commas ("who asked not to be named,")
        # stays there.
        head, _, aside = before.rstrip().removesuffix(",").rpartition(",")
        if before.rstrip().endswith(",") and head and rules.aside.match(aside):
            before = ""
        words = before.split()
        # A verb joined to the one before ("will be sent north and handed back") shares
        # its cues.
        reach = (
            rules.window * 2
            if rules.coordinated.search(" ".join(words[-rules.window :]))
            else rules.window
        )
        before = " ".join(words[-reach:])
    else:
        before = before[-8:]
    if rules.neg_before[key].search(before):
        return True
    return bool(rules.neg_after[key].match(text, end))


def hypothetical(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the words around text[start:end] make it negated, feared or planned."""
    cut = max(text.rfind(c, 0, start) for c in ".!?。\n")
    return _negated(text, start, end, max(0, cut + 1), lang, load_rules())


def _safe_enough(text: str, start: int, end: int, places: list[Entity], rules: Rules) -> bool:
    """A generic "arrived in" counts only when it leads to a safe country or a refuge, or
    a safe country's state body took them in ("saved at sea by South Korean sailors", "우리
    해경에 구조됐다": a sea, where it happened, is no country's)."""
    if rules.safety_words.search(text, start, end):
        return True
    countries = (rules.coast_country(p) for p in places if start <= p.start < end)
    if any(c in rules.safe_countries for c in countries):
        return True
    return any(c in rules.safe_countries for _, c in find_demonym_countries(text[start:end]))


def clause_spans(sent: Sentence, m: Mentions, rules: Rules) -> list[tuple[int, int]]:
    """The clauses of a sentence: split at the language's clause breaks (in Korean, an
    ending that joins clauses, as the morphemes tell it)."""
    cuts = [sent.start]
    joins = _joining_ends(m.text) if m.lang == "ko" else None
    for hit in rules.clause_break[lang_key(m.lang)].finditer(sent.text):
        at = sent.start + hit.start()
        # a bare space after 고/며/다고/는데 is a clause end only after a joining ending
        if hit.start() > 0 and (joins is None or not hit.group().isspace() or at in joins):
            cuts.append(at)
    cuts.append(sent.end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


@lru_cache(maxsize=4)
def _joining_ends(text: str) -> frozenset[int]:
    """Where a Korean ending closes a clause: a connective or a quotative particle (not a
    noun that ends so, "내몽고"), except the -고 of a verb of riding, which says how one
    went ("어선을 타고 … 넘어": by boat); "가운데" after a verb ("…이어지는 가운데": while)."""
    ms = morphs(text, "ko")
    return frozenset(
        mo.end
        for i, mo in enumerate(ms)
        if ((mo.kind == CONJ or mo.tag == "JKQ") and not (i and manner(ms, i - 1)))
        or (mo.form == "가운데" and i and ms[i - 1].kind == ADNOMINAL)
    )



# "which" as the subject right before an English verb group.
_THING = re.compile(r"(?i)\bwhich\s+(?:(?:was|were|has|have|had|been|is|are|later|then)\s+)*$")

# The types whose English figures for a period read like cases ("135 arrived in the first
# quarter").
_COUNTED_OVER_TIME = frozenset({"reached_safety", "border_crossing"})

# Where an English sentence turns from what usually happens to the case.
_TURN = re.compile(r"(?i);|\bhowever\b|,\s*but\b")

# How a sentence told in full ends (a headline or a caption line has no full stop).
_TOLD = (".", "!", "?", '"', "\u201d")

# The case after a place that makes it where a return went ("옌지로", "延吉に").
# A gloss or "등"/"など" (and others) may stand between ("창춘(長春) 등으로").
_RETURN_GOAL = re.compile(r"\s*(?:\([^()]{1,12}\))?\s*(?:등|など)?\s*(?:으로|로|에|に|へ)")

_Live = tuple[tuple[str, re.Pattern[str], list[tuple[int, int]] | None], ...]


@lru_cache(maxsize=3)
def trigger_patterns(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One language's trigger patterns, compiled when the first text in it comes."""
    flags = re.IGNORECASE if key == "en" else 0
    return tuple((etype, re.compile(p, flags)) for etype, p in load_rules().triggers[key])


@lru_cache(maxsize=4)
def _live_triggers(text: str, key: str) -> _Live:
    """The triggers that can match somewhere in text (most cannot), with where they can."""
    found = ((etype, rx, spans(rx, text)) for etype, rx in trigger_patterns(key))
    return tuple(t for t in found if t[2] is None or t[2])


def find_triggers(m: Mentions, sent: Sentence, rules: Rules) -> list[Trigger]:
    key = lang_key(m.lang)
    parts = _told_parts(m, sent, rules.generic_subject[key])
    if not parts:
        return []
    found = _morph_hits(m, sent, key) if m.lang in MORPH_LANGUAGES else _regex_hits(m, sent, key)
    hits = [
        h for h in found
        if _kept(m, sent, h, key, rules) and any(a <= h[0] < b for a, b in parts)
    ]
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if any(k[0] < h[1] and h[0] < k[1] for k in kept):
            continue
        last = kept[-1] if kept else None
        # Two verbs of one act ("철책을 넘어 월북한") are one trigger.
        if last and last[2] == h[2] and rules.glue.fullmatch(m.text, last[1], h[0]):
            kept[-1] = (last[0], h[1], h[2])
            continue
        kept.append(h)
    zones = _zones(kept, clause_spans(sent, m, rules), key)
    if key == "en":
        return [
            replace(t, crime=_killed_by_subject(m, sent, t, rules) or _not_a_refugee(m, sent, t))
            for t in zones
        ]
    told = _predicates_by_start(m.text, key).within((sent.start, sent.end))
    seas = {p.start for p in told if p.sea}
    crimes = {p.start for p in told if p.type == "death" and _killed_by_them(m, sent, p)}
    return [
        replace(
            t,
            attributive=bool(rules.attributive[key].match(m.text, t.end)),
            sea=t.start in seas,
            crime=t.start in crimes,
        )
        for t in zones
    ]


def learned_triggers(
    m: Mentions, sent: Sentence, index: int, ruled: list[Trigger]
) -> list[Trigger]:
    """The learned tagger's triggers in a sentence (events/learned.py) where the rules
    read none of their type, under the same cues of negation, fear, habit and generality as
    the rules' triggers; each takes its part of its clause as the rules' do."""
    rules = load_rules()
    key = lang_key(m.lang)
    kept = [(t.start, t.end, t.type) for t in ruled]
    hits = _learned(m, sent, index, key, kept)
    # (the sentence's parts are read only where the tagger read something: most have none)
    parts = _told_parts(m, sent, rules.generic_subject[key]) if hits else []
    learned = [
        h for h in hits
        if _kept(m, sent, h, key, rules) and any(a <= h[0] < b for a, b in parts)
    ]
    if not learned:
        return []
    starts = {h[0] for h in learned}
    zones = _zones(sorted(kept + learned), clause_spans(sent, m, rules), key)
    return [
        replace(t, attributive=key != "en" and bool(rules.attributive[key].match(m.text, t.end)))
        for t in zones
        if t.start in starts
    ]


def _learned(
    m: Mentions, sent: Sentence, index: int, key: str, kept: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The tagger's hits where the rules read none of their type, not negated nor (in
    English) told as undone or as what usually happens."""
    rules = load_rules()
    found = [
        h for h in learned_hits(m, sent, index, kept)
        if not _negated(m.text, h[0], h[1], sent.start, m.lang, rules)
    ]
    if key != "en" or not found:
        return found
    habitual = _habitual(m, sent)
    return [
        h for h in found
        if _told_as_done(sent, h[0], h[1]) and not (habitual and _present(sent, h))
    ]


def _told_parts(m: Mentions, sent: Sentence, generic: re.Pattern[str]) -> list[tuple[int, int]]:
    """The parts of a sentence, as its semicolons set them apart, that tell cases: not one
    that opens with a summary or a comparison ("…the second such case; in May, two fled":
    the second part is told)."""
    cuts = [sent.start, *(sent.start + i + 1 for i, c in enumerate(sent.text) if c == ";")]
    ends = [*cuts[1:], sent.end]
    return [(a, b) for a, b in zip(cuts, ends, strict=True) if not generic.match(m.text, a)]


def _regex_hits(m: Mentions, sent: Sentence, key: str) -> list[tuple[int, int, str]]:
    """Trigger patterns of the sentence that no negation or fear cue governs, told as
    news (in English: not in a habitual present)."""
    rules = load_rules()
    habitual = key == "en" and _habitual(m, sent)
    hits = [h for h in _told_hits(m, sent, key) if not (habitual and _present(sent, h))]
    if key == "en":
        found = frame_hits(m, sent, habitual) + discovery_hits(sent)
        found = [h for h in found if not _negated(m.text, h[0], h[1], sent.start, m.lang, rules)]
        # a frame reads the verb with its goal or object, a pattern often the verb alone: a
        # body found is a death, not the rescue a pattern reads in "police found ..."; a
        # move into a mission is a refuge reached, not the transfer "transferred" reads
        hits = [h for h in hits if not any(_outranks(f, h) for f in found)]
        hits += found
    return hits


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# The pattern types a frame of each type replaces where they read the same verb.
_OUTRANKED = {"death": None, "reached_safety": frozenset({"transfer"})}


def _outranks(frame: tuple[int, int, str], hit: tuple[int, int, str]) -> bool:
    """Whether a frame's reading of a verb replaces a pattern's reading of it."""
    if frame[2] not in _OUTRANKED or hit[2] == frame[2] or not _overlap(frame, hit):
        return False
    types = _OUTRANKED[frame[2]]
    return types is None or hit[2] in types


def habitual_mentions(m: Mentions) -> list[tuple[str, int]]:
    """(type, sentence start) of each English trigger told in a habitual present ("China
    repatriates those it catches"): no event, but the text speaks of that type of event,
    which the confidence of its other events weighs (analyze.confidence support)."""
    rules = load_rules()
    if lang_key(m.lang) != "en":
        return []
    return [
        (h[2], sent.start)
        for sent in m.sentences
        if _habitual(m, sent) and not rules.generic_subject["en"].match(m.text, sent.start)
        for h in _told_hits(m, sent, "en")
        if _present(sent, h) and _kept(m, sent, h, "en", rules)
    ]


def _told_hits(m: Mentions, sent: Sentence, key: str) -> list[tuple[int, int, str]]:
    """Trigger patterns of the sentence that no negation or fear cue governs, and in
    English whose verb group tells the act as done."""
    rules = load_rules()
    hits = []
    for etype, rx, where in _live_triggers(m.text, key):
        if not within(where, sent.start, sent.end):
            continue
        for hit in rx.finditer(m.text, sent.start, sent.end):
            if _negated(m.text, hit.start(), hit.end(), sent.start, m.lang, rules):
                continue
            if key == "en" and not _told_as_done(sent, hit.start(), hit.end()):
                continue
            hits.append((hit.start(), hit.end(), etype))
    return hits


def _habitual(m: Mentions, sent: Sentence) -> bool:
    """Whether the present tense of an English sentence tells what usually happens: a
    sentence told in full (not a headline or a caption line) that names no day."""
    if not sent.text.rstrip().endswith(_TOLD):
        return False
    return not any(sent.start <= d.start < sent.end and d.precision == 3 for d in m.dates)


def _groups_of(sent: Sentence, start: int, end: int) -> list[VerbGroup]:
    a, b = start - sent.start, end - sent.start
    return [g for g in verb_groups(sent.text) if g.start < b and a < g.end]


def _told_as_done(sent: Sentence, start: int, end: int) -> bool:
    """Whether the verb group of an English trigger tells its act as done, not as denied,
    planned, feared or suspected ("suspected of killing", "to avoid being repatriated")."""
    groups = _groups_of(sent, start, end)
    return not groups or any(g.form not in NOT_DONE for g in groups)


def _present(sent: Sentence, hit: tuple[int, int, str]) -> bool:
    """Whether an English trigger's verb groups are all in the present tense ("are sent
    back", "repatriates")."""
    groups = _groups_of(sent, hit[0], hit[1])
    return bool(groups) and all(g.form == "present" for g in groups)


def _morph_hits(m: Mentions, sent: Sentence, key: str) -> list[tuple[int, int, str]]:
    """Predicates of the sentence from its morphological analysis (Korean, Japanese) that
    happened as told: no plan, fear, condition, denial or state."""
    rules = load_rules()
    found = _predicates_by_start(m.text, key).within((sent.start, sent.end))
    # a boat washed ashore with the dead aboard ("木造船が漂着し、船内から遺体が見つかった",
    # "1人が死亡しているのが見つかった") tells their deaths, not a crossing
    dead = any(p.type == "death" and p.mood != "negated" for p in found)
    return [
        (p.start, p.end, _inland(p, m))
        for p in found
        if p.mood is None
        and not (p.safe and not _safe_enough(m.text, sent.start, p.end, m.places, rules))
        and not (p.sea and (dead or not _by_sea(m, sent.start, p.end, rules)))
    ]


def _killed_by_them(m: Mentions, sent: Sentence, p: Predicate) -> bool:
    """Whether a killing told in the active voice (or a death made to happen: "숨지게
    했다", "死なせた") was done by people: left out (the people the text is about), counted
    or a pronoun, as its subject or topic or as the noun its participle describes
    ("男2人が同僚を殺害し", "이들은 선원을 살해하고", "16명을 숨지게 하고 도피 중 나포된
    주민 2명"): a crime of theirs, not a refugee's death
    (README: the crew killed on board are no refugee deaths); a state body that kills
    ("국경경비대가 … 사살했다") names no count."""
    ms = morphs(m.text, m.lang)
    if not (p.killing and active(ms, p.start, p.end, m.lang)) and not _causative(ms, p.end):
        return False
    doer = frozenset({SUBJECT, TOPIC})
    # (a subject of a clause before it is another verb's: "귀순 의사가 있었다고 하지만, 알고
    # 보니 동료 16명을 살해하고 도주하던 사람들")
    clause = next((a for a, b in clause_spans(sent, m, load_rules()) if a <= p.start < b), None)
    if not has_role(ms, sent.start if clause is None else clause, p.start, m.lang, doer):
        return True  # who killed is left out: the people the text is about
    counted = [c for c in m.counts_in((sent.start, sent.end)) if not p.start <= c.start < p.end]
    return any(c.start >= p.end or case_of(ms, c.end, m.lang) in doer for c in counted) or (
        pronoun_as(ms, sent.start, sent.end, m.lang, doer)
    )


# A relative "who" right before an English verb group.
_WHO = re.compile(r"(?i)\bwho\s+(?:(?:had|has|have|allegedly|reportedly)\s+)*$")


# "the death of": who died is named after it
_DEATH_OF = re.compile(r"(?i)\bdeaths? of\b")
# between a subject and its verb: an aside in commas, auxiliaries and adverbs
_ASIDE = r"(?:\s*,[^,]{1,60},)?\s*,?\s*(?:(?:has|had|have|was|reportedly|suddenly|later)\s+)*"


def _not_a_refugee(m: Mentions, sent: Sentence, t: Trigger) -> bool:
    """English: whether a death is of someone the words name as no refugee: a leader of the
    North dying ("the leader Kim Jong-il died"; "the death of Kim Il-sung"), or, killed,
    the killer's own superiors or people of another nation ("shot dead his platoon leader",
    "killed four Chinese villagers")."""
    if t.type != "death":
        return False
    rules = load_rules()
    if KILLING.match(m.text, t.start):
        return bool(rules.not_refugees.match(m.text, t.end))
    # the one who died: the verb's subject ("Kim Il-sung, the founder, died"), or who "the
    # death of" names in its first words ("the death of the founder Kim Il-sung")
    subject, named = _leader_patterns(rules.leader.pattern)
    if subject.search(m.text, sent.start, t.start):
        return True
    return bool(_DEATH_OF.search(m.text, t.start, t.end) and named.match(m.text, t.end))


@lru_cache(maxsize=4)
def _leader_patterns(leader: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A leader as the subject right before a death's verb, and named right after it."""
    subject = re.compile(f"(?:{leader})(?:['\u2019]s)?{_ASIDE}$", re.IGNORECASE)
    named = re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?(?:{leader})")
    return subject, named


def _killed_by_subject(m: Mentions, sent: Sentence, t: Trigger, rules: Rules) -> bool:
    """English: whether a killing told in the active voice has people for its subject ("two
    fishermen who killed 16 crew", "They had killed their captain"), not a state body
    ("border guards killed two women") nor a thing ("Famine killed ..."): a crime of
    theirs, not a refugee's death (README: the crew killed on board are no refugee deaths)."""
    if t.type != "death" or not KILLING.match(m.text, t.start):
        return False
    args = arguments(sent.text, t.start - sent.start)
    if args.passive:
        return False
    before = m.text[sent.start : t.start]
    who = _WHO.search(before)
    if who is not None:
        # a relative clause: "who" stands for people, those of the phrase before it
        return not rules.state_doer.search(before[: who.start()].rstrip(" ,")[-60:])
    if args.subject is None:
        return False
    lo, hi = sent.start + args.subject[0], sent.start + args.subject[1]
    doer = m.text[lo:hi]
    if rules.state_doer.search(doer):
        return False
    words = re.findall(r"[\w-]+", doer)
    return bool(m.counts_in((lo, hi))) or (
        bool(words) and (words[-1].lower() in ("he", "she", "they") or is_people_noun(words[-1]))
    )


# After a verb of dying, what makes someone else its cause ("숨지게 하다", "死なせる").
_CAUSATIVE = {"게": ("하", "만들"), "せる": (), "させる": ()}


def _causative(ms: Sequence[Morph], end: int) -> bool:
    """Whether the verb ending at `end` is made causative right after it."""
    at = bisect.bisect_left(ms, end, key=lambda x: x.start)
    nxt = ms[at : at + 2]
    if not nxt or nxt[0].form not in _CAUSATIVE:
        return False
    after = _CAUSATIVE[nxt[0].form]
    return not after or (len(nxt) > 1 and nxt[1].form in after)


def _by_sea(m: Mentions, start: int, end: int, rules: Rules) -> bool:
    """Whether the words of a find or a landing, up to its verb, name the sea route and
    a place of South Korea or Japan ("韓国の東海岸で…漁船が発見された", "山口県に漂着"): a
    crossing into that country (tests/fixtures/analysis/README.md), not a body found or a
    person found on land."""
    route = rules.direct_route.get(lang_key(m.lang))
    if route is None or not route.search(m.text[start:end]):
        return False
    return coast(m, start, end) is not None


def coast(m: Mentions, start: int, end: int) -> Entity | None:
    """The most precise place on land of South Korea or Japan named in text[start:end], the
    last of those as precise (not a sea: "日本海に面した長門市" is in Japan, whatever country
    the gazetteer gives the sea; not a country that only names who found them: "三陟港付近
    を…韓国漁船に発見された" was at Samcheok)."""
    rules, gaz = load_rules(), load_gazetteer()
    found = [
        p
        for p in m.places
        if start <= p.start < end
        and p.country in rules.direct_countries
        and not gaz.by_surface[p.text].at_sea
    ]
    return max(reversed(found), key=lambda p: gaz.by_surface[p.text].rank, default=None)


@lru_cache(maxsize=4)
def _predicates_by_start(text: str, key: str) -> ByStart[Predicate]:
    """The text's predicates, found by sentence."""
    return ByStart(predicates(text, key))


def _inland(p: Predicate, m: Mentions) -> str:
    """A return to a city of China ("옌지로 송환됐다") is a transfer within China."""
    if p.type != "repatriation":
        return p.type
    goal = next((e for e in m.places if 0 <= p.start - e.end <= 16 and _goal_of(e, p, m)), None)
    if goal is None or goal.country != "CN":
        return p.type
    return "transfer" if load_gazetteer().by_surface[goal.text].rank > 1 else p.type


def _goal_of(place: Entity, p: Predicate, m: Mentions) -> bool:
    """Whether the place is where the predicate right after it went ("옌지로 송환")."""
    goal = _RETURN_GOAL.match(m.text, place.end, p.start)
    return goal is not None and not m.text[goal.end() : p.start].strip()


def _kept(m: Mentions, sent: Sentence, hit: tuple[int, int, str], key: str, rules: Rules) -> bool:
    """Whether a trigger is a case: not what usually happens, an arrival somewhere safe."""
    start, end, etype = hit
    # What usually happens, or a denial: around the verb in English ("caught in China are
    # usually held"), anywhere in the sentence in Korean and Japanese.
    near = min(sent.end, end + rules.generic_reach) if key == "en" else sent.end
    # (in English, not over a turn to the case: "they are usually held in Yanji; this
    # time, however, they went to Tumen")
    lo = max([sent.start] + [t.end() for t in _TURN.finditer(m.text, sent.start, start)])
    if rules.generic[key].search(m.text, lo if key == "en" else sent.start, near):
        return False
    # arrivals or crossings over a span of time are a figure for a period, not a case
    if etype in _COUNTED_OVER_TIME and _over_a_period(m, sent, start, key):
        return False
    # a verb whose subject is "which" tells of a thing ("the study, which was released on
    # March 3"), not of people; a boat "which crossed the line" carried them
    if key == "en" and etype != "border_crossing" and _THING.search(m.text, sent.start, start):
        return False
    if key != "en" and etype == "repatriation" and _vessel_returned(m, sent, start, rules):
        return False
    if etype == "reached_safety" and key in ("en", "ja"):
        # English names the place after the verb (after its first telling: "one man
        # entered the consulate on Monday, and a couple entered on Tuesday"), Japanese
        # before it.
        lo, hi = (_first_telling(sent, start), sent.end) if key == "en" else (sent.start, end)
        return _safe_enough(m.text, lo, hi, m.places, rules)
    return True


# How far before a Korean or Japanese return its object may stand, in characters.
_OBJECT_REACH = 24


def _vessel_returned(m: Mentions, sent: Sentence, start: int, rules: Rules) -> bool:
    """Whether a Korean or Japanese return hands over a boat ("漁船も…引き渡した"), with no
    count of people between it and the verb."""
    lo = max(sent.start, start - _OBJECT_REACH)
    boats = list(rules.vessel_returned.finditer(m.text, lo, start))
    return bool(boats) and not m.counts_in((boats[-1].end(), start))


def _over_a_period(m: Mentions, sent: Sentence, start: int, key: str) -> bool:
    """Whether the clause of an arrival or a crossing at `start` counts it over a span of
    time; in Korean, a span that another predicate stands between belongs to that one
    ("상반기에 입국한 탈북민 2명이 월북했다": the return north is a case)."""
    rules = load_rules()
    clause = next((c for c in clause_spans(sent, m, rules) if c[0] <= start < c[1]), None)
    if clause is None:
        return False
    verbs = [] if key == "en" else _predicates_by_start(m.text, key).within(clause)
    return any(
        not any(hit.end() < p.end <= start for p in verbs)
        for hit in rules.aggregate_period.finditer(m.text, *clause)
    )


def _first_telling(sent: Sentence, start: int) -> int:
    """Where the first verb group of the sentence with the lemma of the one at `start`
    stands: the verb told again for a second group leaves its goal to the first."""
    groups = verb_groups(sent.text)
    own = next((g for g in groups if g.start <= start - sent.start < g.end), None)
    if own is None:
        return start
    first = next(g for g in groups if g.lemma == own.lemma)
    return sent.start + first.start


def _zones(
    hits: list[tuple[int, int, str]], clauses: list[tuple[int, int]], key: str
) -> list[Trigger]:
    """Split each clause between its triggers: English looks right, Korean and Japanese left."""
    out: list[Trigger] = []
    for cs, ce in clauses:
        inside = [h for h in hits if cs <= h[0] < ce]
        for i, (start, end, etype) in enumerate(inside):
            if key == "en":
                zs = cs if i == 0 else start
                ze = inside[i + 1][0] if i + 1 < len(inside) else ce
            else:
                zs = cs if i == 0 else inside[i - 1][1]
                ze = ce if i + 1 == len(inside) else end
            out.append(Trigger(etype, start, end, (zs, ze), (cs, ce)))
    return out
