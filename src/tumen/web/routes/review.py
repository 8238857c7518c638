"""The review queue: editors confirm or correct what the analyzer assembled (audited)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from tumen.accounts.roles import User
from tumen.accounts.web import account_store, actor, require
from tumen.audit import record
from tumen.incidents.export import review_set
from tumen.models import EVENT_TYPES
from tumen.store.base import IncidentFilter
from tumen.web.deps import render

router = APIRouter(include_in_schema=False)
IncidentId = Annotated[int, Path(ge=1, le=2**62)]
Editor = Depends(require("editor"))
Short = Annotated[str, Form(max_length=100)]


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, user: User = Editor,
                store: Any = Depends(account_store)) -> HTMLResponse:
    """New and changed incidents (no confirmation that still stands), most urgent first."""
    items, total = store.list_incidents(IncidentFilter(limit=50, unreviewed=True))
    queue = [(i, store.incident_documents(i.id)) for i in items]
    return render(request, "review.html", {"queue": queue, "total": total,
                                           "types": EVENT_TYPES, "user": user})


def _act(request: Request, store: Any, incident_id: int, action: str,
         payload: dict[str, Any]) -> Response:
    """Record a staff action and its audit entry; bad input is a 400 with one line."""
    if store.get_incident(incident_id) is None:
        raise HTTPException(404, f"No incident {incident_id}")
    who = actor(request)
    try:
        action_id = store.add_incident_action(incident_id, action, payload, who.username or "")
    except ValueError as e:
        raise HTTPException(400, str(e)) from None
    record(store, who, f"incident.{action}", f"incident:{incident_id}", action_id=action_id,
           **payload)
    return RedirectResponse("/review", status_code=303)


@router.post("/review/{incident_id}/confirm")
def confirm(request: Request, incident_id: IncidentId, user: User = Editor,
            store: Any = Depends(account_store)) -> Response:
    """The incident is right as it stands."""
    return _act(request, store, incident_id, "confirm", {})


@router.post("/review/{incident_id}/correct")
def correct(request: Request, incident_id: IncidentId, step_type: Short, step_date: Short = "",
            step_place: Short = "", type: Short = "", date: Short = "", people: Short = "",
            country: Short = "", place: Short = "", user: User = Editor,
            store: Any = Depends(account_store)) -> Response:
    """Set one event's type, date, people, country or place (empty fields stay as they are)."""
    step = {"type": step_type, "date": step_date or None, "place": step_place or None}
    values: dict[str, Any] = {k: v.strip() for k, v in (
        ("type", type), ("date", date), ("country", country.upper()), ("place", place))
        if v.strip()}
    if people.strip():
        if not people.strip().isdigit():
            raise HTTPException(400, "people must be a whole number")
        values["people"] = int(people)
    return _act(request, store, incident_id, "correct", {"step": step, "set": values})


@router.post("/review/{incident_id}/merge")
def merge(request: Request, incident_id: IncidentId,
          other: Annotated[int, Form(ge=1, le=2**62)], user: User = Editor,
          store: Any = Depends(account_store)) -> Response:
    """This incident and another are one case."""
    return _act(request, store, incident_id, "merge", {"with": other})


@router.post("/review/{incident_id}/split")
async def split(request: Request, incident_id: IncidentId, user: User = Editor,
                store: Any = Depends(account_store)) -> Response:
    """The ticked reports leave this incident and form their own."""
    form = await request.form()
    ids = [int(str(v)) for v in form.getlist("documents") if str(v).isdigit()]
    return _act(request, store, incident_id, "split", {"documents": ids})


@router.get("/review/export.json")
def export(user: User = Editor, store: Any = Depends(account_store)) -> JSONResponse:
    """Confirmed incidents in the evaluation's format (documents and gold groups)."""
    items, _ = store.list_incidents(IncidentFilter(limit=10_000))
    reviewed = [(i, store.incident_documents(i.id)) for i in items if i.reviewed_by]
    return JSONResponse(review_set(reviewed))
