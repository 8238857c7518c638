"""The versioned JSON API under /api/v1/ and the streaming export endpoint."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from tumen.config import Settings
from tumen.export import MEDIA_TYPES, iter_export
from tumen.models import Document, Incident, web_address
from tumen.store import DocumentFilter, Store, open_store
from tumen.web import queries
from tumen.web.deps import get_store
from tumen.web.routes.search import Filters, TopicName, run_search, search_filters
from tumen.web.schemas import (
    ArrivalOut,
    CountryYear,
    DocumentDetail,
    DocumentOut,
    DocumentPage,
    EntityOut,
    ErrorOut,
    EventOut,
    ExtractedOut,
    FacetCount,
    HitOut,
    IncidentDetail,
    IncidentOut,
    IncidentPage,
    ReturnsYear,
    SearchOut,
    SourceOut,
    StatisticOut,
    StatisticsOut,
)

router = APIRouter(prefix="/api/v1", tags=["public"])
MAX_OFFSET = 200_000
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Not found"}}
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Id = Annotated[int, Path(ge=1, le=2**62)]


def document_out(doc: Document) -> DocumentOut:
    """The summary fields of a document."""
    return DocumentOut(
        id=doc.id or 0, url=web_address(doc.url), title=doc.title, author=doc.author,
        published=doc.published, language=doc.language, source=doc.source, summary=doc.summary,
        pinned=doc.pinned, topics=list(doc.analysis.topics) if doc.analysis else [])


def incident_out(inc: Incident, detail: bool = False) -> IncidentOut:
    """An incident as the API shows it."""
    data = dataclasses.asdict(inc)
    data["id"] = inc.id or 0
    return IncidentDetail(**data) if detail else IncidentOut(**data)


@router.get("/documents",
            summary="List reports", response_model=DocumentPage)
def api_documents(limit: Limit = 20, offset: Offset = 0,
                  topic: Annotated[TopicName | None, Query()] = None,
                  source: Annotated[str | None, Query(max_length=200)] = None,
                  language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
                  store: Store = Depends(get_store)) -> DocumentPage:
    """Documents newest first, filtered by topic, source or language."""
    docs, total = store.list_documents(DocumentFilter(
        limit=limit, offset=offset, topic=topic, source=source, language=language))
    return DocumentPage(items=[document_out(d) for d in docs], total=total, limit=limit,
                        offset=offset)


@router.get("/documents/{doc_id}",
            summary="Get one report with its analysis", response_model=DocumentDetail,
            responses=NOT_FOUND)
def api_document(doc_id: Id, store: Store = Depends(get_store)) -> DocumentDetail:
    """One document with its text and analysis."""
    doc = store.get_document(doc_id)
    if doc is None:
        raise HTTPException(404, f"No document {doc_id}")
    a = doc.analysis
    return DocumentDetail(
        **document_out(doc).model_dump(), text=doc.text,
        first_seen=doc.first_seen.isoformat() if doc.first_seen else None,
        last_seen=doc.last_seen.isoformat() if doc.last_seen else None,
        entities=[EntityOut(**dataclasses.asdict(e)) for e in a.entities] if a else [],
        events=[EventOut(**dataclasses.asdict(e)) for e in a.events] if a else [],
        statistics=[StatisticOut(**dataclasses.asdict(s)) for s in a.statistics] if a else [],
        analysed=a.analysed if a else True)


@router.get("/search",
            summary="Search reports", response_model=SearchOut)
def api_search(request: Request, filters: Annotated[Filters, Depends(search_filters)],
               q: Annotated[str, Query(max_length=500, description="Words, \"phrases\", "
                                       "prefix*, OR, NOT")] = "",
               limit: Limit = 20, offset: Offset = 0,
               store: Store = Depends(get_store)) -> SearchOut:
    """Ranked results with facet counts; snippets keep only <mark> elements."""
    page = run_search(request, store, q, filters, limit, offset)
    return SearchOut(
        query=q, total=page.total, total_exact=page.total_exact, limit=limit, offset=offset,
        items=[HitOut(id=h.id, title=h.title, url=web_address(h.url), date=h.date, source=h.source,
                      snippet=h.snippet, score=h.score) for h in page.hits],  # sanitised
        facets={k: [FacetCount(value=v, count=n) for v, n in vals]
                for k, vals in page.facets.items()},
        facets_sampled=page.facets_sampled, facet_count=page.facet_count, notice=page.notice)


@router.get("/incidents",
            summary="List incidents", response_model=IncidentPage)
def api_incidents(
    limit: Limit = 20, offset: Offset = 0,
    status: Annotated[Literal["at_risk", "detained", "repatriated", "released", "safe",
                              "unknown"] | None, Query()] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    urgency: Annotated[Literal["critical", "high", "medium", "low"] | None, Query()] = None,
    since: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    store: Store = Depends(get_store),
) -> IncidentPage:
    """Incidents, most urgent first, filtered by status, country, urgency or last report."""
    items, total = queries.list_incidents(
        store, status=status, country=country.upper() if country else None, urgency=urgency,
        since=since, limit=limit, offset=offset)
    return IncidentPage(items=[incident_out(i) for i in items], total=total, limit=limit,
                        offset=offset)


@router.get("/incidents/{incident_id}",
            summary="Get one incident with its timeline", response_model=IncidentDetail,
            responses=NOT_FOUND)
def api_incident(incident_id: Id, store: Store = Depends(get_store)) -> IncidentOut:
    """One incident with its timeline and conflicts."""
    inc = queries.get_incident(store, incident_id)
    if inc is None:
        raise HTTPException(404, f"No incident {incident_id}")
    return incident_out(inc, detail=True)


@router.get("/statistics",
            summary="Get the statistics", response_model=StatisticsOut)
def api_statistics(store: Store = Depends(get_store)) -> StatisticsOut:
    """Official arrivals, extracted figures, incidents by country/year, forced returns."""
    return StatisticsOut(
        arrivals=[ArrivalOut(**dataclasses.asdict(a)) for a in queries.load_arrivals()],
        extracted=[ExtractedOut(**s) for s in queries.extracted_statistics(store)],
        incidents_by_country_year=[CountryYear(country=c, year=y, count=n)
                                   for c, y, n in queries.incidents_by_country_year(store)],
        forced_returns_per_year=[ReturnsYear(year=y, reports=n, people=p)
                                 for y, n, p in queries.forced_returns_per_year(store)])


@router.get("/sources",
            summary="List sources and their health", response_model=list[SourceOut])
def api_sources(store: Store = Depends(get_store)) -> list[SourceOut]:
    """Every source with the health of its last crawl."""
    return [SourceOut(name=s.name, url=web_address(s.url), kind=s.kind, language=s.language,
                      last_fetch=h.last_fetch.isoformat() if h.last_fetch else None,
                      last_status=h.last_status, last_error=h.last_error,
                      new_items=h.new_items) for s, h in store.list_sources()]


def _stream(settings: Settings, what: str, fmt: str) -> Iterator[bytes]:
    """Export chunks from a store opened (and closed) by the streaming thread itself."""
    store = open_store(settings.db, migrate=False)
    try:
        yield from iter_export(store, what, fmt)
    finally:
        store.close()


@router.get("/export",
            summary="Export reports, events or incidents", response_class=StreamingResponse,
            responses={200: {"content": {
    "text/csv": {}, "application/x-ndjson": {}, "application/vnd.apache.parquet": {}}}})
def api_export(
    request: Request,
    what: Literal["documents", "events", "incidents"] = "documents",
    format: Literal["csv", "jsonl", "parquet"] = "csv",
) -> StreamingResponse:
    """Stream every document, event or incident as CSV, JSON Lines or Parquet."""
    settings: Settings = request.app.state.settings
    return StreamingResponse(
        _stream(settings, what, format), media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="tumen-{what}.{format}"'})
