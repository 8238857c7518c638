"""Every confidential and admin endpoint as anonymous, viewer, editor, admin and a disabled
user; cookies, CSRF, tokens, throttling, limits, the login gate and withheld incidents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from test_web_pages import fill_store
from tumen.accounts.users import create_user, set_user
from tumen.audit import Actor
from tumen.confidential.crypto import write_key_file
from tumen.config import Settings
from tumen.store import open_store
from tumen.web.app import create_app

PASSWORD = "correct horse battery staple"
ROLES = ("viewer", "editor", "admin")
BASE = "https://testserver"


def make_settings(tmp: Path, **extra: Any) -> Settings:
    """Settings of a filled database with a key file and staff accounts of every role."""
    db = extra.pop("db", None) or tmp / "tumen.db"  # db: another database, e.g. PostgreSQL
    key = tmp / "notes.key"
    write_key_file(key)
    store: Any = open_store(str(db))
    fill_store(store)
    store.rebuild_incidents(datetime(2024, 6, 10))
    for role in ROLES:
        create_user(store, role, PASSWORD, role)
    create_user(store, "gone", PASSWORD, "editor")
    store.close()
    return Settings(db=str(db), key_file=str(key), **extra)


class Staff:
    """A client logged in (or not) with the CSRF token its forms carry."""

    def __init__(self, app: Any, username: str | None = None, code: str = "") -> None:
        self.client = TestClient(app, base_url=BASE, follow_redirects=False)
        self.csrf = self.client.get("/login").text.split('name="csrf_token" value="')[1][:43]
        self.username = username
        self.login_status = 0
        if username:
            r = self.post("/login", {"username": username, "password": PASSWORD, "code": code})
            self.login_status = r.status_code
            if r.status_code == 303:
                self.csrf = self.client.get("/account").text.split(
                    'name="csrf_token" value="')[1][:43]

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(url, data={**(data or {}), "csrf_token": self.csrf})

    def api(self, method: str, url: str, json: Any = None) -> Any:
        return self.client.request(method, url, json=json, headers={"X-CSRF-Token": self.csrf})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An app, a client per role, and a disabled user whose session was live before."""
    settings = make_settings(tmp_path_factory.mktemp("sec"))
    app = create_app(settings)
    clients: dict[str, Any] = {"anonymous": Staff(app)}
    for name in (*ROLES, "gone"):
        clients[name] = Staff(app, name)
        assert clients[name].login_status == 303
    store: Any = open_store(settings.db)
    set_user(store, "gone", Actor("test"), disabled=True)
    store.close()
    clients["disabled"] = clients.pop("gone")
    return {"app": app, "settings": settings, "clients": clients}


def confidential_requests(c: Staff) -> dict[str, Any]:
    """Every confidential endpoint, called by one client."""
    return {
        "notes page": lambda: c.get("/incidents/1/notes"),
        "notes page reveal": lambda: c.get("/incidents/1/notes?reveal=true"),
        "add note form": lambda: c.post("/incidents/1/notes", {"text": "form note"}),
        "delete note form": lambda: c.post("/incidents/1/notes/999/delete"),
        "withheld form": lambda: c.post("/incidents/1/withheld", {"reason": ""}),
        "api notes": lambda: c.get("/api/v1/incidents/1/notes"),
        "api add note": lambda: c.api("POST", "/api/v1/incidents/1/notes", {"text": "api note"}),
        "api delete note": lambda: c.api("DELETE", "/api/v1/incidents/1/notes/999"),
        "api withheld": lambda: c.get("/api/v1/incidents/1/withheld"),
        "api withhold": lambda: c.api("PUT", "/api/v1/incidents/1/withheld", {"reason": "x"}),
        "api release": lambda: c.api("DELETE", "/api/v1/incidents/1/withheld"),
    }


def admin_requests(c: Staff) -> dict[str, Any]:
    """Every admin endpoint, called by one client."""
    return {
        "audit page": lambda: c.get("/admin/audit"),
        "users page": lambda: c.get("/admin/users"),
        "api audit": lambda: c.get("/api/v1/audit"),
        "add user": lambda: c.post("/admin/users", {"username": f"new-{c.username}",
                                                    "password": PASSWORD, "role": "viewer"}),
        "change user": lambda: c.post("/admin/users/viewer", {"role": "viewer"}),
    }


EDITOR_OK = {"notes page": 200, "notes page reveal": 200, "add note form": 303,
             "delete note form": 404, "withheld form": 303, "api notes": 200,
             "api add note": 201, "api delete note": 404, "api withheld": 200,
             "api withhold": 200, "api release": 200}
ADMIN_OK = {"audit page": 200, "users page": 200, "api audit": 200, "add user": 303,
            "change user": 303}


@pytest.mark.parametrize("who", ["anonymous", "disabled", "viewer", "editor", "admin"])
def test_confidential_endpoints_by_role(site: dict[str, Any], who: str) -> None:
    c = site["clients"][who]
    for name, call in confidential_requests(c).items():
        r = call()
        if who in ("editor", "admin"):
            assert r.status_code == EDITOR_OK[name], (name, r.status_code, r.text[:300])
        elif who == "disabled":  # the dead session's CSRF token no longer matches: 403 on POST
            assert r.status_code in (401, 403), (name, r.status_code)
        else:
            assert r.status_code == (403 if who == "viewer" else 401), (name, r.status_code)
        if who not in ("editor", "admin"):
            assert "form note" not in r.text and "api note" not in r.text


@pytest.mark.parametrize("who", ["anonymous", "disabled", "viewer", "editor", "admin"])
def test_admin_endpoints_by_role(site: dict[str, Any], who: str) -> None:
    c = site["clients"][who]
    for name, call in admin_requests(c).items():
        r = call()
        expected = {ADMIN_OK[name]} if who == "admin" else {401} if who == "anonymous" else {
            401, 403} if who == "disabled" else {403}
        assert r.status_code in expected, (name, who, r.status_code, r.text[:300])


def test_session_cookie_is_secure_httponly_strict(site: dict[str, Any]) -> None:
    app = site["app"]
    c = TestClient(app, base_url=BASE, follow_redirects=False)
    page = c.get("/login")
    assert "__Host-tumen_csrf" in page.headers["set-cookie"]
    token = page.text.split('name="csrf_token" value="')[1][:43]
    r = c.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token})
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-tumen_session=")
    lowered = cookie.lower()
    assert "secure" in lowered and "httponly" in lowered and "samesite=strict" in lowered
    assert "path=/" in lowered and "domain" not in lowered


def test_forms_without_csrf_are_refused(site: dict[str, Any]) -> None:
    editor = site["clients"]["editor"]
    r = editor.client.post("/incidents/1/notes", data={"text": "no token"})
    assert r.status_code == 403
    r = editor.client.post("/incidents/1/notes", data={"text": "bad", "csrf_token": "x" * 43})
    assert r.status_code == 403
    anon = TestClient(site["app"], base_url=BASE)
    r = anon.post("/login", data={"username": "admin", "password": PASSWORD})
    assert r.status_code == 403  # login CSRF too


def test_login_failure_says_nothing_specific_and_is_audited(site: dict[str, Any]) -> None:
    c = Staff(site["app"])
    wrong = c.post("/login", {"username": "editor", "password": "wrong password!!"})
    missing = c.post("/login", {"username": "nobody", "password": "wrong password!!"})
    assert wrong.status_code == missing.status_code == 401
    assert "wrong username, password or code" in wrong.text
    assert "wrong username, password or code" in missing.text
    store: Any = open_store(site["settings"].db)
    actions = [(r["username"], r["action"]) for r in store.audit_rows()]
    store.close()
    assert ("editor", "login.failed") in actions and ("admin", "login.ok") in actions


def test_logout_ends_the_session(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path))
    c = Staff(app, "editor")
    assert c.get("/incidents/1/notes").status_code == 200
    assert c.post("/logout").status_code == 303
    assert c.get("/incidents/1/notes").status_code == 401


def test_login_throttle_locks_after_repeated_failures(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, login_max_failures=3))
    c = Staff(app)
    for _ in range(3):
        assert c.post("/login", {"username": "editor", "password": "nope nope nope"}
                      ).status_code == 401
    locked = c.post("/login", {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 401 and "too many failed logins" in locked.text
    assert Staff(app, "admin").login_status == 303  # other accounts are not locked out


def test_api_tokens_scopes_and_revocation(site: dict[str, Any]) -> None:
    editor = site["clients"]["editor"]
    tokens = {}
    for scope in ("read", "write"):
        page = editor.post("/account/tokens", {"name": scope, "scope": scope}).text
        tokens[scope] = page.split('<code class="wrap">')[1].split("</code>")[0]
        assert tokens[scope].startswith("tmn_")
    bare = TestClient(site["app"], base_url=BASE)

    def call(method: str, token: str, json: Any = None) -> int:
        return int(bare.request(method, "/api/v1/incidents/1/notes", json=json,
                                headers={"Authorization": f"Bearer {token}"}).status_code)

    assert call("GET", tokens["read"]) == 200
    assert call("POST", tokens["read"], {"text": "via read token"}) == 403
    assert call("POST", tokens["write"], {"text": "via write token"}) == 201  # no CSRF needed
    assert call("GET", "tmn_forged") == 401
    store: Any = open_store(site["settings"].db)
    assert tokens["write"] not in Path(site["settings"].db).read_bytes().decode("latin-1")
    rows = store.api_token_rows(store.user_row(username="editor")["id"])
    store.close()
    editor.post(f"/account/tokens/{rows[0]['id']}/revoke")
    assert call("GET", tokens["write"]) == 401


def test_token_of_a_viewer_cannot_read_notes(site: dict[str, Any]) -> None:
    viewer = Staff(site["app"], "viewer")  # a role change by the admin ended older sessions
    page = viewer.post("/account/tokens", {"name": "v", "scope": "write"}).text
    token = page.split('<code class="wrap">')[1].split("</code>")[0]
    r = TestClient(site["app"], base_url=BASE).get(
        "/api/v1/incidents/1/notes", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403


def test_require_login_gates_public_pages(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, require_login=True))
    anon = Staff(app)
    assert anon.get("/").status_code == 303
    assert anon.get("/").headers["location"].startswith("/login")
    assert anon.get("/api/v1/documents").status_code == 401
    assert anon.get("/feeds/latest.atom").status_code == 401
    assert anon.get("/static/app.css").status_code == 200
    viewer = Staff(app, "viewer")
    assert viewer.get("/").status_code == 200
    assert viewer.get("/api/v1/documents").status_code == 200


def test_public_pages_need_no_login_by_default(site: dict[str, Any]) -> None:
    anon = site["clients"]["anonymous"]
    for path in ("/", "/incidents", "/api/v1/documents", "/feeds/latest.atom"):
        assert anon.get(path).status_code == 200, path


def test_withheld_incident_is_hidden_from_the_public(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path))
    editor, anon, viewer = Staff(app, "editor"), Staff(app), Staff(app, "viewer")
    assert anon.get("/incidents/1").status_code == 200
    r = editor.api("PUT", "/api/v1/incidents/1/withheld", {"reason": "hold while in transit"})
    assert r.json() == {"incident_id": 1, "withheld": True, "reason": "hold while in transit"}
    for client in (anon, viewer):
        for path in ("/incidents/1", "/api/v1/incidents/1"):
            r = client.get(path)
            assert r.status_code == 404 and "transit" not in r.text
    assert editor.get("/incidents/1").status_code == 200
    editor.api("DELETE", "/api/v1/incidents/1/withheld")
    assert anon.get("/incidents/1").status_code == 200


def test_upload_and_rate_limits(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, max_upload_bytes=1000, api_rate_limit=5))
    editor = Staff(app, "editor")
    r = editor.api("POST", "/api/v1/incidents/1/notes", {"text": "x" * 2000})
    assert r.status_code == 413
    codes = [editor.get("/api/v1/documents").status_code for _ in range(7)]
    assert codes[:4] == [200] * 4 and codes[-1] == 429


def test_open_redirect_after_login_is_refused(site: dict[str, Any]) -> None:
    c = Staff(site["app"])
    r = c.post("/login", {"username": "viewer", "password": PASSWORD,
                          "next": "//evil.example/steal"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_security_headers_on_refusals(site: dict[str, Any]) -> None:
    r = site["clients"]["anonymous"].client.post("/incidents/1/notes", data={"text": "x"})
    assert r.status_code == 403
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_base_template_shows_login_state(site: dict[str, Any]) -> None:
    assert "Staff login" in site["clients"]["anonymous"].get("/").text
    page = site["clients"]["admin"].get("/").text
    assert "Log out" in page and 'href="/admin/audit"' in page


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def contact_file_requests(c: Staff) -> dict[str, Any]:
    """Every contact, attachment and internal brief endpoint, called by one client."""
    def upload() -> Any:
        return c.client.post("/api/v1/incidents/1/attachments", headers={
            "X-CSRF-Token": c.csrf}, files={"file": ("notice.png", PNG_BYTES, "image/png")})

    return {
        "contacts page": lambda: c.get("/incidents/1/contacts"),
        "add contact form": lambda: c.post("/incidents/1/contacts", {"name": "form contact"}),
        "edit contact form": lambda: c.post("/incidents/1/contacts/999", {"name": "x"}),
        "delete contact form": lambda: c.post("/incidents/1/contacts/999/delete"),
        "api contacts": lambda: c.get("/api/v1/incidents/1/contacts"),
        "api add contact": lambda: c.api("POST", "/api/v1/incidents/1/contacts",
                                         {"name": "api contact"}),
        "api edit contact": lambda: c.api("PUT", "/api/v1/incidents/1/contacts/999",
                                          {"name": "x"}),
        "api delete contact": lambda: c.api("DELETE", "/api/v1/incidents/1/contacts/999"),
        "api upload": upload,
        "api attachments": lambda: c.get("/api/v1/incidents/1/attachments"),
        "api download": lambda: c.get("/api/v1/incidents/1/attachments/999"),
        "download page": lambda: c.get("/incidents/1/attachments/999"),
        "delete file form": lambda: c.post("/incidents/1/attachments/999/delete"),
        "api delete file": lambda: c.api("DELETE", "/api/v1/incidents/1/attachments/999"),
        "internal brief": lambda: c.get("/incidents/1/internal-brief.md"),
    }


CONTACT_FILE_OK = {
    "contacts page": 200, "add contact form": 303, "edit contact form": 404,
    "delete contact form": 404, "api contacts": 200, "api add contact": 201,
    "api edit contact": 404, "api delete contact": 404, "api upload": 201,
    "api attachments": 200, "api download": 404, "download page": 404,
    "delete file form": 404, "api delete file": 404, "internal brief": 200}


@pytest.mark.parametrize("who", ["anonymous", "disabled", "viewer", "editor", "admin"])
def test_contact_and_file_endpoints_by_role(site: dict[str, Any], who: str) -> None:
    # the admin's role change of the viewer (test above) ended the viewer's older session
    c = Staff(site["app"], "viewer") if who == "viewer" else site["clients"][who]
    for name, call in contact_file_requests(c).items():
        r = call()
        if who in ("editor", "admin"):
            assert r.status_code == CONTACT_FILE_OK[name], (name, r.status_code, r.text[:300])
        elif who == "disabled":
            assert r.status_code in (401, 403), (name, r.status_code)
        else:
            assert r.status_code == (403 if who == "viewer" else 401), (name, r.status_code)
        if who not in ("editor", "admin"):
            for secret in ("form contact", "api contact", "notice.png", "Case notes"):
                assert secret not in r.text, (name, secret)


def test_internal_brief_pdf_for_editors_only(site: dict[str, Any]) -> None:
    r = site["clients"]["editor"].get("/incidents/1/internal-brief.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-disposition"].startswith("attachment;")
    viewer = Staff(site["app"], "viewer")
    assert viewer.get("/incidents/1/internal-brief.pdf").status_code == 403
    assert site["clients"]["anonymous"].get("/incidents/1/internal-brief.pdf").status_code == 401


def test_responses_with_confidential_data_are_never_cached(site: dict[str, Any]) -> None:
    editor, admin = site["clients"]["editor"], site["clients"]["admin"]
    for client, path in ((editor, "/incidents/1/notes"), (editor, "/incidents/1/notes?reveal=true"),
                         (editor, "/api/v1/incidents/1/notes"),
                         (editor, "/api/v1/incidents/1/contacts"),
                         (editor, "/incidents/1/contacts"),
                         (editor, "/api/v1/incidents/1/withheld"),
                         (admin, "/admin/audit"), (admin, "/api/v1/audit"), (editor, "/account")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("cache-control") == "no-store", path
    assert site["clients"]["anonymous"].get("/incidents").headers.get("cache-control") != (
        "no-store")
