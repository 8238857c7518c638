"""Rules, mentions and triggers shared by the parts of event extraction."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Generic, Protocol, TypeVar

from tumen.analyze.gazetteer import load_data
from tumen.analyze.inflect import expand_verbs
from tumen.analyze.morph import morphs
from tumen.analyze.morph.base import NOUN
from tumen.analyze.numbers import Count, find_vulnerable
from tumen.analyze.sentences import Sentence
from tumen.analyze.timex import TimeMention
from tumen.models import EVENT_TYPES, Entity


@dataclass(frozen=True)
class Rules:
    triggers: dict[str, tuple[tuple[str, str], ...]]  # English only; compiled by trigger_patterns
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
    via_after: re.Pattern[str]
    reference_before: re.Pattern[str]
    reference_after: re.Pattern[str]
    border_of: re.Pattern[str]
    dest_before: re.Pattern[str]
    dest_after: re.Pattern[str]
    arrived_after: re.Pattern[str]
    home_before: re.Pattern[str]
    home_after: re.Pattern[str]
    pluperfect: re.Pattern[str]
    past_participle: re.Pattern[str]
    crossing_country: dict[str, str]
    sea_country: dict[str, str]
    singular: dict[str, re.Pattern[str]]
    woman_subject: re.Pattern[str]
    group_subject: re.Pattern[str]
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
    anaphoric_time: re.Pattern[str]
    cleft: re.Pattern[str]
    cleft_since: re.Pattern[str]
    day_anaphor: re.Pattern[str]
    joined_count: re.Pattern[str]
    next_year: re.Pattern[str]
    attribution: re.Pattern[str]
    river_side: dict[str, re.Pattern[str]]
    direct_route: dict[str, re.Pattern[str]]
    home_arrival: dict[str, re.Pattern[str]]
    direct_countries: frozenset[str]
    transit_countries: frozenset[str]
    transit_route: re.Pattern[str]
    speaker: re.Pattern[str]
    quotative: re.Pattern[str]
    seat_after: re.Pattern[str]
    speaker_places: bool
    voluntary: re.Pattern[str]
    seizure: re.Pattern[str]
    at_sea: re.Pattern[str]
    seized_into: frozenset[str]
    later_step: frozenset[tuple[str, str]]
    second_group: re.Pattern[str]
    aggregate_period: re.Pattern[str]
    leaves_north: re.Pattern[str]
    state_doer: re.Pattern[str]
    not_refugees: re.Pattern[str]
    leader: re.Pattern[str]
    vessel_returned: re.Pattern[str]

    def coast_country(self, place: Entity) -> str | None:
        """A place's country; a sea's, which is no country's land, the coast the reports'
        boats reach on it (gazetteer_rules sea_country, by the name written first), else none."""
        by_name = self.sea_country.get(place.text) or self.sea_country.get(place.name or "")
        return place.country or by_name


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rules of tumen/analyze/data/events.yaml, compiled."""
    data = load_data("events.yaml")
    gaz_rules = load_data("gazetteer_rules.yaml")
    neg = data["negation"]
    return Rules(
        **_patterns(data),
        triggers=_english_triggers(data),
        neg_before={k: re.compile(v["before"], re.IGNORECASE) for k, v in neg.items()},
        neg_after={k: re.compile(v["after"], re.IGNORECASE) for k, v in neg.items()},
        window=int(data["negation_window"]),
        clause_break={k: re.compile(v) for k, v in data["clause_break"].items()},
        safe_countries=frozenset(data["safe_countries"]),
        crossing_country=dict(gaz_rules["crossing_country"]),
        sea_country=dict(gaz_rules["sea_country"]),
        singular={k: re.compile(v) for k, v in data["singular_subject"].items()},
        generic={k: re.compile(v) for k, v in data["generic_sentence"].items()},
        generic_subject={k: re.compile(v) for k, v in data["generic_subject"].items()},
        plural={k: re.compile(v) for k, v in data["plural_subject"].items()},
        generic_reach=int(data["generic_reach"]),
        fixed_country=dict(data["fixed_country"]),
        attributive={k: re.compile(v) for k, v in data["attributive"].items()},
        river_side={c: re.compile(v) for c, v in data["river_side"].items()},
        direct_route={k: re.compile(v) for k, v in data["direct_route"].items()},
        home_arrival={k: re.compile(v) for k, v in data["home_arrival"].items()},
        direct_countries=frozenset(data["direct_countries"]),
        transit_countries=frozenset(data["transit_countries"]),
        voluntary=re.compile(data["voluntary_return"], re.IGNORECASE),
        seized_into=frozenset(data["seized_into"]),
        later_step=frozenset((a, b) for a, b in data["later_step"]),
        speaker_places=bool(data["speaker_places"]),
    )


# An English verb of killing: told in the active voice, who died is its object.
KILLING = re.compile(r"(?i)\b(?:kill|shot|shoot|execut|murder|slay|slew)")

# How a sentence ends, unlike a headline ("…2명 판문점 통해 송환").
FULL_STOPS = (".", "。", "!", "?", "！", "？", "\"", "”", "」", "』", ")", "）")


# The fields of Rules that are one pattern of events.yaml each (under another key there
# when _RENAMED says so).
_PATTERNS = (
    "aside", "coordinated", "safety_words", "origin_before", "origin_after", "via_after",
    "border_of",
    "reference_before", "reference_after",
    "dest_before", "dest_after", "arrived_after", "home_before", "home_after",
    "pluperfect", "past_participle",
    "woman_subject", "group_subject", "north_site", "glue", "later", "vague_time",
    "anaphoric_time", "cleft", "cleft_since", "day_anaphor", "joined_count", "next_year",
    "attribution", "transit_route", "speaker", "quotative", "seat_after", "seizure", "at_sea",
    "second_group", "aggregate_period", "leaves_north", "state_doer", "not_refugees", "leader",
    "vessel_returned",
)
_RENAMED = {
    "dest_before": "destination_before",
    "dest_after": "destination_after",
    "glue": "trigger_glue",
}


def _patterns(data: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    """The rules that are one pattern each, by their field of Rules."""
    return {name: re.compile(data[_RENAMED.get(name, name)]) for name in _PATTERNS}


def _english_triggers(data: dict[str, Any]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The trigger patterns, (event type, pattern), by language: English only (Korean and
    Japanese triggers are read by their morphemes)."""
    # English patterns name verbs by lemma ("{v:detain}"): every inflected form is read.
    return {
        "en": tuple(
            (e, expand_verbs(p)) for e in EVENT_TYPES for p in data["triggers"][e].get("en", [])
        )
    }


class _Located(Protocol):
    @property
    def start(self) -> int: ...


_T = TypeVar("_T", bound=_Located)


class ByStart(Generic[_T]):
    """Mentions found by the span they start in, in their own order: a bisection over
    their starts, where every event's every span used to test every mention of the text."""

    def __init__(self, items: Sequence[_T]) -> None:
        self._items = items
        self._order = sorted(range(len(items)), key=lambda i: items[i].start)
        self._starts = [items[i].start for i in self._order]

    def within(self, span: tuple[int, int]) -> list[_T]:
        """The items starting inside span (in_span), in the order they are listed."""
        lo = bisect.bisect_left(self._starts, span[0])
        hi = bisect.bisect_left(self._starts, span[1])
        return [self._items[i] for i in sorted(self._order[lo:hi])]


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

    # the lists are not changed once found: each is indexed by start when first asked
    @cached_property
    def _places(self) -> ByStart[Entity]:
        return ByStart(self.places)

    @cached_property
    def _dates(self) -> ByStart[TimeMention]:
        return ByStart(self.dates)

    @cached_property
    def _counts(self) -> ByStart[Count]:
        return ByStart(self.counts)

    def places_in(self, span: tuple[int, int]) -> list[Entity]:
        """The places starting inside span, in text order."""
        return self._places.within(span)

    def dates_in(self, span: tuple[int, int]) -> list[TimeMention]:
        """The dates starting inside span, in text order."""
        return self._dates.within(span)

    def counts_in(self, span: tuple[int, int]) -> list[Count]:
        """The counts starting inside span, in text order."""
        return self._counts.within(span)

    @cached_property
    def _words(self) -> tuple[frozenset[int], frozenset[int]] | None:
        # (Korean only: a Japanese compound holds its words, "男女" a woman)
        if self.lang != "ko":
            return None
        found = morphs(self.text, "ko")
        return frozenset(w.start for w in found), frozenset(w.end for w in found if w.kind == NOUN)

    @cached_property
    def _vulnerable(self) -> dict[tuple[int, int], list[str]]:
        # the events of a text ask for the same spans again (a sentence, its clause)
        return {}

    def vulnerable_in(self, span: tuple[int, int]) -> list[str]:
        """The vulnerable groups text[span] names (a Korean word only as a word of its own)."""
        if span not in self._vulnerable:
            self._vulnerable[span] = find_vulnerable(
                self.text[span[0] : span[1]], self._words, span[0])
        return list(self._vulnerable[span])


@dataclass(frozen=True)
class Trigger:
    type: str
    start: int
    end: int
    zone: tuple[int, int]
    clause: tuple[int, int]
    attributive: bool = False  # "붙잡힌 탈북민": the words after it belong to the next verb
    sea: bool = False  # a find or a landing on a coast ("発見された", "漂着した")
    # a killing the people did ("同僚を殺害し"): its words (whom they killed) are its own,
    # but it is no event of theirs
    crime: bool = False


def lang_key(lang: str) -> str:
    """The language whose rules read a text: its own, or English (a Chinese page is not
    analysed at all: analyze.language.NOT_READ)."""
    return lang if lang in ("en", "ko", "ja") else "en"


def in_span(span: tuple[int, int], start: int) -> bool:
    return span[0] <= start < span[1]
