"""Roles, ordered by what they may do."""

from __future__ import annotations

from dataclasses import dataclass

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")


@dataclass(frozen=True)
class User:
    """A staff account as the application sees it (never with its password hash)."""

    id: int
    username: str
    role: str
    disabled: bool = False
    totp_enabled: bool = False
    created_at: str = ""


def rank(role: str | None) -> int:
    """0 for no role, then 1 viewer, 2 editor, 3 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def allows(user: User | None, needed: str) -> bool:
    """Whether an active user has at least the needed role."""
    return user is not None and not user.disabled and rank(user.role) >= rank(needed)
