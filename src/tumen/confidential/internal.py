"""Internal briefs: the public brief plus case notes and contacts, for editors who ask."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from tumen.alerts.brief import Brief, InternalPart, build_brief
from tumen.audit import Actor, record
from tumen.confidential.contacts import read_contacts
from tumen.confidential.notes import read_notes


def internal_brief(store: Any, note_key: bytes, contact_key: bytes, incident_id: int,
                   actor: Actor, lang: str = "en", base_url: str | None = None,
                   reveal: bool = True) -> Brief | None:
    """The brief of an incident with its notes (names shown if reveal) and contacts; audited."""
    brief = build_brief(store, incident_id, lang, base_url)
    if brief is None:
        return None
    notes = read_notes(store, note_key, incident_id, actor, reveal=reveal)
    contacts = read_contacts(store, contact_key, incident_id, actor, purpose="internal brief")
    brief.internal = InternalPart(
        notes=[{"author": n.author, "date": n.created_at, "text": n.text} for n in notes],
        contacts=[asdict(c.fields) for c in contacts])
    record(store, actor, "brief.internal", f"incident:{incident_id}", lang=lang,
           reveal=reveal, notes=len(notes), contacts=len(contacts))
    return brief
