"""Korean search terms and the query language's tokens (phrases, words, prefixes, operators)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tumen.morphology import kiwi

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]+")
_WORD = re.compile(r"\w+", re.UNICODE)
# Kiwi tags of the morphemes that carry meaning: nouns, verb/adjective stems, roots, foreign.
_CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "SL", "SH", "XR", "VV", "VA")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates (argv)


def korean_terms(text: str) -> list[str]:
    """Content morphemes of the Korean runs in a text ("탈북민들이" -> ["탈북민"])."""
    runs = [m.group(0) for m in _CJK_RUN.finditer(text) if _HANGUL.search(m.group(0))]
    if not runs:
        return []
    terms: list[str] = []
    for tokens in kiwi().tokenize(runs):
        terms.extend(t.form for t in tokens if t.tag in _CONTENT_TAGS and len(t.form) > 0)
    return terms


@dataclass(frozen=True)
class Token:
    """One unit of a parsed user query."""

    text: str
    kind: str  # "word", "phrase", "prefix" or "op"


_QUERY = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(query: str) -> list[Token]:
    """Split user input into phrases, words, prefixes and boolean operators."""
    tokens: list[Token] = []
    # control characters (NUL above all) end SQLite strings early; they are never searched
    clean = _CONTROL.sub(" ", unicodedata.normalize("NFKC", query))
    for m in _QUERY.finditer(clean):
        if m.group(1) is not None:
            if _WORD.search(m.group(1)):
                tokens.append(Token(m.group(1), "phrase"))
            continue
        raw = m.group(2)
        if raw in _OPERATORS:
            tokens.append(Token(raw, "op"))
        elif raw.startswith("-") and _WORD.search(raw):
            tokens.append(Token("NOT", "op"))
            tokens.extend(_word_tokens(raw[1:]))
        else:
            tokens.extend(_word_tokens(raw))
    return _tidy_operators(tokens)


def _word_tokens(raw: str) -> list[Token]:
    """Words of one whitespace-free chunk; a trailing * makes the last one a prefix."""
    words = _WORD.findall(raw)
    if not words:
        return []
    tokens = [Token(w, "word") for w in words]
    if raw.endswith("*"):
        tokens[-1] = Token(words[-1], "prefix")
    return tokens


def _tidy_operators(tokens: list[Token]) -> list[Token]:
    """Drop operators that would make an invalid expression (leading, trailing, doubled)."""
    tidy: list[Token] = []
    for tok in tokens:
        # FTS5 has no unary NOT and no doubled operators
        if tok.kind == "op" and (not tidy or tidy[-1].kind == "op"):
            continue
        tidy.append(tok)
    while tidy and tidy[-1].kind == "op":
        tidy.pop()
    return tidy
