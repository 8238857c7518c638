"""`tumen migrate`: an SQLite database copied into PostgreSQL searches the same."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tumen.banding import BANDS, band_keys
from tumen.dedupe import minhash, signature_bytes
from tumen.migrate import MigrateError, copy_sqlite_to_postgres
from tumen.models import (
    Analysis,
    Document,
    Entity,
    Event,
    Evidence,
    Source,
    SourceHealth,
    Statistic,
)
from tumen.store import FetchRecord, SearchQuery
from tumen.store.postgres import PostgresStore
from tumen.store.sqlite import SQLiteStore

pytestmark = pytest.mark.postgres

TEXTS = [
    "Seven North Korean refugees were arrested in Kunming, including a child.",
    "탈북민들이 중국 공안에 체포됐다고 단체가 밝혔다.",
    "脱北者が中国で拘束された。",
    "UNHCR urged China not to return the family to North Korea.",
    "Arrivals in Seoul fell in 2021 as the border stayed closed.",
]
QUERIES = ["refugees", "탈북민", "中国", "north korea", '"north korean"', "famil*",
           "china OR seoul"]


def fill(st: SQLiteStore) -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    st.upsert_source(Source(name="ngo", url="https://ngo.example/", kind="listing"))
    st.record_health(SourceHealth(name="ngo", last_fetch=when, last_status=200, new_items=5))
    fetch = st.add_fetch(FetchRecord(url="https://ngo.example/", status=200, fetched_at=when,
                                     headers={"etag": '"x"'}, etag='"x"'))
    for n, text in enumerate(TEXTS):
        ev = Event(type="arrest", evidence=Evidence(text, 0, len(text)), date="2024-04-2",
                   people=7, vulnerable=["child"], country="CN", place="Kunming")
        analysis = Analysis(language="en", topics=["detention"] if n % 2 else ["policy"],
                            events=[ev] if n == 0 else [],
                            entities=[Entity(kind="place", text="China", start=0, end=5,
                                             country="CN")])
        if n == 4:  # a figure, at its place in the text
            analysis.statistics = [Statistic("arrivals", 63, Evidence(text, 0, len(text)), "KR",
                                             "2021")]
        doc = Document(url=f"https://ngo.example/{n}", canonical_url=f"https://ngo.example/{n}",
                       text=text, content_hash=f"h{n}", title=f"Report {n}", source="ngo",
                       published=f"202{n}-01-0{n + 1}", fetch_id=fetch, analysis=analysis,
                       pinned=n == 1)
        doc_id = st.add_document(doc, signature_bytes(minhash(text)))
        st.mark_duplicate(doc_id, f"https://mirror.example/{n}", "hash", when, 1.0)


def test_copy_keeps_counts_ids_and_search_results(tmp_path: Path, pg_url: str) -> None:
    lite = SQLiteStore(tmp_path / "src.db")
    lite.migrate()
    fill(lite)
    counts = copy_sqlite_to_postgres(str(tmp_path / "src.db"), pg_url)
    assert counts["documents"] == 5 and counts["duplicates"] == 5 and counts["events"] == 1
    assert counts["fetches"] == 1 and counts["sources"] == 1 and counts["document_topics"] == 5
    pg = PostgresStore(pg_url)
    try:
        assert pg.count_documents() == lite.count_documents()
        for q in QUERIES:
            want = lite.search(SearchQuery(q))
            got = pg.search(SearchQuery(q))
            assert {h.id for h in got.hits} == {h.id for h in want.hits}, q
            assert got.total == want.total > 0, q
            assert dict(got.facets["topic"]) == dict(want.facets["topic"]), q
        for a, b in zip(lite.iter_documents(), pg.iter_documents(), strict=True):
            assert (a.id, a.canonical_url, a.analysis, a.first_seen, a.pinned) == (
                b.id, b.canonical_url, b.analysis, b.first_seen, b.pinned)
        assert [d.pinned for d in pg.iter_documents()].count(True) == 1
        assert dict(pg.iter_minhashes()) == dict(lite.iter_minhashes())
        assert counts["minhash_bands"] == len(TEXTS) * BANDS
        keys = band_keys(signature_bytes(minhash(TEXTS[0] + " Updated.")))
        assert pg.near_candidates(keys) == lite.near_candidates(keys) != []
        assert pg.duplicates_of(1) == lite.duplicates_of(1)
        [(src, health)] = pg.list_sources()
        assert src.name == "ngo" and health.new_items == 5
        fresh = Document(url="https://n/", canonical_url="https://n/", text="new", content_hash="n")
        assert pg.add_document(fresh, None) == 6  # identities continue after the copied ids
    finally:
        pg.close()
        lite.close()


OFFSETS = "SELECT id, evidence_start, evidence_end FROM statistics ORDER BY id"


def test_copy_of_a_file_from_before_statistic_offsets_fills_them(
    tmp_path: Path, pg_url: str
) -> None:
    lite = SQLiteStore(tmp_path / "src.db")
    lite.migrate()
    fill(lite)
    want = [tuple(r) for r in lite.execute(OFFSETS).fetchall()]
    assert want == [(1, 0, len(TEXTS[4]))]
    # as written by tumen before migration 0023
    lite.execute("ALTER TABLE statistics DROP COLUMN evidence_start")
    lite.execute("ALTER TABLE statistics DROP COLUMN evidence_end")
    lite.execute("DELETE FROM schema_migrations WHERE number = 23")
    lite.close()
    assert copy_sqlite_to_postgres(str(tmp_path / "src.db"), pg_url)["statistics"] == 1
    pg = PostgresStore(pg_url)
    try:
        assert [(r[0], r[1], r[2]) for r in pg.execute(OFFSETS).fetchall()] == want
    finally:
        pg.close()


def test_copy_of_a_file_from_before_the_band_table_indexes_its_signatures(
    tmp_path: Path, pg_url: str
) -> None:
    lite = SQLiteStore(tmp_path / "src.db")
    lite.migrate()
    fill(lite)
    lite.execute("DROP TABLE minhash_bands")  # as written by tumen before migration 0007
    lite.execute("DELETE FROM schema_migrations WHERE number = 7")
    lite.close()
    counts = copy_sqlite_to_postgres(str(tmp_path / "src.db"), pg_url)
    assert counts["minhash_bands"] == len(TEXTS) * BANDS
    pg = PostgresStore(pg_url)
    try:
        keys = band_keys(signature_bytes(minhash(TEXTS[3] + " Updated.")))
        assert [i for i, _ in pg.near_candidates(keys)] == [4]
    finally:
        pg.close()


def test_refuses_a_database_that_holds_documents(tmp_path: Path, pg_url: str) -> None:
    lite = SQLiteStore(tmp_path / "src.db")
    lite.migrate()
    fill(lite)
    lite.close()
    copy_sqlite_to_postgres(str(tmp_path / "src.db"), pg_url)
    with pytest.raises(MigrateError, match="already holds documents"):
        copy_sqlite_to_postgres(str(tmp_path / "src.db"), pg_url)
    with pytest.raises(MigrateError, match="no such"):
        copy_sqlite_to_postgres(str(tmp_path / "missing.db"), pg_url)


def test_copy_takes_incidents_accounts_and_a_verifiable_audit_chain(
    tmp_path: Path, pg_url: str
) -> None:
    from tumen.accounts.throttle import LoginPolicy
    from tumen.accounts.users import authenticate, create_user
    from tumen.audit import Actor, record, verify_chain
    from tumen.store.base import IncidentFilter

    lite = SQLiteStore(tmp_path / "src.db")
    lite.migrate()
    fill(lite)
    lite.rebuild_incidents(datetime(2024, 6, 1, tzinfo=UTC))
    create_user(lite, "ana", "a long passphrase 42", "editor")
    for n in range(3):
        record(lite, Actor("ana", "127.0.0.1"), "incident.annotate", f"incident:{n}")
    incidents, _ = lite.list_incidents(IncidentFilter(limit=100))
    counts = copy_sqlite_to_postgres(str(tmp_path / "src.db"), pg_url)
    assert counts["users"] == 1 and counts["audit_log"] >= 3
    pg = PostgresStore(pg_url)
    try:
        copied, _ = pg.list_incidents(IncidentFilter(limit=100))
        assert [(i.id, i.title, i.status) for i in copied] == [
            (i.id, i.title, i.status) for i in incidents]
        check = verify_chain(pg)
        assert check.ok and check.rows == counts["audit_log"]
        user = authenticate(pg, "ana", "a long passphrase 42", "", "127.0.0.1", LoginPolicy())
        assert user.role == "editor"
        record(pg, Actor("ana", "127.0.0.1"), "incident.annotate", "incident:9")
        assert verify_chain(pg).ok  # the chain goes on from the copied head
    finally:
        pg.close()
        lite.close()
