"""Contacts of an incident (family, helpers, brokers): encrypted, every read and change audited."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from tumen.audit import Actor, record
from tumen.confidential.crypto import DecryptError, decrypt, encrypt

FIELDS = ("name", "relation", "phone", "email", "messenger", "notes")
LIMITS = {"name": 200, "relation": 200, "phone": 100, "email": 254, "messenger": 200,
          "notes": 5_000}
UNREADABLE = "(this contact cannot be decrypted with the configured key)"


@dataclass(frozen=True)
class ContactFields:
    """What staff record about one contact; only the name is required."""

    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""
    messenger: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Contact:
    """A decrypted contact of an incident."""

    id: int
    incident_id: int
    fields: ContactFields
    author: str
    created_at: str
    updated_at: str


def clean(fields: ContactFields) -> ContactFields:
    """The fields stripped and checked; ValueError when the name is empty or one is too long."""
    values = {k: str(getattr(fields, k) or "").strip() for k in FIELDS}
    if not values["name"]:
        raise ValueError("a contact needs a name")
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            raise ValueError(f"{name} has at most {limit} characters")
    return ContactFields(**values)


def _context(incident_id: int, created_at: str) -> str:
    return f"contact:{incident_id}:{created_at}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _seal(key: bytes, fields: ContactFields, incident_id: int, created: str) -> bytes:
    plain = json.dumps(asdict(fields), ensure_ascii=False, sort_keys=True)
    return encrypt(key, plain, _context(incident_id, created))


def _open(key: bytes, row: dict[str, Any]) -> ContactFields:
    try:
        plain = decrypt(key, row["ciphertext"], _context(row["incident_id"], row["created_at"]))
        data = json.loads(plain)
    except (DecryptError, ValueError):
        return ContactFields(name=UNREADABLE)
    return ContactFields(**{k: str(data.get(k, "")) for k in FIELDS})


def add_contact(store: Any, key: bytes, incident_id: int, fields: ContactFields,
                actor: Actor) -> int:
    """Encrypt and store a contact; return its id."""
    fields = clean(fields)
    created = _now()
    contact_id = int(store.add_contact_row(
        incident_id, _seal(key, fields, incident_id, created), actor.username or "?", created))
    record(store, actor, "contact.create", f"incident:{incident_id}", contact=contact_id)
    return contact_id


def read_contacts(store: Any, key: bytes, incident_id: int, actor: Actor,
                  purpose: str = "read") -> list[Contact]:
    """The contacts of an incident (the read is audited, with its purpose)."""
    contacts = [Contact(id=r["id"], incident_id=incident_id, fields=_open(key, r),
                        author=r["author"], created_at=r["created_at"],
                        updated_at=r["updated_at"])
                for r in store.contact_rows(incident_id)]
    record(store, actor, "contact.read", f"incident:{incident_id}",
           contacts=[c.id for c in contacts], purpose=purpose)
    return contacts


def update_contact(store: Any, key: bytes, incident_id: int, contact_id: int,
                   fields: ContactFields, actor: Actor) -> bool:
    """Replace a contact's fields; whether it existed."""
    fields = clean(fields)
    row = next((r for r in store.contact_rows(incident_id) if r["id"] == contact_id), None)
    if row is None:
        return False
    blob = _seal(key, fields, incident_id, row["created_at"])
    done = bool(store.update_contact_row(contact_id, incident_id, blob, _now()))
    if done:
        record(store, actor, "contact.update", f"incident:{incident_id}", contact=contact_id)
    return done


def delete_contact(store: Any, incident_id: int, contact_id: int, actor: Actor) -> bool:
    """Erase a contact (the audit log keeps that it existed)."""
    done = bool(store.delete_contact_row(contact_id, incident_id, _now()))
    if done:
        record(store, actor, "contact.delete", f"incident:{incident_id}", contact=contact_id)
    return done
