"""Split plain-text dumps of listing pages into items."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Literal

from tumen.dates import parse_date, rules, search_date
from tumen.listing.base import (
    Listing,
    clean_byline,
    lexicon,
    normalise,
    strip_author_prefix,
    word_count,
)
from tumen.listing.teasers import headline_items, teaser_bullet
from tumen.models import Item

PAGE_STRIP = re.compile(
    r"(?:(?:[«‹<]|prev(?:ious)?|이전|前へ|first|last|처음|맨앞|맨뒤|\d{1,4}|…|\.\.\.|[›»>]|next|다음|次へ)"
    r"\s*)+",
    re.IGNORECASE,
)
BULLET = re.compile(r"^[•·*▶▷■□◆◇○●‣◦-]\s+")
SENTENCE_END = ("...", "…", ".", "。", "!", "！")
TITLE_MAX = 160
# A date after one of these belongs to a headline ("deported on May 3, 2019"), not a byline.
PREPOSITIONS = frozenset(
    ["on", "in", "since", "from", "until", "before", "after", "at", "of", "to"]
)
MIN_ANCHORS = 2
KEEP = ("text", "byline")  # lines an undated headline archive is read from
TEASER = 100  # characters of a bullet that holds a teaser, not a menu entry
BYLINE_WORDS = 6  # words of a byline beside its date (CJK counted by characters)
HEADLINE_WORDS = 3  # words of a headline that carries its own date on its line
SHORT_TITLE = 60  # characters of a lone line that is a title whatever it ends with
SHORT_TITLE_WORDS = 10
CUT_HEADLINE = 90  # characters of a headline cut short with "..." on a dated line
COUNTS = re.compile(r"(?:\s+\d{1,7})+")


@dataclass
class Line:
    """One non-empty line of the dump and what it looks like."""

    text: str
    kind: Literal["text", "date", "byline", "page", "furniture", "bullet", "dated"]
    date: str | None = None
    author: str | None = None


def _byline(text: str, now: datetime | None) -> tuple[str, str | None] | None:
    """(author, date) for "Jane Doe December 2, 2020", "2020-12-02 | Jane Doe", a board row's
    "jdoe 2024-10-08 47" (its view count after the date) or "via jdoe 3 hours ago | cached"
    (a relative time, a date only when the reading time is known)."""
    if len(text) > 80:
        return None
    found = search_date(text, now=now)
    if not found:
        return _relative_byline(text)
    if COUNTS.fullmatch(text[found[2] :]):
        text = text[: found[2]]  # a board row's view and comment counts after its date
    iso, start, end = found
    before = text[:start].split()
    if len(iso) < 10 or (before and before[-1].lower() in PREPOSITIONS):
        return None
    rest = (text[:start] + " " + text[end:]) if start > 0 else text[end:]
    rest = strip_author_prefix(rest)
    if not rest or word_count(rest) > BYLINE_WORDS or rest.endswith(SENTENCE_END):
        return None
    if start > 0 and end < len(text.rstrip(" .|")):
        return None
    return rest, iso


def _relative_byline(text: str) -> tuple[str, None] | None:
    """(author, None) for a byline dated only relatively ("via jdoe 3 hours ago | cached")."""
    m = rules().relative.search(text)
    if m is None or m.start() == 0:
        return None
    name = clean_byline(text)
    if not name or word_count(name) > BYLINE_WORDS // 2 or name.endswith(SENTENCE_END):
        return None
    return name, None


def _dated_headline(text: str, now: datetime | None) -> bool:
    """A headline with its date at the start or the end of the line ("title 2020-07-02"):
    one item on one line, like a bullet."""
    found = _edge_date(text, now)
    if found is None or len(found[0]) < len("2020-07-02"):
        return False
    before = text[: found[1]].split()
    if before and before[-1].lower() in PREPOSITIONS:
        return False  # a sentence ending on a date ("... from May 1 to May 30, 2020")
    rest = normalise(text[: found[1]] + " " + text[found[2] :]).strip(" -–—|·()[],")
    return (title_like(rest) or _cut_headline(rest)) and word_count(rest) >= HEADLINE_WORDS


def _cut_headline(text: str) -> bool:
    """A headline the page cut short with "..." or "…" (one phrase, headline length)."""
    body = text.rstrip(".…").rstrip()
    return text.endswith(("...", "…")) and len(text) <= CUT_HEADLINE and not any(
        mark in body for mark in (". ", "。", "! ", "? "))


def classify(text: str, now: datetime | None) -> Line:
    """Classify one trimmed line."""
    lex = lexicon()
    numbers = PAGE_STRIP.fullmatch(text) and any(c.isdigit() for c in text)
    if numbers or text.lower() in lex.next:
        return Line(text, "page")
    words = text.lower().split()
    if lex.is_furniture(text) or (len(words) > 1 and all(w in lex.share for w in words)):
        return Line(text, "furniture")
    iso = parse_date(text, now=now)
    if iso and len(iso) >= 7:
        return Line(text, "date", date=iso)
    if BULLET.match(text):
        return Line(BULLET.sub("", text), "bullet")
    byline = _byline(text, now)
    if byline:
        return Line(text, "byline", date=byline[1], author=byline[0])
    if _dated_headline(text, now):
        return Line(text, "dated")
    return Line(text, "text")


def _short_line(text: str) -> bool:
    """A line alone in its item short enough to be its title even ending in a full stop
    (board titles often do: "Thanks to the swimming coach.")."""
    return len(text) <= SHORT_TITLE and word_count(text) <= SHORT_TITLE_WORDS


def title_like(text: str) -> bool:
    """A short line that does not end like a sentence or a cut-off teaser."""
    return len(text) <= TITLE_MAX and not text.endswith(SENTENCE_END)


def _mode(sizes: list[int]) -> int:
    """The most common block size, the smaller on ties; at least 1."""
    counts = Counter(s for s in sizes if s > 0)
    if not counts:
        return 1
    return min(counts, key=lambda s: (-counts[s], s))


def _item(lines: list[str], anchor: Line, position: int) -> Item | None:
    """An item from its text lines and the date or byline line that anchors it."""
    if not lines:
        return None
    title: str | None = lines[0]
    summary: str | None = " ".join(lines[1:]) or None
    if len(lines) == 1 and not title_like(lines[0]) and not _short_line(lines[0]):
        title, summary = None, lines[0]
    return Item(
        text=summary or title or "",
        title=title,
        summary=summary,
        date=anchor.date,
        author=anchor.author,
        position=position,
    )


def _blocks(lines: list[Line], anchors: list[int], mode: str) -> list[tuple[list[str], Line]]:
    """Text lines belonging to each anchor under the given layout."""
    bounds = [*anchors, len(lines)]
    out: list[tuple[list[str], Line]] = []
    for i, a in enumerate(anchors):
        if mode == "trailing":
            lo = anchors[i - 1] + 1 if i else 0
            span = lines[lo:a]
        elif mode == "sandwich":
            title = [lines[a - 1]] if a > 0 and lines[a - 1].kind == "text" else []
            end = bounds[i + 1] - (1 if i + 1 < len(anchors) else 0)
            span = title + lines[a + 1 : end]
        else:
            span = lines[a + 1 : bounds[i + 1]]
        out.append(([ln.text for ln in span if ln.kind == "text"], lines[a]))
    return out


def _choose_mode(lines: list[Line], anchors: list[int]) -> str:
    """Whether anchors follow their items, precede them, or sit after the title."""
    after_last = [ln for ln in lines[anchors[-1] + 1 :] if ln.kind == "text"]
    if not after_last:
        return "trailing"
    # a board row's title right above its author-and-date line, never right below it (a
    # row number or nothing there): anchors close their items, whatever follows the last
    above = sum(1 for a in anchors if a > 0 and lines[a - 1].kind == "text")
    below = sum(1 for a in anchors[:-1] if lines[a + 1].kind == "text")
    if above >= 0.8 * len(anchors) and below <= 0.2 * len(anchors):
        return "trailing"
    before = [lines[a - 1] for a in anchors if a > 0]
    titled = sum(1 for ln in before if ln.kind == "text" and title_like(ln.text))
    gaps = [b - a - 1 for a, b in pairwise(anchors)]
    if titled >= 0.8 * len(anchors) and all(g >= 2 for g in gaps):
        return "sandwich"
    return "leading"


def _anchored_items(lines: list[Line], anchors: list[int]) -> list[Item]:
    """Items of a dump whose entries each carry a date line or byline."""
    mode = _choose_mode(lines, anchors)
    blocks = _blocks(lines, anchors, mode)
    # The first block of a trailing layout also holds the page header.
    sizes = [len(b) for b, _ in (blocks[1:] if mode == "trailing" else blocks)] or [1]
    keep = _mode(sizes) if mode != "sandwich" else max(sizes)
    items: list[Item] = []
    for texts, anchor in blocks:
        chosen = texts[-keep:] if mode == "trailing" else texts[:keep]
        item = _item(chosen, anchor, len(items))
        if item:
            items.append(item)
    return items


def _edge_date(text: str, now: datetime | None) -> tuple[str, int, int] | None:
    """A date printed at the end or the start of a line, not one inside its sentence."""
    offset, at_start = 0, None
    while (found := search_date(text[offset:], now=now)) is not None:
        iso, start, end = found[0], found[1] + offset, found[2] + offset
        if not text[end:].strip(" -–—|·)].,"):
            return iso, start, end
        if at_start is None and len(iso) == 10 and not text[:start].strip(" -–—|·(["):
            at_start = (iso, start, end)
        offset = end
    return at_start


def _bullet_item(text: str, now: datetime | None, position: int,
                 headline: bool = False) -> Item:
    """An item from one bullet line: a headline or a cut-off teaser, maybe dated; an
    unbulleted dated line cut with "..." is a headline the list cut short."""
    found = _edge_date(text, now)
    date: str | None = None
    if found:
        date, start, end = found
        text = normalise(text[:start] + " " + text[end:]).strip(" -–—|·()[],")
    if title_like(text) or (headline and _cut_headline(text)):
        return Item(text=text, title=text, date=date, position=position)
    return Item(text=text, summary=text, date=date, position=position)


def split_text(body: str, url: str, fetched_at: datetime | None) -> Listing:
    """Split a text dump into items, or call it an article."""
    lines = [classify(t, fetched_at) for t in map(normalise, body.splitlines()) if t]
    bullets = [ln for ln in lines if ln.kind in ("bullet", "dated")]
    anchors = [i for i, ln in enumerate(lines) if ln.kind in ("date", "byline")]
    if len(bullets) >= 3 and len(bullets) >= len(anchors):
        return Listing("listing", _bullet_items(bullets, fetched_at))
    if len(anchors) >= MIN_ANCHORS:
        items = _anchored_items(lines, anchors)
        long_items = sum(1 for it in items if len(it.text) > 1500)
        if len(items) >= MIN_ANCHORS and long_items <= len(items) // 2:
            return Listing("listing", items)
    if len(lines) >= 2 and lines[0].kind == "text" and lines[1].kind == "date":
        return Listing("article")  # a title line, then its date line: one dated article
    headlined = headline_items(
        [t for t in body.splitlines() if classify(normalise(t), fetched_at).kind in KEEP])
    if headlined:
        return Listing("listing", headlined)
    return Listing("article")


def _bullet_items(bullets: list[Line], now: datetime | None) -> list[Item]:
    """Items of bullet lines; short undated bullets beside long teasers are a menu."""
    texts = [b.text for b in bullets]
    dated = [_edge_date(t, now) is not None for t in texts]
    teasers = sum(1 for t, d in zip(texts, dated, strict=True) if not d and len(t) >= TEASER)
    items: list[Item] = []
    for bullet, text, has_date in zip(bullets, texts, dated, strict=True):
        if has_date or teasers < 2:
            items.append(_bullet_item(text, now, len(items), bullet.kind == "dated"))
        elif len(text) >= TEASER:
            items.append(teaser_bullet(text, len(items), now))
    return items
