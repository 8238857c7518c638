"""Files attached to incidents: type sniffed, size limited, encrypted, downloads audited."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from tumen.audit import Actor, record
from tumen.confidential.crypto import DecryptError, decrypt, decrypt_bytes, encrypt, encrypt_bytes

# The allow-list: media type by content, and the extensions a stored name may keep.
EXTENSIONS = {"application/pdf": (".pdf",), "image/png": (".png",),
              "image/jpeg": (".jpg", ".jpeg"), "text/plain": (".txt",)}
MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w.\- ]+")
_TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13}


class TooLarge(ValueError):
    """The file is over the size limit (HTTP 413)."""


class Unsupported(ValueError):
    """The file's content is not an allowed type (HTTP 415)."""


@dataclass(frozen=True)
class Attachment:
    """A decrypted attachment's description (its content is read separately)."""

    id: int
    incident_id: int
    filename: str
    media_type: str
    size: int
    author: str
    created_at: str


def sniff(data: bytes) -> str | None:
    """The media type the content shows (PDF, PNG, JPEG, UTF-8 text), whatever it is called."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if not any(ord(c) in _TEXT_CONTROLS for c in text) else None


def safe_filename(name: str, media_type: str) -> str:
    """A plain file name (no folders, controls or shell characters) ending as its type does."""
    name = unicodedata.normalize("NFC", re.split(r"[/\\]", name or "")[-1])
    name = re.sub(r"\s+", " ", _UNSAFE.sub("_", name)).strip(" ._") or "attachment"
    allowed = EXTENSIONS[media_type]
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext.lower()}" not in allowed:
        stem = name
    stem = stem[:MAX_NAME - 5].rstrip(" ._") or "attachment"
    ext = f".{ext.lower()}" if dot and f".{ext.lower()}" in allowed else allowed[0]
    return stem + ext


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback name and the UTF-8 name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def check(data: bytes, max_bytes: int) -> str:
    """The media type of an acceptable upload; TooLarge, Unsupported or ValueError otherwise."""
    if len(data) > max_bytes:
        raise TooLarge(f"the file is larger than {max_bytes} bytes")
    if not data:
        raise ValueError("the file is empty")
    media_type = sniff(data)
    if media_type is None:
        raise Unsupported("only PDF, PNG, JPEG and plain-text (UTF-8) files are accepted")
    return media_type


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def add_attachment(store: Any, key: bytes, incident_id: int, filename: str, data: bytes,
                   actor: Actor, max_bytes: int) -> int:
    """Check, encrypt and store an uploaded file with its name; return its id."""
    media_type = check(data, max_bytes)
    created = _now()
    meta = json.dumps({"filename": safe_filename(filename, media_type),
                       "media_type": media_type}, ensure_ascii=False)
    attachment_id = int(store.add_attachment_row(
        incident_id, encrypt(key, meta, f"attachment-meta:{incident_id}:{created}"),
        encrypt_bytes(key, data, f"attachment:{incident_id}:{created}"), len(data),
        actor.username or "?", created))
    record(store, actor, "attachment.create", f"incident:{incident_id}",
           attachment=attachment_id, size=len(data), media_type=media_type)
    return attachment_id


def _describe(key: bytes, row: dict[str, Any]) -> Attachment:
    try:
        meta = json.loads(decrypt(key, row["meta"],
                                  f"attachment-meta:{row['incident_id']}:{row['created_at']}"))
    except (DecryptError, ValueError):
        meta = {"filename": "unreadable.bin", "media_type": "application/octet-stream"}
    return Attachment(id=row["id"], incident_id=row["incident_id"], filename=meta["filename"],
                      media_type=meta["media_type"], size=int(row["size"]),
                      author=row["author"], created_at=row["created_at"])


def list_attachments(store: Any, key: bytes, incident_id: int, actor: Actor) -> list[Attachment]:
    """The attachments of an incident, names decrypted (the listing is audited)."""
    found = [_describe(key, r) for r in store.attachment_rows(incident_id)]
    record(store, actor, "attachment.list", f"incident:{incident_id}",
           attachments=[a.id for a in found])
    return found


def read_attachment(store: Any, key: bytes, incident_id: int, attachment_id: int,
                    actor: Actor) -> tuple[Attachment, bytes] | None:
    """One attachment and its decrypted content (the download is audited); None if absent."""
    row = store.attachment_row(attachment_id, incident_id)
    if row is None:
        return None
    info = _describe(key, row)
    data = decrypt_bytes(key, row["ciphertext"], f"attachment:{incident_id}:{row['created_at']}")
    record(store, actor, "attachment.download", f"incident:{incident_id}",
           attachment=attachment_id, size=len(data))
    return info, data


def delete_attachment(store: Any, incident_id: int, attachment_id: int, actor: Actor) -> bool:
    """Erase an attachment's name and content (the audit log keeps that it existed)."""
    done = bool(store.delete_attachment_row(attachment_id, incident_id, _now()))
    if done:
        record(store, actor, "attachment.delete", f"incident:{incident_id}",
               attachment=attachment_id)
    return done
