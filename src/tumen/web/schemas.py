"""Pydantic response models of the JSON API (they document /openapi.json)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class EvidenceOut(BaseModel):
    """The sentence a fact was read from."""

    text: str
    start: int
    end: int


class EventOut(BaseModel):
    """Something that happened to people, read from one sentence."""

    type: str
    date: str | None = None
    people: int | None = None
    vulnerable: list[str] = Field(default_factory=list)
    country: str | None = None
    place: str | None = None
    evidence: EvidenceOut


class StatisticOut(BaseModel):
    """A figure read from a report."""

    measure: str
    value: int
    country: str | None = None
    period: str | None = None
    evidence: EvidenceOut


class EntityOut(BaseModel):
    """A place, organisation or count of people."""

    kind: str
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    value: int | None = None


class DocumentOut(BaseModel):
    """A stored report (summary fields)."""

    id: int
    url: str | None = Field(None, description="The report's web address; null when it was "
                            "read from a local file.")
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    source: str | None = None
    summary: str | None = None
    pinned: bool = Field(False, description="A notice pinned to the top of the board it was "
                         "listed on (공지): listed first whatever its date.")
    topics: list[str] = Field(default_factory=list)


class DocumentDetail(DocumentOut):
    """A stored report with its text and analysis."""

    text: str
    first_seen: str | None = None
    last_seen: str | None = None
    entities: list[EntityOut] = Field(default_factory=list)
    events: list[EventOut] = Field(default_factory=list)
    statistics: list[StatisticOut] = Field(default_factory=list)
    analysed: bool = Field(
        True, description="False for a language the analysis does not read (Chinese): "
        "no events, figures or topics were looked for")


class DocumentPage(BaseModel):
    """A page of documents, newest first."""

    items: list[DocumentOut]
    total: int
    limit: int
    offset: int


class HitOut(BaseModel):
    """One search result; snippet is HTML where only <mark> elements remain."""

    id: int
    title: str | None = None
    url: str | None = Field(None, description="The report's web address; null when it was "
                            "read from a local file.")
    date: str | None = None
    source: str | None = None
    snippet: str
    score: float


class FacetCount(BaseModel):
    """How many results have one value of a facet."""

    value: str
    count: int


class SearchOut(BaseModel):
    """A page of ranked results with facet counts."""

    query: str
    items: list[HitOut]
    total: int
    total_exact: bool = Field(True, description="Whether `total` is the exact number of "
                              "matches (the search index counts every match: always true)")
    limit: int
    offset: int
    facets: dict[str, list[FacetCount]]
    facets_sampled: bool = Field(False, description="Whether the facet counts cover only part "
                                 "of the matches (the index counts them all: always false)")
    facet_count: int = Field(0, description="How many matches the facet counts cover")
    notice: str | None = Field(None, description="What in the query was not understood or "
                               "was ignored (an unclosed quote, an unknown field:, a dangling "
                               "OR), in one sentence for the user")


class IncidentEventOut(BaseModel):
    """One step of an incident's timeline."""

    type: str
    date: str | None = None
    place: str | None = None
    country: str | None = None
    people: int | None = None
    documents: list[int] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class IncidentOut(BaseModel):
    """An incident assembled from many reports."""

    id: int
    key: str
    title: str
    status: str
    urgency_score: float
    urgency_level: str
    people_min: int | None = None
    people_max: int | None = None
    vulnerable: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    first_report: str | None = None
    last_report: str | None = None
    sources_count: int = 0
    documents: list[int] = Field(default_factory=list)


class IncidentDetail(IncidentOut):
    """An incident with its timeline and the disagreements between reports."""

    events: list[IncidentEventOut] = Field(default_factory=list)
    conflicts: list[dict[str, object]] = Field(default_factory=list)


class IncidentPage(BaseModel):
    """A page of incidents, most urgent first."""

    items: list[IncidentOut]
    total: int
    limit: int
    offset: int


class ArrivalOut(BaseModel):
    """An official yearly figure with its source."""

    year: int
    arrivals: int
    source: str
    source_url: str
    note: str = ""


class ExtractedOut(BaseModel):
    """A figure read from a report, with the report."""

    measure: str
    country: str | None = None
    period: str | None = None
    value: int
    evidence: str
    document_id: int
    title: str | None = None
    source: str | None = None
    published: str | None = None


class CountryYear(BaseModel):
    """A count for one country and year."""

    country: str
    year: str
    count: int


class ReturnsYear(BaseModel):
    """Reports of forced returns in one year and the people they name."""

    year: str
    reports: int
    people: int


class StatisticsOut(BaseModel):
    """Every statistic the statistics page shows."""

    arrivals: list[ArrivalOut]
    extracted: list[ExtractedOut]
    incidents_by_country_year: list[CountryYear]
    forced_returns_per_year: list[ReturnsYear]


class SourceOut(BaseModel):
    """A source and the health of its last crawl."""

    name: str
    url: str | None = Field(None, description="Address of the source; null for a local file.")
    kind: str
    language: str | None = None
    last_fetch: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    new_items: int = 0


class ErrorOut(BaseModel):
    """Why a request failed."""

    detail: str
