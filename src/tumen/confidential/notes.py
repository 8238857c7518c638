"""Case notes on incidents: encrypted, redactable, every read and change audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from tumen.accounts.base import AccountStore
from tumen.audit import Actor, record
from tumen.confidential.crypto import DecryptError, decrypt, encrypt

MAX_NOTE_CHARS = 20_000
# Staff mark the names of private persons as [[Name]]; they are hidden unless revealed.
PRIVATE_NAME = re.compile(r"\[\[([^\[\]\n]{1,200})\]\]")
REDACTED = "[name withheld]"


@dataclass(frozen=True)
class Note:
    """A decrypted case note."""

    id: int
    incident_id: int
    text: str
    private_names: bool
    author: str
    created_at: str


def redact(text: str) -> str:
    """The note with every [[private name]] replaced by a placeholder."""
    return PRIVATE_NAME.sub(REDACTED, text)


def has_private_names(text: str) -> bool:
    """Whether the note marks any private name."""
    return PRIVATE_NAME.search(text) is not None


def _context(incident_id: int, created_at: str) -> str:
    return f"note:{incident_id}:{created_at}"


def add_note(store: AccountStore, key: bytes, incident_id: int, text: str, actor: Actor,
             private_names: bool = False) -> int:
    """Encrypt and store a note; return its id."""
    text = text.strip()
    if not text:
        raise ValueError("a note cannot be empty")
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"a note has at most {MAX_NOTE_CHARS} characters")
    created = datetime.now(UTC).isoformat(timespec="microseconds")
    flagged = private_names or has_private_names(text)
    note_id = store.add_note_row(incident_id, encrypt(key, text, _context(incident_id, created)),
                                 flagged, actor.username or "?", created)
    record(store, actor, "note.create", f"incident:{incident_id}", note=note_id,
           private_names=flagged)
    return note_id


def read_notes(store: AccountStore, key: bytes, incident_id: int, actor: Actor,
               reveal: bool = False) -> list[Note]:
    """The notes of an incident, private names redacted unless reveal (both audited)."""
    notes = []
    for row in store.note_rows(incident_id):
        try:
            text = decrypt(key, row["ciphertext"], _context(incident_id, row["created_at"]))
        except DecryptError:
            text = "(this note cannot be decrypted with the configured key)"
        notes.append(Note(id=row["id"], incident_id=incident_id,
                          text=text if reveal else redact(text),
                          private_names=bool(row["private_names"]), author=row["author"],
                          created_at=row["created_at"]))
    record(store, actor, "note.reveal" if reveal else "note.read", f"incident:{incident_id}",
           notes=[n.id for n in notes])
    return notes


def delete_note(store: AccountStore, incident_id: int, note_id: int, actor: Actor) -> bool:
    """Erase a note's ciphertext (the audit log keeps that it existed)."""
    done = store.delete_note_row(note_id, incident_id, datetime.now(UTC).isoformat())
    if done:
        record(store, actor, "note.delete", f"incident:{incident_id}", note=note_id)
    return done
