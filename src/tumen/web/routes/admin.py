"""Administration: the audit log with its chain check, and user accounts (admins only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from tumen.accounts.roles import ROLES, User
from tumen.accounts.users import AccountError, create_user, list_users, set_user
from tumen.accounts.web import account_store, actor, require
from tumen.audit import entries, record, verify_chain
from tumen.web.deps import MAX_PAGE, Pager, page_url, render

router = APIRouter(tags=["admin"], responses={
    503: {"description": "This database backend has no accounts support."}})
Admin = Depends(require("admin"))
PER_PAGE = 100


class AuditEntry(BaseModel):
    """One audit log row."""

    id: int
    at: str
    username: str | None
    ip: str | None
    action: str
    target: str | None
    detail: str
    hash: str


class AuditOut(BaseModel):
    """A page of the audit log, newest first, and whether the chain is intact."""

    chain_ok: bool
    problems: list[str]
    total: int
    items: list[AuditEntry]


@router.get("/admin/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
               user: User = Admin, store: Any = Depends(account_store)) -> HTMLResponse:
    """The audit log, newest first, with the result of the hash-chain check."""
    check = verify_chain(store)
    record(store, actor(request), "audit.read")
    rows = entries(store, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render(request, "admin/audit.html", {
        "check": check, "rows": rows,
        "p": Pager(page=page, per_page=PER_PAGE, total=check.rows),
        "page_url": lambda n: page_url(request, n)})


@router.get("/api/v1/audit",
            summary="Read the audit log", response_model=AuditOut)
def api_audit(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100,
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
              user: User = Admin, store: Any = Depends(account_store)) -> AuditOut:
    """The audit log, newest first, and the hash-chain check (admin role)."""
    check = verify_chain(store)
    record(store, actor(request), "audit.read")
    rows = entries(store, limit=limit, offset=offset)
    return AuditOut(chain_ok=check.ok, problems=check.problems, total=check.rows,
                    items=[AuditEntry(**{k: r[k] for k in AuditEntry.model_fields})
                           for r in rows])


def _users_page(request: Request, store: Any, error: str | None = None) -> HTMLResponse:
    return render(request, "admin/users.html",
                  {"users": list_users(store), "roles": ROLES, "error": error},
                  status=400 if error else 200)


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, user: User = Admin,
               store: Any = Depends(account_store)) -> HTMLResponse:
    """Every account with its role and state."""
    record(store, actor(request), "users.read")
    return _users_page(request, store)


@router.post("/admin/users", include_in_schema=False)
def users_add(
    request: Request, username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form(pattern="^(viewer|editor|admin)$")] = "viewer",
    user: User = Admin, store: Any = Depends(account_store),
) -> Response:
    """Create an account."""
    try:
        create_user(store, username, password, role, actor(request))
    except AccountError as e:
        return _users_page(request, store, str(e))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}", include_in_schema=False)
def users_change(
    request: Request, username: Annotated[str, Path(max_length=64)],
    role: Annotated[str | None, Form(pattern="^(viewer|editor|admin)$")] = None,
    disabled: Annotated[bool | None, Form()] = None,
    user: User = Admin, store: Any = Depends(account_store),
) -> Response:
    """Change a role, or disable or enable an account (its sessions end)."""
    if username == user.username and (disabled or (role and role != "admin")):
        return _users_page(request, store, "you cannot demote or disable yourself")
    try:
        set_user(store, username, actor(request), role=role, disabled=disabled)
    except AccountError as e:
        return _users_page(request, store, str(e))
    return RedirectResponse("/admin/users", status_code=303)
