"""The class-by-language tables the study tools print: a name, the total over the three
languages, then each language's count."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial

LANGS = ("en", "ko", "ja")


def header(width: int) -> str:
    """The table's first line, the name column `width` wide."""
    return f"{'class':{width}} {'all':>4} " + " ".join(f"{lang:>4}" for lang in LANGS)


def row(name: str, count: Callable[[str], int], width: int) -> str:
    """One line: the name, the total of `count` over the languages, then each one's."""
    return f"{name:{width}} {sum(count(lang) for lang in LANGS):4d} " + " ".join(
        f"{count(lang):4d}" for lang in LANGS)


def class_rows(tally: Mapping[tuple[str, str], int], classes: Iterable[str],
               width: int) -> list[str]:
    """One line per class of a (class, language) tally."""
    return [row(c, partial(_count, tally, c), width) for c in classes]


def _count(tally: Mapping[tuple[str, str], int], cls: str, lang: str) -> int:
    return tally.get((cls, lang), 0)
