"""Query tokens and Korean terms: any user input is searched or said to be unsearchable."""

from __future__ import annotations

from tumen.search import korean_terms, parse_query
from tumen.store import SearchQuery, Store


def test_korean_stem_extracted_from_inflected_form() -> None:
    assert "탈북민" in korean_terms("탈북민들이 강제북송됐다")


def test_phrase_prefix_and_operators() -> None:
    kinds = [(t.text, t.kind) for t in parse_query('"forced return" China OR Laos refug* -Japan')]
    assert kinds == [("forced return", "phrase"), ("China", "word"), ("OR", "op"),
                     ("Laos", "word"), ("refug", "prefix"), ("NOT", "op"), ("Japan", "word")]


def test_dangling_operators_dropped() -> None:
    assert [t.text for t in parse_query("AND OR china NOT")] == ["china"]
    assert parse_query('"" ( ) * : ^') == []


def test_undecodable_and_control_characters_in_a_query_are_not_searched(store: Store) -> None:
    # `tumen search` gets undecodable argv bytes as lone surrogates, which no database takes
    for text in ('"refugees\ud800 arrested"', "\x00defectors\udcff", '"탈북\udcc3민"', "\ufffe"):
        page = store.search(SearchQuery(text=text, limit=5))
        assert page.total >= len(page.hits)
    assert not any("\ud800" <= c <= "\udfff" for t in parse_query('"a\ud800b" y\udcff')
                   for c in t.text)
