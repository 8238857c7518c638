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


def _board(settings: Settings) -> list[tuple[float, str, list[str], str]]:
    """The demo board as `tumen demo` builds it, dated 2026-01-01:
    (score, status, reports, title) per incident, most urgent first."""
    from tumen.demo import build_demo

    store = _store(settings, "demo.db")
    try:
        build_demo(store, settings)
        store.rebuild_incidents(NOW)
        found, _ = store.list_incidents(IncidentFilter(limit=100))
        return [(i.urgency_score, i.status,
                 sorted(Path(d.canonical_url).name for d in store.incident_documents(i.id or 0)),
                 i.title) for i in found]
    finally:
        store.close()


# The order a rescue worker would give the demo's cases on 2026-01-01, all of them history:
# the 30 held in China with a return feared (never reported resolved) first; then forced
# returns, those with an infant or teenagers first, the rest most recent first; then cases
# that ended in safety, and a death (a record, nothing left to act on). The Samcheok boat's
# two went back at their own request: no forced return, a case that ended in safety.
URGENCY_ORDER = [
    "china-urged-not-to-return-north-koreans-arrested-in-shenyang-and-changchun",
    "laos-nine-returned-2013",
    "china-forcibly-returns-hundreds-of-north-koreans-after-asian-games",
    "china-forcibly-returns-about-50-north-koreans-via-dandong",
    "seoul-deports-two-north-korean-fishermen",
    "nine-north-koreans-caught-in-vietnam-handed-to-china",
]
# Reports of one case in English and Korean (or by the UN) that must make one incident.
ONE_CASE = [
    {"china-urged-not-to-return-north-koreans-arrested-in-shenyang-and-changchun",
     "shenyang-changchun-arrests-2012"},
    {"china-forcibly-returns-about-50-north-koreans-via-dandong", "dandong-50-repatriated-2021"},
    {"laos-nine-returned-2013", "laos-sends-nine-young-north-koreans-back-via-china",
     "unhcr-gravely-concerned-over-laos-returns"},
    {"seoul-deports-two-north-korean-fishermen", "two-fishermen-deported-2019"},
    {"nine-north-koreans-caught-in-vietnam-handed-to-china", "vietnam-nine-returned-2015"},
    {"defector-mother-and-son-found-dead-in-seoul", "gwanak-mother-son-2019"},
    {"jsa-soldier-defects-2017", "north-korean-soldier-shot-while-defecting-at-panmunjom"},
    # the Korean report tells the boat's arrival in a relative clause, a part taken next
    {"wooden-boat-reached-samcheok-port-unnoticed", "samcheok-boat-two-returned-2019"},
    # the English report's crossing is dated and placed by the four's custody off Sokcho
    {"four-north-koreans-cross-sea-border-to-sokcho", "sokcho-family-four-2023"},
    {"thirteen-north-korean-restaurant-workers-arrive-in-south-korea",
     "ningbo-restaurant-workers-arrive-2016"},
    # the Korean report of the October 2023 returns ("수백 명", its 500-600 in a sentence of
    # estimates) makes no incident of its own: its lead corroborates the English one
    {"china-forcibly-returns-hundreds-of-north-koreans-after-asian-games",
     "mass-repatriation-after-asian-games-2023"},
]
# Cases the demo tells in one report on the board.
ALONE: list[set[str]] = []


def test_demo_board_one_incident_per_case_no_estimate_and_the_urgency_order(
        settings: Settings) -> None:
    board = _board(settings)
    groups = [set(reports) for _, _, reports, _ in board]
    for case in ONE_CASE:
        assert case in groups, case
    # no duplicate: every incident of the board is one of the cases written down
    assert sorted(map(sorted, groups)) == sorted(map(sorted, ONE_CASE + ALONE))
    # the HRW report's background estimate ("some 2,000 held in China") is no incident
    assert not any("2000" in title or "2,000" in title for *_, title in board)
    assert [r[0] for _, _, r, _ in board][: len(URGENCY_ORDER)] == URGENCY_ORDER
    rest = board[len(URGENCY_ORDER):]
    assert all(status in ("safe", "unknown") and score == 0 for score, status, *_ in rest)
    assert all(score < 25 for score, *_ in board)  # history: nothing is "urgent now"
