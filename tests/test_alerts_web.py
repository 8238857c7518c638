"""Watch rules over the API and the web page, the per-rule Atom feed, brief downloads."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from localsite import Response, serve
from test_alerts_kit import ARREST, TODAY, news_site
from tumen.accounts.users import create_token, create_user
from tumen.alerts.scheduler import WatchOptions, tick
from tumen.audit import Actor
from tumen.config import Settings
from tumen.models import Source
from tumen.store import open_store
from tumen.web.app import create_app

BASE = "https://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def web(store: Any, settings: Settings) -> Iterator[tuple[TestClient, dict[str, str], Settings]]:
    """An app on the database of `store` (each backend) and an editor's write token."""
    app = create_app(settings)
    editor = create_user(store, "desk", "correct horse battery staple", "editor")
    token = create_token(store, editor, "alerts", "write", Actor("test"))
    yield TestClient(app, base_url=BASE), {"Authorization": f"Bearer {token}"}, settings


def test_rules_need_an_editor(web: tuple[TestClient, dict[str, str], Settings]) -> None:
    client, _, _ = web
    assert client.get("/api/v1/alerts/rules").status_code == 401
    assert client.post("/api/v1/alerts/rules", json={"name": "x"}).status_code in (401, 403)


def test_api_rule_lifecycle_and_personal_feed(
    web: tuple[TestClient, dict[str, str], Settings],
) -> None:
    client, auth, settings = web
    with serve({"/hook": Response(status=200)}) as site:
        news = news_site(site)
        bad = client.post("/api/v1/alerts/rules", headers=auth,
                          json={"name": "x", "event_types": ["kidnap"]})
        assert bad.status_code == 422 and "kidnap" in bad.text
        refused = client.post("/api/v1/alerts/rules", headers=auth,
                              json={"name": "x", "webhook_url": "http://10.0.0.1/hook"})
        assert refused.status_code == 422 and "refused" in refused.text
        made = client.post("/api/v1/alerts/rules", headers=auth, json={
            "name": "arrests in China", "event_types": ["arrest"], "countries": ["CN"],
            "webhook_url": site.url("/hook")})
        assert made.status_code == 201
        rule = made.json()
        assert rule["webhook_secret"]  # generated, shown this once
        listed = client.get("/api/v1/alerts/rules", headers=auth).json()
        assert [r["name"] for r in listed] == ["arrests in China"]
        assert "webhook_secret" not in listed[0]

        news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
        store = open_store(settings.db)
        tick(store, settings, [Source(name="n", url=site.url("/feed.xml"), kind="feed")],
             WatchOptions(interval_seconds=0), now=datetime.now(UTC))
        store.close()

    detail = client.get(f"/api/v1/alerts/rules/{rule['id']}", headers=auth).json()
    assert [d["status"] for d in detail["deliveries"]] == ["delivered"]
    events = client.get(f"/api/v1/alerts/rules/{rule['id']}/events", headers=auth).json()
    assert events[0]["event"] == "new_incident"

    feed = client.get(rule["feed_url"].replace("http://testserver", ""))
    assert feed.status_code == 200 and "atom" in feed.headers["content-type"]
    entries = ET.fromstring(feed.content).findall(f"{ATOM}entry")
    assert len(entries) == 1 and "Shenyang" in (entries[0].findtext(f"{ATOM}title") or "")
    assert client.get("/feeds/rules/not-a-token.atom").status_code == 404

    incident_id = events[0]["incident"]["id"]
    md = client.get(f"/incidents/{incident_id}/brief.md?lang=ko")
    assert md.status_code == 200 and "# 사건 브리핑" in md.text
    pdf = client.get(f"/incidents/{incident_id}/brief.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Incident brief" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert client.get("/incidents/999/brief.md").status_code == 404

    assert client.delete(f"/api/v1/alerts/rules/{rule['id']}", headers=auth).status_code == 204
    assert client.get("/api/v1/alerts/rules", headers=auth).json() == []


def test_rules_page_lists_and_adds(web: tuple[TestClient, dict[str, str], Settings]) -> None:
    client, auth, _ = web
    page = client.get("/alerts", headers=auth)
    assert page.status_code == 200 and "No rules yet" in page.text
    added = client.post("/alerts", headers=auth, data={
        "name": "Laos <watch>", "countries": "LA", "triggers": ["new_incident", "silence"]})
    assert added.status_code == 201, added.text
    assert "Laos &lt;watch&gt;" in added.text and "<watch>" not in added.text
    assert "countries: LA" in added.text and "/feeds/rules/" in added.text
