"""The review queue: editors confirm, correct, merge and split incidents; audited; public
pages, the Atom feed and alerts say which incidents no editor has checked."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from test_security_web import Staff, make_settings
from tumen.audit import entries
from tumen.eval.incidents import run as evaluate
from tumen.store import open_store
from tumen.store.base import IncidentFilter
from tumen.web.app import create_app


@pytest.fixture
def staff(tmp_path: Path) -> dict[str, Any]:
    """An app over the filled database and clients of each role."""
    settings = make_settings(tmp_path)
    app = create_app(settings)
    return {"settings": settings, **{r: Staff(app, r) for r in ("viewer", "editor")},
            "anon": Staff(app)}


def test_only_editors_see_the_queue_with_the_analyzers_confidence(staff: dict[str, Any]) -> None:
    assert staff["anon"].get("/review").status_code in (302, 303, 401)
    assert staff["viewer"].get("/review").status_code == 403
    page = staff["editor"].get("/review")
    assert page.status_code == 200
    assert 'id="review-1"' in page.text and "arrested in Shenyang" in page.text
    assert "Confidence" in page.text and "Confirm as it stands" in page.text
    assert staff["viewer"].post("/review/1/confirm").status_code == 403


def test_a_correction_shows_on_the_public_page_is_audited_and_survives_a_rebuild(
        staff: dict[str, Any]) -> None:
    editor = staff["editor"]
    r = editor.post("/review/1/correct", {"step_type": "arrest", "step_date": "2024-05-07",
                                          "step_place": "Shenyang", "place": "Dalian",
                                          "people": "9"})
    assert r.status_code == 303, r.text
    html = staff["anon"].get("/incidents/1").text
    assert "arrest in Dalian" in html and "9 people" in html and "corrected by staff" in html
    assert "unreviewed" in html
    store: Any = open_store(staff["settings"].db)
    try:
        assert ("editor", "incident.correct") in {(e["username"], e["action"])
                                                  for e in entries(store)}
        store.rebuild_incidents(datetime(2024, 6, 10))
        (step, *_) = store.get_incident(1).events
        assert (step.place, step.people, step.corrected_by) == ("Dalian", 9, "editor")
    finally:
        store.close()
    bad = editor.post("/review/1/correct", {"step_type": "arrest", "date": "May 2024"})
    assert bad.status_code == 400 and "YYYY" in bad.text


def test_confirming_marks_the_incident_reviewed_everywhere_until_it_changes(
        staff: dict[str, Any]) -> None:
    anon, editor = staff["anon"], staff["editor"]
    assert "(unreviewed)" in anon.get("/feeds/incidents.atom").text
    assert editor.post("/review/1/confirm").status_code == 303
    assert 'id="review-1"' not in editor.get("/review").text
    assert "reviewed 20" in anon.get("/incidents/1").text
    assert "(unreviewed)" not in anon.get("/feeds/incidents.atom").text
    exported = editor.get("/review/export.json").json()
    (gold,) = exported["gold"]["incidents"]
    # the English and Korean reports, and the Japanese one whose events analysis missed
    assert gold["reviewed_by"] == "editor" and len(gold["documents"]) == 3
    assert {d["id"] for d in exported["docs"]} == set(gold["documents"])


def test_the_export_is_what_the_evaluation_reads(staff: dict[str, Any], tmp_path: Path) -> None:
    editor = staff["editor"]
    editor.post("/review/1/confirm")
    exported = editor.get("/review/export.json").json()
    folder = tmp_path / "reviewed"
    (folder / "docs").mkdir(parents=True)
    for doc in exported["docs"]:
        (folder / "docs" / f"{doc['id']}.json").write_text(json.dumps(doc), "utf-8")
    (folder / "gold.json").write_text(json.dumps(exported["gold"]), "utf-8")
    result, _ = evaluate(folder)
    assert result["incidents"] == 1 and 0.0 <= result["pairwise_f1"] <= 1.0


def test_split_then_merge_back_keeps_the_correction(staff: dict[str, Any]) -> None:
    editor = staff["editor"]
    store: Any = open_store(staff["settings"].db)
    try:
        docs = store.get_incident(1).documents
        assert editor.post("/review/1/correct", {"step_type": "arrest", "step_date": "2024-05-07",
                                                 "step_place": "Shenyang",
                                                 "place": "Dalian"}).status_code == 303
        editor.client.post("/review/1/split", data={"documents": [docs[1]],
                                                    "csrf_token": editor.csrf})
        found, _ = store.list_incidents(IncidentFilter(limit=10))
        assert sorted(i.documents for i in found) == sorted([[d for d in docs if d != docs[1]],
                                                             [docs[1]]])
        a, b = (i.id for i in found)
        assert editor.post(f"/review/{a}/merge", {"other": str(b)}).status_code == 303
        (merged,) = store.list_incidents(IncidentFilter(limit=10))[0]
    finally:
        store.close()
    assert merged.documents == docs and merged.events[0].place == "Dalian"
    assert "Dalian" in staff["anon"].get(f"/incidents/{merged.id}").text


def test_alerts_say_when_no_editor_has_checked_an_incident() -> None:
    from tumen.alerts.matching import Change, event_for
    from tumen.alerts.rules import WatchRule
    from tumen.models import Incident

    rule = WatchRule(name="all", triggers=["new_incident"], id=1)
    incident = Incident(key="k", title="7 people arrested in Shenyang", id=3)
    event = event_for(rule, Change(kind="new_incident", key="k", incident=incident),
                      datetime(2024, 6, 10))
    assert event.title.endswith("(unreviewed)") and event.payload["incident"]["reviewed"] is False
    incident.reviewed_by = "editor"
    event = event_for(rule, Change(kind="new_incident", key="k", incident=incident),
                      datetime(2024, 6, 10))
    assert "unreviewed" not in event.title and event.payload["incident"]["reviewed"] is True
