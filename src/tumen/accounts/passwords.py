"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # argon2 copes with more, but nobody types it and it costs memory
# A fixed hash to verify against when the user does not exist, so timing tells nothing.
_DUMMY = ("$argon2id$v=19$m=65536,t=3,p=4$mpjvadf6p2Gu0yZ6d1a04w$"
          "OKt1GD59MEHdJ4RsCle76Jm6v2ibaRtcPj74+cqOMb8")


def hasher() -> PasswordHasher:
    """The argon2id parameters used for every new hash (RFC 9106 low-memory profile)."""
    return PasswordHasher()


def check_strength(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters"
    if len(set(password)) < 5:
        return "a password needs more than four different characters"
    return None


def hash_password(password: str) -> str:
    """The argon2id hash of a password (salted, self-describing)."""
    return hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches the stored hash; a missing hash costs the same time."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return hasher().verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with weaker parameters than today's."""
    return hasher().check_needs_rehash(stored)
