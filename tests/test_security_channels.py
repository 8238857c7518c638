"""Every public channel against one withheld incident and one confidential note: neither
appears in pages, API, feeds, rule feeds, webhooks, e-mail, exports, digests, briefs or search."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from localsite import Response, serve
from securekit import Planted, plant
from test_alerts_kit import smtp_server
from test_security_web import Staff
from tumen.alerts.digest import build_digest, period_of, render_digest
from tumen.alerts.rules import TRIGGERS, WatchRule
from tumen.alerts.scheduler import TickReport, alert_round
from tumen.cli import app as cli_app
from tumen.export import iter_export
from tumen.store import open_store
from tumen.web.app import create_app

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PUBLIC_PAGES = ("/", "/incidents", "/incidents?status=at_risk", "/statistics", "/topics",
                "/topics/detention", "/documents/1", "/sources", "/search?q=police",
                "/search?q=Vientiane")
API = ("/api/v1/incidents", "/api/v1/incidents?limit=1", "/api/v1/statistics",
       "/api/v1/documents", "/api/v1/search?q=Vientiane")
FEEDS = ("/feeds/incidents.atom", "/feeds/latest.atom", "/feeds/topics/detention.atom")


@pytest.fixture(scope="module", params=BACKENDS)
def channels(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Planted secrets, an anonymous client, and what the alert round sent out."""
    db = None
    if request.param == "postgres":
        db = request.getfixturevalue("pg_cluster").create_database(f"ch_{uuid.uuid4().hex[:10]}")
    tmp = tmp_path_factory.mktemp("channels")
    planted = plant(tmp, db, allow_addresses=["127.0.0.1"], archive_dir=str(tmp / "warc"))
    with serve({"/hook": Response(status=200)}) as site, smtp_server() as (port, inbox):
        settings = planted.settings
        settings.smtp_host, settings.smtp_port = "127.0.0.1", port
        store: Any = open_store(settings.db)
        rule = WatchRule(name="everything", triggers=list(TRIGGERS), silence_days=7,
                         webhook_url=site.url("/hook"), email="desk@example.org")
        store.add_rule(rule)
        report = TickReport()
        alert_round(store, settings, datetime(2024, 7, 1, tzinfo=UTC), report)
        store.close()
        hooks = [r.body.decode() for r in site.requests if r.path == "/hook"]
        mails = [_mail_text(m) for m in inbox.messages]
    found = {"planted": planted, "client": Staff(create_app(settings)), "rule": rule,
             "hooks": hooks, "mails": mails, "report": report}
    found["texts"] = channel_texts(found)
    yield found


def _mail_text(msg: Any) -> str:
    """Subject and every body part of a message, decoded (quoted-printable hides words)."""
    parts = [str(msg["Subject"])]
    parts += [part.get_content() for part in msg.walk() if part.get_content_maintype() == "text"]
    return "\n".join(parts)


def _store_text(planted: Planted, read: Callable[[Any], str]) -> str:
    store: Any = open_store(planted.settings.db)
    try:
        return read(store)
    finally:
        store.close()


def _digest(store: Any) -> str:
    found = build_digest(store, period_of("month", date(2024, 5, 15)))
    return render_digest(found, "md") + render_digest(found, "html")


def _exports(store: Any) -> str:
    return "".join(b"".join(iter_export(store, what, fmt)).decode()
                   for what in ("incidents", "events", "documents") for fmt in ("csv", "jsonl"))


def _cli(planted: Planted, *args: str) -> str:
    result = CliRunner().invoke(cli_app, [*args, "--db", planted.settings.db])
    return result.stdout


def channel_texts(ch: dict[str, Any]) -> dict[str, str]:
    """What each public channel shows, by name."""
    planted, client = ch["planted"], ch["client"]
    texts = {f"page {p}": client.get(p).text for p in PUBLIC_PAGES}
    texts |= {f"api {p}": client.get(p).text for p in API}
    texts |= {f"feed {p}": client.get(p).text for p in FEEDS}
    texts["rule feed"] = client.get(f"/feeds/rules/{ch['rule'].feed_token}.atom").text
    texts["webhooks"] = "\n".join(ch["hooks"])
    texts["e-mail"] = "\n".join(ch["mails"])
    for fmt in ("csv", "jsonl"):
        texts[f"api export {fmt}"] = client.get(f"/api/v1/export?what=incidents&format={fmt}").text
    texts["exports"] = _store_text(planted, _exports)
    texts["digest"] = _store_text(planted, _digest)
    texts["brief of the public incident"] = _cli(planted, "brief", str(planted.public_id))
    texts["web brief of the public incident"] = client.get(
        f"/incidents/{planted.public_id}/brief.md").text
    texts["cli search"] = _cli(planted, "search", "police")
    return texts


def test_the_channels_carry_the_public_incident(channels: dict[str, Any]) -> None:
    """The test means something: the public incident does go out where the hidden one would."""
    texts = channels["texts"]
    public = channels["planted"].public_title
    for name in ("page /incidents", "api /api/v1/incidents", "feed /feeds/incidents.atom",
                 "rule feed", "webhooks", "e-mail", "api export csv", "digest",
                 "brief of the public incident"):
        assert public in texts[name] or public in json.dumps(texts[name]), name
    assert channels["report"].delivery.delivered >= 2


@pytest.mark.parametrize("name", [
    *(f"page {p}" for p in PUBLIC_PAGES), *(f"api {p}" for p in API),
    *(f"feed {p}" for p in FEEDS), "rule feed", "webhooks", "e-mail", "api export csv",
    "api export jsonl", "exports", "digest", "brief of the public incident",
    "web brief of the public incident", "cli search"])
def test_no_channel_shows_the_withheld_incident_or_the_note(
    channels: dict[str, Any], name: str
) -> None:
    text = channels["texts"][name]
    assert text, f"{name} said nothing"
    assert channels["planted"].leaks(text) == [], name


def test_withheld_pages_and_brief_are_refused(channels: dict[str, Any]) -> None:
    planted, client = channels["planted"], channels["client"]
    hidden = planted.withheld_id
    for path in (f"/incidents/{hidden}", f"/api/v1/incidents/{hidden}",
                 f"/incidents/{hidden}/brief.md", f"/incidents/{hidden}/notes"):
        assert client.get(path).status_code in (401, 403, 404), path
    refused = CliRunner().invoke(cli_app, ["brief", str(hidden), "--db", planted.settings.db])
    assert refused.exit_code == 1 and "withheld" in str(refused.exception)
    assert planted.leaks(refused.stdout) == []


def test_database_files_never_hold_the_note_in_clear(channels: dict[str, Any]) -> None:
    settings = channels["planted"].settings
    if "://" in settings.db:
        pytest.skip("the PostgreSQL files belong to the server")
    # The database, its WAL and shared memory, and the search index folder beside them.
    for found in Path(settings.db).parent.glob("tumen.db*"):
        files = [found] if found.is_file() else [p for p in found.rglob("*") if p.is_file()]
        for path in files:
            assert b"MAGPIE" not in path.read_bytes(), path
