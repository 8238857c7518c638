"""Ingestion of every source kind, duplicates, provenance, bad input and interruption."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from localsite import Response, redirect, repeat, serve
from tumen.archive import iter_warc
from tumen.config import Settings
from tumen.models import Item, RawPage
from tumen.pipeline import Ingestor, ingest
from tumen.store import SQLiteStore, Store, open_store

PAGES = Path(__file__).parent / "fixtures" / "pages"


def by_url(store: Store) -> dict[str, object]:
    return {d.canonical_url: d for d in store.iter_documents()}


def test_seeds_become_items_with_dates_and_rerun_adds_nothing(
    store: Store, settings: Settings, seeds: Path
) -> None:
    first = ingest(store, settings, [str(seeds)])
    assert first.failed == [] and first.added >= 20
    docs = list(store.iter_documents())
    archive = [d for d in docs if "000_" in d.url]
    assert len(archive) == 9
    assert min(d.published or "" for d in archive) == "2012-11-01"
    assert max(d.published or "" for d in archive) == "2016-12-19"
    topic = [d for d in docs if "001_" in d.url]
    assert {d.published for d in topic} >= {"2020-12-03", "2020-10-21"}
    assert all(d.author for d in topic)
    again = ingest(store, settings, [str(seeds)])
    assert (again.added, again.updated, again.duplicates) == (0, 0, first.added)
    assert store.count_documents() == first.added


def test_html_article_metadata_and_canonical_url(store: Store, settings: Settings) -> None:
    report = ingest(store, settings, [str(PAGES / "article.html")])
    assert report.added == 1
    [doc] = store.iter_documents()
    assert doc.title and doc.title.startswith("Family of five detained in Kunming")
    assert doc.author == "Jane Park" and doc.published == "2019-03-10"
    assert doc.canonical_url == "https://monitor.example.org/2019/03/family-of-five-kunming"
    assert "three-year-old" in doc.text and "footer" not in doc.text
    assert doc.source == "Example Monitor"


def test_same_report_under_tracking_url_is_a_duplicate(store: Store, settings: Settings) -> None:
    ingest(store, settings, [str(PAGES / "article.html")])
    report = ingest(store, settings, [str(PAGES / "copy-with-tracking.html")])
    assert (report.added, report.duplicates) == (0, 1)
    [doc] = store.iter_documents()
    assert store.duplicates_of(doc.id or 0)[0][1] == "url"


def test_same_text_elsewhere_and_near_copy_are_duplicates(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    text = (PAGES / "report.txt").read_text(encoding="utf-8")
    (tmp_path / "same.txt").write_text(text, encoding="utf-8")
    (tmp_path / "near.txt").write_text(text.replace("rights groups said", "activists said")
                                       + "\nUpdated on June 1.\n", encoding="utf-8")
    ingest(store, settings, [str(PAGES / "report.txt")])
    report = ingest(store, settings, [str(tmp_path / "same.txt"), str(tmp_path / "near.txt")])
    assert (report.added, report.duplicates) == (0, 2)
    [doc] = store.iter_documents()
    assert sorted(kind for _, kind in store.duplicates_of(doc.id or 0)) == ["hash", "near"]


def test_near_copy_found_by_an_ingestor_started_before_the_original_was_stored(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (PAGES / "report.txt").read_text(encoding="utf-8")

    def every_signature() -> None:
        raise AssertionError("an ingestor read every stored signature")

    monkeypatch.setattr(store, "iter_minhashes", every_signature)
    # two ingestors on one database, as two crawler processes are: each sees what the
    # other stored through the band index, without loading any signature up front
    first, second = Ingestor(store, settings), Ingestor(store, settings)
    page = RawPage(url="file:report.txt", body=b"")
    assert first.store_item(Item(text=text), page, fetch_id=None, source=None)[0] == "added"
    copy = Item(text=text.replace("rights groups said", "activists said") + "\nUpdated.",
                url="https://mirror.example/report")
    outcome, doc_id = second.store_item(copy, page, fetch_id=None, source=None)
    assert outcome == "duplicate" and store.count_documents() == 1
    assert store.duplicates_of(doc_id) == [("https://mirror.example/report", "near")]


@pytest.mark.parametrize("how", ["hash", "near"])
def test_copy_stored_by_a_racing_process_is_caught_under_the_write_lock(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    text = (PAGES / "report.txt").read_text(encoding="utf-8")
    page = RawPage(url="file:report.txt", body=b"")
    racer = Ingestor(store, settings)
    # the racer made its (unlocked) checks before the other process committed the original
    monkeypatch.setattr(store, "find_document", lambda canonical, digest: None)
    monkeypatch.setattr(racer, "near_duplicate", lambda signature: None)
    original = Ingestor(open_store(settings.db), settings)
    assert original.store_item(Item(text=text), page, fetch_id=None, source=None)[0] == "added"
    original.store.close()
    copy = text if how == "hash" else text.replace("rights groups said", "activists said")
    outcome, doc_id = racer.store_item(Item(text=copy, url="https://mirror.example/r"), page,
                                       fetch_id=None, source=None)
    assert outcome == "duplicate" and store.count_documents() == 1
    assert store.duplicates_of(doc_id) == [("https://mirror.example/r", how)]

