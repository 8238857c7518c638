"""`tumen doctor`: insecure settings and a broken audit chain, never printing a secret."""

from __future__ import annotations

import ipaddress
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tumen.confidential.crypto import ENV_SECRET, MissingKey, master_secret
from tumen.config import Settings

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One thing doctor found: its level and what to do about it."""

    level: str
    message: str


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _loose(path: Path) -> bool:
    """Whether a file can be read by its group or by others."""
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def check_key(settings: Settings) -> list[Finding]:
    """The encryption key of confidential notes: present, long enough, private, apart."""
    found: list[Finding] = []
    try:
        master_secret(settings)
    except MissingKey as e:
        return [Finding("warning", f"confidential notes are unavailable: {e}")]
    if settings.key_file:
        key = Path(settings.key_file)
        if _loose(key):
            found.append(Finding("error", f"the key file {key} is readable by other users: "
                                          f"chmod 600 {key}"))
        if "://" not in settings.db and key.resolve().parent == Path(settings.db).resolve().parent:
            found.append(Finding("warning", "the key file sits beside the database: a copy of "
                                            "that folder holds both the notes and their key"))
    elif ENV_SECRET in os.environ:
        found.append(Finding("info", f"the notes key comes from ${ENV_SECRET}; a key_file "
                                     "keeps it out of the process environment"))
    return found


def check_web(settings: Settings) -> list[Finding]:
    """Cookies, exposure, throttles and limits of the web app."""
    found: list[Finding] = []
    public = not _loopback(settings.host)
    if not settings.cookie_secure:
        found.append(Finding("error" if public else "warning",
                             "cookie_secure is off: session cookies travel over plain HTTP"))
    if public:
        found.append(Finding("info", f"the web app listens on {settings.host}: serve it behind "
                                     "HTTPS (a TLS-terminating proxy)"))
    if settings.secret_key and len(settings.secret_key) < 32:
        found.append(Finding("warning", "secret_key is shorter than 32 characters"))
    if settings.login_max_failures <= 0 or settings.login_max_failures > 20:
        found.append(Finding("warning", "login_max_failures should be between 1 and 20"))
    if settings.api_rate_limit <= 0:
        found.append(Finding("warning", "api_rate_limit is 0: the API has no rate limit"))
    if settings.max_upload_bytes > 50_000_000:
        found.append(Finding("warning", "max_upload_bytes is above 50 MB"))
    if settings.session_hours > 24:
        found.append(Finding("warning", "sessions last more than 24 hours"))
    return found


def check_store(settings: Settings, store: Any) -> list[Finding]:
    """Database file permissions, credentials in URLs, admins, and the audit chain."""
    found: list[Finding] = []
    if settings.allow_addresses:
        found.append(Finding("warning", "allow_addresses lets user-supplied URLs reach "
                                        f"{len(settings.allow_addresses)} private address(es)"))
    if "://" in settings.db and "@" in settings.db.split("://", 1)[1].split("/", 1)[0] \
            and ":" in settings.db.split("://", 1)[1].split("@", 1)[0]:
        found.append(Finding("warning", "the database URL holds a password: use a "
                                        "PGPASSFILE or peer authentication instead"))
    elif "://" not in settings.db and Path(settings.db).is_file() and _loose(Path(settings.db)):
        found.append(Finding("warning", f"the database {settings.db} is readable by other users"))
    if not hasattr(store, "user_rows"):
        return [*found, Finding("warning", "this backend has no accounts tables yet")]
    admins = [u for u in store.user_rows() if u["role"] == "admin" and not u["disabled"]]
    if not admins:
        found.append(Finding("info", "no admin account: create one with "
                                     "`tumen user add NAME --role admin`"))
    elif any(u["totp_secret"] is None for u in admins):
        found.append(Finding("warning", "an admin account has no TOTP second factor"))
    return found + audit_findings(settings, store)


def audit_findings(settings: Settings, store: Any) -> list[Finding]:
    """A broken audit chain, and one that whoever can write the database could rebuild."""
    from tumen.audit import verify_chain
    from tumen.confidential.crypto import audit_key

    key = audit_key(settings)
    check = verify_chain(store, key)
    found = [Finding("error", f"audit log: {problem}") for problem in check.problems]
    if not check.rows:
        return found
    if key is None:
        found.append(Finding("warning", "audit log: no key configured, so its hashes are "
                                        "plain SHA-256 that a rewrite of the database rebuilds"
                             + (f" ({check.unverified} keyed rows not checked)"
                                if check.unverified else "")))
    elif check.keyed_from is not None:
        found.append(Finding("info", f"audit log: {check.rows} rows, keyed from row "
                                     f"{check.keyed_from}"))
    return found


def diagnose(settings: Settings, store: Any) -> list[Finding]:
    """Every finding, errors first."""
    found = check_key(settings) + check_web(settings) + check_store(settings, store)
    return sorted(found, key=lambda f: LEVELS.index(f.level))
