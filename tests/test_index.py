"""The tantivy search index: query language, prefixes, Japanese morphemes, and keeping the index
in step with the store (crash repair, rebuilds, readers in other processes)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from storekit import doc
from tumen.index.query import parse
from tumen.models import Document
from tumen.store import SearchQuery, Store, open_store
from tumen.web.cache import data_version


def ids(store: Store, q: str, **kw: str) -> set[int]:
    return {h.id for h in store.search(SearchQuery(q, limit=50, **kw)).hits}  # type: ignore[arg-type]


def test_a_prefix_matches_the_words_it_prefixes_whatever_the_stemmer_does(store: Store) -> None:
    # the English stemmer makes "repatri" of these words: "repatriat" is the prefix of none
    a = store.add_document(doc(1, "Nine were repatriated from China."), None)
    b = store.add_document(doc(2, "Forced repatriation continues."), None)
    c = store.add_document(doc(3, "They repaired the road."), None)
    assert ids(store, "repatriat*") == ids(store, "repatri*") == {a, b}
    assert ids(store, "repa*") == {a, b, c}
    hit = store.search(SearchQuery("repatriat*")).hits[0]
    assert "<mark>repatriat" in hit.snippet.lower()


def test_stemming_matches_other_forms_of_a_word(store: Store) -> None:
    a = store.add_document(doc(1, "The families were arrested."), None)
    assert ids(store, "family") == ids(store, "arrests") == {a}


def test_field_filters_in_the_query(store: Store) -> None:
    a = store.add_document(doc(1, "Arrests near the border", title="Laos", source="daily"), None)
    b = store.add_document(doc(2, "Arrests in Laos", title="Border report", source="weekly"), None)
    assert ids(store, "laos") == {a, b}
    assert ids(store, "title:laos") == {a}
    assert ids(store, "arrests source:weekly") == {b}
    assert ids(store, "arrests -source:weekly") == {a}
    assert ids(store, 'title:"border report"') == {b}


def test_title_matches_rank_first(store: Store) -> None:
    body = store.add_document(doc(1, "A report about Laos and more Laos."), None)
    title = store.add_document(doc(2, "A short report.", title="Laos"), None)
    assert [h.id for h in store.search(SearchQuery("laos")).hits] == [title, body]


def test_malformed_queries_search_what_they_can_and_say_what_was_ignored(store: Store) -> None:
    a = store.add_document(doc(1, "North Korean refugees in Laos"), None)
    cases = {
        '"north korean': ("closing quote", {a}),
        "colour:red laos": ("not a field", set()),
        "laos OR": ("needs words on both sides", {a}),
        "-laos": ("Excluded words alone", set()),
        "l* laos": ("too short a prefix", {a}),
        "laos NOT": ("nothing to exclude", {a}),
    }
    for q, (said, found) in cases.items():
        page = store.search(SearchQuery(q))
        assert page.notice is not None and said in page.notice, q
        assert {h.id for h in page.hits} == found, q
    assert store.search(SearchQuery('"" ( ) * :')).notice is not None
    assert store.search(SearchQuery("laos")).notice is None


def test_the_parser_reads_the_whole_language() -> None:
    parsed = parse('"forced return" china OR laos refug* -japan title:kim source:"Daily NK"')
    assert [[(p.kind, p.text, p.negated, p.title_only) for p in g] for g in parsed.groups] == [
        [("phrase", "forced return", False, False), ("word", "china", False, False)],
        [("word", "laos", False, False), ("prefix", "refug", False, False),
         ("word", "japan", True, False), ("word", "kim", False, True)]]
    assert parsed.filters == [("source", "Daily NK", False)]
    assert parsed.notices == []


def test_japanese_is_searched_by_morphemes(store: Store) -> None:
    a = store.add_document(doc(1, "脱北者が北朝鮮に送り返された。"), None)
    b = store.add_document(doc(2, "送還の手続きが始まった。"), None)
    assert ids(store, "送り返す") == {a}  # the dictionary form finds the inflected one
    assert ids(store, "送還") == {b}
    assert ids(store, "脱北者") == {a}
    assert "<mark>" in store.search(SearchQuery("脱北者")).hits[0].snippet


def test_a_write_whose_indexing_was_cut_short_is_indexed_at_the_next_start(
    tmp_path: Path
) -> None:
    db = str(tmp_path / "c.db")
    store = open_store(db)
    store.indexed = lambda: None  # type: ignore[method-assign]  # killed after the commit
    store.add_document(doc(1, "Arrests in Hyesan"), None)
    assert ids(store, "hyesan") == set()
    store.close()
    with open_store(db) as again:  # type: ignore[attr-defined]
        assert ids(again, "hyesan") == {1}


def test_an_index_of_another_database_is_rebuilt_not_searched(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as a:  # type: ignore[attr-defined]
        a.add_document(doc(1, "Secret from database A"), None)
    b = open_store(str(tmp_path / "b.db"))
    b.add_document(doc(1, "Public report of database B"), None)
    b.close()
    shutil.rmtree(tmp_path / "b.db.search")
    shutil.copytree(tmp_path / "a.db.search", tmp_path / "b.db.search")
    with open_store(str(tmp_path / "b.db"), migrate=False) as reader:  # type: ignore[attr-defined]
        page = reader.search(SearchQuery("database"))
        assert page.hits == [] and page.notice is not None  # never A's documents
    with open_store(str(tmp_path / "b.db")) as b2:  # type: ignore[attr-defined]
        assert [h.snippet for h in b2.search(SearchQuery("database")).hits] == [
            "…Public report of <mark>database</mark> B…"]


def test_a_folder_emptied_by_another_process_during_the_open_is_opened_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tantivy

    from tumen.index.engine import SearchIndex

    folder = tmp_path / "x.search"
    other = SearchIndex(folder)  # the process that found the folder first
    real = tantivy.Index
    calls: list[str] = []

    def raced(schema: object, path: str | None = None, reuse: bool = True) -> object:
        calls.append("open")
        if len(calls) == 1:  # its reset empties the folder while tantivy reads meta.json
            other._wipe()
            raise ValueError("Failed to open file for read: 'FileDoesNotExist(\"meta.json\")'")
        return real(schema, path=path, reuse=reuse)

    monkeypatch.setattr(tantivy, "Index", raced)
    mine = SearchIndex(folder)
    assert calls == ["open", "open"]  # opened again, under the writers' lock
    with mine.writing() as writer:
        writer.add_document(tantivy.Document(id=1, body="Arrests in Hyesan"))
        writer.commit()
    assert mine.count() == 1


def test_reindex_command_rebuilds_from_the_store(tmp_path: Path) -> None:
    from tumen.cli import app

    db = str(tmp_path / "r.db")
    store = open_store(db)
    with store.indexing_batch():
        for n in range(30):
            store.add_document(doc(n, f"Report {n} from Yanji"), None)
    store.close()
    for entry in (tmp_path / "r.db.search").iterdir():
        if entry.name.endswith(".idx"):
            entry.unlink()  # a damaged index
    result = CliRunner().invoke(app, ["reindex", "--db", db])
    assert result.exit_code == 0, result.output
    assert "indexed 30 documents" in result.output
    with open_store(db, migrate=False) as store:  # type: ignore[attr-defined]
        assert store.search(SearchQuery("yanji")).total == 30


def test_a_reader_sees_what_another_process_wrote(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    reader = open_store(db)
    assert ids(reader, "chongjin") == set()
    state = SimpleNamespace(settings=SimpleNamespace(db=db, search_dir=""))
    before = data_version(state)
    code = ("import sys; from tumen.store import open_store; from tumen.models import Document;"
            "s = open_store(sys.argv[1]); s.add_document(Document(url='https://ex.org/9', "
            "canonical_url='https://ex.org/9', text='Arrests in Chongjin', content_hash='h9'),"
            " None); s.close()")
    subprocess.run([sys.executable, "-c", code, db], check=True, timeout=120)
    assert ids(reader, "chongjin") == {1}
    assert data_version(state) != before
    reader.close()


def test_the_caches_version_moves_when_the_index_commits(tmp_path: Path) -> None:
    db = str(tmp_path / "v.db")
    store = open_store(db)
    store.add_document(doc(1, "Arrests in Hyesan"), None)
    state = SimpleNamespace(settings=SimpleNamespace(db=db, search_dir=""))
    before = data_version(state)
    store.reindex()  # the database is unchanged; only the index commits
    assert data_version(state) != before
    store.close()


def test_search_command_shows_title_date_source_and_snippet_never_a_file_path(
    tmp_path: Path
) -> None:
    from tumen.cli import app

    db = str(tmp_path / "s.db")
    with open_store(db) as store:  # type: ignore[attr-defined]
        store.add_document(Document(
            url="file:///home/me/reports/a.html", canonical_url="file:///home/me/reports/a.html",
            title="Nine caught near Kunming", text="Nine people were caught near Kunming.",
            content_hash="k", published="2019-03-03", source="Daily NK"), None)
    out = CliRunner().invoke(app, ["search", "kunming", "--db", db]).output
    assert "2019-03-03  Nine caught near Kunming" in out
    assert "Daily NK" in out and "file://" not in out
    assert "…Nine people were caught near Kunming…" in out


@pytest.mark.parametrize("query", ["x:*", "title:", "source:", "OR OR", "\x00", "*" * 50,
                                   "a" * 500, "탈북*", "\"\"\"", "title:\"\""])
def test_odd_input_never_raises(store: Store, query: str) -> None:
    store.add_document(doc(1, "Anything"), None)
    store.search(SearchQuery(query))


def test_every_match_is_ranked_counted_and_faceted_old_or_new(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "w.db"))
    with store.indexing_batch():
        for n in range(1, 41):
            text = f"Laos report {n}" + (" Laos Laos Laos" if n == 2 else "")
            store.add_document(doc(n, text, source="old" if n <= 20 else "new"), None)
    common = store.search(SearchQuery("laos", limit=5))
    assert common.total == 40 and common.total_exact and common.facet_count == 40
    assert common.hits[0].id == 2  # the oldest reports compete with the newest
    assert dict(common.facets["source"]) == {"old": 20, "new": 20}
    counted = store.search(SearchQuery("laos", limit=0))  # a count alone (tantivy needs >= 1)
    assert counted.total == 40 and counted.hits == []
    titled = store.search(SearchQuery("laos title:report"))
    assert titled.total == 0  # titles are empty: title: searches titles only
    store.close()


def test_facets_count_the_same_matches_as_the_ranking(tmp_path: Path) -> None:
    # the facet pass runs a query without the title's boost clauses: the same matches
    store = open_store(str(tmp_path / "f.db"))
    with store.indexing_batch():
        for n in range(1, 31):
            title = "Laos arrests" if n % 3 == 0 else ""
            text = "Laos border" + (" China" if n % 2 else "") + (" Vietnam" if n % 5 == 0 else "")
            store.add_document(doc(n, text, title=title, source=f"s{n % 4}"), None)
    for text, total in (("laos", 30), ("laos china", 15), ("laos -china", 15),
                        ("title:laos border", 10), ("vietnam OR arrests", 14),
                        ("laos china OR title:arrests", 20)):
        page = store.search(SearchQuery(text, limit=3))
        assert page.total == total, text
        assert sum(n for _, n in page.facets["source"]) == total, text
    store.close()
