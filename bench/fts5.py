"""The SQLite FTS5 search the tantivy index replaced, rebuilt by the bench to compare against.

Migration 0022 dropped the store's FTS5 table (nothing in the product reads it). The bench
keeps its own copy in `<database>.fts5` (the FTS5 table of issue 6, with Korean and
Japanese terms), built once from the documents, attached to a read connection of the
store's database, and searched with the SQL the store used: the newest SEARCH_WINDOW
matches ranked by bm25() with the title x5, facets over the newest FACET_SAMPLE.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter
from typing import Any

from bench.fts5_query import fts5_match, index_terms
from tumen.index.schema import FACETS
from tumen.store.base import SearchHit, SearchPage, SearchQuery

FACET_SAMPLE = 5_000  # facets counted over the newest this many matches
SEARCH_WINDOW = 10_000  # matches ranked (the newest), and the count's bound ("10,000+")
BUILD_BATCH = 5_000
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")  # texts with extra terms
# Conditions on the documents table (aliased d) per SearchQuery field.
_SEARCH = {
    "language": "d.language=?",
    "source": "d.source=?",
    "year": "substr(d.published, 1, 4)=?",
    "date_from": "d.published>=?",
    "date_to": "substr(d.published, 1, 10)<=?",
    "topic": "d.id IN (SELECT document_id FROM document_topics WHERE topic=?)",
    "country": "d.id IN (SELECT document_id FROM document_countries WHERE country=?)",
    "event_type": "d.id IN (SELECT document_id FROM events WHERE type=?)",
}


def search_conditions(query: SearchQuery) -> tuple[list[str], list[Any]]:
    """Conditions on d (documents) for the facet filters a search sets, and their values."""
    chosen = [(cond, getattr(query, f)) for f, cond in _SEARCH.items() if getattr(query, f)]
    return [c for c, _ in chosen], [v for _, v in chosen]


def build_copy(db: str, path: str) -> None:
    """The FTS5 table of the store's documents in its own database file at path."""
    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS store", (f"file:{db}?mode=ro",))
    conn.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, terms, "
                 "tokenize = 'porter unicode61 remove_diacritics 2')")
    last = 0
    while rows := conn.execute("SELECT id, coalesce(title, ''), text FROM store.documents "
                               "WHERE id > ? ORDER BY id LIMIT ?", (last, BUILD_BATCH)).fetchall():
        conn.executemany("INSERT INTO documents_fts (rowid, title, body, terms) "
                         "VALUES (?, ?, ?, ?)",
                         [(i, t, x, index_terms(f"{t} {x}") if _CJK.search(t + x) else "")
                          for i, t, x in rows])
        conn.commit()
        last = rows[-1][0]
    conn.close()
    print(f"built the FTS5 copy {path} in {time.perf_counter() - t0:.0f} s", flush=True)


class Fts5Copy:
    """The old FTS5 search over the store's database with the bench's FTS5 copy attached."""

    def __init__(self, db: str) -> None:
        path = db + ".fts5"
        try:
            open(path, "rb").close()
        except FileNotFoundError:
            build_copy(db, path)
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("ATTACH DATABASE ? AS fts", (path,))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def search(self, query: SearchQuery) -> SearchPage:
        """The FTS5 search the index replaced: BM25 over the newest SEARCH_WINDOW matches."""
        match = fts5_match(query.text)
        if match is None:
            return SearchPage(hits=[], total=0)
        where, params = search_conditions(query)
        total = self._window(match, where, params)
        if not total:
            return SearchPage(hits=[], total=0)
        exact = total <= SEARCH_WINDOW
        return SearchPage(hits=self._ranked(match, bool(where), not exact, query),
                          total=min(total, SEARCH_WINDOW), total_exact=exact,
                          facets=self._facets("SELECT id FROM temp.search_hits "
                                              "ORDER BY id DESC LIMIT ?", [FACET_SAMPLE]),
                          facets_sampled=total > FACET_SAMPLE)

    def _window(self, match: str, where: list[str], params: list[Any]) -> int:
        """Put the newest SEARCH_WINDOW matching ids in temp.search_hits; count up to one more."""
        # The count, the facets and the ranking all join on this table instead of each
        # re-running the MATCH; FTS5 walks its doclists newest first and stops at the limit.
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.search_hits")
        if where:
            source = ("SELECT documents_fts.rowid FROM documents_fts "
                      "JOIN documents d INDEXED BY documents_facets ON d.id = documents_fts.rowid "
                      f"WHERE documents_fts MATCH ? AND {' AND '.join(where)} ")
        else:
            source = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
        self.conn.execute(f"INSERT INTO temp.search_hits {source}"
                          "ORDER BY documents_fts.rowid DESC LIMIT ?",
                          [match, *params, SEARCH_WINDOW + 1])
        total = int(self.conn.execute("SELECT count(*) FROM temp.search_hits").fetchone()[0])
        if total > SEARCH_WINDOW:
            self.conn.execute("DELETE FROM temp.search_hits WHERE id = "
                              "(SELECT min(id) FROM temp.search_hits)")
        return total

    def _ranked(self, match: str, filtered: bool, windowed: bool,
                query: SearchQuery) -> list[SearchHit]:
        """One page of hits in BM25 order, with snippets computed for that page only."""
        restrict, params = "", [match]
        if windowed:
            # the range lets FTS5 skip the older part of every doclist
            restrict = " AND rowid >= ?"
            params.append(self.conn.execute("SELECT min(id) FROM temp.search_hits").fetchone()[0])
        if filtered:
            # unary + keeps FTS5 from answering the IN with one doclist seek per id (10,000
            # seeks took minutes at 1M documents): it walks the matches and checks each
            restrict += " AND +rowid IN (SELECT id FROM temp.search_hits)"
        # snippet() is left out of the ranking query: SQLite would compute it for every
        # match before sorting, not just for the page shown.
        ranked = self.conn.execute(
            "SELECT rowid, bm25(documents_fts, 5.0, 1.0, 1.0) AS rank "
            f"FROM documents_fts WHERE documents_fts MATCH ?{restrict} "
            "ORDER BY rank LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        ids = [int(r[0]) for r in ranked]
        marks = ",".join("?" * len(ids))
        snippets = dict(self.conn.execute(
            "SELECT rowid, snippet(documents_fts, 1, '<mark>', '</mark>', '…', 24) "
            f"FROM documents_fts WHERE documents_fts MATCH ? AND rowid IN ({marks})",
            [match, *ids]).fetchall()) if ids else {}
        docs = {r["id"]: r for r in self.conn.execute(
            f"SELECT id, title, url, published, source FROM documents WHERE id IN ({marks})",
            ids).fetchall()} if ids else {}
        return [SearchHit(id=i, title=docs[i]["title"], url=docs[i]["url"],
                          date=docs[i]["published"], source=docs[i]["source"],
                          snippet=snippets.get(i, ""), score=-float(r[1]))
                for i, r in zip(ids, ranked, strict=True)]

    def _facets(self, sample: str, params: list[Any]) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value over the matching documents (the newest FACET_SAMPLE)."""
        # the sample is materialised once; six facet queries then join on it
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS facet_ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.facet_ids")
        self.conn.execute(f"INSERT INTO temp.facet_ids {sample}", params)
        # CROSS JOIN keeps the sample as the outer loop: the planner has no statistics for a
        # temporary table and would otherwise scan a whole facet table.
        hits = "FROM temp.facet_ids h CROSS JOIN"
        sql = {
            "topic": f"SELECT t.topic, count(*) {hits} document_topics t "
                     "ON t.document_id = h.id GROUP BY 1",
            "country": f"SELECT c.country, count(*) {hits} document_countries c "
                       "ON c.document_id = h.id GROUP BY 1",
            "event_type": f"SELECT e.type, count(DISTINCT e.document_id) {hits} events e "
                          "ON e.document_id = h.id GROUP BY 1",
        }
        counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
        for name, query in sql.items():
            counts[name].update({str(r[0]): int(r[1]) for r in self.conn.execute(query)})
        # one pass over the narrow index (migration 0008) for the three facets it holds
        for source, language, year in self.conn.execute(
            f"SELECT d.source, d.language, substr(d.published, 1, 4) {hits} documents d "
            "INDEXED BY documents_facets ON d.id = h.id"
        ):
            for name, value in (("source", source), ("language", language), ("year", year)):
                if value:
                    counts[name][value] += 1
        return {name: sorted(c.items(), key=lambda x: (-x[1], x[0])) for name, c in counts.items()}
