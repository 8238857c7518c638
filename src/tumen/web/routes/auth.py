"""Login, logout, TOTP set-up and API tokens of the logged-in user."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tumen.accounts.roles import User
from tumen.accounts.tokens import SCOPES
from tumen.accounts.totp import new_totp_secret, provisioning_uri, seal_totp, verify_totp
from tumen.accounts.users import (
    AccountError,
    authenticate,
    create_token,
    end_session,
    revoke_token,
    start_session,
)
from tumen.accounts.web import (
    account_store,
    actor,
    client_ip,
    cookie_names,
    login_policy,
    require,
    safe_next,
    set_cookie,
)
from tumen.audit import record
from tumen.confidential.crypto import MissingKey, note_key
from tumen.config import Settings
from tumen.web.deps import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=1024)]


def _key(settings: Settings) -> bytes | None:
    try:
        return note_key(settings)
    except MissingKey:
        return None


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    """The login form."""
    return render(request, "auth/login.html", {"next": safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request, username: Text, password: Text,
    code: Annotated[str, Form(max_length=12)] = "", next: Annotated[str, Form()] = "/",
    store: Any = Depends(account_store),
) -> Response:
    """Check the credentials (and TOTP code), start a session, set the cookie."""
    settings: Settings = request.app.state.settings
    ip = client_ip(request)
    try:
        user = authenticate(store, username, password, code, ip, login_policy(settings),
                            _key(settings))
    except AccountError as e:
        return render(request, "auth/login.html", {"next": safe_next(next), "error": str(e)},
                      status=401)
    session = start_session(store, user, ip, settings.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(response, settings, cookie_names(settings)[0], session.secret,
               int(settings.session_hours * 3600))
    return response


@router.post("/logout")
def logout(request: Request, store: Any = Depends(account_store)) -> Response:
    """End the session and clear the cookie."""
    settings: Settings = request.app.state.settings
    name = cookie_names(settings)[0]
    secret = request.cookies.get(name)
    if secret:
        end_session(store, secret)
        record(store, actor(request), "logout")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(name, path="/", secure=settings.cookie_secure, httponly=True,
                           samesite="strict")
    return response


def _account_page(request: Request, store: Any, user: User, **extra: Any) -> HTMLResponse:
    context = {"user": user, "tokens": store.api_token_rows(user.id), "scopes": SCOPES,
               "new_token": None, "totp_secret": None, "totp_uri": None, "error": None}
    context.update(extra)
    return render(request, "auth/account.html", context,
                  status=400 if context["error"] else 200)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: User = Depends(require("viewer")),
            store: Any = Depends(account_store)) -> HTMLResponse:
    """The user's API tokens and second factor."""
    return _account_page(request, store, user)


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request, name: Annotated[str, Form(max_length=100)],
    scope: Annotated[str, Form(pattern="^(read|write)$")] = "read",
    user: User = Depends(require("viewer")), store: Any = Depends(account_store),
) -> HTMLResponse:
    """Create an API token and show it once."""
    token = create_token(store, user, name, scope, actor(request))
    return _account_page(request, store, user, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: Annotated[int, Path(ge=1, le=2**62)],
           user: User = Depends(require("viewer")), store: Any = Depends(account_store)
           ) -> Response:
    """Revoke one of the user's tokens."""
    if not revoke_token(store, user, token_id, actor(request)):
        raise HTTPException(404, f"No token {token_id}")
    return RedirectResponse("/account", status_code=303)


@router.post("/account/totp", response_class=HTMLResponse)
def totp_setup(request: Request, user: User = Depends(require("viewer")),
               store: Any = Depends(account_store)) -> HTMLResponse:
    """Show a new TOTP secret to add to an authenticator app, then ask for a code."""
    secret = new_totp_secret()
    return _account_page(request, store, user, totp_secret=secret,
                         totp_uri=provisioning_uri(secret, user.username))


@router.post("/account/totp/confirm", response_class=HTMLResponse)
def totp_confirm(
    request: Request, secret: Annotated[str, Form(pattern="^[A-Z2-7]{16,64}$")],
    code: Annotated[str, Form(max_length=12)],
    user: User = Depends(require("viewer")), store: Any = Depends(account_store),
) -> Response:
    """Turn TOTP on once the app shows a valid code."""
    key = _key(request.app.state.settings)
    if key is None:
        return _account_page(request, store, user, error="TOTP needs an encryption key "
                             "(key_file or $TUMEN_SECRET) configured on the server")
    if not verify_totp(secret, code):
        return _account_page(request, store, user, totp_secret=secret,
                             totp_uri=provisioning_uri(secret, user.username),
                             error="that code is not valid; try the next one")
    store.update_user(user.id, totp_secret=seal_totp(key, user.id, secret))
    record(store, actor(request), "totp.enable", f"user:{user.username}")
    return RedirectResponse("/account", status_code=303)
