"""Web glue: who is asking (session cookie or Bearer token), CSRF, rate and size limits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import Depends, HTTPException, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tumen.accounts.roles import User, allows
from tumen.accounts.throttle import LoginPolicy, RateLimiter
from tumen.accounts.tokens import digest, new_secret, same, scope_allows
from tumen.accounts.users import resolve_session, resolve_token
from tumen.audit import Actor
from tumen.config import Settings
from tumen.web.deps import borrowed_store, get_store
from tumen.web.forms import body_limit, read_form

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")  # others get the router's 405
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
OPEN_PATHS = ("/login", "/static/")  # reachable without a login even when one is required
INCIDENT_PATH = re.compile(r"^/(?:api/v1/)?incidents/(\d{1,18})(?:[/.]|$)")


@dataclass(frozen=True)
class Identity:
    """Who a request comes from: a session user, a token user, or nobody."""

    user: User | None = None
    via: str = ""  # "session", "token", or "" for anonymous
    csrf: str = ""  # the session's CSRF token
    scope: str = ""  # the token's scope
    bad_token: bool = False


def cookie_names(settings: Settings) -> tuple[str, str]:
    """(session, csrf) cookie names; __Host- names pin them to this host over HTTPS."""
    prefix = "__Host-" if settings.cookie_secure else ""
    return f"{prefix}tumen_session", f"{prefix}tumen_csrf"


def client_ip(request: Request) -> str:
    """The peer address (X-Forwarded-For is not trusted: the app is served without a proxy)."""
    return request.client.host if request.client else "unknown"


def actor(request: Request) -> Actor:
    """The audit actor of a request."""
    user: User | None = getattr(request.state, "user", None)
    return Actor(user.username if user else None, client_ip(request))


def login_policy(settings: Settings) -> LoginPolicy:
    """The login throttle the settings ask for."""
    return LoginPolicy(per_user=settings.login_max_failures,
                       per_ip=settings.login_max_failures_ip,
                       window_minutes=settings.login_window_minutes)


def set_cookie(response: Response, settings: Settings, name: str, value: str,
               max_age: int | None) -> None:
    """A Secure (unless configured off), HttpOnly, SameSite=Strict cookie for the whole site."""
    response.set_cookie(name, value, max_age=max_age, path="/", secure=settings.cookie_secure,
                        httponly=True, samesite="strict")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def identify(app: Any, session_secret: str | None, token: str | None) -> Identity:
    """Look the cookie or token up in the app's store (runs in a worker thread)."""
    if not session_secret and token is None:
        return Identity()
    store: Any
    with borrowed_store(app) as store:
        if not hasattr(store, "session_row"):
            return Identity(bad_token=token is not None)
        if token is not None:
            found = resolve_token(store, token)
            if found is None:
                return Identity(bad_token=True)
            return Identity(user=found[0], via="token", scope=found[1])
        session = resolve_session(store, session_secret or "")
        if session is None:
            return Identity()
        return Identity(user=session.user, via="session", csrf=session.csrf)


def withheld_for(app: Any, incident_id: int) -> bool:
    """Whether an incident is withheld (runs in a worker thread)."""
    from tumen.confidential.withheld import is_withheld

    with borrowed_store(app) as store:
        return is_withheld(store, incident_id)


async def submitted_csrf(request: Request) -> str:
    """The CSRF token sent with a request: X-CSRF-Token header or csrf_token form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        body = (await request.body()).decode("utf-8", "replace")
        return (parse_qs(body).get(CSRF_FIELD) or [""])[0]
    if kind == "multipart/form-data":
        # parsed in memory from the cached body, so the route can read the form again
        form = await read_form(request)
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def _refuse(request: Request, status: int, detail: str, headers: dict[str, str] | None = None
            ) -> Response:
    if request.url.path.startswith(("/api/", "/feeds/", "/openapi")):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return PlainTextResponse(detail, status_code=status, headers=headers)


def _has_handler(request: Request, method: str | None = None) -> bool:
    """Whether a route takes this method on this path (otherwise the router says 404/405)."""
    scope = dict(request.scope, method=method or request.method)
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)


def _allow(request: Request) -> str:
    """Every method some route takes on this path (the router names only the first route's)."""
    methods = [m for m in ("GET", "HEAD", *UNSAFE_METHODS) if _has_handler(request, m)]
    return ", ".join(methods)


def _size_problem(request: Request, settings: Settings) -> Response | None:
    """413 for bodies over the limit, 411 for unsafe requests of unknown length."""
    if request.method not in UNSAFE_METHODS:
        return None
    length = request.headers.get("content-length")
    if length is None:
        if request.headers.get("transfer-encoding"):
            return _refuse(request, 411, "a Content-Length is required")
        return None
    limit = body_limit(request, settings.max_upload_bytes, settings.max_attachment_bytes)
    if not length.isdecimal() or int(length) > limit:
        return _refuse(request, 413, f"the body is larger than {limit} bytes")
    return None


def _rate_problem(request: Request, token: str | None) -> Response | None:
    """429 when one client calls the API too often."""
    if not request.url.path.startswith("/api/"):
        return None
    limiter: RateLimiter = request.app.state.api_limiter
    wait = limiter.allow(digest(token) if token else client_ip(request))
    if wait:
        return _refuse(request, 429, "too many requests", {"Retry-After": str(int(wait) + 1)})
    return None


async def _access_problem(request: Request, settings: Settings, who: Identity,
                          pre_csrf: str) -> Response | None:
    """401/403/404 for bad tokens, missing CSRF, required logins and withheld incidents."""
    path, unsafe = request.url.path, request.method in UNSAFE_METHODS
    if who.bad_token:
        return _refuse(request, 401, "invalid or revoked token",
                       {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if who.via == "token" and not scope_allows(who.scope, request.method):
        return _refuse(request, 403, "this token is read-only")
    if unsafe and who.via != "token" and _has_handler(request):
        expected = who.csrf if who.via == "session" else pre_csrf
        if not expected or not same(await submitted_csrf(request), expected):
            return _refuse(request, 403, "missing or wrong CSRF token; reload the form")
    if settings.require_login and who.user is None and not path.startswith(OPEN_PATHS):
        if path.startswith(("/api/", "/feeds/", "/openapi")):
            return _refuse(request, 401, "login required", {"WWW-Authenticate": "Bearer"})
        return RedirectResponse(f"/login?next={quote(path)}", status_code=303)
    match = INCIDENT_PATH.match(path)
    if (match and not allows(who.user, "editor")
            and await run_in_threadpool(withheld_for, request.app, int(match.group(1)))):
        return _refuse(request, 404, f"No incident {match.group(1)}")
    return None


class AuthMiddleware:
    """Identify the caller, enforce size, rate, CSRF, login and withheld rules, set cookies."""

    # Plain ASGI, not @app.middleware("http"): that wrapper runs every response through an
    # extra task and memory stream, which cost a third of the throughput of cached pages.
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        settings: Settings = request.app.state.settings
        session_name, csrf_name = cookie_names(settings)
        token = _bearer(request)
        problem = _size_problem(request, settings) or _rate_problem(request, token)
        if problem:
            await problem(scope, receive, send)
            return
        session = request.cookies.get(session_name)
        # anonymous readers (most requests) need no store and no trip to a worker thread
        who = (Identity() if not session and token is None
               else await run_in_threadpool(identify, request.app, session, token))
        pre_csrf = request.cookies.get(csrf_name, "")
        request.state.user = who.user  # scope["state"]: the routes' requests see it too
        request.state.auth = who.via
        request.state.csrf = who.csrf or pre_csrf or new_secret()
        problem = await _access_problem(request, settings, who, pre_csrf)
        if problem:
            await problem(scope, receive, send)
            return
        quiet = request.url.path.startswith(("/api/", "/feeds/", "/static/"))
        cookie = None
        if not who.csrf and not pre_csrf and who.via != "token" and not quiet:
            holder = Response()
            set_cookie(holder, settings, csrf_name, request.state.csrf, None)
            cookie = holder.headers["set-cookie"]

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 405:
                    headers["Allow"] = _allow(request)
                if cookie is not None:
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, _replaying(request, receive), send_with_cookie)


def _replaying(request: Request, receive: Receive) -> Receive:
    """The request's receive, first giving back a body the CSRF check already read."""
    body: bytes | None = getattr(request, "_body", None)
    if body is None:
        return receive
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the client's disconnect as usual

    return replay


def account_store(store: Any = Depends(get_store)) -> Any:
    """The request's (pooled) store, which must support accounts (503 otherwise)."""
    if not hasattr(store, "session_row"):
        raise HTTPException(503, "this database backend has no accounts support yet")
    return store


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (//evil, https://...) becomes /."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target if all(c.isprintable() and c not in "\\" for c in target) else "/"


def require(role: str) -> Callable[[Request], User]:
    """A dependency: the current user if they have the role; 401 anonymous, 403 otherwise."""

    def dependency(request: Request) -> User:
        user: User | None = getattr(request.state, "user", None)
        if user is None:
            raise HTTPException(401, "login required", headers={"WWW-Authenticate": "Bearer"})
        if not allows(user, role):
            raise HTTPException(403, f"this needs the {role} role")
        return user

    return dependency


REFUSALS = {
    "401": "Login required, or an invalid or revoked token.",
    "403": "Role too low, read-only token, or missing CSRF token.",
    "413": "Request body over max_upload_bytes.",
    "429": "Too many requests from this client; see Retry-After.",
}


def document_refusals(app: Any) -> None:
    """Declare, on every API operation, the statuses AuthMiddleware may answer with."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return dict(app.openapi_schema)
        schema = build()
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    for status, text in REFUSALS.items():
                        operation["responses"].setdefault(status, {"description": text})
        app.openapi_schema = schema
        return dict(schema)

    app.openapi = openapi
