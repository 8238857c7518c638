"""An incident staff withheld (a group in transit) is absent from every public list."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from test_security_web import Staff, make_settings
from tumen.alerts.digest import build_digest, period_of
from tumen.audit import Actor
from tumen.confidential.withheld import withhold
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
