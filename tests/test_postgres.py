"""PostgreSQL specifics (concurrency, migrations under a lock, safe tsquery), and search
behaviour that must be the same on both backends."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from localsite import Response, serve
from storekit import doc
from tumen.config import Settings
from tumen.models import Item, RawPage
from tumen.pipeline import Ingestor
from tumen.store import SearchQuery, Store, open_store
from tumen.store.base import DocumentExists
from tumen.store.postgres import PostgresStore, qmark_to_pyformat
from tumen.store.sqlite import SQLiteStore

pytestmark = pytest.mark.postgres



# -- search behaviour on both backends ---------------------------------------------------------


def ids(store: Store, q: str) -> set[int]:
    return {h.id for h in store.search(SearchQuery(q, limit=50)).hits}


def test_operators_phrases_and_prefixes(store: Store) -> None:
    a = store.add_document(doc(1, "North Korean refugees arrested in Laos"), None)
    b = store.add_document(doc(2, "Korean north border town and refugee shelter"), None)
    c = store.add_document(doc(3, "UNHCR statement on forced returns from China"), None)
    assert ids(store, '"north korean"') == {a}
    assert ids(store, "north korean") == {a, b}
    assert ids(store, "laos OR china") == {a, c}
    assert ids(store, "korean -laos") == {b}
    assert ids(store, "korean NOT laos") == {b}
    assert ids(store, "refug*") == {a, b}
    assert ids(store, "laos china OR shelter") == {b}


def test_japanese_bigrams_match_inside_a_run(store: Store) -> None:
    doc_id = store.add_document(doc(1, "脱北者が中国で拘束された。"), None)
    store.add_document(doc(2, "韓国に到着した。"), None)
    assert ids(store, "中国") == {doc_id}
    assert ids(store, "拘束") == {doc_id}


def test_hostile_input_is_data_not_sql(store: Store) -> None:
    store.add_document(doc(1, "robert drop tables students"), None)
    for q in ["'; DROP TABLE documents; --", "a' || 'b", "x:*", "!!a", "a & b | c", "\\",
              "a <-> b", "'':*", "é*", "탈북*"]:
        store.search(SearchQuery(q))
    assert store.count_documents() == 1
    assert ids(store, "robert'); DROP TABLE documents;--") == set()
    assert len(ids(store, "robert drop")) == 1


def test_snippet_marks_and_pagination(store: Store) -> None:
    for n in range(5):
        store.add_document(doc(n, f"Report {n} about detention in Shenyang and more words"), None)
    page = store.search(SearchQuery("shenyang", limit=2, offset=2))
    assert page.total == 5 and len(page.hits) == 2
    assert all("<mark>Shenyang</mark>" in h.snippet for h in page.hits)
    everything = [h.id for o in (0, 2, 4) for h in store.search(
        SearchQuery("shenyang", limit=2, offset=o)).hits]
    assert len(set(everything)) == 5


# -- PostgreSQL only ---------------------------------------------------------------------------


def test_qmark_placeholders_skip_literals() -> None:
    assert qmark_to_pyformat("SELECT '?', x FROM t WHERE a=? AND b LIKE 'x%'") == (
        "SELECT '?', x FROM t WHERE a=%s AND b LIKE 'x%%'")


def test_execute_runs_sqlite_style_queries(pg: PostgresStore) -> None:
    pg.add_document(doc(1, "text", published="2020-01-02", title="A"), None)
    rows = pg.execute("SELECT id, title FROM documents WHERE published >= ? LIMIT ?",
                      ("2020-01-01", 5)).fetchall()
    assert [r[1] for r in rows] == ["A"]


def test_add_document_conflict_raises_with_existing_id(pg: PostgresStore) -> None:
    first = pg.add_document(doc(1, "one"), None)
    with pytest.raises(DocumentExists) as caught:
        pg.add_document(doc(1, "a different text"), None)
    assert caught.value.document_id == first and pg.count_documents() == 1


def test_ingestor_counts_a_lost_race_as_duplicate(pg: PostgresStore, settings: Settings) -> None:
    class Racy(PostgresStore):
        def find_document(self, canonical_url: str, content_hash: str) -> None:
            return None  # as if the other process had not committed yet when we looked

        def near_candidates(self, keys: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
            return []  # nor its band rows

    racy = Racy(pg.url)
    try:
        # Both ingestors start before either stores anything, like two crawler processes.
        first, second = Ingestor(pg, settings), Ingestor(racy, settings)
        page = RawPage(url="https://ex.org/a", body=b"", fetched_at=datetime.now(UTC))
        item = Item(text="Seven refugees were detained near the border in Tumen.")
        assert first.store_item(item, page, fetch_id=None, source=None)[0] == "added"
        outcome, doc_id = second.store_item(item, page, fetch_id=None, source=None)
    finally:
        racy.close()
    assert outcome == "duplicate" and pg.count_documents() == 1
    assert pg.duplicates_of(doc_id) == [("https://ex.org/a", "url")]


def test_concurrent_migrations_apply_once(pg_url: str) -> None:
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            st = PostgresStore(pg_url)
            results.append(st.migrate())
            st.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    applied = sorted(n for r in results for n in r)
    assert applied == sorted(set(applied)) and 1 in applied and 2 in applied


def test_trigram_title_suggestions(pg: PostgresStore) -> None:
    want = pg.add_document(doc(1, "x", title="Forced repatriation from Shenyang"), None)
    pg.add_document(doc(2, "y", title="Arrivals statistics 2019"), None)
    found = pg.suggest_titles("repatriaton shenyang")  # misspelt
    assert found and found[0][0] == want


def test_sqlite_and_postgres_rank_the_same_top_hit(pg: PostgresStore, tmp_path: Path) -> None:
    lite = SQLiteStore(tmp_path / "x.db")
    lite.migrate()
    texts = ["Laos mentioned once among many other words about policy and aid",
             "Laos Laos Laos: nine returned from Laos to China",
             "Nothing relevant here at all"]
    for st in (lite, pg):
        for n, t in enumerate(texts):
            st.add_document(doc(n, t), None)
    top = [st.search(SearchQuery("laos")).hits[0].title for st in (lite, pg)]
    assert lite.search(SearchQuery("laos")).total == pg.search(SearchQuery("laos")).total == 2
    assert top[0] == top[1]
    lite.close()


# -- two crawler processes ---------------------------------------------------------------------


def article(n: int, rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(120))
    return (f"<html><head><title>Report {n}</title></head><body><article><h1>Report {n}</h1>"
            f"<p>Report number {n}. {words}.</p><p>{words[::-1]}.</p></article></body></html>")


WORDS = (
    "refugee", "border", "arrest", "detention", "china", "laos", "vietnam", "thailand",
    "shelter", "broker", "family", "child", "mother", "escape", "river", "police", "embassy",
    "unhcr", "seoul", "bangkok", "kunming", "shenyang", "dandong", "tumen", "yanji", "return",
    "forced", "night", "mountain", "bus", "train", "church", "mission",
)


def test_two_crawlers_never_duplicate_a_document(pg_url: str, tmp_path: Path) -> None:
    rng = random.Random(9)
    count = 40
    routes: dict[str, object] = {
        f"/a/{n}": Response(body=article(n, rng).encode(), delay=0.01,
                            headers={"Content-Type": "text/html; charset=utf-8"})
        for n in range(count)
    }
    with serve(routes) as site:  # type: ignore[arg-type]
        locs = "".join(f"<url><loc>{site.url(f'/a/{n}')}</loc></url>" for n in range(count))
        site.routes["/sitemap.xml"] = Response(
            body=f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                 f'sitemap/0.9">{locs}</urlset>'.encode(),
            headers={"Content-Type": "application/xml"})
        toml = tmp_path / "sources.toml"
        toml.write_text(f'[[source]]\nname = "site"\nurl = "{site.url("/sitemap.xml")}"\n'
                        'kind = "sitemap"\nmax_pages = 5\n')
        env = {**os.environ, "TUMEN_ALLOW_ADDRESSES": '["127.0.0.1"]', "TUMEN_FETCH_DELAY": "0",
               "TUMEN_ARCHIVE_DIR": str(tmp_path / "archive")}
        cmd = [sys.executable, "-m", "tumen", "crawl", "--sources", str(toml), "--db", pg_url,
               "--force", "--json"]
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(2)]
        outs = [p.communicate(timeout=180) for p in procs]
    for p, (_, stderr) in zip(procs, outs, strict=True):
        assert p.returncode == 0, stderr.decode()[-2000:]
    reports = [json.loads(out) for out, _ in outs]
    st = open_store(pg_url)
    try:
        assert st.count_documents() == count
        assert isinstance(st, PostgresStore)
        dupes = st.execute("SELECT canonical_url FROM documents GROUP BY canonical_url "
                           "HAVING count(*) > 1").fetchall()
        assert dupes == []
    finally:
        st.close()
    assert sum(r["added"] for r in reports) == count
    assert all(r["pages"] > 0 and not r["failed"] for r in reports)
