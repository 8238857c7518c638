"""Full-text search with facets, date range, highlighted snippets and pagination."""

from __future__ import annotations

import threading
from dataclasses import astuple, dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from tumen.store import SearchPage, SearchQuery, Store
from tumen.web.cache import ResultCache
from tumen.web.deps import MAX_PAGE, Pager, get_store, page_url, render, safe_snippet

router = APIRouter(include_in_schema=False)
FACET_NAMES = ("topic", "source", "language", "country", "event_type", "year")
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TopicName = Literal[
    "rescue", "detention", "repatriation", "border", "resettlement", "discrimination",
    "trafficking", "advocacy", "policy", "statistics", "humanitarian", "testimony", "fundraising",
]
EventName = Literal[
    "arrest", "transfer", "repatriation", "release", "reached_safety", "border_crossing", "death"
]


@dataclass
class Filters:
    """Facet filters and date range of a search, validated."""

    topic: str | None = None
    source: str | None = None
    language: str | None = None
    country: str | None = None
    event_type: str | None = None
    year: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def __getitem__(self, name: str) -> str | None:
        return getattr(self, name)


def search_filters(
    topic: Annotated[TopicName | None, Query()] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    event_type: Annotated[EventName | None, Query()] = None,
    year: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    date_from: Annotated[str | None, Query(pattern=DATE)] = None,
    date_to: Annotated[str | None, Query(pattern=DATE)] = None,
) -> Filters:
    """Facet filters from the query string (empty values mean no filter)."""
    return Filters(topic=topic, source=source or None, language=language,
                   country=country.upper() if country else None, event_type=event_type,
                   year=year, date_from=date_from, date_to=date_to)


def run_search(
    request: Request, store: Store, q: str, filters: Filters, limit: int, offset: int
) -> SearchPage:
    """The store's search for a query text and filters, reused until the database changes."""
    query = SearchQuery(
        text=q, limit=limit, offset=offset, language=filters.language, source=filters.source,
        topic=filters.topic, country=filters.country, event_type=filters.event_type,
        year=filters.year, date_from=filters.date_from, date_to=filters.date_to)
    cache: ResultCache = request.app.state.cache
    gate: threading.BoundedSemaphore = request.app.state.search_gate

    def compute() -> SearchPage:
        with gate:
            return _sanitised(store.search(query))

    return cache.get(("search", astuple(query)), compute)


def _sanitised(page: SearchPage) -> SearchPage:
    """The page with every snippet reduced to text and <mark> (once, before it is cached)."""
    for hit in page.hits:
        hit.snippet = str(safe_snippet(hit.snippet))
    return page


def _link(request: Request, **changes: str | None) -> str:
    """The current search URL with some parameters set (or removed when None), page reset."""
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"/search?{urlencode(params)}"


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    filters: Annotated[Filters, Depends(search_filters)],
    q: Annotated[str, Query(max_length=500)] = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    store: Store = Depends(get_store),
) -> HTMLResponse:
    """Results page with facet counts; facets link to the same search narrowed."""
    per_page = 20
    result = SearchPage(hits=[], total=0)
    if q.strip():
        result = run_search(request, store, q, filters, per_page, (page - 1) * per_page)
    return render(request, "search.html", {
        "q": q, "filters": filters, "result": result, "facet_names": FACET_NAMES,
        "hits": [(h, Markup(h.snippet)) for h in result.hits],  # sanitised in run_search
        "p": Pager(page=page, per_page=per_page, total=result.total),
        "page_url": lambda n: page_url(request, n),
        "facet_url": lambda name, value: _link(request, **{name: value}),
        "without": lambda name: _link(request, **{name: None}),
    })
