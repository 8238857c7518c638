"""The dashboard: urgent incidents, latest reports, arrivals per year, topics this month."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tumen.store import Store
from tumen.web import queries
from tumen.web.charts import bar_chart
from tumen.web.deps import get_store, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: Store = Depends(get_store)) -> HTMLResponse:
    """The front page."""
    incidents, _ = queries.list_incidents(store, limit=8, offset=0)
    arrivals = [(str(a.year), a.arrivals) for a in queries.load_arrivals()]
    return render(request, "dashboard.html", {
        "incidents": incidents,
        "latest": queries.latest_documents(store, 10),
        "month_topics": queries.topics_this_month(store),
        "arrivals_chart": bar_chart(arrivals, "Arrivals in South Korea per year"),
    })
