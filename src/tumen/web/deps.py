"""Per-request helpers shared by the routes: the store, templates, sanitising, pagination."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import nh3
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from tumen.models import Entity, web_address
from tumen.store import Store
from tumen.web.pool import StorePool

HERE = Path(__file__).parent
MAX_PAGE = 10_000


@contextmanager
def borrowed_store(app: Any) -> Iterator[Store]:
    """The app's shared PostgreSQL pool, or a pooled SQLite connection, for one use."""
    shared: Store | None = getattr(app.state, "shared_store", None)
    if shared is not None:
        yield shared
        return
    pool: StorePool = app.state.store_pool
    store = pool.acquire()
    try:
        yield store
    finally:
        pool.release(store)


def get_store(request: Request) -> Iterator[Store]:
    """The request's store (a dependency): see borrowed_store."""
    with borrowed_store(request.app) as store:
        yield store


def current_user(request: Request) -> Any:
    """The logged-in tumen.accounts.roles.User (session or API token), or None."""
    return getattr(request.state, "user", None)


def safe_snippet(snippet: str) -> Markup:
    """A search snippet with every tag but <mark> removed and the rest escaped."""
    return Markup(nh3.clean(snippet, tags={"mark"}, attributes={}, strip_comments=True))


def highlight_entities(text: str, entities: list[Entity]) -> Markup:
    """The text escaped, with each (non-overlapping) entity wrapped in a <mark>."""
    out: list[str] = []
    pos = 0
    for ent in sorted(entities, key=lambda e: (e.start, -e.end)):
        if ent.start < pos or ent.end > len(text) or ent.start >= ent.end:
            continue
        label = ent.name or ent.text
        if ent.country:
            label = f"{label} ({ent.country})"
        out.append(str(escape(text[pos : ent.start])))
        out.append(
            f'<mark class="ent ent-{escape(ent.kind)}" title="{escape(ent.kind)}: '
            f'{escape(label)}">{escape(text[ent.start : ent.end])}</mark>'
        )
        pos = ent.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def highlight_sentence(text: str, sentence: str, context: int = 160) -> Markup | None:
    """An excerpt of text around a sentence, the sentence in a <mark>; None if absent."""
    if not sentence:
        return None
    at = text.find(sentence)
    if at < 0:
        return None
    start, end = max(0, at - context), min(len(text), at + len(sentence) + context)
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(sentence) : end] + ("…" if end < len(text) else "")
    return Markup(f"{escape(before)}<mark>{escape(sentence)}</mark>{escape(after)}")


@dataclass
class Pager:
    """Where a page sits among all pages of a listing."""

    page: int
    per_page: int
    total: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages


def make_templates() -> Jinja2Templates:
    """The Jinja2 environment of the package templates (autoescaping on)."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["web_address"] = web_address
    templates.env.globals["topics_nav"] = (
        "rescue", "detention", "repatriation", "border", "resettlement", "advocacy",
    )
    return templates


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A rendered template as an HTML response."""
    templates: Jinja2Templates = request.app.state.templates
    # a copy: TemplateResponse stores the request in the context it is given, and a cached
    # context (the dashboard) must not carry one visitor's request into another's page
    return templates.TemplateResponse(request, name, dict(context), status_code=status)


def page_url(request: Request, page: int) -> str:
    """The current URL with its page parameter replaced."""
    params = dict(request.query_params)
    params["page"] = str(page)
    return f"{request.url.path}?{urlencode(params)}"
