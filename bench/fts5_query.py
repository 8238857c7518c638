"""FTS5 MATCH expressions for any user input, for the old FTS5 search the bench compares against.

The product searches a tantivy index (tumen.index); this builder served the FTS5 table it
replaced and lives on only in the bench's copy of that path (bench.fts5).
"""

from __future__ import annotations

import re

from tumen.search import Token, korean_terms, parse_query

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]+")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def cjk_bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of Japanese/Chinese runs (no word spaces there)."""
    grams: list[str] = []
    for m in _CJK_RUN.finditer(text):
        run = m.group(0)
        if _HANGUL.search(run) or not _JAPANESE.search(run):
            continue
        grams.extend(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return grams


def index_terms(text: str) -> str:
    """Extra terms stored beside a text so that stems and CJK substrings match."""
    return " ".join(korean_terms(text) + cjk_bigrams(text))


def _quote(text: str) -> str:
    """An FTS5 string literal."""
    return '"' + text.replace('"', '""') + '"'


def _term_expr(tok: Token) -> str:
    """FTS5 expression for one word, phrase or prefix, with its Korean/Japanese variants."""
    if tok.kind == "prefix":
        return _quote(tok.text) + "*"
    base = _quote(tok.text)
    variants = [v for v in korean_terms(tok.text) if v != tok.text]
    grams = cjk_bigrams(tok.text)
    if grams and len(tok.text) > 1:
        variants.append(_quote(" ".join(grams)))
        return "(" + " OR ".join([base, *variants]) + ")"
    if variants and tok.kind == "word":
        stem = " ".join(_quote(v) for v in variants)
        return f"({base} OR ({stem}))"
    return base


def fts5_match(query: str) -> str | None:
    """A valid FTS5 MATCH expression for any user input, or None when nothing is searchable."""
    tokens = parse_query(query)
    if not tokens:
        return None
    parts: list[str] = []
    for tok in tokens:
        if tok.kind != "op" and parts and parts[-1] not in _OPERATORS:
            # explicit AND: FTS5 rejects implicit AND before a parenthesised group
            parts.append("AND")
        parts.append(tok.text if tok.kind == "op" else _term_expr(tok))
    return " ".join(parts)
