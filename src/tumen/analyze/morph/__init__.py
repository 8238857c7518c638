"""Event predicates of Korean and Japanese text read from a morphological analysis
(kiwipiepy, SudachiPy): the verb of each clause, the argument it needs and its mood.

A predicate is a verbal noun made a verb by a light verb (체포 + 되다, 送還 + される), a
verb stem (숨지다, 亡くなる), or either with the argument it needs ("국경을 넘다",
"中国当局に引き渡す"). What follows it in its clause says whether it happened: a plan,
a fear, a condition, a denial or a state is no event (`Predicate.mood`).
"""

from __future__ import annotations

import threading
from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.analyze.morph.base import Lexicon, Morph, Predicate, find_predicates

__all__ = ["Morph", "Predicate", "morphs", "predicates", "start"]

LANGUAGES = ("ko", "ja")


@lru_cache(maxsize=2)
def lexicon(lang: str) -> Lexicon:
    """The predicate lexicon of one language (tumen/analyze/data/predicates.yaml)."""
    return Lexicon.from_data(load_data("predicates.yaml")[lang])


class _Analysis:
    """The morphemes of one text: Kiwi analyses a Korean one in its own threads from the
    moment this is made; they are read once, when first asked for."""

    def __init__(self, text: str, lang: str) -> None:
        if lang == "ko":
            from tumen.analyze.morph import ko

            self._pending = ko.morphs(text)
        elif lang == "ja":
            from tumen.analyze.morph import ja

            self._pending = ja.morphs(text)
        else:
            raise ValueError(f"no morphological analysis for language {lang!r}")
        self._read: tuple[Morph, ...] | None = None
        self._lock = threading.Lock()

    def morphs(self) -> tuple[Morph, ...]:
        with self._lock:  # two threads analysing one text read the analyser once
            if self._read is None:
                self._read = tuple(self._pending)
            return self._read


@lru_cache(maxsize=4)
def _analysis(text: str, lang: str) -> _Analysis:
    return _Analysis(text, lang)


def start(text: str, lang: str) -> None:
    """Set the morphological analysis of a Korean or Japanese text going: Kiwi works through
    a Korean one in its own threads while the caller reads dates, counts and places, and
    morphs() waits for what is left. Other languages: nothing to do."""
    if lang in LANGUAGES:
        _analysis(text, lang)


def morphs(text: str, lang: str) -> tuple[Morph, ...]:
    """The morphemes of a Korean ("ko") or Japanese ("ja") text, offsets into it."""
    return _analysis(text, lang).morphs()


@lru_cache(maxsize=4)
def predicates(text: str, lang: str) -> tuple[Predicate, ...]:
    """Every event predicate of a Korean or Japanese text, in order, with its mood."""
    found = morphs(text, lang)
    if lang == "ko":
        from tumen.analyze.morph.ko import mood
    else:
        from tumen.analyze.morph.ja import mood
    return tuple(find_predicates(found, lexicon(lang), mood))
