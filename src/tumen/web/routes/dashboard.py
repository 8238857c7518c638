"""The dashboard: urgent incidents, latest reports, arrivals per year, topics this month."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tumen.store import Store
from tumen.web import queries
from tumen.web.cache import ResultCache
from tumen.web.charts import bar_chart
from tumen.web.deps import get_store, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: Store = Depends(get_store)) -> HTMLResponse:
    """The front page."""
    cache: ResultCache = request.app.state.cache
    return render(request, "dashboard.html", cache.get(("dashboard", date.today()),
                                                           lambda: _front(store)))


def _front(store: Store) -> dict[str, object]:
    """What the front page shows (the same for every visitor until the database changes)."""
    incidents = queries.urgent_incidents(store, datetime.now(UTC))
    month, month_topics = queries.topics_latest_month(store)
    arrivals = [(str(a.year), a.arrivals) for a in queries.load_arrivals()]
    return {
        "incidents": incidents,
        "latest": queries.latest_documents(store, 10),
        "month_topics": month_topics, "topics_month": month,
        "topics_month_label": datetime.strptime(month, "%Y-%m").strftime("%B %Y") if month
        else None,
        "this_month": month == datetime.now(UTC).strftime("%Y-%m"),
        "arrivals_chart": bar_chart(arrivals, "Arrivals in South Korea per year"),
    }
