"""Random secrets for sessions and API tokens; only their SHA-256 is ever stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "tmn_"
SCOPES: tuple[str, ...] = ("read", "write")


def new_secret(nbytes: int = 32) -> str:
    """A URL-safe random secret."""
    return secrets.token_urlsafe(nbytes)


def new_api_token() -> str:
    """A new API token as shown once to its owner."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a session id or token is stored."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two strings."""
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"),
                               b.encode("utf-8", "surrogatepass"))


def scope_allows(scope: str, method: str) -> bool:
    """Whether a token scope may make a request with this HTTP method."""
    if method.upper() in ("GET", "HEAD", "OPTIONS"):
        return scope in SCOPES
    return scope == "write"
