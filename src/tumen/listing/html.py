"""Split an HTML listing page into items: its record regions, then each record's fields."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from tumen.dates import parse_date, search_date
from tumen.listing.authors import column_author, marked_author, repeated_authors
from tumen.listing.base import (
    Lexicon,
    Listing,
    clean_byline,
    lexicon,
    stated_date,
    strip_author_prefix,
)
from tumen.listing.pager import find_next_url
from tumen.listing.regions import item_links as _item_links
from tumen.listing.regions import link_label, listing_records
from tumen.listing.regions import text_of as _text
from tumen.listing.regions import tokens as _tokens
from tumen.models import Item

DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "select", "button")
FURNITURE_TAGS = ("nav", "footer", "aside")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = ("div", "p", "time", "li", "dl", "dd", "section")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})(?:/(\d{1,2}))?/")
ARTICLE_TEXT = 1200
ARTICLE_FLOOR = 500
# a block marked as furniture that holds this share of the page's text is the page itself
# ("content-with-sidebar" on <main>)
FURNITURE_SHARE = 0.5
TITLE_TOKENS = frozenset(["title", "tit", "subject", "headline", "subj"])
DATE_TOKENS = frozenset(["date", "time", "datetime", "published", "posted", "meta", "datum"])
NOTICE_TOKENS = frozenset(["notice", "sticky", "pinned"])
EDGES = frozenset(["footer", "header"])
ITEM_TOKENS = frozenset(["post", "entry", "article", "card", "item", "story", "teaser", "hentry"])
NOTICE_LABELS = frozenset(["공지", "공지사항", "notice", "お知らせ", "置顶"])


def _is_site_header(el: HtmlElement) -> bool:
    """A <header> that belongs to the site rather than to one item."""
    return el.tag == "header" and (
        el.get("role") == "banner" or bool(el.xpath(".//nav")) or el.getparent().tag == "body"
    )


def _strip_furniture(root: HtmlElement, lex: Lexicon) -> None:
    """Remove scripts, menus, sidebars, footers, share bars and pagination."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.xpath("//" + " | //".join(DROP_TAGS)):
        el.drop_tree()
    page = max(len(_text(root)), 1)
    doomed = []
    # only elements that could be furniture: by tag, by attributes, or a heading
    suspects = root.xpath(
        "//*[@class or @id or @role] | //nav | //footer | //aside | //header"
        " | //h1 | //h2 | //h3 | //h4 | //h5 | //h6")
    for el in suspects:
        if el.tag in ("html", "body"):
            continue
        if _item_part(el, lex):
            continue
        if el.tag in FURNITURE_TAGS or _is_site_header(el) or _tokens(el) & lex.furniture_tokens:
            doomed.append(el)
        elif el.tag in HEADINGS and _text(el).lower().rstrip(":") in lex.furniture_headings:
            doomed.append(el.getparent() if el.getparent().tag not in ("body", "main") else el)
    for el in doomed:
        if el.getparent() is not None and len(_text(el)) < FURNITURE_SHARE * page:
            el.drop_tree()


def _item_part(el: HtmlElement, lex: Lexicon) -> bool:
    """An item's own header or footer (its byline, date, labels), not the site's: a
    <footer> inside an <article>, or a class like "post-footer" / "entry-header"."""
    if el.tag in ("footer", "header") and next(el.iterancestors("article"), None) is not None:
        return True
    marks = _tokens(el)
    return bool(marks & EDGES and marks & ITEM_TOKENS
                and not marks & (lex.furniture_tokens - EDGES))


def _record_element(record: list[HtmlElement]) -> HtmlElement:
    """One element holding a record: itself, or a copy of its siblings under one <div>."""
    if len(record) == 1:
        return record[0]
    box = lxml.html.Element("div")
    for el in record:
        box.append(copy.deepcopy(el))
    return box


def _main_link(el: HtmlElement, lex: Lexicon, author: str | None) -> HtmlElement | None:
    """The link of the item's title: in a heading if there is one, else the longest that
    is not the byline's link to its author."""
    links = _item_links(el, lex)
    for a in links:
        if a.xpath("ancestor::h1|ancestor::h2|ancestor::h3|ancestor::h4|ancestor::h5|.//h2|.//h3"):
            return a
    # set in bold, the title stands out from the links to authors and venues beside it
    bold = [a for a in links if a.xpath("ancestor::strong|ancestor::b|.//strong|.//b")
            and link_label(a) != author]
    if len(bold) == 1:
        return bold[0]
    titled = [a for a in links if link_label(a) != author] or links
    return max(titled, key=lambda a: len(link_label(a)), default=None)


def _title(el: HtmlElement, link: HtmlElement | None) -> str | None:
    """The heading or title-classed text of an item, else its title link's text."""
    headings = [h for h in el.iter(*HEADINGS) if _text(h)]
    # the heading of the title link, not a date header above it (Blogger's day headings)
    linked = [h for h in headings if link is not None and (
        link in h.iterdescendants() or h in link.iterdescendants())]
    if linked or headings:
        return _text((linked or headings)[0])
    titled = (s for s in el.iter() if isinstance(s.tag, str) and s is not el and _text(s))
    for sub in titled:
        if sub.get("itemprop") in ("headline", "name") and link is not None and (
                link in sub.iterancestors() or sub in link.iterancestors()):
            return _text(sub)  # schema.org markup names the headline itself
        if not _tokens(sub) & TITLE_TOKENS:
            continue
        if link is None or sub in link.iterancestors() or link in sub.iterancestors():
            # a title cell holding the link may add a site name or a comment count
            holds = link is not None and sub in link.iterancestors()
            return _text(link) if holds and link is not None else _text(sub)
    if link is not None:
        return _card_link_title(link) or None
    return None


def _card_link_title(link: HtmlElement) -> str:
    """A link's title; for a link wrapping a whole card (title, byline, date in blocks of
    their own), the first of its blocks."""
    blocks = [b for b in link.iter(*BLOCKS) if b is not link and _text(b)]
    if not blocks and not link.xpath(".//time"):
        return link_label(link)
    parts = [" ".join(t.split()) for t in link.itertext()]
    return next((p for p in parts if p), link_label(link))


def _date_in_parts(el: HtmlElement, now: datetime | None) -> str | None:
    """A date from <time>, a date-classed element, or an element that is only a date."""
    for t in el.iter("time"):
        iso = parse_date(t.get("datetime") or "", now=now) or parse_date(_text(t), now=now)
        if iso:
            return iso
    subs = [sub for sub in el.iter() if isinstance(sub.tag, str)]
    for sub in subs:
        if _tokens(sub) & DATE_TOKENS:
            found = search_date(_text(sub), now=now)
            if found:
                return found[0]
    for sub in subs:
        iso = parse_date(_text(sub), now=now)
        if iso and len(iso) >= 7:
            return iso
    for sub in subs:
        text = _text(sub)
        found = search_date(text, now=now) if len(text) <= 60 else None
        if found:
            return found[0]
    return None


def _date(el: HtmlElement, parts: tuple[str | None, ...], url: str | None,
          now: datetime | None) -> str | None:
    """The item's date from its markup, its URL, its text outside title and teaser, or the
    date its teaser states."""
    iso = _date_in_parts(el, now)
    if iso:
        return iso
    m = URL_DATE.search(url or "")
    if m:
        return parse_date("-".join(g for g in m.groups() if g))
    text = _text(el)
    for part in parts:
        if part:
            text = text.replace(part, " ")
    found = search_date(text, now=now)
    # last, the date the teaser itself states (README: the first complete one)
    return found[0] if found else stated_date(parts[-1] or "")


def _author(el: HtmlElement) -> str | None:
    """The item's author from its byline markup, its table's author column, or a "By"
    label."""
    found = marked_author(el, None) or column_author(el)
    if found:
        return found
    # words of inline elements apart ("by<a>name</a>" is "by name" on screen)
    spaced = (" ".join(" ".join(sub.itertext()).split())
              for sub in el.iter("span", "p", "div", "small", "em", "footer"))
    labelled = [text for text in spaced
                if len(text) <= 60 and text.strip("|·-–— ,:") != strip_author_prefix(text)]
    return clean_byline(min(labelled, key=len)) if labelled else None


def _summary(el: HtmlElement, title: str | None, lex: Lexicon) -> str | None:
    """The longest paragraph-like text of the item that is not its title: a teaser, or a
    full post's whole body (its own sub-headings included)."""
    best = ""
    for sub in el.iter("p", "div", "dd", "span", "td"):
        text = _text(sub)
        if text == title or sub.xpath(".//time") or any(
                _text(h) == title for h in sub.iter(*HEADINGS)):
            continue
        for phrase in lex.read_more:
            if text.lower().endswith(" " + phrase):
                text = text[: -len(phrase)].strip()
        if len(text) >= 30 and len(text) > len(best) and text != title:
            best = text
    return best or None


def _pinned(el: HtmlElement) -> bool:
    """A board's pinned notice: marked by its class or a "공지" label in its first cell."""
    if _tokens(el) & NOTICE_TOKENS:
        return True
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return el.tag == "tr" and first is not None and _text(first).lower() in NOTICE_LABELS


def _item(el: HtmlElement, base: str, now: datetime | None, position: int) -> Item:
    """One listing item from its element."""
    lex = lexicon()
    author = _author(el)
    link = _main_link(el, lex, author)
    url = urljoin(base, link.get("href").strip()) if link is not None else None
    title = _title(el, link)
    summary = _summary(el, title, lex)
    return Item(
        text=summary or title or "",
        title=title,
        summary=summary,
        date=_date(el, (title, summary), url, now),
        author=author,
        url=url,
        position=position,
        pinned=_pinned(el),
    )


def _article_text(root: HtmlElement, blocks: set[HtmlElement]) -> int:
    """Characters of long paragraphs outside the repeated blocks: an article's body."""
    # a set of the elements themselves: it keeps lxml's proxies alive, so identity holds
    inside = {p for m in blocks for p in m.iter("p")}
    total = 0
    for p in root.iter("p"):
        n = len(_text(p))
        if n >= 80 and p not in inside:
            total += n
    return total


def split_html(body: str, url: str, fetched_at: datetime | None) -> Listing:
    """Split an HTML page into items, or call it an article."""
    try:
        # control characters cannot stand in lxml's text (moving a comment's tail raises)
        root = lxml.html.document_fromstring(CONTROL.sub("", body))
    except (etree.ParserError, ValueError):
        return Listing("article")
    base = (root.xpath("string(//base/@href)") or "").strip() or url
    next_url = find_next_url(root, base)
    lex = lexicon()
    _strip_furniture(root, lex)
    records, repeated = listing_records(root, lex)
    if not records:
        return Listing("article", next_url=next_url)
    members = [el for r in records for el in r]
    listed = sum(min(len(_text(m)), 600) for m in members)
    # Long paragraphs outside every repeated block are an article's body; its related-links
    # block is not a listing. (Teasers of sections not joined to the listing are repeated
    # blocks too, not an article.)
    if _article_text(root, repeated) > max(ARTICLE_FLOOR, min(ARTICLE_TEXT, listed)):
        return Listing("article", next_url=next_url)
    boxes = [_record_element(r) for r in records]
    items = [_item(box, base, fetched_at, i) for i, box in enumerate(boxes)]
    _fill_authors(items, boxes, lex)
    return Listing("listing", items, next_url)


def _fill_authors(items: list[Item], boxes: list[HtmlElement], lex: Lexicon) -> None:
    """Authors for the items no byline names: the person links the records repeat."""
    if all(it.author for it in items):
        return
    titles = [_main_link(box, lex, it.author) for box, it in zip(boxes, items, strict=True)]
    for item, found in zip(items, repeated_authors(boxes, titles), strict=True):
        item.author = item.author or found
