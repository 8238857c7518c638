"""Typed records passed between pipeline stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

EventType = Literal[
    "arrest", "transfer", "repatriation", "release", "reached_safety", "border_crossing", "death"
]
EVENT_TYPES: tuple[str, ...] = (
    "arrest", "transfer", "repatriation", "release", "reached_safety", "border_crossing", "death",
)
TOPICS: tuple[str, ...] = (
    "rescue", "detention", "repatriation", "border", "resettlement", "discrimination",
    "trafficking", "advocacy", "policy", "statistics", "humanitarian", "testimony", "fundraising",
)
VULNERABLE: tuple[str, ...] = ("infant", "child", "teen", "woman", "elderly", "orphan", "pregnant")
STATUSES: tuple[str, ...] = ("at_risk", "detained", "repatriated", "released", "safe", "unknown")
SOURCE_KINDS: tuple[str, ...] = ("feed", "listing", "sitemap", "page")
# the end of a first sentence: a full stop, question or exclamation mark after a small
# letter, a digit or a Hangul syllable ("U.S. officials" goes on), or a CJK one
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"'”’\uac00-\ud7a3][.!?])\s+|(?<=[。！？])")


def web_address(url: str | None) -> str | None:
    """The URL when it is a web address; None for a local file's path (file://...)."""
    return url if url and url.startswith(("http://", "https://")) else None


def headline(text: str, limit: int = 100) -> str:
    """A title for a report that has none: its first sentence, cut at a word if long."""
    first = " ".join(_SENTENCE_END.split(text.strip(), maxsplit=1)[0].split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0] if " " in first[:limit] else first[:limit]
    return cut.rstrip(",;:") + "…"


@dataclass(frozen=True)
class RawPage:
    """A fetched or read body with everything needed to cite it later."""

    url: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    final_url: str | None = None
    content_type: str = ""
    encoding: str | None = None
    warc_path: str | None = None
    warc_record_id: str | None = None

    @property
    def location(self) -> str:
        """The URL the body was finally served from."""
        return self.final_url or self.url


@dataclass
class Item:
    """One report as found on a page: a whole article or one entry of a listing."""

    text: str
    title: str | None = None
    summary: str | None = None
    date: str | None = None  # ISO, possibly partial: 2015-10-22, 2015-10 or 2015
    author: str | None = None
    url: str | None = None
    language: str | None = None
    position: int | None = None  # index within a listing page, None for an article
    pinned: bool = False  # a notice pinned to the top of a board (공지), not in date order


@dataclass
class Evidence:
    """The sentence a fact was read from and its character offsets in the text."""

    text: str
    start: int
    end: int


@dataclass
class Entity:
    """A place, organisation or count of people mentioned in the text."""

    kind: Literal["place", "organisation", "people"]
    text: str
    start: int
    end: int
    name: str | None = None  # canonical name from the gazetteer
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    value: int | None = None  # for kind == "people"


@dataclass
class Event:
    """Something that happened to people, read from one sentence."""

    type: str  # one of EVENT_TYPES
    evidence: Evidence
    date: str | None = None
    people: int | None = None
    vulnerable: list[str] = field(default_factory=list)
    country: str | None = None
    place: str | None = None
    confidence: float | None = None  # probability the event is real, from analyze.confidence


@dataclass
class Statistic:
    """A figure such as arrivals per year."""

    measure: str
    value: int
    evidence: Evidence
    country: str | None = None
    period: str | None = None


@dataclass
class Analysis:
    """Everything the analysis stage derives from one item."""

    language: str | None = None
    topics: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    # False for a page in a language the analysis does not read (Chinese): only its
    # language is given, and no event, figure or topic is to be read from its absence.
    analysed: bool = True


@dataclass
class Document:
    """A stored report: an article, or one item of a listing page."""

    url: str
    canonical_url: str
    text: str
    content_hash: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    summary: str | None = None
    source: str | None = None
    listing_url: str | None = None
    pinned: bool = False  # a board's pinned notice (공지), listed first whatever its date
    fetch_id: int | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    analysis: Analysis | None = None
    id: int | None = None


@dataclass
class Source:
    """One entry of the user's source list."""

    name: str
    url: str
    kind: str = "page"  # one of SOURCE_KINDS
    language: str | None = None
    max_pages: int = 5
    interval_minutes: int = 60


@dataclass
class SourceHealth:
    """What the last crawl of a source did."""

    name: str
    last_fetch: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    new_items: int = 0


@dataclass
class IncidentEvent:
    """One step of an incident's timeline with the documents that report it."""

    type: str
    date: str | None
    place: str | None
    country: str | None
    people: int | None
    documents: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    confidence: float | None = None  # the analyzer's, highest among the reports that tell it
    corrected_by: str | None = None  # the staff member whose correction this step carries


@dataclass
class Incident:
    """Events about the same people assembled from many reports."""

    key: str
    title: str
    status: str = "unknown"
    urgency_score: float = 0.0
    urgency_level: str = "low"
    people_min: int | None = None
    people_max: int | None = None
    vulnerable: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    events: list[IncidentEvent] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    first_report: str | None = None
    last_report: str | None = None
    sources_count: int = 0
    conflicts: list[dict[str, object]] = field(default_factory=list)
    id: int | None = None
    reviewed_by: str | None = None  # staff who confirmed it as it stands (None: unreviewed)
    reviewed_at: str | None = None
