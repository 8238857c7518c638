"""Query parsing and escaping: any user input is a valid query."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from tumen.search import fts5_match, index_terms, korean_terms, parse_query


def test_korean_stem_extracted_from_inflected_form() -> None:
    assert "탈북민" in korean_terms("탈북민들이 강제북송됐다")


def test_japanese_gets_bigrams() -> None:
    assert "脱北" in index_terms("脱北者が送還された")


def test_phrase_prefix_and_operators() -> None:
    kinds = [(t.text, t.kind) for t in parse_query('"forced return" China OR Laos refug* -Japan')]
    assert kinds == [("forced return", "phrase"), ("China", "word"), ("OR", "op"),
                     ("Laos", "word"), ("refug", "prefix"), ("NOT", "op"), ("Japan", "word")]


def test_dangling_operators_dropped() -> None:
    assert [t.text for t in parse_query("AND OR china NOT")] == ["china"]
    assert fts5_match('"" ( ) * : ^') is None


@settings(max_examples=1500, deadline=None)
@given(st.text())
def test_any_input_is_a_valid_fts5_expression(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
    conn.execute("INSERT INTO t VALUES ('north korean refugees', '탈북민 脱北者')")
    match = fts5_match(text)
    if match is not None:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()
