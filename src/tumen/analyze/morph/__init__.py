"""Event predicates of Korean and Japanese text read from a morphological analysis
(kiwipiepy, SudachiPy): the verb of each clause, the argument it needs and its mood.

A predicate is a verbal noun made a verb by a light verb (체포 + 되다, 送還 + される), a
verb stem (숨지다, 亡くなる), or either with the argument it needs ("국경을 넘다",
"中国当局に引き渡す"). What follows it in its clause says whether it happened: a plan,
a fear, a condition, a denial or a state is no event (`Predicate.mood`).
"""

from __future__ import annotations

from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.analyze.morph.base import Lexicon, Morph, Predicate, find_predicates

__all__ = ["Morph", "Predicate", "morphs", "predicates"]

LANGUAGES = ("ko", "ja")


@lru_cache(maxsize=2)
def lexicon(lang: str) -> Lexicon:
    """The predicate lexicon of one language (tumen/analyze/data/predicates.yaml)."""
    return Lexicon.from_data(load_data("predicates.yaml")[lang])


@lru_cache(maxsize=4)
def morphs(text: str, lang: str) -> tuple[Morph, ...]:
    """The morphemes of a Korean ("ko") or Japanese ("ja") text, offsets into it."""
    if lang == "ko":
        from tumen.analyze.morph import ko

        return tuple(ko.morphs(text))
    if lang == "ja":
        from tumen.analyze.morph import ja

        return tuple(ja.morphs(text))
    raise ValueError(f"no morphological analysis for language {lang!r}")


@lru_cache(maxsize=4)
def predicates(text: str, lang: str) -> tuple[Predicate, ...]:
    """Every event predicate of a Korean or Japanese text, in order, with its mood."""
    found = morphs(text, lang)
    if lang == "ko":
        from tumen.analyze.morph.ko import mood
    else:
        from tumen.analyze.morph.ja import mood
    return tuple(find_predicates(found, lexicon(lang), mood))
