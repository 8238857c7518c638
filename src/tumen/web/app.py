"""The web application factory: pages, API, feeds and exports over one store."""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tumen.accounts.throttle import RateLimiter
from tumen.accounts.web import AuthMiddleware, document_refusals
from tumen.confidential.crypto import audit_key
from tumen.config import Settings
from tumen.index.text import warm_up
from tumen.store import open_store
from tumen.web.cache import ResponseCache, ResultCache, SharedRead, data_version
from tumen.web.deps import HERE, make_templates, render
from tumen.web.pool import StorePool

# the groups of operations in /docs, in this order (each router tags its own)
API_TAGS = [
    {"name": "public", "description": "Reports, search, incidents, statistics, sources "
     "and exports: no login needed unless the server requires one."},
    {"name": "confidential", "description": "Case notes, contacts, attachments and withholding "
     "of an incident: editor role; every read and change is audited."},
    {"name": "alerts", "description": "Watch rules and what they matched: editor role."},
    {"name": "admin", "description": "The audit log: admin role."},
]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Responses that may carry decrypted notes, contacts, files, audit entries or accounts: no
# browser, proxy or shared cache may keep a copy (sent whatever the route set)
PRIVATE_PATH = re.compile(
    r"^/(?:api/v1/)?(?:incidents/\d+/(?:notes|contacts|attachments|internal-brief|withheld)"
    r"|audit|admin|account|alerts|users|tokens)(?:[/.?]|$)")


class SecurityHeaders:
    """ASGI middleware adding the CSP and other security headers to every response lacking them."""

    # Plain ASGI, not @app.middleware("http"): that wrapper streams every response through
    # an extra task and queue, a fifth of the server's time for a static file.
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = PRIVATE_PATH.match(scope["path"]) is not None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers.append(name, value)
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PackageStatic(StaticFiles):
    """The package's scripts, styles and map data, which browsers may keep for an hour."""

    # Without Cache-Control a browser revalidates every asset on every page; an hour keeps
    # pages quick on slow links and still picks up an upgrade the same day.
    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
        return response


class HeadAsGet:
    """ASGI middleware answering HEAD like GET, without the body (FastAPI's GET routes say 405)."""

    # Feed readers and link checkers ask HEAD first; a 405 reads to them as a dead link.
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)


def _wants_json(request: Request) -> bool:
    """Whether an error should be answered in JSON rather than HTML."""
    return request.url.path.startswith(("/api/", "/feeds/", "/openapi"))


async def http_error(request: Request, exc: Exception) -> Response:
    """404s and other HTTP errors as JSON for the API and as a page for people."""
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
    return render(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                  status=exc.status_code)


async def validation_error(request: Request, exc: Exception) -> Response:
    """Invalid parameters: 422 with the details (JSON) or a page saying what was wrong."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type"))}
        for e in exc.errors()
    ]
    if _wants_json(request):
        return JSONResponse({"detail": errors}, status_code=422)
    detail = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in errors)
    return render(request, "error.html", {"status": 422, "detail": detail}, status=422)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the Korean and Japanese analysers; on PostgreSQL open one store (a pool) for all."""
    # Loading kiwipiepy's model (and Sudachi's dictionary) holds the GIL for seconds: done at
    # start, not in the first Korean search, which would stall every request of this process
    # meanwhile.
    await asyncio.to_thread(warm_up)
    settings: Settings = app.state.settings
    if "://" in settings.db:
        app.state.shared_store = open_store(settings.db, migrate=False,
                                            audit_key=audit_key(settings),
                                            search_dir=settings.search_dir)
        app.state.shared_version = SharedRead(app.state.shared_store.data_version)
    try:
        yield
    finally:
        shared = getattr(app.state, "shared_store", None)
        if shared is not None:
            shared.close()
            app.state.shared_store = app.state.shared_version = None
        app.state.store_pool.close()


def create_app(settings: Settings) -> FastAPI:
    """A FastAPI app serving the store that settings.db names (migrated on creation)."""
    from tumen.web.routes import (
        admin,
        alerts,
        api,
        apidocs,
        auth,
        contacts,
        dashboard,
        documents,
        feeds,
        incidents,
        notes,
        review,
        search,
        sources,
        stats,
    )

    # migrating also indexes what a killed writer left queued (tumen.store.indexing)
    open_store(settings.db, migrate=True, search_dir=settings.search_dir).close()
    app = FastAPI(
        title="tumen", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        description="Reports and incidents about North Korean refugees: documents, search, "
        "incidents, statistics and sources.", lifespan=_lifespan, openapi_tags=API_TAGS,
    )
    app.state.settings = settings
    app.state.cache = ResultCache(partial(data_version, app.state))
    app.state.store_pool = StorePool(settings.db, audit_key=audit_key(settings),
                                     search_dir=settings.search_dir)
    # a query the cache cannot answer holds a CPU for tens of milliseconds: more at once
    # than there are CPUs only slows every one of them (measured in bench/web.py)
    app.state.search_gate = threading.BoundedSemaphore(
        settings.search_concurrency or os.cpu_count() or 1)
    app.state.templates = make_templates()
    app.state.api_limiter = RateLimiter(limit=settings.api_rate_limit)
    app.add_middleware(ResponseCache, state=app.state)  # innermost: after the auth checks
    app.add_middleware(AuthMiddleware)  # inner: security headers also cover its refusals
    app.add_middleware(SecurityHeaders)  # also covers the refusals above
    app.add_middleware(HeadAsGet)  # outermost: every layer inside sees a GET
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.mount("/static", PackageStatic(directory=str(HERE / "static")), name="static")
    for module in (dashboard, documents, search, incidents, stats, sources, feeds, api, auth,
                   notes, contacts, admin, alerts, apidocs, review):
        app.include_router(module.router)
    document_refusals(app)
    return app


def create_app_from_environment() -> FastAPI:
    """The app over Settings read from $TUMEN_* (what each worker process of `serve` runs)."""
    return create_app(Settings.model_validate({}))


def settings_environment(settings: Settings) -> dict[str, str]:
    """$TUMEN_* variables that rebuild these settings in another process."""
    defaults = Settings.model_fields
    return {f"TUMEN_{name.upper()}": value if isinstance(value, str) else json.dumps(value)
            for name, value in settings.model_dump().items()
            if value != defaults[name].default}


def serve(settings: Settings, log_level: str = "info") -> None:
    """Run the app with uvicorn on settings.host:settings.port, in settings.workers processes."""
    import uvicorn

    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level=log_level, proxy_headers=False)
        return
    # once, before the workers race to it
    open_store(settings.db, migrate=True, search_dir=settings.search_dir).close()
    # uvicorn starts workers from an import string: they read the settings from $TUMEN_*
    os.environ.update(settings_environment(settings))
    # A worker loading kiwipiepy holds the GIL for seconds, so it cannot answer uvicorn's
    # 5-second health check and would be killed and restarted, again and again, under load.
    uvicorn.run("tumen.web.app:create_app_from_environment", factory=True,
                workers=settings.workers, host=settings.host, port=settings.port,
                log_level=log_level, proxy_headers=False, timeout_worker_healthcheck=60)
