"""English event frames: a verb of an event type's class, told as done, with the argument the
type needs after it (a refuge entered, a country crossed into, a way back).

Verb groups come from analyze/verbs.py; the classes are in data/frames.yaml. A frame reads
the verb by its lemma and its argument anywhere in the words after it, up to the next verb
group (a "to" of purpose goes on: "slipped by the gate guards to enter the consulate").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.events.base import Mentions, load_rules
from tumen.analyze.gazetteer import KIND_RANK, find_demonym_countries, load_data, load_gazetteer
from tumen.analyze.sentences import Sentence
from tumen.analyze.verbs import NOT_DONE, VerbGroup, verb_groups
from tumen.models import Entity

# Verbs that take the country they enter as their object ("entered China illegally").
_DIRECT = frozenset({"enter", "cross"})
# Verb groups that tell no event of their own: not done, or describing a noun.
_NO_EVENT = NOT_DONE | {"attributive", "modifier"}
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)
_HAVE = frozenset({"have", "keep", "own"})
# The word before a place that says where something is ("a school in Beijing").
# (and its adjective: "a school in central Beijing")
_IN = re.compile(r"\bin\s+(?:the\s+)?(?:(?-i:[a-z][\w-]*)\s+)?$", re.IGNORECASE)
# A place right after its verb is its object ("entered Canada").
_OBJECT = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:()\u2014]|\s[-\u2013]\s")


@dataclass(frozen=True)
class Entering:
    """What makes a place named in some words the country people went into: the words just
    before it (up to `reach` characters back; from the words' own start when `within`) or
    the case after it (Korean, Japanese: "몽골로"), for a country not `not_entered`; and,
    with a `route`, a border river crossed names the country across it unless the words
    before it make it the way taken ("by way of the Mekong")."""

    before: re.Pattern[str]
    reach: int
    after: re.Pattern[str] | None = None
    within: bool = False
    not_entered: frozenset[str] = frozenset()
    route: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Frames:
    refuge_verbs: frozenset[str]
    refuge: re.Pattern[str]
    arrival_verbs: frozenset[str]
    arrival: Entering  # the safe country an arrival verb's words name as reached
    located: re.Pattern[str]
    crossing_verbs: frozenset[str]
    entering: Entering  # the country a crossing verb's words name as entered
    sea_verbs: frozenset[str]
    removal_verbs: frozenset[str]
    return_verbs: frozenset[str]
    return_goal: re.Pattern[str]
    finding_verbs: frozenset[str]
    body: re.Pattern[str]
    found: re.Pattern[str]
    moving_verbs: frozenset[str]
    moved_into: re.Pattern[str]
    north_verbs: frozenset[str]
    north_transitive: frozenset[str]
    north: re.Pattern[str]
    adverbs: re.Pattern[str]
    discovery: re.Pattern[str]


@lru_cache(maxsize=1)
def _frames() -> _Frames:
    data = load_data("frames.yaml")
    safety, crossing, removal = (
        data["reached_safety"],
        data["border_crossing"],
        data["repatriation"],
    )
    return _Frames(
        refuge_verbs=frozenset(safety["verbs"]),
        refuge=re.compile(safety["goal"]),
        arrival_verbs=frozenset(safety["arrival_verbs"]),
        arrival=Entering(before=re.compile(safety["into"]), reach=40, within=True),
        located=re.compile(r"\s+(?:in|at)\s+(?:the\s+)?"),
        crossing_verbs=frozenset(crossing["verbs"]),
        entering=Entering(
            before=re.compile(crossing["into"]),
            reach=40,
            within=True,
            not_entered=frozenset(crossing["not_entered"]),
            route=re.compile(crossing["route"]),
        ),
        sea_verbs=frozenset(data["sea_crossing"]["verbs"]),
        removal_verbs=frozenset(removal["verbs"]),
        return_verbs=frozenset(removal["return_verbs"]),
        return_goal=re.compile(removal["return_goal"]),
        finding_verbs=frozenset(data["death"]["verbs"]),
        body=re.compile(data["death"]["body"]),
        found=re.compile(data["death"]["found"]),
        moving_verbs=frozenset(safety["moving_verbs"]),
        moved_into=re.compile(safety["moved_into"]),
        north_verbs=frozenset(data["redefection"]["verbs"]),
        north_transitive=frozenset(data["redefection"]["transitive"]),
        north=re.compile(data["redefection"]["goal"]),
        adverbs=re.compile(data["redefection"]["adverbs"]),
        discovery=re.compile(data["discovery"]),
    )


def discovery_hits(sent: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, "death") of each body found the sentence tells by its noun."""
    return [
        (sent.start + hit.start(), sent.start + hit.end(), "death")
        for hit in _frames().discovery.finditer(sent.text)
    ]


def frame_hits(m: Mentions, sent: Sentence, habitual: bool) -> list[tuple[int, int, str]]:
    """(start, end, type) of each verb of the sentence that a frame reads as an event; in a
    `habitual` sentence a verb of going in the present tells what usually happens
    ("helping many reach Japan")."""
    groups = verb_groups(sent.text)
    hits = []
    told: dict[str, str] = {}  # the type each verb read so far had
    for k, group in enumerate(groups):
        # a verb describing who the people are ("women who had fled to China years before",
        # "defectors fleeing to Laos") is background, not the news
        if group.form in _NO_EVENT:
            continue
        ends = [g.start for g in groups[k + 1 :] if g.form not in ("infinitive", "modifier")]
        after = (sent.start + group.end, sent.start + (ends[0] if ends else len(sent.text)))
        # (but an entry into a mission the words place, "a family who had slipped into the
        # Dutch consulate in Dalian", is one case whoever tells it: README, reached_safety)
        if group.relative and not _placed_refuge(m, group, after):
            continue
        etype = _frame_type(m, group, after)
        if etype is None and group.lemma in _frames().sea_verbs and _by_sea(m, sent, after):
            etype = "border_crossing"
        usual = habitual and group.form == "present"
        if usual and etype == "border_crossing" and _goes_north(m, group.lemma, after):
            etype = None  # "some defectors return to the North": what happens, no case
        if etype is None and not usual and _arrival_goal(m, sent, groups, k) is not None:
            etype = "reached_safety"
        if etype is None and _body_found(m, sent, groups, k, after):
            etype = "death"
        if etype is None and group.lemma in told and _elided(m, after):
            # the verb again for a second group, its goal left out ("one man entered the
            # consulate on Monday, and two women entered on Tuesday")
            etype = told[group.lemma]
        if etype is not None:
            told[group.lemma] = etype
            hits.append((sent.start + group.head, sent.start + group.end, etype))
    return hits


def _placed_refuge(m: Mentions, group: VerbGroup, after: tuple[int, int]) -> bool:
    """Whether a verb of going, told as done, has a mission that the words place for its
    goal ("entered the Japanese consulate in Shenyang"; not "embassies")."""
    f = _frames()
    hit = f.refuge.search(m.text, *after) if group.lemma in f.refuge_verbs else None
    if hit is None or hit.group().lower().endswith(("ies", "s")):
        return False
    return any(p.country for p in m.places_in((hit.end(), after[1])))


def _elided(m: Mentions, after: tuple[int, int]) -> bool:
    """Whether the words after a verb, up to the end of their clause, leave its goal out:
    a few words (a time, "too") and no place."""
    words = _CLAUSE_END.split(m.text[after[0] : after[1]], maxsplit=1)[0]
    end = after[0] + len(words)
    return len(words.split()) <= 4 and not m.places_in((after[0], end))


def reached_country(m: Mentions, sent: Sentence, head: int) -> str | None:
    """The safe country the English verb at text offset `head` went to, if its words name
    one ("has fled with her two sons to South Korea"): where the safety was reached."""
    groups = verb_groups(sent.text)
    k = next((i for i, g in enumerate(groups) if g.start <= head - sent.start < g.end), None)
    goal = None if k is None else _arrival_goal(m, sent, groups, k)
    return goal.country if goal is not None else None


def went_north(m: Mentions, sent: Sentence, head: int) -> bool:
    """Whether the English verb at text offset `head` is a defector's own way back north
    ("swam back to the North"): a crossing into the North, whatever else the sentence
    names."""
    groups = verb_groups(sent.text)
    k = next((i for i, g in enumerate(groups) if g.start <= head - sent.start < g.end), None)
    if k is None or groups[k].passive:
        return False
    ends = [g.start for g in groups[k + 1 :] if g.form not in ("infinitive", "modifier")]
    after = (sent.start + groups[k].end, sent.start + (ends[0] if ends else len(sent.text)))
    return _goes_north(m, groups[k].lemma, after)


def _arrival_goal(
    m: Mentions, sent: Sentence, groups: Sequence[VerbGroup], k: int
) -> Entity | None:
    """The safe country a verb of going names before any other verb ("entered the school
    to seek asylum in Japan" reached no Japan)."""
    if groups[k].lemma not in _frames().arrival_verbs:
        return None
    stop = groups[k + 1].start if k + 1 < len(groups) else len(sent.text)
    return _safe_country(m, (sent.start + groups[k].end, sent.start + stop), _frames().arrival)


def crossing_entry() -> Entering:
    """How English crossing verbs name the country entered ("crossed into Russia")."""
    return _frames().entering


def _frame_type(m: Mentions, group: VerbGroup, after: tuple[int, int]) -> str | None:
    """The event type whose frame the verb group and the words after it fill, if any."""
    f = _frames()
    lemma = group.lemma
    if lemma in f.refuge_verbs and f.refuge.search(m.text, *after):
        return "reached_safety"
    if lemma in f.moving_verbs and f.moved_into.match(m.text, after[0], after[1]):
        return "reached_safety"
    if not group.passive and _goes_north(m, lemma, after):
        return "border_crossing"
    if lemma in f.removal_verbs:
        return "repatriation"
    if lemma in f.return_verbs and f.return_goal.match(m.text, after[0], after[1]):
        return "repatriation"
    if lemma in f.crossing_verbs and entered_country(
        m, after, f.entering, direct=lemma in _DIRECT
    ):
        return "border_crossing"
    return None


def _goes_north(m: Mentions, lemma: str, after: tuple[int, int]) -> bool:
    """Whether a verb of going, active, has the North as its goal: right after it for a
    verb that also takes an object ("returned to the North", not "returned 60 refugees to
    the North"), anywhere in its words for one that does not."""
    f = _frames()
    if lemma not in f.north_verbs:
        return False
    goal = f.north.search(m.text, *after)
    if goal is None:
        return False
    return lemma not in f.north_transitive or bool(
        f.adverbs.fullmatch(m.text, after[0], goal.start())
    )


def _safe_country(m: Mentions, span: tuple[int, int], how: Entering) -> Entity | None:
    """The safe country (or a place in one) the words in span name as where people went
    ("fled with her two sons to South Korea", "entered Canada"); not the flag of a mission
    ("got into the American consulate in Dalian": where it stands, the conventions)."""
    rules = load_rules()
    return next(
        (
            p
            for p in m.places_in(span)
            if p.country in rules.safe_countries
            and (toward(p, m, how, span[0]) or _OBJECT.fullmatch(m.text, span[0], p.start))
            and not rules.origin_after.match(m.text, p.end)
        ),
        None,
    )


def toward(p: Entity, m: Mentions, how: Entering, floor: int = 0) -> bool:
    """Whether the words around a place name it as where people went ("into Mongolia",
    "몽골로"), its words before looked for from `floor` on."""
    if how.before.search(m.text[max(floor, p.start - how.reach) : p.start]):
        return True
    return how.after is not None and bool(how.after.match(m.text, p.end))


def entered_country(
    m: Mentions, span: tuple[int, int], how: Entering, *, direct: bool = False
) -> str | None:
    """The first country the words in span name as entered ("to China", "in Russia",
    "몽골로"), else the country across a border river they cross; `direct`: the verb before
    them takes it as its object ("entered China"). The one lookup of a crossing's country:
    the English crossing frames' (`_frames().entering`) and the destination named anywhere
    in a crossing's sentence (events.place)."""
    floor = span[0] if how.within else 0
    crossed = None
    for p in m.places_in(span):
        lead = m.text[max(floor, p.start - how.reach) : p.start]
        # a border river or line crossed ("walk across the frozen Yalu River"), not the way
        # taken ("crossed from China by way of the Mekong" names no country entered); a
        # country named after it is the one entered ("crossed the Tumen into Russia")
        river = load_rules().crossing_country.get(p.name or "") if how.route else None
        if river is not None:
            crossed = crossed or (None if how.route and how.route.search(lead) else river)
            continue
        if p.country in (None, *how.not_entered) or lives_there(p, m):
            continue
        # a verb that takes what it enters as its object ("entered a school in Beijing")
        # is told where that object is by "in", not which country it entered
        located = direct and _IN.search(lead) is not None
        if (toward(p, m, how, floor) and not located) or (direct and not lead.strip()):
            return p.country
    return crossed


def owner_clauses(sent: Sentence) -> list[tuple[int, int]]:
    """Spans (text offsets) of the relative clauses of an English sentence that tell what
    its people have ("refugees, most of whom have relatives in Seoul,", "a man whose
    wife lives in Seoul"): up to the next comma, or to the verb after the clause's own.
    A place there is where their kin or goods are, not where they were."""
    groups = verb_groups(sent.text)
    out = []
    for hit in _RELATIVE.finditer(sent.text):
        comma = _CLAUSE_END.search(sent.text, hit.end())
        end = comma.start() if comma else len(sent.text)
        # the clause's own verb comes right after its pronoun ("who have"); when the
        # tagger missed it ("whose wife lives in Seoul"), the first verb found is the next
        own = [g for g in groups if g.start >= hit.end() and g.form not in _NO_EVENT]
        verb = own.pop(0) if own and own[0].relative else None
        if own:
            end = min(end, own[0].start)
        owns = verb is not None and verb.lemma in _HAVE
        if hit.group().lower() == "whose" or owns:
            out.append((sent.start + hit.start(), sent.start + end))
    return out


def _by_sea(m: Mentions, sent: Sentence, after: tuple[int, int]) -> bool:
    """Whether a boat came to South Korea or Japan: a vessel or coast in the sentence, the
    country named after the verb (by a place or "Japanese coast")."""
    rules = load_rules()
    if not rules.direct_route["en"].search(sent.text):
        return False
    direct = rules.direct_countries
    # a sea told with no country beside it stands for its coast, as when locating the event
    if any(after[0] <= p.start < after[1] and rules.coast_country(p) in direct for p in m.places):
        return True
    return any(c in direct for _, c in find_demonym_countries(m.text[after[0] : after[1]]))


def refuge_country(m: Mentions, before: int) -> str | None:
    """The country of the last embassy, consulate or refugee office the text placed before
    `before` ("the Canadian consulate in Shenyang"): where "the consulate" later is;
    else that of the last city named before it outside South Korea and Japan, where
    missions take no one in ("a school in Beijing … moved them to the embassy")."""
    f = _frames()
    found = None
    for hit in f.refuge.finditer(m.text, 0, before):
        place = next(
            (p for p in m.places if 0 <= p.start - hit.end() <= 12 and p.country), None
        )
        if place is not None and f.located.match(m.text, hit.end(), place.start):
            found = place.country
    if found is not None:
        return found
    home = load_rules().direct_countries
    gaz = load_gazetteer()
    cities = [
        p.country
        for p in m.places
        if p.end <= before
        and p.country not in (None, *home)
        and gaz.by_surface[p.text].rank == KIND_RANK["city"]
    ]
    return cities[-1] if cities else None


def _body_found(
    m: Mentions, sent: Sentence, groups: Sequence[VerbGroup], k: int, after: tuple[int, int]
) -> bool:
    """Whether verb group k finds a body: its object after it ("recovered the body", "found
    her dead"), or, passive, its subject before it with no verb of the clause between but
    those of a relative clause, an aside in commas or a modifier."""
    f = _frames()
    group = groups[k]
    if group.lemma not in f.finding_verbs:
        return False
    if not group.passive:
        return bool(f.found.match(m.text, after[0], after[1]))
    bodies = list(f.body.finditer(sent.text, 0, group.start))
    if not bodies:
        return False
    lo = bodies[-1].end()
    between = [g for g in groups[:k] if g.start >= lo]
    return all(
        g.relative
        or g.form in _NO_EVENT
        or g.form in ("participle", "gerund")
        or "," in sent.text[lo : g.start]
        for g in between
    )


def lives_there(p: Entity, m: Mentions) -> bool:
    """Whether a place outside the North is named as where someone lives or a group is
    based ("a defector living in Seoul", "서울에 있는 한 단체", "ソウル在住の"): a speaker's
    or a relative's home, not where the event happened."""
    rules = load_rules()
    before = m.text[max(0, p.start - 50) : p.start]
    seat = rules.speaker_places and rules.seat_after.match(m.text, p.end)
    return p.country != "KP" and bool(
        rules.home_before.search(before) or rules.home_after.match(m.text, p.end) or seat
    )
