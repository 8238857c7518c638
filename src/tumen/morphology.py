"""The Korean and Japanese morphological analysers, loaded once per process.

Analysis (analyze/morph) and the search index (index/text, search) both read morphemes; a
process that analyses and indexes (ingest, backfill workers, reanalyze) loads each model once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def kiwi() -> Any:
    """Kiwi, the Korean analyser (its model ships in the wheel)."""
    from kiwipiepy import Kiwi

    return Kiwi()


@lru_cache(maxsize=1)
def _sudachi_dictionary() -> Any:
    """Sudachi's core dictionary (it ships in a wheel)."""
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@lru_cache(maxsize=3)
def sudachi(mode: str) -> Any:
    """A Sudachi tokenizer of split mode "A" (shortest units), "B" or "C" (compounds whole)."""
    from sudachipy import SplitMode

    return _sudachi_dictionary().tokenizer(mode=getattr(SplitMode, mode))
