"""Optional TOTP second factor (RFC 6238, 30 s steps, one step of clock drift)."""

from __future__ import annotations

import pyotp


def new_totp_secret() -> str:
    """A random base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="tumen")


def verify_totp(secret: str, code: str) -> bool:
    """Whether a 6-digit code is valid now (or one step either side)."""
    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return False
    return bool(pyotp.TOTP(secret).verify(code, valid_window=1))


def seal_totp(key: bytes, user_id: int, secret: str) -> bytes:
    """The TOTP secret encrypted for storage, bound to its user."""
    from tumen.confidential.crypto import encrypt

    return encrypt(key, secret, f"totp:{user_id}")


def open_totp(key: bytes | None, user_id: int, blob: bytes) -> str | None:
    """The stored TOTP secret, or None when it cannot be decrypted (login then fails)."""
    from tumen.confidential.crypto import DecryptError, decrypt

    if key is None:
        return None
    try:
        return decrypt(key, blob, f"totp:{user_id}")
    except DecryptError:
        return None
