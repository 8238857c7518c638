"""The incident board and incident pages (timeline, map, people, sources, conflicts)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from tumen.models import STATUSES, Incident
from tumen.store import Store
from tumen.web import queries
from tumen.web.deps import MAX_PAGE, Pager, get_store, highlight_sentence, page_url, render

router = APIRouter(include_in_schema=False)
URGENCIES = ("critical", "high", "medium", "low")
StatusName = Literal["at_risk", "detained", "repatriated", "released", "safe", "unknown"]
UrgencyName = Literal["critical", "high", "medium", "low"]


def evidence_excerpts(incident: Incident, documents: list[Any]) -> list[tuple[Any, list[Markup]]]:
    """Each source document with excerpts where the incident's evidence sentences are marked."""
    sentences = [s for e in incident.events for s in e.evidence]
    out = []
    for doc in documents:
        marks = [m for s in dict.fromkeys(sentences)
                 if (m := highlight_sentence(doc.text, s)) is not None]
        out.append((doc, marks[:3]))
    return out


def timeline_rows(incident: Incident, documents: list[Any]) -> list[dict[str, Any]]:
    """Each step with its date as precise as its reports allow and its evidence shown once.

    An undated step happened by the earliest publication date of the reports telling it;
    a sentence that told an earlier step too ("arrested and sent to Dandong") is shown there.
    """
    published = {d.id: d.published for d in documents if d.published}
    shown: set[str] = set()
    rows = []
    for e in incident.events:
        dates = sorted(published[d] for d in e.documents if d in published)
        when = e.date or (f"by {dates[0][:10]}" if dates else "undated")
        fresh = [x for x in dict.fromkeys(e.evidence) if x and x not in shown]
        shown.update(fresh)
        rows.append({"e": e, "when": when, "evidence": fresh[:2]})
    return rows


def conflict_table(conflicts: list[dict[str, Any]],
                   documents: list[Any]) -> list[dict[str, Any]]:
    """Each disagreement with its values side by side, each value with the reports (their
    outlet and date) that give it."""
    by_id = {d.id: d for d in documents}
    rows = []
    for c in conflicts:
        values = c.get("values")
        if not isinstance(values, list):
            continue
        cells = []
        for v in values:
            if not isinstance(v, dict):
                continue
            docs = [by_id[d] for d in v.get("documents", []) if d in by_id]
            cells.append({"value": v.get("value"), "sources": [
                (d.id, d.source or "report", d.published or "undated") for d in docs]})
        label = str(c.get("field", "value"))
        if c.get("event"):
            label += f" of the {str(c['event']).replace('_', ' ')}"
        rows.append({"field": label, "values": cells})
    return rows


def describe_conflict(conflict: dict[str, Any]) -> str:
    """'people: 7 (#1); 8 (#2)' from a conflict record, whatever its exact shape."""
    values = conflict.get("values")
    if isinstance(values, list):
        parts = []
        for v in values:
            if isinstance(v, dict):
                docs = ", ".join(f"#{d}" for d in v.get("documents", []))
                parts.append(f"{v.get('value')} ({docs})" if docs else str(v.get("value")))
            else:
                parts.append(str(v))
        return f"{conflict.get('field', 'value')}: {'; '.join(parts)}"
    return "; ".join(f"{k}: {v}" for k, v in conflict.items())


@router.get("/incidents", response_class=HTMLResponse)
def incident_board(
    request: Request,
    status: Annotated[StatusName | Literal[""] | None, Query()] = None,
    country: Annotated[str | None, Query(pattern=r"^([A-Za-z]{2})?$")] = None,
    urgency: Annotated[UrgencyName | Literal[""] | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    store: Store = Depends(get_store),
) -> HTMLResponse:
    """Incidents filtered by status, country and urgency, most urgent first."""
    per_page = 20
    user = getattr(request.state, "user", None)
    items, total = queries.list_incidents(
        store, include_withheld=getattr(user, "role", None) in ("editor", "admin"),
        status=status or None, country=country.upper() if country else None,
        urgency=urgency or None, limit=per_page, offset=(page - 1) * per_page)
    return render(request, "incidents.html", {
        "incidents": items, "p": Pager(page=page, per_page=per_page, total=total),
        "status": status, "country": country, "urgency": urgency, "statuses": STATUSES,
        "urgencies": URGENCIES, "page_url": lambda n: page_url(request, n),
    })


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(
    request: Request, incident_id: Annotated[int, Path(ge=1, le=2**62)],
    store: Store = Depends(get_store),
) -> HTMLResponse:
    """One incident: timeline, route map, people, sources with evidence, conflicts."""
    incident = queries.get_incident(store, incident_id)
    if incident is None:
        raise HTTPException(404, f"No incident {incident_id}")
    documents = queries.incident_documents(store, incident_id)
    return render(request, "incident.html", {
        "i": incident, "route": queries.route_points(incident),
        "timeline": timeline_rows(incident, documents),
        "sources": evidence_excerpts(incident, documents),
        "actions": queries.incident_actions(store, incident_id),
        "conflicts": [describe_conflict(c) for c in incident.conflicts],
        "conflict_table": conflict_table(incident.conflicts, documents),
    })
