"""Confidential case notes and the withheld flag of incidents (editors and admins only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from tumen.accounts.roles import User
from tumen.accounts.web import account_store, actor, require
from tumen.confidential.crypto import MissingKey, note_key
from tumen.confidential.notes import MAX_NOTE_CHARS, add_note, delete_note, read_notes
from tumen.confidential.withheld import MAX_REASON, release, withhold
from tumen.web.deps import render

router = APIRouter(tags=["confidential"], responses={
    404: {"description": "No such incident or note."},
    503: {"description": "No encryption key configured, or no accounts support."}})
IncidentId = Annotated[int, Path(ge=1, le=2**62)]
NoteId = Annotated[int, Path(ge=1, le=2**62)]
Editor = Depends(require("editor"))


class NoteIn(BaseModel):
    """A new case note; mark private names as [[Name]]."""

    text: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    private_names: bool = False


class NoteOut(BaseModel):
    """A case note as an editor reads it."""

    id: int
    incident_id: int
    text: str
    private_names: bool
    author: str
    created_at: str


class NoteCreated(BaseModel):
    """The id of a stored note."""

    id: int


class WithheldIn(BaseModel):
    """Why an incident is withheld from public pages."""

    reason: str = Field(min_length=1, max_length=MAX_REASON)


class WithheldOut(BaseModel):
    """Whether an incident is withheld now."""

    incident_id: int
    withheld: bool
    reason: str | None = None


def _key(request: Request) -> bytes:
    try:
        return note_key(request.app.state.settings)
    except MissingKey as e:
        raise HTTPException(503, f"confidential notes are unavailable: {e}") from None


def require_incident(store: Any, incident_id: int) -> None:
    """404 unless the incident exists (for every confidential route keyed by incident)."""
    if store.get_incident(incident_id) is None:
        raise HTTPException(404, f"No incident {incident_id}")


def _withheld_out(store: Any, incident_id: int) -> WithheldOut:
    row = store.withheld_rows().get(incident_id)
    return WithheldOut(incident_id=incident_id, withheld=row is not None,
                       reason=row["reason"] if row else None)


# -- pages -----------------------------------------------------------------------------------

@router.get("/incidents/{incident_id}/notes", response_class=HTMLResponse,
            include_in_schema=False)
def notes_page(request: Request, incident_id: IncidentId, reveal: bool = False,
               user: User = Editor, store: Any = Depends(account_store)) -> HTMLResponse:
    """The case notes of an incident, private names hidden unless revealed."""
    require_incident(store, incident_id)
    notes = read_notes(store, _key(request), incident_id, actor(request), reveal=reveal)
    return render(request, "notes/notes.html", {
        "incident": store.get_incident(incident_id), "notes": notes, "reveal": reveal,
        "withheld": _withheld_out(store, incident_id), "user": user})


@router.post("/incidents/{incident_id}/notes", include_in_schema=False)
def notes_add_form(
    request: Request, incident_id: IncidentId,
    text: Annotated[str, Form(min_length=1, max_length=MAX_NOTE_CHARS)],
    private_names: Annotated[bool, Form()] = False,
    user: User = Editor, store: Any = Depends(account_store),
) -> Response:
    """Add a note from the form."""
    require_incident(store, incident_id)
    add_note(store, _key(request), incident_id, text, actor(request), private_names)
    return RedirectResponse(f"/incidents/{incident_id}/notes", status_code=303)


@router.post("/incidents/{incident_id}/notes/{note_id}/delete", include_in_schema=False)
def notes_delete_form(request: Request, incident_id: IncidentId, note_id: NoteId,
                      user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Erase a note."""
    if not delete_note(store, incident_id, note_id, actor(request)):
        raise HTTPException(404, f"No note {note_id}")
    return RedirectResponse(f"/incidents/{incident_id}/notes", status_code=303)


@router.post("/incidents/{incident_id}/withheld", include_in_schema=False)
def withheld_form(
    request: Request, incident_id: IncidentId,
    reason: Annotated[str, Form(max_length=MAX_REASON)] = "",
    user: User = Editor, store: Any = Depends(account_store),
) -> Response:
    """Withhold an incident (with a reason) or, with an empty reason, publish it again."""
    require_incident(store, incident_id)
    if reason.strip():
        withhold(store, incident_id, reason, actor(request))
    else:
        release(store, incident_id, actor(request))
    return RedirectResponse(f"/incidents/{incident_id}/notes", status_code=303)


# -- API -------------------------------------------------------------------------------------

@router.get("/api/v1/incidents/{incident_id}/notes",
            summary="List an incident's case notes", response_model=list[NoteOut])
def api_notes(request: Request, incident_id: IncidentId, reveal: bool = False,
              user: User = Editor, store: Any = Depends(account_store)) -> list[NoteOut]:
    """Case notes of an incident (editor role; every read is audited)."""
    require_incident(store, incident_id)
    notes = read_notes(store, _key(request), incident_id, actor(request), reveal=reveal)
    return [NoteOut(**vars(n)) for n in notes]


@router.post("/api/v1/incidents/{incident_id}/notes",
             summary="Add a case note", response_model=NoteCreated,
             status_code=201)
def api_add_note(request: Request, incident_id: IncidentId, note: NoteIn,
                 user: User = Editor, store: Any = Depends(account_store)) -> NoteCreated:
    """Add a case note (editor role, write scope)."""
    require_incident(store, incident_id)
    try:
        note_id = add_note(store, _key(request), incident_id, note.text, actor(request),
                           note.private_names)
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    return NoteCreated(id=note_id)


@router.delete("/api/v1/incidents/{incident_id}/notes/{note_id}",
               summary="Erase a case note", status_code=204)
def api_delete_note(request: Request, incident_id: IncidentId, note_id: NoteId,
                    user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Erase a case note (editor role, write scope)."""
    if not delete_note(store, incident_id, note_id, actor(request)):
        raise HTTPException(404, f"No note {note_id}")
    return Response(status_code=204)


@router.get("/api/v1/incidents/{incident_id}/withheld",
            summary="Is an incident withheld?", response_model=WithheldOut)
def api_withheld(incident_id: IncidentId, user: User = Editor,
                 store: Any = Depends(account_store)) -> WithheldOut:
    """Whether an incident is withheld from public pages, and why (editor role)."""
    require_incident(store, incident_id)
    return _withheld_out(store, incident_id)


@router.put("/api/v1/incidents/{incident_id}/withheld",
            summary="Withhold an incident", response_model=WithheldOut)
def api_withhold(request: Request, incident_id: IncidentId, body: WithheldIn,
                 user: User = Editor, store: Any = Depends(account_store)) -> WithheldOut:
    """Withhold an incident from public pages, feeds, API and exports (editor role)."""
    require_incident(store, incident_id)
    withhold(store, incident_id, body.reason, actor(request))
    return _withheld_out(store, incident_id)


@router.delete("/api/v1/incidents/{incident_id}/withheld",
               summary="Publish a withheld incident again", response_model=WithheldOut)
def api_release(request: Request, incident_id: IncidentId, user: User = Editor,
                store: Any = Depends(account_store)) -> WithheldOut:
    """Publish a withheld incident again (editor role)."""
    require_incident(store, incident_id)
    release(store, incident_id, actor(request))
    return _withheld_out(store, incident_id)
