"""Contacts, attachments and internal briefs: encrypted, limited, audited, editors only."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from test_security_web import Staff, make_settings
from tumen.alerts.brief import build_brief, render_html, render_markdown
from tumen.audit import Actor
from tumen.confidential.attachments import (
    TooLarge,
    Unsupported,
    add_attachment,
    check,
    content_disposition,
    delete_attachment,
    list_attachments,
    read_attachment,
    safe_filename,
    sniff,
)
from tumen.confidential.contacts import (
    ContactFields,
    add_contact,
    delete_contact,
    read_contacts,
    update_contact,
)
from tumen.confidential.crypto import data_key, note_key
from tumen.confidential.internal import internal_brief
from tumen.confidential.notes import add_note
from tumen.config import Settings
from tumen.web.app import create_app

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
ED = Actor("editor", "10.0.0.1")


def test_sniff_trusts_content_not_names() -> None:
    assert sniff(PNG) == "image/png" and sniff(PDF) == "application/pdf"
    assert sniff(JPEG) == "image/jpeg" and sniff("탈북민 메모\n".encode()) == "text/plain"
    assert sniff(b"GIF89a\x01\x00") is None and sniff(b"MZ\x90\x00\x03") is None
    assert sniff(b"\xff\xfe\x00bad utf-8") is None and sniff(b"text with \x00 nul") is None
    with pytest.raises(TooLarge):
        check(b"x" * 11, 10)
    with pytest.raises(Unsupported):
        check(b"MZ\x90\x00", 10)
    with pytest.raises(ValueError):
        check(b"", 10)


def test_filenames_are_sanitised() -> None:
    assert safe_filename("../../etc/passwd", "text/plain") == "passwd.txt"
    assert safe_filename("C:\\Users\\a\\notice.PDF", "application/pdf") == "notice.pdf"
    assert safe_filename("photo.exe", "image/jpeg") == "photo.exe.jpg"
    assert safe_filename('a";<script>.png', "image/png") == "a_script.png"
    assert safe_filename("", "image/png") == "attachment.png"
    assert safe_filename("...", "image/png") == "attachment.png"
    assert safe_filename("구금 통지서.jpeg", "image/jpeg") == "구금 통지서.jpeg"
    assert len(safe_filename("x" * 500 + ".png", "image/png")) <= 120
    header = content_disposition("구금 통지서.jpeg")
    assert header.startswith('attachment; filename="') and "filename*=UTF-8''" in header
    assert '"' not in header.split("filename*=")[1]


def test_contacts_round_trip_and_audit(store: Any, settings: Settings, tmp_path: Path) -> None:
    key = data_key(make_settings(tmp_path, db=settings.db), "contacts")
    cid = add_contact(store, key, 1, ContactFields(name=" Kim ", relation="sister",
                                                   messenger="WeChat: kim88"), ED)
    assert update_contact(store, key, 1, cid, ContactFields(name="Kim", phone="+82 10"), ED)
    assert not update_contact(store, key, 2, cid, ContactFields(name="moved"), ED)
    [contact] = read_contacts(store, key, 1, ED)
    assert contact.fields == ContactFields(name="Kim", phone="+82 10")
    assert read_contacts(store, key, 2, ED) == []
    with pytest.raises(ValueError):
        add_contact(store, key, 1, ContactFields(name="  "), ED)
    assert delete_contact(store, 1, cid, ED) and not delete_contact(store, 1, cid, ED)
    assert read_contacts(store, key, 1, ED) == []
    actions = [r["action"] for r in store.audit_rows()]
    assert actions[-6:] == ["contact.create", "contact.update", "contact.read", "contact.read",
                            "contact.delete", "contact.read"]
    assert "Kim" not in str(list(store.audit_rows()))


def test_attachments_round_trip_and_audit(store: Any, settings: Settings,
                                          tmp_path: Path) -> None:
    key = data_key(make_settings(tmp_path, db=settings.db), "attachments")
    aid = add_attachment(store, key, 1, "detention notice.pdf", PDF, ED, 1000)
    [info] = list_attachments(store, key, 1, ED)
    assert (info.filename, info.media_type, info.size) == ("detention notice.pdf",
                                                           "application/pdf", len(PDF))
    found = read_attachment(store, key, 1, aid, ED)
    assert found is not None and found[1] == PDF
    assert read_attachment(store, key, 2, aid, ED) is None
    assert delete_attachment(store, 1, aid, ED)
    assert read_attachment(store, key, 1, aid, ED) is None
    actions = [r["action"] for r in store.audit_rows()]
    assert actions[-4:] == ["attachment.create", "attachment.list", "attachment.download",
                            "attachment.delete"]
    assert "detention" not in str(list(store.audit_rows()))


def test_internal_brief_adds_notes_and_contacts(store: Any, settings: Settings,
                                                tmp_path: Path) -> None:
    settings = make_settings(tmp_path, db=settings.db)
    marker = f"INT{uuid.uuid4().hex}"
    nkey, ckey = note_key(settings), data_key(settings, "contacts")
    add_note(store, nkey, 1, f"{marker} hiding; called [[Pak {marker}]]", ED)
    add_contact(store, ckey, 1, ContactFields(name=f"Lee {marker}", phone="+86 139"), ED)
    public = build_brief(store, 1)
    assert public is not None
    assert marker not in render_markdown(public) and marker not in render_html(public)
    brief = internal_brief(store, nkey, ckey, 1, ED)
    assert brief is not None
    text = render_markdown(brief)
    assert f"Pak {marker}" in text and f"Lee {marker}" in text and "CONFIDENTIAL" in text
    assert f"Lee {marker}" in render_html(brief)
    hidden = internal_brief(store, nkey, ckey, 1, ED, reveal=False)
    assert hidden is not None and f"Pak {marker}" not in render_markdown(hidden)
    assert internal_brief(store, nkey, ckey, 999_999, ED) is None
    assert "brief.internal" in [r["action"] for r in store.audit_rows()]


def test_upload_limits_types_and_download_headers(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, max_attachment_bytes=100))
    editor = Staff(app, "editor")

    def upload(name: str, data: bytes, kind: str = "application/octet-stream") -> Any:
        return editor.client.post("/api/v1/incidents/1/attachments", files={
            "file": (name, data, kind)}, headers={"X-CSRF-Token": editor.csrf})

    assert upload("big.png", PNG + b"\x00" * 100).status_code == 413
    assert upload("evil.png", b"GIF89a" + b"\x00" * 10, "image/png").status_code == 415
    assert upload("page.html", b"<html>\x00</html>", "text/html").status_code == 415
    assert upload("empty.txt", b"").status_code == 422
    r = upload("../../secret/<notice>.exe", PNG, "text/html")
    assert r.status_code == 201, r.text
    r = editor.get(f"/api/v1/incidents/1/attachments/{r.json()['id']}")
    assert r.status_code == 200 and r.content == PNG
    assert r.headers["content-type"] == "image/png"
    assert r.headers["content-disposition"].startswith('attachment; filename="notice_.exe.png"')
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"
    names = [a["filename"] for a in editor.get("/api/v1/incidents/1/attachments").json()]
    assert "notice_.exe.png" in names
    assert upload("late.png", PNG).status_code == 201
    assert editor.client.post("/api/v1/incidents/999999/attachments", files={
        "file": ("a.png", PNG, "image/png")}, headers={"X-CSRF-Token": editor.csrf}
    ).status_code == 404


def test_request_body_limits(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, max_upload_bytes=1000, max_attachment_bytes=3000))
    editor = Staff(app, "editor")
    r = editor.client.post("/api/v1/incidents/1/attachments", files={
        "file": ("a.txt", b"a" * 2000, "text/plain")}, headers={"X-CSRF-Token": editor.csrf})
    assert r.status_code == 201  # attachments may exceed the general body limit
    r = editor.client.post("/api/v1/incidents/1/attachments", files={
        "file": ("a.txt", b"a" * 200_000, "text/plain")}, headers={"X-CSRF-Token": editor.csrf})
    assert r.status_code == 413
    r = editor.api("POST", "/api/v1/incidents/1/notes", {"text": "x" * 2000})
    assert r.status_code == 413  # everything else keeps max_upload_bytes


def test_large_upload_parsed_in_memory_never_spooled_to_disk() -> None:
    import asyncio

    from starlette.requests import Request

    from tumen.web.forms import read_form

    payload = b"%PDF-1.4 " + b"x" * 3_000_000  # beyond Starlette's 1 MiB spool threshold
    boundary = "tumenboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"notice.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    body += payload + f"\r\n--{boundary}--\r\n".encode()
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/incidents/1/attachments",
             "headers": [(b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
                         (b"content-length", str(len(body)).encode())]}
    form = asyncio.run(read_form(Request(scope, receive)))
    upload = form["file"]
    assert not isinstance(upload, str)
    assert upload.file._rolled is False  # type: ignore[attr-defined]  # stayed in memory
    upload.file.seek(0)
    assert upload.file.read() == payload


def test_upload_form_stores_the_file(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path))
    editor = Staff(app, "editor")
    r = editor.client.post("/incidents/1/attachments", data={"csrf_token": editor.csrf},
                           files={"file": ("notice.txt", b"form upload", "text/plain")})
    assert r.status_code == 303, r.text[:300]
    assert "notice.txt" in editor.get("/incidents/1/contacts").text


def test_contacts_page_forms_carry_csrf_tokens(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path))
    editor = Staff(app, "editor")
    assert editor.post("/incidents/1/contacts", {"name": "Choi", "relation": "pastor"}
                       ).status_code == 303
    page = editor.get("/incidents/1/contacts")
    assert page.status_code == 200 and "Choi" in page.text
    assert page.headers["cache-control"] == "no-store"
    forms = page.text.count("<form method=\"post\"")
    assert forms == page.text.count('name="csrf_token"') - 1  # plus the logout form
    assert editor.post("/incidents/1/contacts/1", {"name": "Choi", "phone": "010"}
                       ).status_code == 303
    assert "010" in editor.get("/incidents/1/contacts").text
    assert editor.client.post("/incidents/1/contacts", data={"name": "no token"}
                              ).status_code == 403
    r = editor.get("/incidents/1/internal-brief.md")
    assert r.status_code == 200 and "Choi" in r.text
    assert r.headers["content-disposition"].startswith("attachment;")
    assert editor.get("/incidents/1/brief.md").status_code == 200
    assert "Choi" not in editor.get("/incidents/1/brief.md").text

