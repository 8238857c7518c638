"""Events: who was arrested, moved, returned, released, reached safety, crossed or died."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from tumen.analyze.gazetteer import (
    find_demonym_countries,
    find_organisations,
    find_places,
    load_data,
    load_gazetteer,
)
from tumen.analyze.numbers import Count, find_vulnerable
from tumen.analyze.prefilter import spans, within
from tumen.analyze.sentences import Sentence
from tumen.analyze.timex import TimeMention
from tumen.models import EVENT_TYPES, Entity, Event, Evidence


@dataclass(frozen=True)
class _Rules:
    triggers: dict[str, tuple[tuple[str, str], ...]]  # compiled by _trigger_patterns
    neg_before: dict[str, re.Pattern[str]]
    neg_after: dict[str, re.Pattern[str]]
    window: int
    aside: re.Pattern[str]
    coordinated: re.Pattern[str]
    clause_break: dict[str, re.Pattern[str]]
    safe_countries: frozenset[str]
    safety_words: re.Pattern[str]
    origin_before: re.Pattern[str]
    origin_after: re.Pattern[str]
    dest_before: re.Pattern[str]
    dest_after: re.Pattern[str]
    pluperfect: re.Pattern[str]
    past_participle: re.Pattern[str]
    crossing_country: dict[str, str]
    singular: dict[str, re.Pattern[str]]
    woman_subject: re.Pattern[str]
    generic: dict[str, re.Pattern[str]]
    generic_subject: dict[str, re.Pattern[str]]
    plural: dict[str, re.Pattern[str]]
    north_site: re.Pattern[str]
    generic_reach: int
    glue: re.Pattern[str]
    fixed_country: dict[str, str]
    attributive: dict[str, re.Pattern[str]]
    later: re.Pattern[str]
    vague_time: re.Pattern[str]
    next_day: re.Pattern[str]
    days_later: re.Pattern[str]
    days_words: dict[str, int]
    next_year: re.Pattern[str]
    attribution: re.Pattern[str]
    river_side: dict[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("events.yaml")
    gaz_rules = load_data("gazetteer_rules.yaml")
    triggers = {
        lang: tuple((e, p) for e in EVENT_TYPES for p in data["triggers"][e].get(lang, []))
        for lang in ("en", "ko", "ja")
    }
    neg = data["negation"]
    return _Rules(
        triggers=triggers,
        neg_before={k: re.compile(v["before"], re.IGNORECASE) for k, v in neg.items()},
        neg_after={k: re.compile(v["after"], re.IGNORECASE) for k, v in neg.items()},
        window=int(data["negation_window"]),
        aside=re.compile(data["aside"]),
        coordinated=re.compile(data["coordinated"]),
        clause_break={k: re.compile(v) for k, v in data["clause_break"].items()},
        safe_countries=frozenset(data["safe_countries"]),
        safety_words=re.compile(data["safety_words"]),
        origin_before=re.compile(data["origin_before"]),
        origin_after=re.compile(data["origin_after"]),
        dest_before=re.compile(data["destination_before"]),
        dest_after=re.compile(data["destination_after"]),
        pluperfect=re.compile(data["pluperfect"]),
        past_participle=re.compile(data["past_participle"]),
        crossing_country=dict(gaz_rules["crossing_country"]),
        singular={k: re.compile(v) for k, v in data["singular_subject"].items()},
        woman_subject=re.compile(data["woman_subject"]),
        generic={k: re.compile(v) for k, v in data["generic_sentence"].items()},
        generic_subject={k: re.compile(v) for k, v in data["generic_subject"].items()},
        plural={k: re.compile(v) for k, v in data["plural_subject"].items()},
        north_site=re.compile(data["north_site"]),
        generic_reach=int(data["generic_reach"]),
        glue=re.compile(data["trigger_glue"]),
        fixed_country=dict(data["fixed_country"]),
        attributive={k: re.compile(v) for k, v in data["attributive"].items()},
        later=re.compile(data["later"]),
        vague_time=re.compile(data["vague_time"]),
        next_day=re.compile(data["next_day"]),
        days_later=re.compile(data["days_later"]),
        days_words={str(k): int(v) for k, v in data["days_words"].items()},
        next_year=re.compile(data["next_year"]),
        attribution=re.compile(data["attribution"]),
        river_side={c: re.compile(v) for c, v in data["river_side"].items()},
    )


@dataclass
class Mentions:
    """Everything found in the text that events draw on."""

    text: str
    lang: str
    sentences: list[Sentence]
    places: list[Entity]
    dates: list[TimeMention]
    counts: list[Count]
    skip: set[int] = field(default_factory=set)  # sentences already read as statistics


@dataclass(frozen=True)
class _Trigger:
    type: str
    start: int
    end: int
    zone: tuple[int, int]
    clause: tuple[int, int]
    attributive: bool = False  # "붙잡힌 탈북민": the words after it belong to the next verb


def _lang_key(lang: str) -> str:
    return lang if lang in ("en", "ko", "ja") else ("ja" if lang == "zh" else "en")


def _negated(text: str, start: int, end: int, sent_start: int, lang: str, rules: _Rules) -> bool:
    key = _lang_key(lang)
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
    return _negated(text, start, end, max(0, cut + 1), lang, _rules())


def _safe_enough(text: str, start: int, end: int, places: list[Entity], rules: _Rules) -> bool:
    """A generic "arrived in" counts only when it leads to a safe country or a refuge."""
    if rules.safety_words.search(text, start, end):
        return True
    return any(p.country in rules.safe_countries and start <= p.start < end for p in places)


def _clauses(sent: Sentence, lang: str, rules: _Rules) -> list[tuple[int, int]]:
    cuts = [sent.start]
    for m in rules.clause_break[_lang_key(lang)].finditer(sent.text):
        if m.start() > 0:
            cuts.append(sent.start + m.start())
    cuts.append(sent.end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


_Live = tuple[tuple[str, re.Pattern[str], list[tuple[int, int]] | None], ...]


@lru_cache(maxsize=3)
def trigger_patterns(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One language's trigger patterns, compiled when the first text in it comes."""
    flags = re.IGNORECASE if key == "en" else 0
    return tuple((etype, re.compile(p, flags)) for etype, p in _rules().triggers[key])


@lru_cache(maxsize=4)
def _live_triggers(text: str, key: str) -> _Live:
    """The triggers that can match somewhere in text (most cannot), with where they can."""
    found = ((etype, rx, spans(rx, text)) for etype, rx in trigger_patterns(key))
    return tuple(t for t in found if t[2] is None or t[2])


def _triggers(m: Mentions, sent: Sentence, rules: _Rules) -> list[_Trigger]:
    key = _lang_key(m.lang)
    hits: list[tuple[int, int, str]] = []
    if rules.generic_subject[key].match(m.text, sent.start):
        return []
    for etype, rx, where in _live_triggers(m.text, key):
        if not within(where, sent.start, sent.end):
            continue
        for hit in rx.finditer(m.text, sent.start, sent.end):
            if _negated(m.text, hit.start(), hit.end(), sent.start, m.lang, rules):
                continue
            # What usually happens, or a denial: around the verb in English ("caught in
            # China are usually held"), anywhere in the sentence in Korean and Japanese.
            near = min(sent.end, hit.end() + rules.generic_reach) if key == "en" else sent.end
            if rules.generic[key].search(m.text, sent.start, near):
                continue
            if etype == "reached_safety" and key in ("en", "ja"):
                # English names the place after the verb, Japanese before it.
                lo, hi = (hit.start(), sent.end) if key == "en" else (sent.start, hit.end())
                if not _safe_enough(m.text, lo, hi, m.places, rules):
                    continue
            hits.append((hit.start(), hit.end(), etype))
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
    zones = _zones(kept, _clauses(sent, m.lang, rules), key)
    if key == "en":
        return zones
    return [
        replace(t, attributive=bool(rules.attributive[key].match(m.text, t.end))) for t in zones
    ]


def _zones(
    hits: list[tuple[int, int, str]], clauses: list[tuple[int, int]], key: str
) -> list[_Trigger]:
    """Split each clause between its triggers: English looks right, Korean and Japanese left."""
    out: list[_Trigger] = []
    for cs, ce in clauses:
        inside = [h for h in hits if cs <= h[0] < ce]
        for i, (start, end, etype) in enumerate(inside):
            if key == "en":
                zs = cs if i == 0 else start
                ze = inside[i + 1][0] if i + 1 < len(inside) else ce
            else:
                zs = cs if i == 0 else inside[i - 1][1]
                ze = ce if i + 1 == len(inside) else end
            out.append(_Trigger(etype, start, end, (zs, ze), (cs, ce)))
    return out


def _in(span: tuple[int, int], start: int) -> bool:
    return span[0] <= start < span[1]


def _free_spans(
    sent: Sentence, trig: _Trigger, triggers: list[_Trigger], m: Mentions
) -> list[tuple[int, int]]:
    """The trigger's zone first, then clauses of its sentence that hold no trigger."""
    rules = _rules()
    busy = {t.clause for t in triggers}
    rest = [
        c
        for c in _clauses(sent, m.lang, rules)
        if c not in busy and not rules.attribution.match(m.text, c[0], c[1])
    ]
    # What follows a participle closing its clause belongs to the next verb.
    last = {t.clause: t for t in triggers}
    rest += [(t.end, t.clause[1]) for t in last.values() if t.attributive and t is not trig]
    return [trig.zone, *rest]


def _pick_date(spans: list[tuple[int, int]], trig: _Trigger, m: Mentions) -> str | None:
    if m.lang == "en":
        # English dates the verb after it ("arrested in China this month").
        spans = [(trig.start, spans[0][1]), *spans]
    for span in spans:
        found = [d for d in m.dates if _in(span, d.start) and not d.reporting]
        if found:
            best = max(found, key=lambda d: (d.precision, -abs(d.start - trig.start)))
            return best.value
    return None


def _pick_count(spans: list[tuple[int, int]], m: Mentions) -> int | None:
    for span in spans:
        found = [c for c in m.counts if _in(span, c.start) and not (c.subset or c.companion)]
        if found:
            return found[0].value
    return None


def _place_ok(p: Entity, etype: str, m: Mentions, rules: _Rules) -> bool:
    if etype == "repatriation" and p.country == "KP":
        return False
    # "석방돼 서울로 돌아왔다": where they went afterwards, not where it happened.
    if etype in ("arrest", "release", "death") and _toward(p, m, rules):
        return False
    # A crossing leaves the North: the North is where it starts unless it is the way in.
    if etype == "border_crossing" and p.country == "KP" and not _toward(p, m, rules):
        return p.name in rules.crossing_country
    before = m.text[max(0, p.start - 40) : p.start]
    # "Sent back from China": a return happens where it starts.
    if etype != "repatriation" and rules.origin_before.search(before):
        return False
    return not rules.origin_after.match(m.text, p.end)


def _toward(p: Entity, m: Mentions, rules: _Rules) -> bool:
    """Whether a place is named as a destination ("into North Korea", "북한으로")."""
    if rules.dest_before.search(m.text[max(0, p.start - 12) : p.start]):
        return True
    return m.lang != "en" and bool(rules.dest_after.match(m.text, p.end))


def _receivers(trig: _Trigger, m: Mentions) -> set[str]:
    """Countries a return hands people to ("handed to Chinese police", "중국 측에 넘긴"):
    the return happened in the country handing them over, not in these."""
    if trig.type != "repatriation":
        return set()
    inside = {p.country for p in m.places if trig.start <= p.start < trig.end and p.country}
    inside.update(c for _, c in find_demonym_countries(m.text[trig.start : trig.end]))
    return inside


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    return {p.name: p.rank for p in load_gazetteer().places}


def _pick_place(spans: list[tuple[int, int]], trig: _Trigger, m: Mentions) -> Entity | None:
    rules = _rules()
    ranks = _ranks()
    receivers = _receivers(trig, m)
    # An arrival or crossing names its destination inside the trigger ("한국에 도착").
    inner = [(trig.start, trig.end)] if trig.type in ("reached_safety", "border_crossing") else []
    for span in inner + spans:
        found = [
            p
            for p in m.places
            if _in(span, p.start)
            and _place_ok(p, trig.type, m, rules)
            and p.country not in receivers
        ]
        if found:
            # A border river belongs to both banks: another place says which one.
            crossing = trig.type == "border_crossing"
            return max(
                found,
                key=lambda p: (
                    crossing or p.name not in rules.crossing_country,
                    ranks.get(p.name or "", 0),
                    -abs(p.start - trig.start),
                ),
            )
    return None


def _destination(sent: Sentence, m: Mentions, rules: _Rules) -> str | None:
    """Country a border crossing led into ("into Mongolia", "몽골로")."""
    for p in m.places:
        if not sent.start <= p.start < sent.end or p.country is None:
            continue
        if rules.dest_before.search(m.text[max(0, p.start - 12) : p.start]):
            return p.country
        if m.lang != "en" and rules.dest_after.match(m.text, p.end):
            return p.country
    return None


def _demonym(span: tuple[int, int], m: Mentions, skip: set[str]) -> str | None:
    hits = find_demonym_countries(m.text[span[0] : span[1]])
    found = [c for _, c in hits if c not in skip]
    return found[0] if found else None


def _place_or_demonym(
    groups: list[list[tuple[int, int]]], trig: _Trigger, m: Mentions
) -> tuple[Entity | None, str | None]:
    """The nearest group's place, else its state body ("Chinese police"), group by group;
    within a group, spans in order."""
    # a clause that names the detaining state says more than a place in a later clause
    # ("held in Chinese detention ... sent back once North Korea reopened")
    skip = _receivers(trig, m)
    for group in groups:
        for span in group:
            place = _pick_place([span], trig, m)
            if place is not None:
                return place, None
        for span in group:
            country = _demonym(span, m, skip)
            if country is not None:
                return None, country
    return None, None


def _build(
    sent: Sentence,
    trig: _Trigger,
    triggers: list[_Trigger],
    m: Mentions,
    prev: Event | None,
    prev_gap: int,
) -> Event:
    """Fill one event from its zone, its sentence, then the event just before it."""
    rules = _rules()
    key = _lang_key(m.lang)
    spans = _free_spans(sent, trig, triggers, m)
    # A Korean or Japanese participle before its noun ("붙잡힌 탈북민", "拘束された5人")
    # takes its date and place from the words before it, its people from the noun after.
    attributive = trig.attributive
    if attributive:
        spans = [(trig.zone[0], trig.end), *spans[1:]]
    zone_text = m.text[spans[0][0] : spans[0][1]]
    participle = attributive or bool(rules.past_participle.match(m.text, trig.end))
    clause_text = m.text[trig.clause[0] : trig.clause[1]]
    earlier = participle or (key == "en" and bool(rules.pluperfect.search(clause_text)))
    later = bool(rules.later.search(zone_text))
    vague = bool(rules.vague_time.search(zone_text))
    event = Event(type=trig.type, evidence=Evidence(sent.text, sent.start, sent.end))
    if not vague:
        event.date = _pick_date(spans[:1] if participle else spans, trig, m)
    vulnerable = set(find_vulnerable(sent.text))
    event.people, others = _people(trig, triggers, spans, m, vulnerable)
    _locate(event, sent, spans, trig, m)
    if prev is not None and prev_gap <= 1:
        own_date = earlier or later or vague
        _carry(event, prev, vulnerable, (own_date, earlier, others), zone_text)
    event.vulnerable = sorted(vulnerable)
    return event


def _people(
    trig: _Trigger,
    triggers: list[_Trigger],
    spans: list[tuple[int, int]],
    m: Mentions,
    vulnerable: set[str],
) -> tuple[int | None, bool]:
    """How many people the event is about, and whether they are an uncounted other group."""
    rules = _rules()
    key = _lang_key(m.lang)
    before = [t.end for t in triggers if t.clause == trig.clause and t.end <= trig.start]
    # The subject between the verb before and this one ("drowned and a third was pulled").
    gap = (max(before, default=trig.clause[0]), trig.start)
    people = _pick_count([spans[0], (trig.end, trig.clause[1]), gap, *spans[1:]], m)
    subject = m.text[trig.clause[0] : trig.start]
    if people is None and rules.plural[key].search(m.text, gap[0], gap[1]):
        return None, True
    if people is None and _lone_subject(subject, rules.singular[key], key):
        people = 1
        if rules.woman_subject.search(subject):
            vulnerable.add("woman")
    if people is not None:
        people += sum(c.value for c in m.counts if c.companion and _in(trig.clause, c.start))
    return people, False


def _lone_subject(subject: str, rx: re.Pattern[str], key: str) -> bool:
    """Whether the subject before the verb is one person ("Kim Chol-ho", "a woman"),
    not a country or an organisation ("Vietnam deported", "UNHCR said")."""
    hit = rx.search(subject)
    if hit is None or key != "en":
        return hit is not None
    named = hit.group()
    return not (find_places(named) or find_organisations(named))


def _locate(
    event: Event, sent: Sentence, spans: list[tuple[int, int]], trig: _Trigger, m: Mentions
) -> None:
    """Country and place of an event; a crossing's country is the one entered."""
    rules = _rules()
    groups = [[span] for span in spans]
    if m.lang == "en":
        # English names where it happened after the verb ("caught by authorities in Laos");
        # a place before it is often the speaker's ("protests at the embassy in Seoul ...").
        zs, ze = spans[0]
        groups[0] = [(trig.start, ze), (zs, trig.start)]
    place, country = _place_or_demonym(groups, trig, m)
    if place is not None:
        event.country = place.country
        event.place = place.name if load_gazetteer().by_surface[place.text].rank > 1 else None
    else:
        event.country = country
    if trig.type == "border_crossing":
        cross = rules.crossing_country.get(event.place or "")
        event.country = _destination(sent, m, rules) or cross or event.country
        surface = m.text[trig.start : trig.end]
        fixed = [c for word, c in rules.fixed_country.items() if word in surface]
        event.country = fixed[0] if fixed else event.country
        if place is not None and event.place not in rules.crossing_country:
            # a city of another country ("crossed into Mongolia ... arrived in Seoul") is
            # where a later step happened, not where the border was crossed
            event.place = event.place if place.country == event.country else None
    # A return leaves for the North: a camp named in its sentence is where it ended.
    if event.country is None and trig.type != "repatriation" and rules.north_site.search(sent.text):
        event.country = "KP"
    if trig.type != "border_crossing" and event.place in rules.crossing_country:
        # "on the Chinese bank of the Tumen", "두만강 중국 쪽 강변": the bank names the country.
        sides = [c for c, rx in rules.river_side.items() if rx.search(sent.text)]
        event.country = sides[0] if len(sides) == 1 else event.country


def _carry(
    event: Event, prev: Event, vulnerable: set[str], flags: tuple[bool, bool, bool], zone: str
) -> None:
    """Fill gaps from the event just before: same people, and its date unless told otherwise.

    flags: the event keeps its own date, happened before the one before, is another group.
    """
    rules = _rules()
    own_date, earlier, others = flags
    if others:
        # Another, uncounted group ("several others died"): only the country is shared.
        event.country = event.country or prev.country
        return
    other = event.type == prev.type and event.date and prev.date and event.date != prev.date
    if not other and (event.people is None or event.people == prev.people):
        event.people = prev.people
        vulnerable.update(prev.vulnerable)
    if event.date is None and prev.date:
        days = _days_after(zone, rules)
        if days and prev.date.count("-") == 2:
            event.date = (date.fromisoformat(prev.date) + timedelta(days=days)).isoformat()
        elif rules.next_year.search(zone):
            event.date = f"{int(prev.date[:4]) + 1:04d}"
        elif not own_date:
            event.date = prev.date
    if event.country is None:
        # What happens after a forced return happens in the North.
        after = event.type in ("release", "death", "transfer") and not earlier
        returned = prev.type == "repatriation" and after
        event.country = "KP" if returned else prev.country
        # A crossing happens at the border, not where the event before it happened; and
        # what follows a crossing does not happen in the river it crossed.
        crossing = event.type == "border_crossing" != prev.type
        river = prev.place in rules.crossing_country and event.type != prev.type
        if event.place is None and not (returned or earlier or crossing or river):
            event.place = prev.place


def _days_after(zone: str, rules: _Rules) -> int:
    """How many days after the event before the zone says it happened (0: not said)."""
    if rules.next_day.search(zone):
        return 1
    hit = rules.days_later.search(zone)
    if hit is None:
        return 0
    n = hit.group("n") or hit.group("k")
    return int(n) if n.isdigit() else rules.days_words.get(n.lower(), 0)


def _compatible(a: Event, b: Event) -> bool:
    pairs = ((a.date, b.date), (a.country, b.country), (a.people, b.people), (a.place, b.place))
    return a.type == b.type and all(x is None or y is None or x == y for x, y in pairs)


def merge_events(events: list[Event]) -> list[Event]:
    """Merge reports of the same event in one text, filling each other's gaps."""
    out: list[Event] = []
    for event in events:
        same = next((e for e in out if _compatible(e, event)), None)
        if same is None:
            out.append(event)
            continue
        fill_gaps(same, event)
        same.place = same.place or event.place
        same.vulnerable = sorted(set(same.vulnerable) | set(event.vulnerable))
    return out


def undated_into_dated(events: list[Event]) -> list[Event]:
    """An undated mention of the one dated event of its type and country in the text is
    that event ("arrested in Kunming" in the lede, "arrested on Friday" further down)."""
    out = list(events)
    for event in events:
        if event.date is not None or event.country is None:
            continue
        dated = [
            e for e in out if e.date and (e.type, e.country) == (event.type, event.country)
        ]
        if len(dated) == 1:
            fill_gaps(dated[0], event)
            dated[0].place = dated[0].place or event.place
            out.remove(event)
    return out


def fill_gaps(event: Event, other: Event) -> None:
    """Give an event the date, country and count it lacks from another report of it."""
    event.date = event.date or other.date
    event.country = event.country or other.country
    event.people = event.people or other.people


def extract_events(m: Mentions, *, merge: bool = True) -> list[Event]:
    """Every event in the text, with who, where and when, merged per text unless told
    not to (the caller merges a title's events after the body's)."""
    events: list[Event] = []
    prev: Event | None = None
    prev_index = -10
    found = [_triggers(m, sent, _rules()) for sent in m.sentences]
    for index, sent in enumerate(m.sentences):
        triggers = found[index]
        if not triggers or (index in m.skip and not _dated_to_the_day(sent, m)):
            continue
        built = []
        for trig in triggers:
            event = _build(sent, trig, triggers, m, prev, index - prev_index)
            built.append(event)
            prev, prev_index = event, index
        built = _direct_crossing(built)
        _share_crossing_country(built)
        if index + 1 < len(found) and not found[index + 1]:
            _add_following_vulnerable(m.sentences[index + 1], built)
        events.extend(built)
    return merge_events(events) if merge else events


def _dated_to_the_day(sent: Sentence, m: Mentions) -> bool:
    """Whether a sentence names a day: a figure read as a statistic there is a group
    of people something happened to on that day, not a count over a period."""
    return any(sent.start <= d.start < sent.end and d.precision == 3 for d in m.dates)


def _direct_crossing(events: list[Event]) -> list[Event]:
    """A crossing and an arrival in the South in one sentence are one crossing into it."""
    cross = next((e for e in events if e.type == "border_crossing"), None)
    safe = [e for e in events if e.type == "reached_safety" and e.country == "KR"]
    if cross is None or not safe or cross.country not in (None, "KR", "KP"):
        return events
    arrival = safe[0]
    cross.country = "KR"
    cross.place = arrival.place or cross.place
    cross.date = cross.date or arrival.date
    cross.people = cross.people or arrival.people
    return [e for e in events if e is not arrival]


def _share_crossing_country(events: list[Event]) -> None:
    """Arrested after crossing into a country: arrested in that country."""
    _crossing_from_what_followed(events)
    cross = next((e for e in events if e.type == "border_crossing" and e.country), None)
    if cross is None or cross.country == "KP":
        return
    for event in events:
        if event.country is None and event.type in ("arrest", "transfer", "release", "death"):
            event.country = cross.country
            event.place = event.place or cross.place


def _crossing_from_what_followed(events: list[Event]) -> None:
    """Crossed, then arrested or sent back by a country in the same sentence ("탈북했다가
    중국 공안에 붙잡혀"): the crossing entered that country."""
    for i, cross in enumerate(events):
        if cross.type != "border_crossing" or cross.country is not None:
            continue
        after = [e.country for e in events[i + 1 :] if e.type in ("arrest", "repatriation")]
        if after and after[0] not in (None, "KP", "KR"):
            cross.country = after[0]


def _add_following_vulnerable(nxt: Sentence, events: list[Event]) -> None:
    """A sentence that only describes the group ("a couple with two children") adds to it."""
    extra = find_vulnerable(nxt.text)
    for event in events:
        event.vulnerable = sorted(set(event.vulnerable) | set(extra))


def retarget(event: Event, offset: int) -> Event:
    """Shift an event's evidence offsets (title and text are analysed together)."""
    ev = event.evidence
    return replace(event, evidence=Evidence(ev.text, ev.start - offset, ev.end - offset))
