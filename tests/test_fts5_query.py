"""The bench's FTS5 query builder (the old search path): any user input is a valid FTS5 query."""

from __future__ import annotations

import sqlite3

from bench.fts5_query import fts5_match, index_terms
from hypothesis import given, settings
from hypothesis import strategies as st


def test_japanese_gets_bigrams() -> None:
    assert "脱北" in index_terms("脱北者が送還された")


def test_korean_word_matches_its_stem_too() -> None:
    assert fts5_match("탈북민들이") == '("탈북민들이" OR ("탈북민"))'


def test_nothing_searchable_is_none() -> None:
    assert fts5_match('"" ( ) * : ^') is None
    assert fts5_match("china NOT") == '"china"'


@settings(max_examples=1500, deadline=None)
@given(st.text())
def test_any_input_is_a_valid_fts5_expression(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
    conn.execute("INSERT INTO t VALUES ('north korean refugees', '탈북민 脱北者')")
    match = fts5_match(text)
    if match is not None:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()
