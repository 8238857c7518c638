"""The cheap relevance test: a text that names none of the needles is not about our subject."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from tumen.analyze.gazetteer import load_data

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def needles() -> tuple[str, ...]:
    """Every needle of data/relevance.yaml, case-folded."""
    data = load_data("relevance.yaml")["needles"]
    return tuple(sorted({_fold(str(n)) for words in data.values() for n in words}))


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).casefold()


def is_relevant(text: str, title: str | None = None) -> bool:
    """Whether an item's title or text names North Korea, its refugees or their routes."""
    folded = _fold(f"{title or ''}\n{text}")
    return any(n in folded for n in needles())


def page_may_be_relevant(body: str) -> bool:
    """False only when no item extracted from this page (HTML or text) can be relevant.

    The markup is read as it is (titles and dates in <meta> and JSON-LD) and with its tags
    turned into spaces (what an extractor reads of "<b>North</b> Korea"), entities decoded;
    it costs two substring passes and one regular expression, not a parse.
    """
    text = html.unescape(body)
    return is_relevant(text) or is_relevant(_TAG.sub(" ", text))
