"""The source health page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tumen.store import Store
from tumen.web.deps import get_store, render

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, store: Store = Depends(get_store)) -> HTMLResponse:
    """Every source with its last fetch, status, error and new items."""
    return render(request, "sources.html", {"sources": store.list_sources()})
