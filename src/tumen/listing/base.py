"""Shared types and lexicon of the listing splitter: the bottom layer, importing no sibling."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

from tumen.datafiles import load_yaml
from tumen.dates import rules, search_date
from tumen.models import Item


@dataclass
class Listing:
    """What a page is, and its items when it is a listing."""

    kind: Literal["article", "listing"]
    items: list[Item] = field(default_factory=list)
    next_url: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """Words of page furniture, from data/listing/lexicon.yaml."""

    read_more: frozenset[str]
    share: frozenset[str]
    menu: frozenset[str]
    next: tuple[str, ...]
    furniture_tokens: frozenset[str]
    furniture_headings: frozenset[str]
    author_prefixes: tuple[str, ...]
    author_columns: frozenset[str]

    def is_furniture(self, text: str) -> bool:
        """True for "Read more", share buttons and menu entries."""
        key = normalise(text).lower()
        return key in self.read_more or key in self.share or key in self.menu


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the furniture words once."""
    path = resources.files("tumen") / "data" / "listing" / "lexicon.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))

    def words(key: str) -> list[str]:
        return [normalise(str(w)).lower() for w in data[key]]

    return Lexicon(
        read_more=frozenset(words("read_more")),
        share=frozenset(words("share")),
        menu=frozenset(words("menu")),
        next=tuple(words("next")),
        furniture_tokens=frozenset(words("furniture_tokens")),
        furniture_headings=frozenset(words("furniture_headings")),
        author_prefixes=tuple(words("author_prefixes")),
        author_columns=frozenset(words("author_columns")),
    )


def normalise(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    return " ".join(text.split())  # str.split is several times faster than a regex here


def strip_author_prefix(text: str) -> str:
    """ "By Jane Doe" -> "Jane Doe"; the text unchanged when it has no label."""
    text = normalise(text).strip("|·-–— ,:")
    for prefix in lexicon().author_prefixes:
        if text.lower().startswith(prefix + " ") or text.lower().startswith(prefix + ":"):
            return text[len(prefix) + 1 :].strip(" :")
    return text


def clean_byline(text: str) -> str | None:
    """A byline without its label, its date or time, and what follows a separator."""
    text = normalise(text)
    r = rules()
    cuts = [m.start() for p in (r.relative, r.named, r.clock) if (m := p.search(text))]
    found = search_date(text)
    if found:
        cuts.append(found[1])
    if cuts:
        text = text[: min(cuts)]
    lead = strip_author_prefix(text)
    m = BYLINE_CUT.search(lead)
    name = (lead[: m.start()] if m else lead).strip(" |·-–—,:")
    return name or None


def looks_like_html(body: str) -> bool:
    """Whether a body of unknown type is HTML markup."""
    head = body[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<div" in head


# Han and kana: scripts written without spaces between words (Hangul has them)
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def word_count(text: str) -> int:
    """Words of a text; in Chinese and Japanese, where no spaces part them, about one for
    every two characters."""
    return max(len(text.split()), len(UNSPACED.findall(text)) // 2)


BYLINE_CUT = re.compile(r"\s[|·•]\s|\s[-–—]\s")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def stated_date(text: str) -> str | None:
    """The first complete date (day, month and year) a teaser states; else its first day of
    a month ("On 17 November") in the latest year the teaser names; else None."""
    offset = 0
    while (found := search_date(text[offset:])) is not None:
        if len(found[0]) == 10:
            return found[0]
        offset += found[2]
    return _day_of_month(text)


@lru_cache(maxsize=1)
def _day_month() -> re.Pattern[str]:
    """Day and month without a year: "17 November", "November 17th", "11월 17일", "11月17日"."""
    names = "|".join(sorted((re.escape(m) for m in rules().months), key=len, reverse=True))
    day = r"(?P<d{n}>\d{{1,2}})(?:st|nd|rd|th)?"
    return re.compile(
        rf"(?<!\w)(?:{day.format(n=1)}\s+(?P<m1>{names})|(?P<m2>{names})\.?\s+{day.format(n=2)})"
        rf"(?![\w])|(?P<m3>\d{{1,2}})\s*[월月]\s*(?P<d3>\d{{1,2}})\s*[일日]",
        re.IGNORECASE,
    )


def _day_of_month(text: str) -> str | None:
    """The first day of a month the text names, in the latest year it names."""
    years = [int(y) for y in YEAR.findall(text)]
    if not years:
        return None
    for m in _day_month().finditer(text):
        month = m.group("m1") or m.group("m2")
        number = rules().months.get(month.lower()) if month else int(m.group("m3"))
        day = int(m.group("d1") or m.group("d2") or m.group("d3"))
        try:
            return date(max(years), number or 0, day).isoformat()
        except ValueError:
            continue
    return None
