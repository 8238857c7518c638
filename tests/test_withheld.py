"""An incident staff withheld (a group in transit) is absent from every public list."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from securekit import plant
from test_security_web import Staff, make_settings
from tumen.alerts.digest import build_digest, period_of
from tumen.alerts.rules import WatchRule
from tumen.alerts.scheduler import collect_changes, match_rules
from tumen.audit import Actor
from tumen.cli import app as cli_app
from tumen.confidential.withheld import release, withhold
from tumen.config import Settings
from tumen.export import iter_export
from tumen.store.base import IncidentFilter
from tumen.web.app import create_app


def _exported_ids(store: Any) -> set[int]:
    lines = b"".join(iter_export(store, "incidents", "jsonl")).decode().splitlines()
    return {json.loads(line)["id"] for line in lines}


def test_withheld_incident_left_out_of_public_lists(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, db=settings.db)  # the database of `store`, each backend
    items, _ = store.list_incidents(IncidentFilter(limit=100))
    assert len(items) >= 1
    hidden = items[0]
    assert hidden.id in _exported_ids(store)
    withhold(store, hidden.id, "hold while in transit", Actor("editor"))
    app = create_app(settings)
    anon, editor = Staff(app), Staff(app, "editor")
    listed = [i["id"] for i in anon.get("/api/v1/incidents?limit=100").json()["items"]]
    assert hidden.id not in listed and len(listed) == len(items) - 1
    assert f'href="/incidents/{hidden.id}"' not in anon.get("/incidents").text
    assert f'href="/incidents/{hidden.id}"' in editor.get("/incidents").text
    assert hidden.title not in anon.get("/feeds/incidents.atom").text
    assert anon.get(f"/incidents/{hidden.id}").status_code == 404
    assert hidden.id not in _exported_ids(store)
    month = period_of("month", date.fromisoformat((hidden.last_report or "2024-06-01")[:10]))
    digest = build_digest(store, month)
    shown = digest.new_incidents + digest.changed_incidents + [i for i, _ in digest.top_stories]
    assert hidden.id not in {i.id for i in shown}


def test_withheld_incident_shifts_no_total_and_leaves_no_hole_in_a_page(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    planted = plant(tmp_path, db=settings.db)
    anon = Staff(create_app(planted.settings))
    everything = anon.get("/api/v1/incidents?limit=100").json()
    assert everything["total"] == len(everything["items"])
    for offset in range(everything["total"]):
        page = anon.get(f"/api/v1/incidents?limit=1&offset={offset}").json()
        assert page["total"] == everything["total"]
        assert [i["id"] for i in page["items"]] == [everything["items"][offset]["id"]]
    assert planted.withheld_id not in {i["id"] for i in everything["items"]}


def test_events_matched_before_an_incident_was_withheld_stay_unsent_and_unfed(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    planted = plant(tmp_path, db=settings.db)
    release(store, planted.withheld_id, Actor("editor"))
    rule = WatchRule(name="all", triggers=["new_incident"], email="desk@example.org")
    store.add_rule(rule)
    now = datetime(2024, 7, 1, tzinfo=UTC)
    matched = match_rules([rule], collect_changes(store)[0], now)
    store.record_alerts(matched, [], None, now)
    assert planted.withheld_id in {e.incident_id for e in store.rule_events(rule.id)}
    withhold(store, planted.withheld_id, "in transit again", Actor("editor"))
    assert planted.withheld_id not in {e.incident_id for e in store.rule_events(rule.id)}
    pending = store.pending_deliveries(now)
    assert pending and planted.withheld_id not in {d.event.incident_id for d in pending}


def test_cli_marks_withheld_incidents_and_brief_refuses_them(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    planted = plant(tmp_path, db=settings.db)
    hidden, db = str(planted.withheld_id), ["--db", planted.settings.db]
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["incidents", *db])
    [line] = [s for s in listed.stdout.splitlines() if s.startswith(f"#{hidden} ")]
    assert "WITHHELD" in line
    assert not any("WITHHELD" in s for s in listed.stdout.splitlines() if s != line)
    rows = json.loads(runner.invoke(cli_app, ["incidents", "--json", *db]).stdout)
    assert {r["id"]: r["withheld"] for r in rows} == {
        planted.withheld_id: True, planted.public_id: False}
    one = runner.invoke(cli_app, ["incident", hidden, *db])
    assert json.loads(one.stdout)["withheld"] is True and "WITHHELD" in one.stderr
    refused = runner.invoke(cli_app, ["brief", hidden, *db])
    assert refused.exit_code == 1 and "withheld" in str(refused.exception)
    assert planted.withheld_title not in refused.stdout
    forced = runner.invoke(cli_app, ["brief", hidden, "--include-withheld", *db])
    assert forced.exit_code == 0 and forced.stdout.startswith("> **WITHHELD")
