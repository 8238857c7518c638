"""Confidential contacts, attachments and internal briefs of incidents (editors and admins)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from tumen.accounts.roles import User
from tumen.accounts.web import account_store, actor, require
from tumen.alerts.brief import render_markdown, render_pdf
from tumen.confidential.attachments import (
    TooLarge,
    Unsupported,
    add_attachment,
    content_disposition,
    delete_attachment,
    list_attachments,
    read_attachment,
)
from tumen.confidential.contacts import (
    LIMITS,
    ContactFields,
    add_contact,
    delete_contact,
    read_contacts,
    update_contact,
)
from tumen.confidential.crypto import DecryptError, MissingKey, data_key, note_key
from tumen.confidential.internal import internal_brief
from tumen.web.deps import render
from tumen.web.forms import UPLOAD_BODY, StarletteUpload, uploaded_file
from tumen.web.routes.notes import require_incident

router = APIRouter(tags=["confidential"], responses={
    404: {"description": "No such incident, contact or attachment."},
    503: {"description": "No encryption key configured, or no accounts support."}})
IncidentId = Annotated[int, Path(ge=1, le=2**62)]
ItemId = Annotated[int, Path(ge=1, le=2**62)]
Editor = Depends(require("editor"))
PRIVATE = {"Cache-Control": "no-store"}
# A download is never rendered as a page, even by a browser that ignores the disposition.
DOWNLOAD = {**PRIVATE, "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox"}


class ContactIn(BaseModel):
    """A contact of an incident; only the name is required."""

    name: str = Field(min_length=1, max_length=LIMITS["name"])
    relation: str = Field("", max_length=LIMITS["relation"])
    phone: str = Field("", max_length=LIMITS["phone"])
    email: str = Field("", max_length=LIMITS["email"])
    messenger: str = Field("", max_length=LIMITS["messenger"])
    notes: str = Field("", max_length=LIMITS["notes"])


class ContactOut(ContactIn):
    """A contact as an editor reads it."""

    id: int
    incident_id: int
    author: str
    created_at: str
    updated_at: str


class AttachmentOut(BaseModel):
    """An attachment's description (download it from its own URL)."""

    id: int
    incident_id: int
    filename: str
    media_type: str
    size: int
    author: str
    created_at: str


class Created(BaseModel):
    """The id of a stored item."""

    id: int


def _key(request: Request, purpose: str) -> bytes:
    try:
        return data_key(request.app.state.settings, purpose)
    except MissingKey as e:
        raise HTTPException(503, f"confidential data is unavailable: {e}") from None


def _fields(body: ContactIn) -> ContactFields:
    return ContactFields(**body.model_dump())


def _store_upload(request: Request, store: Any, incident_id: int,
                  upload: StarletteUpload) -> int:
    """Check and store an uploaded file: 413 too large, 415 wrong type, 422 empty."""
    limit = request.app.state.settings.max_attachment_bytes
    data = upload.file.read(limit + 1)
    try:
        return add_attachment(store, _key(request, "attachments"), incident_id,
                              upload.filename or "", data, actor(request), limit)
    except TooLarge as e:
        raise HTTPException(413, str(e)) from None
    except Unsupported as e:
        raise HTTPException(415, str(e)) from None
    except ValueError as e:
        raise HTTPException(422, str(e)) from None


def _download(request: Request, store: Any, incident_id: int, attachment_id: int) -> Response:
    try:
        found = read_attachment(store, _key(request, "attachments"), incident_id,
                                attachment_id, actor(request))
    except DecryptError:
        raise HTTPException(500, "the file cannot be decrypted with the configured key") from None
    if found is None:
        raise HTTPException(404, f"No attachment {attachment_id}")
    info, data = found
    media = "text/plain; charset=utf-8" if info.media_type == "text/plain" else info.media_type
    return Response(data, media_type=media, headers={
        **DOWNLOAD, "Content-Disposition": content_disposition(info.filename)})


# -- pages -----------------------------------------------------------------------------------

@router.get("/incidents/{incident_id}/contacts", response_class=HTMLResponse,
            include_in_schema=False)
def contacts_page(request: Request, incident_id: IncidentId, user: User = Editor,
                  store: Any = Depends(account_store)) -> HTMLResponse:
    """Contacts and attachments of an incident, with the internal brief links."""
    require_incident(store, incident_id)
    who = actor(request)
    contacts = read_contacts(store, _key(request, "contacts"), incident_id, who)
    files = list_attachments(store, _key(request, "attachments"), incident_id, who)
    page = render(request, "notes/contacts.html", {
        "incident": store.get_incident(incident_id), "contacts": contacts, "files": files,
        "limits": LIMITS, "max_bytes": request.app.state.settings.max_attachment_bytes,
        "user": user})
    page.headers.update(PRIVATE)
    return page


@router.post("/incidents/{incident_id}/contacts", include_in_schema=False)
def contacts_add_form(request: Request, incident_id: IncidentId,
                      body: Annotated[ContactIn, Form()], user: User = Editor,
                      store: Any = Depends(account_store)) -> Response:
    """Add a contact from the form."""
    require_incident(store, incident_id)
    add_contact(store, _key(request, "contacts"), incident_id, _fields(body), actor(request))
    return RedirectResponse(f"/incidents/{incident_id}/contacts", status_code=303)


@router.post("/incidents/{incident_id}/contacts/{contact_id}", include_in_schema=False)
def contacts_edit_form(request: Request, incident_id: IncidentId, contact_id: ItemId,
                       body: Annotated[ContactIn, Form()], user: User = Editor,
                       store: Any = Depends(account_store)) -> Response:
    """Change a contact from the form."""
    if not update_contact(store, _key(request, "contacts"), incident_id, contact_id,
                          _fields(body), actor(request)):
        raise HTTPException(404, f"No contact {contact_id}")
    return RedirectResponse(f"/incidents/{incident_id}/contacts", status_code=303)


@router.post("/incidents/{incident_id}/contacts/{contact_id}/delete", include_in_schema=False)
def contacts_delete_form(request: Request, incident_id: IncidentId, contact_id: ItemId,
                         user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Erase a contact."""
    if not delete_contact(store, incident_id, contact_id, actor(request)):
        raise HTTPException(404, f"No contact {contact_id}")
    return RedirectResponse(f"/incidents/{incident_id}/contacts", status_code=303)


@router.post("/incidents/{incident_id}/attachments", include_in_schema=False)
async def attachments_add_form(request: Request, incident_id: IncidentId, user: User = Editor,
                               store: Any = Depends(account_store)) -> Response:
    """Upload a file from the form (parsed in memory: see tumen.web.forms)."""
    require_incident(store, incident_id)
    _store_upload(request, store, incident_id, await uploaded_file(request))
    return RedirectResponse(f"/incidents/{incident_id}/contacts", status_code=303)


@router.get("/incidents/{incident_id}/attachments/{attachment_id}", include_in_schema=False)
def attachments_download_page(request: Request, incident_id: IncidentId,
                              attachment_id: ItemId, user: User = Editor,
                              store: Any = Depends(account_store)) -> Response:
    """Download an attachment (audited)."""
    return _download(request, store, incident_id, attachment_id)


@router.post("/incidents/{incident_id}/attachments/{attachment_id}/delete",
             include_in_schema=False)
def attachments_delete_form(request: Request, incident_id: IncidentId, attachment_id: ItemId,
                            user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Erase an attachment."""
    if not delete_attachment(store, incident_id, attachment_id, actor(request)):
        raise HTTPException(404, f"No attachment {attachment_id}")
    return RedirectResponse(f"/incidents/{incident_id}/contacts", status_code=303)


@router.get("/incidents/{incident_id}/internal-brief.{fmt}", include_in_schema=False)
def internal_brief_file(
    request: Request, incident_id: IncidentId, fmt: Literal["md", "pdf"],
    lang: Annotated[Literal["en", "ko"], Query()] = "en", reveal: bool = True,
    user: User = Editor, store: Any = Depends(account_store),
) -> Response:
    """The brief with case notes and contacts, as Markdown or PDF (asked for and audited)."""
    try:
        keys = note_key(request.app.state.settings), _key(request, "contacts")
    except MissingKey as e:
        raise HTTPException(503, f"confidential data is unavailable: {e}") from None
    brief = internal_brief(store, *keys, incident_id, actor(request), lang,
                           str(request.base_url), reveal=reveal)
    if brief is None:
        raise HTTPException(404, f"No incident {incident_id}")
    name = content_disposition(f"internal-brief-{incident_id}-{lang}.{fmt}")
    if fmt == "pdf":
        return Response(render_pdf(brief), media_type="application/pdf",
                        headers={**DOWNLOAD, "Content-Disposition": name})
    return Response(render_markdown(brief), media_type="text/markdown; charset=utf-8",
                    headers={**DOWNLOAD, "Content-Disposition": name})


# -- API -------------------------------------------------------------------------------------

@router.get("/api/v1/incidents/{incident_id}/contacts",
            summary="List an incident's contacts", response_model=list[ContactOut])
def api_contacts(request: Request, incident_id: IncidentId, user: User = Editor,
                 store: Any = Depends(account_store)) -> list[ContactOut]:
    """Contacts of an incident (editor role; every read is audited)."""
    require_incident(store, incident_id)
    return [ContactOut(id=c.id, incident_id=c.incident_id, author=c.author,
                       created_at=c.created_at, updated_at=c.updated_at, **asdict(c.fields))
            for c in read_contacts(store, _key(request, "contacts"), incident_id,
                                   actor(request))]


@router.post("/api/v1/incidents/{incident_id}/contacts",
             summary="Add a contact", response_model=Created,
             status_code=201)
def api_add_contact(request: Request, incident_id: IncidentId, body: ContactIn,
                    user: User = Editor, store: Any = Depends(account_store)) -> Created:
    """Add a contact (editor role, write scope)."""
    require_incident(store, incident_id)
    try:
        return Created(id=add_contact(store, _key(request, "contacts"), incident_id,
                                      _fields(body), actor(request)))
    except ValueError as e:
        raise HTTPException(422, str(e)) from None


@router.put("/api/v1/incidents/{incident_id}/contacts/{contact_id}",
            summary="Replace a contact", response_model=Created)
def api_update_contact(request: Request, incident_id: IncidentId, contact_id: ItemId,
                       body: ContactIn, user: User = Editor,
                       store: Any = Depends(account_store)) -> Created:
    """Replace a contact's fields (editor role, write scope)."""
    try:
        done = update_contact(store, _key(request, "contacts"), incident_id, contact_id,
                              _fields(body), actor(request))
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    if not done:
        raise HTTPException(404, f"No contact {contact_id}")
    return Created(id=contact_id)


@router.delete("/api/v1/incidents/{incident_id}/contacts/{contact_id}",
               summary="Erase a contact", status_code=204)
def api_delete_contact(request: Request, incident_id: IncidentId, contact_id: ItemId,
                       user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Erase a contact (editor role, write scope)."""
    if not delete_contact(store, incident_id, contact_id, actor(request)):
        raise HTTPException(404, f"No contact {contact_id}")
    return Response(status_code=204)


@router.get("/api/v1/incidents/{incident_id}/attachments",
            summary="List an incident's attachments", response_model=list[AttachmentOut])
def api_attachments(request: Request, incident_id: IncidentId, user: User = Editor,
                    store: Any = Depends(account_store)) -> list[AttachmentOut]:
    """Attachments of an incident (editor role; the listing is audited)."""
    require_incident(store, incident_id)
    found = list_attachments(store, _key(request, "attachments"), incident_id, actor(request))
    return [AttachmentOut(**asdict(a)) for a in found]


@router.post("/api/v1/incidents/{incident_id}/attachments",
             summary="Upload an attachment", response_model=Created,
             status_code=201, openapi_extra=UPLOAD_BODY,
             responses={413: {"description": "File over the size limit."},
                        415: {"description": "Not PDF, PNG, JPEG or text."}})
async def api_add_attachment(request: Request, incident_id: IncidentId, user: User = Editor,
                             store: Any = Depends(account_store)) -> Created:
    """Upload a file: PDF, PNG, JPEG or UTF-8 text by content (editor role, write scope)."""
    require_incident(store, incident_id)
    return Created(id=_store_upload(request, store, incident_id, await uploaded_file(request)))


@router.get("/api/v1/incidents/{incident_id}/attachments/{attachment_id}",
            summary="Download an attachment",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}})
def api_download_attachment(request: Request, incident_id: IncidentId, attachment_id: ItemId,
                            user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Download an attachment (editor role; audited)."""
    return _download(request, store, incident_id, attachment_id)


@router.delete("/api/v1/incidents/{incident_id}/attachments/{attachment_id}",
               summary="Erase an attachment", status_code=204)
def api_delete_attachment(request: Request, incident_id: IncidentId, attachment_id: ItemId,
                          user: User = Editor, store: Any = Depends(account_store)) -> Response:
    """Erase an attachment (editor role, write scope)."""
    if not delete_attachment(store, incident_id, attachment_id, actor(request)):
        raise HTTPException(404, f"No attachment {attachment_id}")
    return Response(status_code=204)
