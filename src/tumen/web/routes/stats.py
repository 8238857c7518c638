"""The statistics page: arrivals, extracted figures, incidents by country, forced returns."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tumen.store import Store
from tumen.web import queries
from tumen.web.charts import Series, bar_chart
from tumen.web.deps import get_store, render

router = APIRouter(include_in_schema=False)


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, store: Store = Depends(get_store)) -> HTMLResponse:
    """Charts and tables, each figure with its source."""
    arrivals = queries.load_arrivals()
    returns = queries.forced_returns_per_year(store)
    by_country = queries.incidents_by_country_year(store)
    label = "Incidents"
    if not by_country:
        by_country, label = queries.events_by_country_year(store, "arrest"), "Arrests reported"
    return render(request, "stats.html", {
        "arrivals": arrivals,
        "arrivals_chart": bar_chart([(str(a.year), a.arrivals) for a in arrivals],
                                    "Arrivals in South Korea per year"),
        "extracted": queries.extracted_statistics(store),
        "by_country": by_country, "by_country_label": label,
        "returns": returns,
        "returns_chart": bar_chart(
            [(y, people) for y, _, people in returns], "People forcibly returned per year",
            unit=" people", second=Series("reports", [n for _, n, _ in returns])),
    })
