"""Turn a raw page (HTML, text dump or feed) into items: text, title, author, date, URL."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import trafilatura
from htmldate import find_date
from trafilatura.settings import Document as TrafilaturaDocument

from tumen.dates import parse_date, prefer_stated, search_date
from tumen.fetch import decode_body, xml_safe
from tumen.listing import Listing, split_page
from tumen.models import Item, RawPage

if TYPE_CHECKING:
    import feedparser

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_MIN_TEXT = 20
_MIN_ARTICLE = 500  # characters of main text before a "listing" page may be an article
_DWARF = 3.0  # an article text this many times longer than all teasers together wins
_PARAGRAPH = 100  # characters of a line that is a paragraph rather than a title or a date
_PROSE = 0.5  # share of paragraph lines above which a declared article is taken at its word
_ARTICLE_META = re.compile(
    r"og:type[\"'][^>]*content=[\"'][^\"']*article[\"']"
    r"|content=[\"'][^\"']*article[\"'][^>]*og:type"
    r"|\"@type\"\s*:\s*\"(?:News|Reportage|Analysis|Opinion|Scholarly)?Article\""
    r"|\"@type\"\s*:\s*\"BlogPosting\""
    r"|property=[\"']article:published_time",
    re.IGNORECASE,
)


class ExtractError(Exception):
    """A page that holds no report; the message is one line for the user."""


@dataclass
class Extracted:
    """What a page holds: one article, the items of a listing, or the entries of a feed."""

    kind: Literal["article", "listing", "feed"]
    items: list[Item] = field(default_factory=list)
    next_url: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None


def page_kind(page: RawPage) -> str:
    """'feed', 'html', 'text' or 'binary' from the content type and the first bytes."""
    ctype = page.content_type.split(";")[0].strip().lower()
    head = page.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if ctype in FEED_TYPES or (head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)):
        return "feed"
    if ctype in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype", b"<html")):
        return "html"
    if ctype.startswith("text/") or ctype in ("", "application/xml", "text/xml"):
        return "text" if b"\x00" not in page.body[:8192] else "binary"
    return "binary"


def extract_page(page: RawPage) -> Extracted:
    """Items of a page, or ExtractError saying why it holds none."""
    if not page.body.strip():
        raise ExtractError("empty page")
    kind = page_kind(page)
    if kind == "binary":
        raise ExtractError(f"not a text page ({page.content_type or 'unknown type'})")
    if kind == "feed":
        return extract_feed(page.body, page.location)
    text, _ = decode_body(page.body, page.content_type)
    if kind == "html":
        return extract_html(text, page.location, page.fetched_at)
    return extract_text(text, page.location, page.fetched_at)


def extract_feed(body: bytes, url: str) -> Extracted:
    """Entries of an RSS or Atom feed; a truncated feed keeps the entries before the break."""
    import feedparser  # only feeds need it; HTML pages and text start faster without

    try:
        parsed = feedparser.parse(body)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        # feedparser itself trips over some broken markup (found by fuzzing)
        raise ExtractError(f"malformed feed: {type(exc).__name__} {exc}") from None
    entries = [e for e in parsed.entries if e.get("link") or e.get("title")]
    if not entries:
        reason = str(parsed.get("bozo_exception", "no entries")).splitlines()[0]
        raise ExtractError(f"malformed or empty feed: {reason}")
    lang = parsed.feed.get("language")
    items = []
    for pos, entry in enumerate(entries):
        summary = _clean(_TAG.sub(" ", entry.get("summary", "") or ""))
        content = " ".join(
            _clean(_TAG.sub(" ", c.get("value", ""))) for c in entry.get("content", [])
        )
        items.append(Item(
            text=content or summary or _clean(entry.get("title", "")),
            title=_clean(entry.get("title", "")) or None,
            summary=summary or None,
            date=_entry_date(entry),
            author=xml_safe(entry.get("author") or "") or None,
            url=xml_safe(entry.get("link") or "") or None,
            language=(lang or "")[:2] or None,
            position=pos,
        ))
    return Extracted(kind="feed", items=items,
                     site_name=xml_safe(parsed.feed.get("title") or "") or None)


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    """ISO date of a feed entry from its parsed or raw published/updated field."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    for key in ("published", "updated"):
        if entry.get(key):
            return parse_date(entry[key])
    return None


def _clean(text: str) -> str:
    """XML-safe text with runs of spaces inside lines and blank lines between paragraphs cut."""
    # feedparser decodes feeds itself: this is where their bytes become our text
    lines = [_SPACE.sub(" ", line).strip() for line in xml_safe(text).splitlines()]
    return "\n".join(line for line in lines if line)


def declares_article(html: str) -> bool:
    """Whether the page's metadata says it is one article (og:type, JSON-LD, article:*)."""
    return bool(_ARTICLE_META.search(html[:200_000]))


def _article_wins(html: str, text: str, items: list[Item]) -> bool:
    """A page split as a listing whose main text is really one article with sidebars.

    Related-story blocks repeat like listing items; the article itself is one long text
    that dwarfs them, and news pages usually declare themselves articles.
    """
    if len(text) < _MIN_ARTICLE:
        return False
    titles = [i.title for i in items if i.title]
    if titles and sum(t in text for t in titles) >= 0.5 * len(titles):
        # the "article" trafilatura found is the listing itself (a board, an archive)
        return False
    teasers = sum(len(i.text) for i in items)
    return declares_article(html) or len(text) > _DWARF * teasers


def _trafilatura(html: str, url: str) -> TrafilaturaDocument | None:
    """trafilatura's article and metadata, or None when it fails on hostile markup."""
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (AssertionError, ValueError, TypeError, LookupError) as exc:
        # lxml and htmldate assert on some malformed trees (found by fuzzing); such a page
        # simply has no extractable article
        logging.getLogger(__name__).debug("trafilatura failed on %s: %r", url, exc)
        return None
    return doc if isinstance(doc, TrafilaturaDocument) and (doc.text or "").strip() else None


def _prose_share(text: str) -> float:
    """Share of a text's characters in paragraph-length lines (an article's body)."""
    long = sum(len(line) for line in text.splitlines() if len(line) >= _PARAGRAPH)
    return long / max(1, len(text))


def extract_html(html: str, url: str, fetched_at: datetime | None = None) -> Extracted:
    """A listing's items, or the article trafilatura finds in the page."""
    doc = _trafilatura(html, url)
    # A page that declares itself an article skips listing detection (the costlier half)
    # when trafilatura found prose in it; themes also declare archives and tag pages
    # articles, and what trafilatura keeps of those is short lines (titles, dates).
    skip = declares_article(html) and doc is not None and (
        _prose_share(doc.text or "") >= _PROSE)
    listing = (Listing(kind="article") if skip
               else split_page(html, url, is_html=True, fetched_at=fetched_at))
    if listing.kind == "listing" and listing.items and not (
        doc is not None and _article_wins(html, doc.text or "", listing.items)
    ):
        return Extracted(kind="listing", items=listing.items, next_url=listing.next_url)
    if doc is None:
        raise ExtractError("no article text found in the page")
    text = doc.text or ""
    stated = _text_date(_clean(text).splitlines(), fetched_at)
    date = prefer_stated(doc.date or _html_date(html, url), stated)
    item = Item(text=text, title=doc.title or None, author=doc.author or None,
                date=date, url=doc.url or url, summary=doc.description or None)
    return Extracted(kind="article", items=[item], next_url=listing.next_url,
                     site_name=doc.sitename or None, canonical_url=doc.url or None)


def _html_date(html: str, url: str) -> str | None:
    """Publication date by htmldate (markup, then URL), or None."""
    try:
        found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return str(found) if found else None


def extract_text(text: str, url: str, fetched_at: datetime | None = None) -> Extracted:
    """Items of a plain-text dump: a listing's entries or one article."""
    listing = split_page(text, url, is_html=False, fetched_at=fetched_at)
    if listing.kind == "listing" and listing.items:
        return Extracted(kind="listing", items=listing.items, next_url=listing.next_url)
    body = _clean(text)
    if len(body) < _MIN_TEXT:
        raise ExtractError("too little text to be a report")
    lines = body.splitlines()
    first = lines[0]
    title = first if len(first) <= 150 and len(lines) > 1 else None
    return Extracted(kind="article", items=[Item(
        text=body, title=title, date=_text_date(lines, fetched_at), url=url,
    )])


def _text_date(lines: list[str], fetched_at: datetime | None) -> str | None:
    """The publication date of a text dump: a line that is a date, else one near the top."""
    for line in lines[:15]:
        whole = parse_date(line, now=fetched_at)
        if whole:
            return whole
    for line in lines[:5]:
        # only short lines ("By Jane Doe | March 3, 2020"): long ones quote other dates
        found = search_date(line, now=fetched_at) if len(line) <= 100 else None
        if found:
            return found[0]
    return None
