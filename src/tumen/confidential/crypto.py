"""AES-256-GCM under a key from a key file or $TUMEN_SECRET, never from the database."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tumen.config import Settings

VERSION = b"\x01"  # first byte of every ciphertext, so the format can change later
NONCE_BYTES = 12
ENV_SECRET = "TUMEN_SECRET"


class MissingKey(Exception):
    """No usable encryption key is configured."""


class DecryptError(Exception):
    """A ciphertext was altered, moved to another record, or made under another key."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose from a longer-lived secret."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tumen-v1", info=purpose).derive(secret)


def read_key_file(path: Path) -> bytes:
    """The secret in a key file: base64 text of at least 32 bytes, or 32+ raw bytes."""
    raw = path.read_bytes()
    try:
        decoded = base64.urlsafe_b64decode(raw.strip())
    except ValueError:
        decoded = raw
    secret = decoded if len(decoded) >= 32 else raw
    if len(secret) < 32:
        raise MissingKey(f"the key file {path} holds fewer than 32 bytes")
    return secret


def master_secret(settings: Settings) -> bytes:
    """The secret from settings.key_file, else $TUMEN_SECRET; MissingKey when neither is set."""
    if settings.key_file:
        path = Path(settings.key_file)
        if not path.is_file():
            raise MissingKey(f"the key file {path} does not exist (create it with `tumen keygen`)")
        return read_key_file(path)
    env = os.environ.get(ENV_SECRET, "")
    if len(env) >= 32:
        return env.encode("utf-8")
    if env:
        raise MissingKey(f"${ENV_SECRET} is shorter than 32 characters")
    raise MissingKey("no encryption key: set key_file ($TUMEN_KEY_FILE) or $TUMEN_SECRET")


def note_key(settings: Settings) -> bytes:
    """The key that encrypts case notes."""
    return _derive(master_secret(settings), b"case-notes")


def data_key(settings: Settings, purpose: str) -> bytes:
    """The key of one kind of confidential data ('contacts', 'attachments')."""
    return _derive(master_secret(settings), f"confidential-{purpose}".encode("ascii"))


def audit_key(settings: Settings) -> bytes | None:
    """The key that seals the audit chain, or None when no secret is configured."""
    try:
        return _derive(master_secret(settings), b"audit-chain")
    except (MissingKey, OSError):  # `tumen doctor` reports a missing or unreadable key
        return None


def new_key_text() -> str:
    """A fresh random secret as base64 text for a key file."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def write_key_file(path: Path) -> None:
    """Create a key file readable by its owner only; never overwrite one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(new_key_text() + "\n")


def encrypt(key: bytes, plaintext: str, context: str) -> bytes:
    """Ciphertext bound to a context (e.g. 'note:12'), so it cannot be moved to another row."""
    return encrypt_bytes(key, plaintext.encode("utf-8"), context)


def decrypt(key: bytes, blob: bytes, context: str) -> str:
    """The plaintext of encrypt(); DecryptError if anything does not match."""
    return decrypt_bytes(key, blob, context).decode("utf-8")


def encrypt_bytes(key: bytes, data: bytes, context: str) -> bytes:
    """encrypt() for binary data, such as an uploaded file."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, data, context.encode("utf-8"))


def decrypt_bytes(key: bytes, blob: bytes, context: str) -> bytes:
    """The data of encrypt_bytes(); DecryptError if anything does not match."""
    from cryptography.exceptions import InvalidTag

    blob = bytes(blob)
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
        raise DecryptError("not a tumen ciphertext")
    nonce, sealed = blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, sealed, context.encode("utf-8"))
    except InvalidTag:
        raise DecryptError("the data cannot be decrypted with this key") from None
