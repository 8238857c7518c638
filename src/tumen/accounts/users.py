"""Creating users, logging in, sessions and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tumen.accounts.base import AccountStore, Row
from tumen.accounts.passwords import check_strength, hash_password, needs_rehash, verify_password
from tumen.accounts.roles import ROLES, User
from tumen.accounts.throttle import LoginPolicy, login_blocked, note_failure
from tumen.accounts.tokens import SCOPES, digest, new_api_token, new_secret
from tumen.accounts.totp import open_totp, verify_totp
from tumen.audit import Actor, record

USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")


class AccountError(ValueError):
    """A refused account operation, with a message safe to show."""


@dataclass(frozen=True)
class Session:
    """A started session: the secret for the cookie and the CSRF token of its forms."""

    secret: str
    csrf: str
    user: User


def now_iso() -> str:
    """The current UTC time as ISO 8601."""
    return datetime.now(UTC).isoformat()


def user_from_row(row: Row) -> User:
    """A User from a users row or a row joined with users (user_id or id)."""
    return User(id=int(row.get("user_id") or row["id"]), username=row["username"],
                role=row["role"], disabled=bool(row["disabled"]),
                totp_enabled=row.get("totp_secret") is not None,
                created_at=row.get("created_at") or "")


def check_username(username: str) -> str:
    """The normalised username, or AccountError."""
    name = username.strip().lower()
    if not 2 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise AccountError("a username has 2-64 of a-z 0-9 . _ - @")
    return name


def create_user(store: AccountStore, username: str, password: str, role: str,
                actor: Actor | None = None) -> User:
    """Add a user with an argon2 hash of the password; AccountError if refused."""
    name = check_username(username)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    problem = check_strength(password)
    if problem:
        raise AccountError(problem)
    if store.user_row(username=name) is not None:
        raise AccountError(f"user {name} exists already")
    user_id = store.add_user(name, hash_password(password), role, now_iso())
    record(store, actor or Actor("cli"), "user.create", f"user:{name}", role=role)
    return User(id=user_id, username=name, role=role)


def set_user(store: AccountStore, username: str, actor: Actor, *, role: str | None = None,
             disabled: bool | None = None) -> User:
    """Change a user's role or disable/enable them; their sessions end."""
    row = store.user_row(username=username)
    if row is None:
        raise AccountError(f"no user {username}")
    if role is not None and role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    fields: dict[str, object] = {}
    if role is not None:
        fields["role"] = role
    if disabled is not None:
        fields["disabled"] = int(disabled)
    store.update_user(row["id"], **fields)
    store.delete_sessions(user_id=row["id"])
    record(store, actor, "user.update", f"user:{username}", role=role, disabled=disabled)
    updated = store.user_row(user_id=row["id"])
    assert updated is not None
    return user_from_row(updated)


def list_users(store: AccountStore) -> list[User]:
    """Every user, by name."""
    return [user_from_row(r) for r in store.user_rows()]


def authenticate(store: AccountStore, username: str, password: str, code: str, ip: str,
                 policy: LoginPolicy, key: bytes | None = None) -> User:
    """The user these credentials belong to, or AccountError (one message for every failure)."""
    name = username.strip().lower()[:64]
    refused = AccountError("wrong username, password or code")
    if login_blocked(store, policy, name, ip):
        record(store, Actor(name, ip), "login.throttled")
        raise AccountError("too many failed logins; try again later")
    row = store.user_row(username=name)
    ok = verify_password(row["password_hash"] if row else None, password)
    if ok and row is not None and row["totp_secret"] is not None:
        secret = open_totp(key, row["id"], row["totp_secret"])
        ok = secret is not None and verify_totp(secret, code)
    if not ok or row is None or row["disabled"]:
        note_failure(store, name, ip)
        record(store, Actor(name, ip), "login.failed",
               reason="disabled" if ok and row is not None else "credentials")
        raise refused
    if needs_rehash(row["password_hash"]):
        store.update_user(row["id"], password_hash=hash_password(password))
    store.clear_login_failures(name)
    record(store, Actor(name, ip), "login.ok")
    return user_from_row(row)


def start_session(store: AccountStore, user: User, ip: str, hours: float) -> Session:
    """A new session for a logged-in user (a fresh id: no session fixation)."""
    secret, csrf, now = new_secret(), new_secret(), datetime.now(UTC)
    store.add_session(digest(secret), user.id, csrf, ip, now.isoformat(),
                      (now + timedelta(hours=hours)).isoformat())
    return Session(secret=secret, csrf=csrf, user=user)


def resolve_session(store: AccountStore, secret: str) -> Session | None:
    """The live session of a cookie value; None if unknown, expired or the user is disabled."""
    if not secret or len(secret) > 200:
        return None
    row = store.session_row(digest(secret))
    if row is None:
        return None
    if row["disabled"] or row["expires_at"] <= now_iso():
        store.delete_sessions(id_hash=row["id_hash"])
        return None
    return Session(secret=secret, csrf=row["csrf"], user=user_from_row(row))


def end_session(store: AccountStore, secret: str) -> None:
    """Log out: forget the session."""
    store.delete_sessions(id_hash=digest(secret))


def create_token(store: AccountStore, user: User, name: str, scope: str, actor: Actor) -> str:
    """A new API token for a user, returned once in plain text; only its hash is stored."""
    if scope not in SCOPES:
        raise AccountError("scope must be read or write")
    token = new_api_token()
    token_id = store.add_api_token(user.id, digest(token), name.strip()[:100] or "token", scope,
                                   now_iso())
    record(store, actor, "token.create", f"token:{token_id}", scope=scope)
    return token


def resolve_token(store: AccountStore, token: str) -> tuple[User, str] | None:
    """The user and scope of a live API token."""
    if not token or len(token) > 200:
        return None
    row = store.api_token_row(digest(token))
    if row is None or row["revoked_at"] is not None or row["disabled"]:
        return None
    return user_from_row(row), str(row["scope"])


def revoke_token(store: AccountStore, user: User, token_id: int, actor: Actor) -> bool:
    """Revoke one of the user's tokens."""
    done = store.revoke_api_token(token_id, user.id, now_iso())
    if done:
        record(store, actor, "token.revoke", f"token:{token_id}")
    return done
