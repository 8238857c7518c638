"""A filled store with one withheld incident and one confidential note, for security tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from test_security_web import make_settings
from test_web_pages import _doc
from tumen.audit import Actor
from tumen.confidential.crypto import note_key
from tumen.confidential.notes import add_note
from tumen.confidential.withheld import withhold
from tumen.config import Settings
from tumen.models import Analysis, Event, Evidence
from tumen.store import open_store
from tumen.store.base import IncidentFilter

TRANSIT = ("Five North Korean women were detained by Lao police in Vientiane on their way "
           "to the Thai border, a rescue group said.")
# a case note names a private person and a safe house; it must never leave the editors' screen
NOTE_MARKER = "MAGPIE-7731"
NOTE = f"Safe house of [[Ri Sun-hee]] near the river, code word {NOTE_MARKER}"


@dataclass
class Planted:
    """What a test looks for: the withheld incident, a public one, and the note's marker."""

    settings: Settings
    withheld_id: int
    withheld_title: str
    public_id: int
    public_title: str

    def leaks(self, text: str) -> list[str]:
        """What of the withheld incident or the note appears in a text."""
        found = [m for m in (self.withheld_title, NOTE_MARKER, "Ri Sun-hee") if m in text]
        if re.search(rf"/incidents/{self.withheld_id}(?!\d)", text):
            found.append(f"/incidents/{self.withheld_id}")
        return found


def transit_analysis() -> Analysis:
    """The arrest in Laos that becomes the withheld incident."""
    end = TRANSIT.index(",") + 1
    return Analysis(language="en", topics=["detention"], events=[
        Event(type="arrest", evidence=Evidence(TRANSIT[:end], 0, end), date="2024-05-28",
              people=5, country="LA", place="Vientiane")])


def plant(tmp: Path, db: str | None = None, **extra: Any) -> Planted:
    """A filled database (SQLite in tmp, or the database db) with the secrets planted."""
    settings = make_settings(tmp, db=db, **extra)
    store: Any = open_store(settings.db)
    try:
        store.add_document(_doc(900, TRANSIT, "Lao police detain five travellers", "2024-05-30",
                                "en", "Transit Wire", transit_analysis()), None)
        store.rebuild_incidents(datetime(2024, 6, 10))
        items, _ = store.list_incidents(IncidentFilter(limit=100))
        hidden = next(i for i in items if "LA" in i.countries)
        public = next(i for i in items if i.id != hidden.id)
        withhold(store, hidden.id or 0, "a group in transit", Actor("editor"))
        for incident in (hidden, public):
            add_note(store, note_key(settings), incident.id or 0, NOTE, Actor("editor"))
    finally:
        store.close()
    return Planted(settings, hidden.id or 0, hidden.title or "", public.id or 0,
                   public.title or "")
