"""What a figure's clause says of it that makes it no one period's count (cumulative,
partial, another period, a rate, an estimate, one group, a range), by class, from
data/not_single.yaml: patterns on the clause and, in Korean and Japanese, lemmas of
Kiwi's or Sudachi's analysis of its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.analyze.morph.base import Morph

LANGUAGES = ("en", "ko", "ja")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass(frozen=True)
class FormClass:
    """One class of forms: its name, why they make a figure no one period's count, and per
    language its forms (one pattern) and its lemmas."""

    name: str
    why: str
    forms: dict[str, re.Pattern[str]]
    lemmas: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def form_classes() -> tuple[FormClass, ...]:
    """The classes of data/not_single.yaml, in its order."""
    return tuple(_form_class(name, raw) for name, raw in load_data("not_single.yaml").items())


def _form_class(name: str, raw: dict[str, object]) -> FormClass:
    forms: dict[str, re.Pattern[str]] = {}
    lemmas: dict[str, frozenset[str]] = {}
    for lang in LANGUAGES:
        said = raw.get(lang)
        if not isinstance(said, dict):
            continue
        if said.get("forms"):
            flags = re.IGNORECASE if lang == "en" else 0
            forms[lang] = re.compile("|".join(f"(?:{f})" for f in said["forms"]), flags)
        lemmas[lang] = frozenset(str(w) for w in said.get("lemmas", ()))
    return FormClass(name, str(raw["why"]), forms, lemmas)


def script_language(text: str) -> str:
    """The language a sentence's forms are read in, by its script."""
    if _HANGUL.search(text):
        return "ko"
    return "ja" if _KANA_KANJI.search(text) else "en"


def not_single(text: str, lo: int, hi: int) -> str | None:
    """The class of the first form in text[lo:hi] (a figure's clause) that makes the figure
    no one period's count, or None; the sentence is analysed only when no pattern says so."""
    lang = script_language(text)
    classes = form_classes()
    for c in classes:
        pattern = c.forms.get(lang)
        if pattern is not None and pattern.search(text, lo, hi):
            return c.name
    if not any(c.lemmas.get(lang) for c in classes):
        return None
    lemmas = {m.form for m in _morphs(text, lang) if lo <= m.start and m.end <= hi}
    return next((c.name for c in classes if c.lemmas.get(lang, frozenset()) & lemmas), None)


@lru_cache(maxsize=64)
def _morphs(text: str, lang: str) -> tuple[Morph, ...]:
    """The morphemes of one sentence (not through morph.morphs: its cache keeps whole texts)."""
    if lang == "ko":
        from tumen.analyze.morph import ko

        return tuple(ko.morphs(text))
    from tumen.analyze.morph import ja

    return tuple(ja.morphs(text))
