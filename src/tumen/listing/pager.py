"""The next page of a listing: rel=next, a "Next" link, or the number after the current one."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml.html import HtmlElement

from tumen.listing.base import lexicon, normalise
from tumen.listing.regions import text_of as _text
from tumen.listing.regions import tokens as _tokens

PAGE_IN_URL = re.compile(r"(?:/page/(\d+)/?|[?&](?:page|paged|pg|cpage|page_no|pageIndex)=(\d+))")
CURRENT_TOKENS = frozenset(["current", "active", "on", "selected", "cur", "this"])
LAST_WORDS = ("last", "맨끝", "마지막", "最後", "最終")


def _label(a: HtmlElement) -> str:
    """What a link says: its text, else its aria-label or title."""
    return normalise(_text(a) or a.get("aria-label") or a.get("title") or "").lower()


def _current_page(root: HtmlElement, base: str) -> tuple[int, bool]:
    """The number of the page being read, and whether the pager highlights it."""
    # only elements whose text is a short number (filtered in libxml2, not in Python)
    short = ("(//*[@aria-current] | //strong | //b | //span | //em | //li | //a)"
             "[string-length(normalize-space()) <= 4]")
    for el in root.xpath(short):
        text = _text(el)
        if not (text.isdecimal() and len(text) <= 4):
            continue
        marked = el.get("aria-current") or _tokens(el) & CURRENT_TOKENS
        if el.tag == "a" and not marked:
            continue
        parent = el.getparent()
        near = parent.getparent() if parent is not None else None
        if near is not None and any(_text(a).isdecimal() for a in near.iter("a") if a is not el):
            return int(text), True
    m = PAGE_IN_URL.search(base)
    return (int(m.group(1) or m.group(2)) if m else 1), False


def find_next_url(root: HtmlElement, base: str) -> str | None:
    """The next page of a listing: rel=next, a "Next" link, or the following number."""
    for el in root.xpath("//link[@rel] | //a[@rel]"):
        if "next" in el.get("rel", "").lower().split() and el.get("href"):
            return urljoin(base, el.get("href").strip())
    links = [
        a for a in root.iter("a")
        if (a.get("href") or "").strip() and not a.get("href").startswith(("#", "javascript:"))
    ]
    every = [(a, _label(a)) for a in links]
    labels = [(a, lb) for a, lb in every if not any(w in lb for w in LAST_WORDS)]
    current, marked = _current_page(root, base)
    numbered = next((a for a, label in labels if label == str(current + 1)), None)
    words = lexicon().next
    # A highlighted page number is surer than a "Next" that may skip a block of ten.
    order = [
        [numbered] if marked else [],
        [a for w in words if any(c.isalnum() for c in w) for a, lb in labels if lb == w],
        [numbered],
        [a for w in words if not any(c.isalnum() for c in w) for a, lb in labels if lb == w],
    ]
    for candidates in order:
        for a in candidates:
            if a is not None:
                return urljoin(base, a.get("href").strip())
    return None
