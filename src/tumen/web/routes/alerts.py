"""Watch rules (page and /api/v1/alerts), each rule's personal Atom feed, incident briefs."""

from __future__ import annotations

import secrets
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from tumen.accounts.web import require
from tumen.alerts.brief import build_brief, render_markdown, render_pdf
from tumen.alerts.rules import TRIGGERS, RuleError, RuleFilters, WatchRule, split_list
from tumen.config import Settings
from tumen.fetch import FetchError, check_url
from tumen.models import web_address
from tumen.store import Store
from tumen.web.deps import get_store
from tumen.web.routes.feeds import ATOM_TYPE, Entry, atom, rfc3339

router = APIRouter(tags=["alerts"])
Editor = Depends(require("editor"))
RuleId = Annotated[int, Path(ge=1, le=2**62)]
IncidentId = Annotated[int, Path(ge=1, le=2**62)]
Lang = Annotated[Literal["en", "ko", "ja"], Query(description="Language of the brief's labels.")]


class RuleIn(BaseModel):
    """A new watch rule; empty lists mean 'any'."""

    name: str = Field(min_length=1, max_length=200)
    topics: list[str] = []
    countries: list[str] = []
    event_types: list[str] = []
    statuses: list[str] = []
    min_urgency: str | None = None
    keywords: list[str] = Field(default=[], max_length=50)
    languages: list[str] = []
    sources: list[str] = []
    triggers: list[str] = ["new_incident", "status_changed", "new_report"]
    follow: list[int] = []
    silence_days: int = Field(default=7, ge=1, le=3650)
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_secret: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)


def alert_store(store: Store = Depends(get_store)) -> Any:
    """The request's store, which must keep alert rules (503 otherwise)."""
    if not hasattr(store, "list_rules"):
        raise HTTPException(503, "this database backend has no alert rules yet")
    return store


def create_rule(store: Any, settings: Settings, data: RuleIn) -> tuple[WatchRule, str | None]:
    """Validate and store a rule; the secret is returned only when it was generated here."""
    generated = None
    if data.webhook_url:
        try:
            check_url(data.webhook_url, settings.allow_addresses)
        except FetchError as exc:
            raise HTTPException(422, f"webhook_url: {exc}") from None
        if not data.webhook_secret and not settings.webhook_secret:
            generated = data.webhook_secret = secrets.token_urlsafe(24)
    filters = RuleFilters(**{k: getattr(data, k) for k in RuleFilters.__dataclass_fields__})
    rule = WatchRule(name=data.name, filters=filters, triggers=data.triggers, follow=data.follow,
                     silence_days=data.silence_days, webhook_url=data.webhook_url,
                     webhook_secret=data.webhook_secret, email=data.email or None)
    try:
        store.add_rule(rule)
    except RuleError as exc:
        raise HTTPException(422, str(exc)) from None
    return rule, generated


def _rule_json(request: Request, rule: WatchRule) -> dict[str, Any]:
    return {**rule.public(), "feed_url": str(request.url_for("rule_feed", token=rule.feed_token))}


@router.get("/api/v1/alerts/rules",
            summary="List watch rules", dependencies=[Editor])
def api_rules(request: Request, store: Any = Depends(alert_store)) -> list[dict[str, Any]]:
    """Every watch rule (webhook secrets are never shown)."""
    return [_rule_json(request, r) for r in store.list_rules()]


@router.post("/api/v1/alerts/rules",
             summary="Add a watch rule", status_code=201, dependencies=[Editor])
def api_add_rule(request: Request, data: RuleIn,
                 store: Any = Depends(alert_store)) -> dict[str, Any]:
    """Add a rule; a webhook secret generated here is in the answer, once."""
    rule, generated = create_rule(store, request.app.state.settings, data)
    return {**_rule_json(request, rule), "webhook_secret": generated}


@router.get("/api/v1/alerts/rules/{rule_id}",
            summary="Get one watch rule", dependencies=[Editor])
def api_rule(request: Request, rule_id: RuleId,
             store: Any = Depends(alert_store)) -> dict[str, Any]:
    """One rule with its latest deliveries."""
    rule = store.get_rule(rule_id)
    if rule is None:
        raise HTTPException(404, "no such rule")
    return {**_rule_json(request, rule), "deliveries": store.rule_deliveries(rule_id)}


@router.get("/api/v1/alerts/rules/{rule_id}/events",
            summary="List a rule's matched events", dependencies=[Editor])
def api_rule_events(rule_id: RuleId, store: Any = Depends(alert_store),
                    limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    """The events a rule matched, newest first, as sent to its webhook."""
    if store.get_rule(rule_id) is None:
        raise HTTPException(404, "no such rule")
    return [e.payload for e in store.rule_events(rule_id, limit)]


@router.delete("/api/v1/alerts/rules/{rule_id}",
               summary="Remove a watch rule", status_code=204, dependencies=[Editor])
def api_remove_rule(rule_id: RuleId, store: Any = Depends(alert_store)) -> Response:
    """Remove a rule with its events and delivery log."""
    if not store.remove_rule(rule_id):
        raise HTTPException(404, "no such rule")
    return Response(status_code=204)


@router.get("/feeds/rules/{token}.atom", name="rule_feed", include_in_schema=False)
def rule_feed(request: Request, token: Annotated[str, Path(max_length=100)],
              store: Any = Depends(alert_store)) -> Response:
    """A rule's personal feed; whoever has the token may read it."""
    rule = store.rule_by_token(token)
    if rule is None:
        raise HTTPException(404, "no such feed")
    base = str(request.base_url).rstrip("/")
    entries = []
    for event in store.rule_events(rule.id):
        incident = event.payload.get("incident")
        docs = event.payload.get("documents") or [{}]
        link = (f"{base}{incident['path']}" if incident
                else web_address(docs[-1].get("url")) or base)
        entries.append(Entry(id=f"urn:tumen:alert:{rule.id}:{event.key}", title=event.title,
                             link=link, updated=rfc3339(event.created_at),
                             summary=_summary(event.payload)))
    body = atom(f"urn:tumen:rule:{rule.id}", f"tumen alerts: {rule.name}", str(request.url),
                f"{base}/alerts", entries)
    return Response(body, media_type=ATOM_TYPE)


def _summary(payload: dict[str, Any]) -> str:
    """One line per fact of an event, for feed readers."""
    incident = payload.get("incident") or {}
    lines = [f"{k}: {incident[k]}" for k in ("status", "urgency", "places") if incident.get(k)]
    lines += [f"{d.get('published') or ''} {d.get('title') or '(untitled)'}"
              for d in payload.get("documents", [])]
    return "\n".join(lines)


# Media type and renderer of each brief format.
BRIEF_FORMATS = {"md": ("text/markdown; charset=utf-8", render_markdown),
                 "pdf": ("application/pdf", render_pdf)}


def _brief(request: Request, store: Store, incident_id: int, lang: str, fmt: str) -> Response:
    """The incident's brief as a download in one format, or 404."""
    brief = build_brief(store, incident_id, lang, str(request.base_url))
    if brief is None:
        raise HTTPException(404, "no such incident")
    media, render_brief = BRIEF_FORMATS[fmt]
    return Response(render_brief(brief), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="brief-{incident_id}-{lang}.{fmt}"'})


@router.get("/incidents/{incident_id}/brief.md", include_in_schema=False)
def brief_markdown(request: Request, incident_id: IncidentId, lang: Lang = "en",
                   store: Store = Depends(get_store)) -> Response:
    """The incident's brief as Markdown."""
    return _brief(request, store, incident_id, lang, "md")


@router.get("/incidents/{incident_id}/brief.pdf", include_in_schema=False)
def brief_pdf(request: Request, incident_id: IncidentId, lang: Lang = "en",
              store: Store = Depends(get_store)) -> Response:
    """The incident's brief as PDF."""
    return _brief(request, store, incident_id, lang, "pdf")


def _page(request: Request, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The rules page, drawn inside the site's base layout."""
    source = (resources.files("tumen.alerts") / "templates" / "rules_page.html").read_text("utf-8")
    template = request.app.state.templates.env.from_string(source)
    html = template.render({"request": request, "triggers": TRIGGERS, **context})
    return HTMLResponse(html, status_code=status)


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False,
            dependencies=[Editor])
def rules_page(request: Request, store: Any = Depends(alert_store)) -> HTMLResponse:
    """Watch rules with their feeds and a form to add one."""
    return _page(request, {"rules": store.list_rules(), "error": None, "secret": None})


@router.post("/alerts", response_class=HTMLResponse, include_in_schema=False,
             dependencies=[Editor])
def rules_page_add(
    request: Request, store: Any = Depends(alert_store),
    name: Annotated[str, Form(max_length=200)] = "", topics: Annotated[str, Form()] = "",
    countries: Annotated[str, Form()] = "", event_types: Annotated[str, Form()] = "",
    keywords: Annotated[str, Form()] = "", triggers: Annotated[list[str] | None, Form()] = None,
    webhook_url: Annotated[str, Form()] = "", email: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Add a rule from the form; errors are shown on the page."""
    try:
        data = RuleIn(name=name, topics=split_list(topics), countries=split_list(countries),
                      event_types=split_list(event_types), keywords=split_list(keywords),
                      triggers=triggers or ["new_incident"], webhook_url=webhook_url or None,
                      email=email or None)
        _, secret = create_rule(store, request.app.state.settings, data)
    except (HTTPException, ValueError) as exc:
        detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
        return _page(request, {"rules": store.list_rules(), "error": detail, "secret": None},
                     status=422)
    return _page(request, {"rules": store.list_rules(), "error": None, "secret": secret},
                 status=201)


@router.post("/alerts/{rule_id}/delete", include_in_schema=False, dependencies=[Editor])
def rules_page_remove(rule_id: RuleId, store: Any = Depends(alert_store)) -> Response:
    """Remove a rule and go back to the list."""
    store.remove_rule(rule_id)
    return RedirectResponse("/alerts", status_code=303)

