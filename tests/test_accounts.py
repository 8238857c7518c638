"""Passwords, TOTP logins, the rate limiter and the `tumen user` / `tumen doctor` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyotp
import pytest
from typer.testing import CliRunner

from test_security_web import PASSWORD, Staff, make_settings
from tumen.accounts.passwords import check_strength, hash_password, verify_password
from tumen.accounts.throttle import RateLimiter
from tumen.accounts.totp import seal_totp
from tumen.cli import app as cli
from tumen.confidential.crypto import note_key
from tumen.config import Settings
from tumen.web.app import create_app


def test_argon2_hashes_verify_and_refuse() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "x")
    assert not verify_password(None, PASSWORD)
    assert check_strength("short") and check_strength("a" * 20) and not check_strength(PASSWORD)


def test_rate_limiter_window() -> None:
    limiter = RateLimiter(limit=2, period=10)
    assert limiter.allow("a", 0) == 0 and limiter.allow("a", 1) == 0
    assert limiter.allow("a", 2) == pytest.approx(8)
    assert limiter.allow("b", 2) == 0
    assert limiter.allow("a", 10.5) == 0


def test_login_with_totp_needs_the_current_code(
    store: Any, settings: Settings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, db=settings.db)  # the database of `store`
    secret = pyotp.random_base32()
    user = store.user_row(username="editor")
    store.update_user(user["id"], totp_secret=seal_totp(note_key(settings), user["id"], secret))
    app = create_app(settings)
    assert Staff(app, "editor").login_status == 401
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    assert Staff(app, "editor", code=wrong).login_status == 401
    assert Staff(app, "editor", code=pyotp.TOTP(secret).now()).login_status == 303


def test_cli_user_add_list_disable(store: Any, settings: Settings) -> None:
    db = settings.db  # the database of `store`, of each backend
    runner = CliRunner()
    r = runner.invoke(cli, ["user", "add", "Rescue.Lead", "--role", "editor",
                            "--password-stdin", "--db", db], input=PASSWORD + "\n")
    assert r.exit_code == 0 and "created rescue.lead (editor)" in r.output
    r = runner.invoke(cli, ["user", "add", "weak", "--password-stdin", "--db", db],
                      input="short\n")
    assert r.exit_code != 0
    r = runner.invoke(cli, ["user", "disable", "rescue.lead", "--db", db])
    assert r.exit_code == 0
    listing = runner.invoke(cli, ["user", "list", "--db", db]).output
    assert "rescue.lead" in listing and "disabled" in listing and "weak" not in listing
    assert PASSWORD not in str(store.user_rows())


def test_doctor_reports_insecure_settings_without_secrets(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    settings = make_settings(tmp_path)
    Path(settings.key_file).chmod(0o644)
    monkeypatch.setenv("TUMEN_KEY_FILE", settings.key_file)
    monkeypatch.setenv("TUMEN_COOKIE_SECURE", "false")
    monkeypatch.setenv("TUMEN_HOST", "0.0.0.0")
    r = CliRunner().invoke(cli, ["doctor", "--db", settings.db])
    assert r.exit_code == 1
    assert "readable by other users" in r.output and "cookie_secure is off" in r.output
    assert Path(settings.key_file).read_text().strip() not in r.output
