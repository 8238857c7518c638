"""Words of a text for the unstemmed fields: Latin words as written, Korean and Japanese morphemes.

The stemmed fields (tantivy's English stemmer) serve words and phrases; these words serve
prefix queries (`repatriat*` must match "repatriation" whatever the stemmer makes of it) and
the two languages written without spaces between words, which no tantivy tokenizer splits.
"""

from __future__ import annotations

import re
import unicodedata

from tumen.morphology import sudachi
from tumen.search import korean_terms

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3"
_LATIN = re.compile(rf"[^\W{_CJK}]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Sudachi parts of speech that carry meaning: nouns, verbs, adjectives, adverbs, and the
# noun suffixes that make words of them (脱北 + 者).
_JA_CONTENT = ("名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "接尾辞")
MAX_WORD = 40  # longer "words" are noise (hashes, URLs run together); tantivy drops them too


def japanese_terms(text: str) -> list[str]:
    """Dictionary forms of the content morphemes of the Japanese (or Chinese) runs of a text."""
    terms: list[str] = []
    for run in _JAPANESE_RUN.findall(text):
        for m in sudachi("A").tokenize(run):  # the finest split: each part of a compound is a term
            if m.part_of_speech()[0] in _JA_CONTENT:
                terms.append(m.normalized_form())
    return terms


def has_cjk(text: str) -> bool:
    """Whether a text has Korean, Japanese or Chinese characters (searched as morphemes)."""
    return bool(re.search(f"[{_CJK}]", text))


def words(text: str) -> list[str]:
    """Unstemmed lowercase Latin words, then Korean morphemes, then Japanese morphemes."""
    text = unicodedata.normalize("NFKC", text)
    latin = [w.lower() for w in _LATIN.findall(text) if len(w) <= MAX_WORD]
    korean = korean_terms(text) if _HANGUL.search(text) else []
    return latin + [w.lower() for w in korean + japanese_terms(text) if len(w) <= MAX_WORD]


def warm_up() -> None:
    """Load the Korean and Japanese analysers now (each holds the GIL for a moment)."""
    words("탈북민 脱北者")
