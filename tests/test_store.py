"""The store: migrations, documents, duplicates, analysis and search."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storekit import doc
from tumen.banding import band_keys
from tumen.dedupe import minhash, signature_bytes
from tumen.models import (
    Analysis,
    Entity,
    Event,
    Evidence,
    Source,
    SourceHealth,
    Statistic,
)
from tumen.store import DocumentFilter, FetchRecord, SearchQuery, SQLiteStore, Store, open_store
from tumen.store.base import DocumentExists


def arrest_analysis(text: str) -> Analysis:
    ev = Event(type="arrest", evidence=Evidence(text, 0, len(text)), date="2019-03-03",
               people=5, vulnerable=["child"], country="CN", place="Kunming")
    return Analysis(language="en", topics=["detention"], events=[ev],
                    entities=[Entity(kind="place", text="Kunming", start=0, end=7, country="CN")])


def test_sqlite_pragmas_and_migrations_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    st = open_store(str(path))
    assert isinstance(st, SQLiteStore)
    assert st.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert st.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    version = st.schema_version()
    assert version >= 2
    st.close()
    again = open_store(str(path))
    assert again.migrate() == [] and again.schema_version() == version
    again.close()


def test_add_find_and_duplicate(store: Store) -> None:
    doc_id = store.add_document(doc(1, "Refugees arrested in Dandong"), None)
    assert store.find_document("https://ex.org/1", "zzz") == (doc_id, "url")
    assert store.find_document("https://other", "h1") == (doc_id, "hash")
    assert store.find_document("https://other", "zzz") is None
    later = datetime(2030, 1, 1, tzinfo=UTC)
    store.mark_duplicate(doc_id, "https://mirror.example/1", "hash", later, 1.0)
    store.mark_duplicate(doc_id, "https://mirror.example/1", "hash", later, 1.0)
    got = store.get_document(doc_id)
    assert got is not None and got.last_seen == later
    assert store.count_documents() == 1


def test_second_insert_of_a_url_raises_document_exists(store: Store) -> None:
    first = store.add_document(doc(1, "Report on Hyesan"), None)
    with pytest.raises(DocumentExists) as caught:
        store.add_document(doc(1, "Another text at the same URL"), None)
    assert caught.value.document_id == first and store.count_documents() == 1


def test_update_replaces_text_in_index(store: Store) -> None:
    doc_id = store.add_document(doc(1, "Teaser about Vientiane"), None)
    store.update_document(doc_id, doc(1, "Full text about Bangkok", title="T"), None)
    assert store.search(SearchQuery("Vientiane")).total == 0
    assert [h.id for h in store.search(SearchQuery("Bangkok")).hits] == [doc_id]


NEAR = ("A North Korean family of five, among them a three-year-old child, was detained by "
        "Chinese police in Kunming on 3 March, according to a Seoul-based rights group. The "
        "family had travelled south from Shenyang hoping to cross into Laos.")


def sig(text: str) -> bytes:
    return signature_bytes(minhash(text))


def test_near_candidates_come_from_the_band_rows_written_with_the_document(
    store: Store,
) -> None:
    first = store.add_document(doc(1, NEAR), sig(NEAR))
    other = store.add_document(doc(2, "Arrivals fell to 63 in 2021."), sig("Arrivals fell."))
    copy = sig(NEAR.replace("police", "security police"))
    assert [i for i, _ in store.near_candidates(band_keys(copy))] == [first]
    assert dict(store.near_candidates(band_keys(copy)))[first] == sig(NEAR)
    store.update_document(first, doc(1, "Full text about Bangkok"), sig("Full text about Bangkok"))
    assert store.near_candidates(band_keys(copy)) == []  # the old bands went with the old text
    assert [i for i, _ in store.near_candidates(band_keys(sig("Arrivals fell.")))] == [other]
    assert store.near_candidates([]) == []


def test_database_from_before_the_band_table_is_filled_by_its_migration(store: Store) -> None:
    ids = [store.add_document(doc(n, f"{NEAR} Item {n}."), sig(f"{NEAR} Item {n}."))
           for n in range(3)]
    store.add_document(doc(9, "no signature"), None)
    # the state of a database at migration 0006: signatures stored, no band rows
    run = store.execute  # type: ignore[attr-defined]
    run("DROP TABLE minhash_bands")
    run("DELETE FROM schema_migrations WHERE number = 7")
    assert store.migrate() == [7]
    found = store.near_candidates(band_keys(sig(f"{NEAR} Item 1, updated.")))
    assert [i for i, _ in found] == ids
    rows = run("SELECT count(*) FROM minhash_bands").fetchone()[0]
    assert rows == 3 * 18 and store.migrate() == []


def test_statistics_stored_before_their_offsets_take_them_from_the_analysis(
    store: Store,
) -> None:
    sentence = "Arrivals fell to 63 in 2021."
    figure = Statistic("arrivals", 63, Evidence(sentence, 0, len(sentence)), "KR", "2021")
    store.add_document(doc(1, f"{sentence} Most came through China.",
                           analysis=Analysis(language="en", statistics=[figure])), None)
    run = store.execute  # type: ignore[attr-defined]

    def offsets() -> list[tuple[int, int]]:
        return [(r[0], r[1]) for r in run(
            "SELECT evidence_start, evidence_end FROM statistics").fetchall()]

    assert offsets() == [(0, len(sentence))]
    # the state of a database at migration 0022: statistics without offsets
    run("ALTER TABLE statistics DROP COLUMN evidence_start")
    run("ALTER TABLE statistics DROP COLUMN evidence_end")
    run("DELETE FROM schema_migrations WHERE number = 23")
    assert store.migrate() == [23]
    assert offsets() == [(0, len(sentence))] and store.migrate() == []


def test_no_full_text_copy_is_kept_beside_the_search_index(store: Store) -> None:
    # migration 0022: no FTS5 table (SQLite), no tsvector or terms column (PostgreSQL)
    a = store.add_document(doc(1, "탈북민들이 라오스에서 체포되었다"), None)
    run = store.execute  # type: ignore[attr-defined]
    if store.backend == "sqlite":  # type: ignore[attr-defined]
        found = {r[0] for r in run("SELECT name FROM sqlite_master").fetchall()}
    else:
        found = {r[0] for r in run("SELECT column_name FROM information_schema.columns "
                                   "WHERE table_name = 'documents'").fetchall()}
        assert "text" in found
    assert not {"documents_fts", "tsv", "terms"} & found
    assert [h.id for h in store.search(SearchQuery("탈북민")).hits] == [a]


def test_analysis_round_trip_and_facets(store: Store) -> None:
    text = "A family of five was arrested in Kunming."
    doc_id = store.add_document(doc(1, text, published="2019-03-10", source="Monitor",
                                    analysis=arrest_analysis(text)), None)
    store.add_document(doc(2, "Arrivals in Seoul rose in 2019 as one family arrived",
                           published="2020-01-05", source="Other"), None)
    got = store.get_document(doc_id)
    assert got is not None and got.analysis is not None
    assert got.analysis.events[0].people == 5 and got.analysis.events[0].place == "Kunming"
    page = store.search(SearchQuery("family"))
    assert page.total == 2
    assert ("detention", 1) in page.facets["topic"]
    assert dict(page.facets["year"]) == {"2019": 1, "2020": 1}
    only = store.search(SearchQuery("family", event_type="arrest", country="CN"))
    assert [h.id for h in only.hits] == [doc_id]
    assert store.search(SearchQuery("family", year="2020")).total == 1


def test_search_ranks_title_matches_first_and_highlights(store: Store) -> None:
    a = store.add_document(doc(1, "Many words about policy. Laos is mentioned once here."), None)
    b = store.add_document(doc(2, "Report on the border.", title="Laos returns nine"), None)
    hits = store.search(SearchQuery("Laos")).hits
    assert [h.id for h in hits] == [b, a]
    assert "<mark>Laos</mark>" in hits[1].snippet


def test_korean_stem_finds_inflected_form(store: Store) -> None:
    doc_id = store.add_document(doc(1, "탈북민들이 중국 공안에 체포됐다고 단체가 밝혔다."), None)
    assert [h.id for h in store.search(SearchQuery("탈북민")).hits] == [doc_id]


def test_sqlite_english_stemming(tmp_path: Path) -> None:
    st = SQLiteStore(tmp_path / "s.db")
    st.migrate()
    doc_id = st.add_document(doc(1, "Families were detained near the border"), None)
    assert [h.id for h in st.search(SearchQuery("family borders")).hits] == [doc_id]
    st.close()


def test_search_never_errors_on_syntax(store: Store) -> None:
    store.add_document(doc(1, "north korean refugees"), None)
    for q in ['"', "AND", "(", "refugees)", "NEAR(a b", "*", "-", 'a" OR "b', "'; DROP TABLE"]:
        store.search(SearchQuery(q))
    assert store.count_documents() == 1


def test_list_documents_newest_first_with_filters(store: Store) -> None:
    for n, date in enumerate(["2015-01-01", "2020-06-01", "2018-03-03"], 1):
        store.add_document(doc(n, f"report {n}", published=date,
                               analysis=Analysis(topics=["policy"] if n != 2 else [])), None)
    docs, total = store.list_documents(DocumentFilter(limit=2))
    assert total == 3 and [d.published for d in docs] == ["2020-06-01", "2018-03-03"]
    docs, total = store.list_documents(DocumentFilter(topic="policy"))
    assert total == 2 and {d.published for d in docs} == {"2015-01-01", "2018-03-03"}


def test_sources_and_health(store: Store) -> None:
    store.upsert_source(Source(name="ngo", url="https://ngo.example.org/", kind="listing"))
    store.upsert_source(Source(name="ngo", url="https://ngo.example.org/news", kind="listing"))
    when = datetime(2026, 1, 2, tzinfo=UTC)
    store.record_health(SourceHealth(name="ngo", last_fetch=when, last_status=200, new_items=3))
    [(src, health)] = store.list_sources()
    assert src.url.endswith("/news") and health.new_items == 3 and health.last_fetch == when


def test_fetch_log_and_conditional_state(store: Store) -> None:
    when = datetime(2026, 1, 2, tzinfo=UTC)
    store.add_fetch(FetchRecord(url="https://a/", status=200, fetched_at=when, etag='"v1"'))
    store.add_fetch(FetchRecord(url="https://a/", status=500, fetched_at=when))
    last = store.last_fetch("https://a/")
    assert last is not None and last.etag == '"v1"'
    assert store.last_fetch("https://b/") is None


def test_facets_count_every_match(store: Store) -> None:
    for n in range(1, 6):
        store.add_document(doc(n, f"Report {n} on Laos", published=f"201{n}-01-01",
                               source="old" if n <= 2 else "new"), None)
    page = store.search(SearchQuery("Laos"))
    assert page.total == 5 and not page.facets_sampled
    assert dict(page.facets["source"]) == {"new": 3, "old": 2}
    assert dict(page.facets["year"]) == {f"201{n}": 1 for n in range(1, 6)}
    few = store.search(SearchQuery("Laos", source="old"))
    assert few.total == 2 and dict(few.facets["source"]) == {"old": 2}


def test_a_common_query_ranks_and_counts_every_match(store: Store) -> None:
    # the oldest report is the best match by far: the engine ranks every match, old or new
    store.add_document(doc(1, "Laos Laos Laos arrest in Laos", published="2011-01-01"), None)
    for n in range(2, 6):
        store.add_document(doc(n, f"Report {n} on Laos", published=f"201{n}-01-01",
                               source="b" if n == 2 else "a"), None)
    page = store.search(SearchQuery("Laos"))
    assert page.total == 5 and page.total_exact and page.facet_count == 5
    assert page.hits[0].id == 1 and len(page.hits) == 5
    assert dict(page.facets["source"]) == {"a": 3, "b": 1}
    assert [h.id for h in store.search(SearchQuery("Laos", limit=2, offset=2)).hits] == [
        h.id for h in page.hits[2:4]]
    narrow = store.search(SearchQuery("Laos", source="b"))
    assert narrow.total == 1 and [h.id for h in narrow.hits] == [2]


def test_pinned_notice_is_stored_and_read_back(store: Store) -> None:
    # migration 0017 adds documents.pinned on both backends
    notice = store.add_document(doc(1, "공지: 상담 안내", pinned=True, published="2024-01-10"),
                                None)
    post = store.add_document(doc(2, "탈북민 지원 소식", published="2024-03-02"), None)
    got_notice, got_post = store.get_document(notice), store.get_document(post)
    assert got_notice is not None and got_notice.pinned is True
    assert got_post is not None and got_post.pinned is False
    listed = {d.id: d.pinned for d in store.list_documents(DocumentFilter(limit=10))[0]}
    assert listed == {notice: True, post: False}
