"""Digests: a day, week or month in review, in Markdown or HTML, ready to e-mail."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tumen.alerts.delivery import templates
from tumen.confidential.withheld import drop_withheld
from tumen.models import Document, Incident
from tumen.store.base import IncidentFilter

PERIODS = ("day", "week", "month")
TOP = 10


@dataclass(frozen=True)
class Period:
    """A half-open range of days [start, end) with a human label."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        """'2025-03-12', 'week of 2025-03-10' or 'March 2025'."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            return f"week of {self.start.isoformat()} to {(self.end - timedelta(1)).isoformat()}"
        return f"{calendar.month_name[self.start.month]} {self.start.year}"

    def holds(self, day: str | None) -> bool:
        """Whether an ISO day (longer strings are cut to the day) falls in the period."""
        return bool(day) and self.start.isoformat() <= (day or "")[:10] < self.end.isoformat()


def period_of(kind: str, day: date) -> Period:
    """The day, ISO week (Monday first) or calendar month holding a day."""
    if kind == "day":
        return Period(kind, day, day + timedelta(days=1))
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, start + timedelta(days=calendar.monthrange(day.year,
                                                                               day.month)[1]))
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {kind!r}")


@dataclass
class Digest:
    """What happened in a period."""

    period: Period
    documents: list[Document] = field(default_factory=list)
    new_incidents: list[Incident] = field(default_factory=list)
    changed_incidents: list[Incident] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    top_stories: list[tuple[Incident, int]] = field(default_factory=list)


def document_day(doc: Document) -> str | None:
    """The day a document belongs to: its publication day, else the day it was first seen."""
    if doc.published and len(doc.published) >= 10:
        return doc.published[:10]
    return doc.first_seen.date().isoformat() if doc.first_seen else None


def _countries(doc: Document) -> set[str]:
    """Countries a document is about (events first, places otherwise)."""
    if doc.analysis is None:
        return set()
    found = {e.country for e in doc.analysis.events if e.country}
    return found or {e.country for e in doc.analysis.entities if e.country and e.kind == "place"}


def _incidents(store: Any, period: Period) -> list[Incident]:
    """Incidents with a report on or after the period's start (all, when the store has none)."""
    if not hasattr(store, "list_incidents"):
        return []
    found, _ = store.list_incidents(IncidentFilter(since=period.start.isoformat(), limit=100_000))
    # digests go out by e-mail: what staff withheld stays out of them
    return [i for i in drop_withheld(store, found)
            if (i.last_report or "")[:10] < period.end.isoformat()]


def build_digest(store: Any, period: Period) -> Digest:
    """Count and rank what the store holds for a period."""
    digest = Digest(period)
    digest.documents = [d for d in store.iter_documents() if period.holds(document_day(d))]
    topics: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for doc in digest.documents:
        topics.update(doc.analysis.topics if doc.analysis else [])
        countries.update(_countries(doc))
    digest.topics = topics.most_common()
    digest.countries = countries.most_common()
    digest.languages = Counter(d.language or "?" for d in digest.documents).most_common()
    in_period = {d.id for d in digest.documents}
    for incident in _incidents(store, period):
        if period.holds(incident.first_report):
            digest.new_incidents.append(incident)
        elif (incident.first_report or "")[:10] < period.start.isoformat():
            digest.changed_incidents.append(incident)
        count = len(in_period & set(incident.documents))
        if count:
            digest.top_stories.append((incident, count))
    digest.top_stories.sort(key=lambda pair: (-pair[1], -pair[0].urgency_score))
    del digest.top_stories[TOP:]
    return digest


def render_digest(digest: Digest, fmt: str = "md") -> str:
    """The digest as Markdown ('md') or a standalone HTML page ('html')."""
    if fmt not in ("md", "html"):
        raise ValueError(f"format must be md or html, not {fmt!r}")
    name = "digest.md" if fmt == "md" else "digest.html"
    latest = sorted(digest.documents, key=lambda d: (document_day(d) or "", d.id or 0),
                    reverse=True)[:TOP * 2]
    return templates().get_template(name).render(d=digest, latest=latest, md=md_escape)


def md_escape(text: str | None) -> str:
    """Text safe inside Markdown link text and table cells."""
    out = (text or "").replace("\\", "\\\\")
    for ch in "[]*_`|<>":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())
