"""The demo corpus gives the same incidents however often and in whatever order it is ingested."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from tumen.config import Settings
from tumen.demo import sample_corpus
from tumen.pipeline import ingest, iter_files
from tumen.store import SQLiteStore, open_store
from tumen.store.base import IncidentFilter

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def incident_signature(store: SQLiteStore) -> set[tuple[str, frozenset[str]]]:
    """Each incident as (status, canonical URLs of its documents): independent of ids."""
    found, _ = store.list_incidents(IncidentFilter(limit=10_000))
    return {(i.status, frozenset(d.canonical_url for d in store.incident_documents(i.id or 0)))
            for i in found}


def _store(settings: Settings, name: str) -> SQLiteStore:
    st = open_store(str(Path(settings.db).parent / name))
    assert isinstance(st, SQLiteStore)
    return st


def test_demo_twice_and_shuffled_give_the_same_incidents(settings: Settings) -> None:
    files = [str(f) for f in iter_files(sample_corpus())]
    first = _store(settings, "a.db")
    report = ingest(first, settings, [str(sample_corpus())])
    first.update_incidents(report.document_ids, NOW)
    reference = incident_signature(first)
    assert len(reference) >= 4  # the corpus tells several incidents in 2-3 reports each
    again = ingest(first, settings, [str(sample_corpus())])
    assert again.added == 0
    first.update_incidents(again.document_ids, NOW)
    assert incident_signature(first) == reference
    first.rebuild_incidents(NOW)
    assert incident_signature(first) == reference

    shuffled = _store(settings, "b.db")
    random.Random(7).shuffle(files)
    for file in files:  # one file at a time, the incidents updated after each
        step = ingest(shuffled, settings, [file])
        shuffled.update_incidents(step.document_ids, NOW)
    assert incident_signature(shuffled) == reference
    first.close()
    shuffled.close()
