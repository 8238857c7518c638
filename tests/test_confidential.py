"""Case notes: encrypted at rest, redacted, audited, and absent from everything public."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from test_security_web import Staff, make_settings
from tumen.audit import Actor
from tumen.confidential.attachments import add_attachment
from tumen.confidential.contacts import ContactFields, add_contact
from tumen.confidential.crypto import DecryptError, MissingKey, data_key, decrypt, encrypt, note_key
from tumen.confidential.notes import REDACTED, add_note, read_notes, redact
from tumen.confidential.withheld import drop_withheld, withhold
from tumen.config import Settings
from tumen.export import FORMATS, WHATS, iter_export
from tumen.models import TOPICS, Incident
from tumen.store import SearchQuery, open_store
from tumen.web.app import create_app


def test_encrypt_round_trip_and_tamper_detection() -> None:
    key, other = b"k" * 32, b"o" * 32
    blob = encrypt(key, "meet at the safe house", "note:1:t")
    assert b"safe house" not in blob
    assert decrypt(key, blob, "note:1:t") == "meet at the safe house"
    with pytest.raises(DecryptError):
        decrypt(other, blob, "note:1:t")
    with pytest.raises(DecryptError):
        decrypt(key, blob, "note:2:t")  # moved to another incident
    with pytest.raises(DecryptError):
        decrypt(key, blob[:-1] + bytes([blob[-1] ^ 1]), "note:1:t")


def test_key_comes_from_key_file_or_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUMEN_SECRET", raising=False)
    settings = make_settings(tmp_path)
    assert len(note_key(settings)) == 32
    settings.key_file = ""
    with pytest.raises(MissingKey):
        note_key(settings)
    monkeypatch.setenv("TUMEN_SECRET", "short")
    with pytest.raises(MissingKey):
        note_key(settings)
    monkeypatch.setenv("TUMEN_SECRET", "s" * 40)
    (tmp_path / "b").mkdir()
    assert note_key(settings) != note_key(make_settings(tmp_path / "b"))


def test_private_names_are_redacted_unless_revealed(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, db=settings.db)  # the database of `store`
    key = note_key(settings)
    add_note(store, key, 1, "Called [[Kim Sun-hee]] at 9pm; family safe.",
             Actor("editor", "1.2.3.4"))
    hidden = read_notes(store, key, 1, Actor("editor", "1.2.3.4"))
    shown = read_notes(store, key, 1, Actor("editor", "1.2.3.4"), reveal=True)
    actions = [r["action"] for r in store.audit_rows()]
    assert hidden[0].text == f"Called {REDACTED} at 9pm; family safe." and hidden[0].private_names
    assert "Kim Sun-hee" in shown[0].text
    assert actions[-3:] == ["note.create", "note.read", "note.reveal"]
    assert redact("no names here") == "no names here"


def test_drop_withheld_filters_objects_and_dicts(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    make_settings(tmp_path, db=settings.db)
    withhold(store, 1, "hold while in transit", Actor("editor"))
    incidents = [Incident(key="a", title="a", id=1), Incident(key="b", title="b", id=2)]
    assert [i.id for i in drop_withheld(store, incidents)] == [2]
    assert drop_withheld(store, [{"id": 1}, {"id": 3}]) == [{"id": 3}]


def _public_urls(client: TestClient) -> list[str]:
    """Every public page, feed and API URL, with every document and incident."""
    docs = client.get("/api/v1/documents?limit=100").json()["items"]
    incidents = client.get("/api/v1/incidents?limit=100").json()["items"]
    urls = ["/", "/topics", "/incidents", "/statistics", "/sources", "/search?q=defectors",
            "/feeds/latest.atom", "/feeds/incidents.atom", "/api/v1/documents",
            "/api/v1/incidents", "/api/v1/statistics", "/api/v1/sources", "/openapi.json"]
    urls += [f"/topics/{t}" for t in TOPICS] + [f"/feeds/topics/{t}.atom" for t in TOPICS]
    for d in docs:
        urls += [f"/documents/{d['id']}", f"/api/v1/documents/{d['id']}"]
    for i in incidents:
        urls += [f"/incidents/{i['id']}", f"/api/v1/incidents/{i['id']}",
                 f"/incidents/{i['id']}/brief.md", f"/incidents/{i['id']}/brief.md?lang=ko"]
    urls += [f"/api/v1/export?what={w}&format={f}" for w in WHATS for f in ("csv", "jsonl")]
    return urls


def test_note_marker_appears_nowhere_public(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, db=settings.db)  # the database of `store`
    app = create_app(settings)
    marker, other = f"ZQX{uuid.uuid4().hex}", f"QZX{uuid.uuid4().hex}"
    editor = Staff(app, "editor")
    r = editor.api("POST", "/api/v1/incidents/1/notes",
                   {"text": f"{marker} {other} hiding with [[{marker}name]] near Kunming"})
    assert r.status_code == 201
    assert marker in json.dumps(editor.get("/api/v1/incidents/1/notes").json())
    r = editor.api("POST", "/api/v1/incidents/1/contacts",
                   {"name": f"{marker} {other}", "messenger": f"WeChat {marker}"})
    assert r.status_code == 201
    r = editor.client.post("/api/v1/incidents/1/attachments", headers={
        "X-CSRF-Token": editor.csrf}, files={"file": (f"{marker}.txt", f"{marker} {other}",
                                                      "text/plain")})
    assert r.status_code == 201
    assert marker in editor.get("/api/v1/incidents/1/contacts").text
    assert marker in editor.get("/api/v1/incidents/1/attachments").text
    assert marker in editor.get("/incidents/1/internal-brief.md").text
    for who in (Staff(app), Staff(app, "viewer"), editor):
        urls = _public_urls(who.client)
        assert len(urls) > 60
        for url in urls:
            r = who.get(url)
            assert r.status_code == 200, (url, r.status_code)
            assert marker not in r.text and marker.encode() not in r.content, url
        # a search page repeats its query, so search for one marker and look for the other
        assert who.get(f"/api/v1/search?q={marker}").json()["total"] == 0
        assert other not in who.get(f"/search?q={marker}").text
    assert store.search(SearchQuery(text=marker)).total == 0
    for what in WHATS:
        for fmt in FORMATS:
            assert marker.encode() not in b"".join(iter_export(store, what, fmt)), (what, fmt)
    assert all(marker not in json.dumps(r) for r in store.audit_rows())


def test_raw_database_files_hold_no_plaintext(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    marker = f"RAW{uuid.uuid4().hex}"
    store: Any = open_store(settings.db)
    key = note_key(settings)
    for n in range(5):
        add_note(store, key, 1, f"{marker} note {n} " + "padding " * 50, Actor("editor"))
        add_contact(store, data_key(settings, "contacts"), 1,
                    ContactFields(name=f"{marker} {n}", notes="padding " * 50), Actor("editor"))
        add_attachment(store, data_key(settings, "attachments"), 1, f"{marker}-{n}.txt",
                       f"{marker} file {n} ".encode() + b"padding " * 50, Actor("editor"),
                       10_000)
    assert marker in read_notes(store, key, 1, Actor("editor"))[0].text
    # the database, its WAL, and every file of its search index (tumen.db.search/)
    files = [p for p in tmp_path.rglob("*") if p.is_file()
             and p.relative_to(tmp_path).parts[0].startswith("tumen.db")]
    assert any(p.name.endswith("-wal") for p in files)
    assert any(p.name == "meta.json" for p in files)  # read while the WAL still holds pages
    for p in files:
        data = p.read_bytes()
        assert marker.encode() not in data, p.name
        assert marker.encode("utf-16-le") not in data, p.name
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    assert marker.encode() not in Path(settings.db).read_bytes()
