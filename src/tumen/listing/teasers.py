"""Undated text listings: headline-and-teaser archives and bullet teasers, and teaser dates.

A dump of an undated archive is runs of short headline lines each followed by teaser
paragraphs. In a run of several short lines before a paragraph, the last is the headline
(the others are section labels, captions, a page header), unless it reads as a sub-heading
of the line before it (all capitals, opening with a date, or repeating that line).
"""

from __future__ import annotations

import re
from datetime import datetime
from statistics import median

from tumen.dates import rules
from tumen.listing.base import lexicon, normalise, stated_date
from tumen.models import Item

SENTENCE_END = ("...", "…", ".", "。", "!", "！", ":", "：")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
HEADLINE_MAX = 90  # characters; a CJK line this long is a paragraph sooner
CJK_HEADLINE_MAX = 45
LABEL_MAX = 7  # a shorter CJK line is a section label ("ビデオ"), never a headline
LABEL_WORDS = 3  # fewer words make a label or a field name, never a headline
ARTICLE_SECTION = 900  # median characters per item above which the "items" are sections
CUT_TITLE = 90  # a title cut with "…" ends within this many characters
MIN_ITEMS = 2


def _is_headline(text: str) -> bool:
    """A short line that does not end like a sentence: a headline or a label."""
    limit = CJK_HEADLINE_MAX if len(CJK.findall(text)) > len(text) / 3 else HEADLINE_MAX
    return len(text) <= limit and not text.endswith(SENTENCE_END) and "://" not in text


def _label(line: str) -> bool:
    """A section label or a field name ("Video", "Cite as", "Publication Date"): too short
    to be a headline."""
    if CJK.search(line):
        return len(line) < LABEL_MAX
    return len(line.split()) < LABEL_WORDS


def _sub_heading(line: str, before: str | None, in_run: bool) -> bool:
    """A line that heads a part of the post above it rather than a new post.

    It repeats the headline before it ("Fifth anniversary appeal (by J. P.)"), or, right under a
    headline, is in capitals or opens with a date.
    """
    if before is None:
        return False
    if line.lower().startswith(before.lower()):
        return True
    if not in_run:
        return False
    letters = [c for c in line if c.isalpha()]
    capitals = len(letters) > 3 and all(c.isupper() for c in letters)
    return capitals or _opens_with_day(line)


def _opens_with_day(line: str) -> bool:
    """A line that opens with a day of a month ("September 24 is ...", "24 September")."""
    words = [w.strip(".,").lower() for w in line.split()[:2]]
    if len(words) < 2:
        return False
    months = rules().months
    day = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
    return (words[0] in months and bool(day.fullmatch(words[1]))) or (
        bool(day.fullmatch(words[0])) and words[1] in months)


def headline_items(raw_lines: list[str]) -> list[Item] | None:
    """Items of a headline-and-teaser dump, or None when it does not read as one.

    An indented line is a teaser whatever its length (headline + indented teaser dumps).
    """
    lex = lexicon()
    posts: list[tuple[str, list[str]]] = []
    run: list[str] = []
    for raw in raw_lines:
        line = normalise(raw)
        if not line or lex.is_furniture(line):
            continue
        if _is_headline(line) and not raw[:1].isspace():
            if not _label(line):
                run.append(line)
            continue
        if run:
            _start_post(posts, run, line)
            run = []
        elif posts:
            posts[-1][1].append(line)
    return _as_items(posts)


def _start_post(posts: list[tuple[str, list[str]]], run: list[str], line: str) -> None:
    """Open a post for the headline run before a paragraph, or extend the last post."""
    title = run[-1]
    previous = run[-2] if len(run) > 1 else (posts[-1][0] if posts else None)
    if previous is not None and _sub_heading(title, previous, len(run) > 1):
        if len(run) > 1:
            posts.append((previous, [title, line]))
        else:
            posts[-1][1].extend([title, line])
    else:
        posts.append((title, [line]))


def _as_items(posts: list[tuple[str, list[str]]]) -> list[Item] | None:
    """The posts as items when they read as a listing's teasers, not an article's sections."""
    if len(posts) < MIN_ITEMS:
        return None
    sizes = [len(" ".join(body)) for _, body in posts]
    if median(sizes) > ARTICLE_SECTION:
        return None
    return [_headline_item(title, body, i) for i, (title, body) in enumerate(posts)]


def _headline_item(title: str, body: list[str], position: int) -> Item:
    """One post: its headline, its teaser, and the date its teaser states."""
    summary = normalise(" ".join(body)) or None
    return Item(text=summary or title, title=title, summary=summary,
                date=stated_date(summary or ""), position=position)


def _strip_marker(text: str) -> str:
    """The teaser without a trailing "See details" / "Read more" / "더보기" marker."""
    lowered = text.lower()
    for phrase in sorted(lexicon().read_more, key=len, reverse=True):
        if lowered.endswith(phrase) and len(text) > len(phrase):
            return text[: -len(phrase)].rstrip(" -–—|·»›→")
    return text


def teaser_bullet(text: str, position: int, now: datetime | None) -> Item:
    """A long bullet: a title cut with "…" (or none), its teaser, the date it states."""
    del now  # a teaser's own dates are complete; the crawl date never dates it
    text = _strip_marker(normalise(text))
    cut = text.find("…")
    if 0 < cut < CUT_TITLE:
        title, summary = text[: cut + 1], text[cut + 1 :].strip() or None
    else:
        title, summary = None, text
    return Item(text=summary or title or "", title=title, summary=summary,
                date=stated_date(summary or ""), position=position)
