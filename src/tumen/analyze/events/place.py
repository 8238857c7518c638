"""Where an event happened: its place and country from the words around it."""

from __future__ import annotations

from functools import lru_cache

from tumen.analyze.events.base import Mentions, Rules, Trigger, in_span, lang_key, load_rules
from tumen.analyze.events.frames import (
    Entering,
    crossing_entry,
    entered_country,
    lives_there,
    owner_clauses,
    reached_country,
    toward,
)
from tumen.analyze.events.triggers import coast
from tumen.analyze.gazetteer import KIND_RANK, find_demonym_countries, load_gazetteer
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.sentences import Sentence
from tumen.models import Entity, Event


def _place_ok(p: Entity, etype: str, m: Mentions, rules: Rules) -> bool:
    if (etype == "repatriation" and p.country == "KP") or lives_there(p, m):
        return False
    # "석방돼 서울로 돌아왔다": where they went afterwards, not where it happened.
    # (unless they came into it before: "태국으로 넘어온 직후 붙잡혔다")
    went = _toward(p, m, rules) and not rules.arrived_after.match(m.text, p.end)
    if etype in ("arrest", "release", "death") and went:
        return False
    # A crossing leaves the North: the North is where it starts unless it is the way in.
    if etype == "border_crossing" and p.country == "KP" and not _toward(p, m, rules):
        return p.name in rules.crossing_country
    before = m.text[max(0, p.start - 40) : p.start]
    # a country passed through is a transit ("중국을 통해 러시아로"); a finer place, the way
    # out ("단둥 세관을 통해 북송")
    if _ranks().get(p.name or "") == KIND_RANK["country"] and rules.via_after.match(m.text, p.end):
        return False
    # "Sent back from China": a return happens where it starts.
    if etype != "repatriation" and rules.origin_before.search(before):
        return False
    return not rules.origin_after.match(m.text, p.end)


def _reference(p: Entity, m: Mentions, rules: Rules) -> bool:
    """Whether a place is one a distance is measured from ("180 miles west of Tokyo", "울산에서
    남동쪽으로 약 100㎞"): the event happened at the other end of it, so any other place
    named says more, and when none is, the reference tells the country but not the place."""
    return bool(
        rules.reference_before.search(m.text, max(0, p.start - 40), p.start)
        or rules.reference_after.match(m.text, p.end)
    )


def _beyond_border(p: Entity, m: Mentions, rules: Rules) -> bool:
    """Whether a country is named as the neighbour across a border ("베트남-중국 국경",
    "ラオス国境隣接地域"): another place of the clause says where it happened."""
    return _ranks().get(p.name or "", 0) == KIND_RANK["country"] and bool(
        rules.border_of.match(m.text, p.end)
    )


@lru_cache(maxsize=2)
def _destination(english: bool) -> Entering:
    """A destination named in a sentence ("into North Korea", "북한으로")."""
    rules = load_rules()
    return Entering(rules.dest_before, 12, None if english else rules.dest_after)


def _toward(p: Entity, m: Mentions, rules: Rules) -> bool:
    """Whether a place is named as a destination ("into North Korea", "북한으로")."""
    return toward(p, m, _destination(m.lang == "en"))


# South Korea takes defectors into care and holds no one (the conventions): a South Korean
# place by a release is where they went on to or where the speakers are ("freed and flown
# to Seoul", "activists in Seoul said they were freed").
_NOT_HELD_IN = frozenset({"KR"})


def _receivers(trig: Trigger, m: Mentions) -> set[str]:
    """Countries a return hands people to ("handed to Chinese police", "중국 측에 넘긴"):
    the return happened in the country handing them over, not in these; a release did
    not happen in the one country where nobody is held."""
    if trig.type == "release":
        return set(_NOT_HELD_IN)
    if trig.type != "repatriation":
        return set()
    inside = {p.country for p in m.places if trig.start <= p.start < trig.end and p.country}
    inside.update(c for _, c in find_demonym_countries(m.text[trig.start : trig.end]))
    return inside


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    return {p.name: p.rank for p in load_gazetteer().places}


def _pick_place(spans: list[tuple[int, int]], trig: Trigger, m: Mentions) -> Entity | None:
    rules = load_rules()
    ranks = _ranks()
    receivers = _receivers(trig, m)
    # An arrival or crossing names its destination inside the trigger ("한국에 도착").
    inner = [(trig.start, trig.end)] if trig.type in ("reached_safety", "border_crossing") else []
    for span in inner + spans:
        found = [
            p
            for p in m.places_in(span)
            if _place_ok(p, trig.type, m, rules)
            and p.country not in receivers
        ]
        if found:
            # A border river belongs to both banks: another place says which one; a sea
            # borders several countries and says none.
            crossing = trig.type == "border_crossing"
            return max(
                found,
                key=lambda p: (
                    p.country is not None,
                    not _reference(p, m, rules),
                    crossing or p.name not in rules.crossing_country,
                    not _beyond_border(p, m, rules),
                    ranks.get(p.name or "", 0),
                    -abs(p.start - trig.start),
                ),
            )
    return None


# How far a state body may run past the span its demonym starts in ("Thai police" before
# the trigger "police raided": the span stops at the trigger, the phrase does not).
_BODY_REACH = 40


def _demonym(span: tuple[int, int], m: Mentions, skip: set[str]) -> str | None:
    hits = find_demonym_countries(m.text[span[0] : span[1] + _BODY_REACH])
    # a country named as someone's home is no state body acting there
    homes = {p.start - span[0] for p in m.places_in(span) if lives_there(p, m)}
    inside = span[1] - span[0]
    found = [c for at, c in hits if c not in skip and at not in homes and at < inside]
    return found[0] if found else None


def _place_or_demonym(
    groups: list[list[tuple[int, int]]], trig: Trigger, m: Mentions
) -> tuple[Entity | None, str | None]:
    """The nearest group's place, else its state body ("Chinese police"), group by group;
    within a group, spans in order."""
    # a clause that names the detaining state says more than a place in a later clause
    # ("held in Chinese detention ... sent back once North Korea reopened")
    skip = _receivers(trig, m)
    # a sea names no country ("sent back across the East Sea"): who acted says it
    water = None
    for group in groups:
        for span in group:
            place = _pick_place([span], trig, m)
            if place is not None and place.country is None:
                water = water or place
            elif place is not None:
                return place, None
        for span in group:
            country = _demonym(span, m, skip)
            if country is not None:
                return water, country
    return water, None


def _after_speaker(text: str, start: int, end: int, rules: Rules) -> int:
    """Where the reported clause begins: "activists in Seoul said (that) Chinese police
    arrested ..." happened where the police were, not where the speakers are."""
    cut = start
    for hit in rules.speaker.finditer(text, start, end):
        cut = hit.end()
    return cut


def _without(span: tuple[int, int], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of a span outside the holes."""
    pieces = [span]
    for hs, he in holes:
        pieces = [
            part
            for a, b in pieces
            for part in ((a, min(b, hs)), (max(a, he), b))
            if part[0] < part[1]
        ]
    return pieces


def locate(
    event: Event, sent: Sentence, spans: list[tuple[int, int]], trig: Trigger, m: Mentions
) -> None:
    """Country and place of an event; a crossing's country is the one entered."""
    rules = load_rules()
    place, country = _place_or_demonym(_groups(spans, trig, m, sent), trig, m)
    if place is not None:
        event.country = place.country or country
        event.place = None if _reference(place, m, rules) else named_place(place)
    else:
        event.country = country
    if event.country is None and place is not None:
        event.country = rules.coast_country(place)
    if trig.type == "reached_safety":
        _arrival_country(event, sent, trig, m, rules)
    if trig.type == "border_crossing":
        _entered(event, place, sent, spans, trig, m, rules)
    # a boat found or washed ashore entered the country of the coast named before it
    # ("韓国へ" elsewhere in the sentence is where they went on to)
    landed = coast(m, sent.start, trig.end) if trig.sea else None
    if landed is not None:
        event.country = landed.country
        event.place = named_place(landed)
    # A return leaves for the North: a camp named in its sentence is where it ended.
    if event.country is None and trig.type != "repatriation" and rules.north_site.search(sent.text):
        event.country = "KP"
    if trig.type != "border_crossing" and event.place in rules.crossing_country:
        bank = _river_bank(sent, rules)
        event.country = bank if bank is not None else event.country


def _groups(
    spans: list[tuple[int, int]], trig: Trigger, m: Mentions, sent: Sentence
) -> list[list[tuple[int, int]]]:
    """The spans to look for a place in, nearest group first (one span a group but in
    English, where the words after the verb come first)."""
    if trig.type == "repatriation" and m.lang in MORPH_LANGUAGES:
        # Korean and Japanese put a return's words before its verb: its zone, then its
        # sentence (the nearest place first), up to the verb. A place after it belongs to
        # another clause: who said it ("…と、韓国の団体が明らかにした"), what followed.
        return [[(spans[0][0], min(spans[0][1], trig.end))], [(sent.start, trig.end)]]
    groups = [[span] for span in spans]
    if m.lang != "en":
        return _before_speaker(groups, trig, m, sent)
    # English names where it happened after the verb ("caught by authorities in Laos");
    # a place before it is often the speaker's ("protests at the embassy in Seoul ...").
    # The speaker's own place ("our contact in Yanji says") is the next thing to go by.
    zs, ze = spans[0]
    cut = _after_speaker(m.text, zs, trig.start, load_rules())
    groups[0:1] = [[(trig.start, ze), (cut, trig.start)], [(zs, cut)]]
    # a place in a relative clause telling what the people have ("refugees, most of
    # whom have relatives in Seoul, were caught") is not where the event happened
    holes = [r for r in owner_clauses(sent) if not in_span(r, trig.start)]
    return [[piece for span in g for piece in _without(span, holes)] for g in groups]


def _before_speaker(
    groups: list[list[tuple[int, int]]], trig: Trigger, m: Mentions, sent: Sentence
) -> list[list[tuple[int, int]]]:
    """Korean, Japanese: the spans up to the end of the clause that reports the event
    ("…풀려났다고 미국의 한 방송이 전했다"): what follows is the speaker's."""
    rules = load_rules()
    hit = rules.quotative.search(m.text, trig.end, sent.end) if rules.speaker_places else None
    if hit is None:
        return groups
    cut = hit.start()
    clipped = [[(s, min(e, cut)) for s, e in g if s < cut] for g in groups]
    return [g for g in clipped if g]


def named_place(place: Entity) -> str | None:
    """A place's name when it is finer than a country."""
    return place.name if load_gazetteer().by_surface[place.text].rank > 1 else None


def _fixed_country(trig: Trigger, m: Mentions, rules: Rules) -> str | None:
    """The country a word of the trigger itself fixes ("월북", "국내에 입국")."""
    surface = m.text[trig.start : trig.end]
    fixed = [c for word, c in rules.fixed_country.items() if word in surface]
    return fixed[0] if fixed else None


def _arrival_country(
    event: Event, sent: Sentence, trig: Trigger, m: Mentions, rules: Rules
) -> None:
    """The safe country an arrival reached."""
    if m.lang == "en":
        # the safe country its own words went to ("fled with her two sons to South Korea,
        # the ministry in Seoul said")
        own = reached_country(m, sent, trig.start)
        if own is not None and own != event.country:
            event.country, event.place = own, None
    # an arrival "at home" ("국내에 입국했다") is in the South, wherever it came from
    event.country = _fixed_country(trig, m, rules) or event.country
    home = rules.home_arrival.get(m.lang)
    if home is not None and home.match(m.text, trig.start, trig.end):
        event.place = event.place if event.country == "KR" else None
        event.country = "KR"
    if event.country == "KP":
        # the country they fled is never where they reached safety: a demonym beside a
        # sea ("a boat from the North found at sea, its people taken in") names the origin
        seas = (p for p in m.places if sent.start <= p.start < sent.end and p.country is None)
        event.country = next(filter(None, map(rules.coast_country, seas)), None)


def _entered(
    event: Event,
    place: Entity | None,
    sent: Sentence,
    spans: list[tuple[int, int]],
    trig: Trigger,
    m: Mentions,
    rules: Rules,
) -> None:
    """The country a crossing entered, and its place only when it lies in that country."""
    cross = rules.crossing_country.get(event.place or "")
    # the country its own words enter ("escaped to China and crossed into Russia")
    english = m.lang == "en"
    own = entered_country(m, (trig.start, spans[0][1]), crossing_entry()) if english else None
    # Korean and Japanese: the destination of the trigger's own clause first ("韓国へ
    # 脱出し、…軍事境界線を越えて開城に戻った": Kaesong, not the South)
    clause = None if english else entered_country(m, trig.clause, _destination(english))
    sentence = clause or entered_country(m, (sent.start, sent.end), _destination(english))
    event.country = own or sentence or cross or event.country
    event.country = _fixed_country(trig, m, rules) or event.country
    if _settled_after(event, place, sent, trig, m, rules):
        event.country, place = None, None
    if place is not None and event.place not in rules.crossing_country:
        # a city of another country ("crossed into Mongolia ... arrived in Seoul") is
        # where a later step happened, not where the border was crossed
        event.place = event.place if place.country == event.country else None


def _settled_after(
    event: Event, place: Entity | None, sent: Sentence, trig: Trigger, m: Mentions, rules: Rules
) -> bool:
    """Korean, Japanese: whether an escape from the North ("탈북해", "脱北し") took the South
    or Japan only from the words after its verb ("탈북해 한국에 정착한 가족들"): where they
    went on to live, not the country the escape entered, unless the way was straight
    across (the sea, the DMZ)."""
    if m.lang == "en" or event.country not in rules.direct_countries:
        return False
    if not rules.leaves_north.search(m.text, trig.start, trig.end):
        return False
    if place is None or place.start < trig.end or place.country != event.country:
        return False
    route = rules.direct_route.get(lang_key(m.lang))
    return route is None or not route.search(sent.text)


def _river_bank(sent: Sentence, rules: Rules) -> str | None:
    """The country of a border river's bank the sentence names ("on the Chinese bank of
    the Tumen", "두만강 중국 쪽 강변"), else of the one state body acting there ("shot by
    Chinese border guards near the Tumen River")."""
    sides = [c for c, rx in rules.river_side.items() if rx.search(sent.text)]
    if not sides:
        sides = list(dict.fromkeys(c for _, c in find_demonym_countries(sent.text)))
    return sides[0] if len(sides) == 1 else None
