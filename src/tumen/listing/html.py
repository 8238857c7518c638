"""Find the repeated item blocks of an HTML listing page."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from tumen.dates import parse_date, search_date
from tumen.listing.base import Lexicon, Listing, lexicon, normalise, strip_author_prefix
from tumen.models import Item

DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "select", "button")
FURNITURE_TAGS = ("nav", "footer", "aside", "form")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TOKEN_SPLIT = re.compile(r"[\s_\-]+")
URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})(?:/(\d{1,2}))?/")
PAGE_IN_URL = re.compile(r"(?:/page/(\d+)/?|[?&](?:page|paged|pg|cpage|page_no|pageIndex)=(\d+))")
CURRENT_TOKENS = frozenset(["current", "active", "on", "selected", "cur", "this"])
LAST_WORDS = ("last", "맨끝", "마지막", "最後", "最終")
MIN_LINK_TEXT = 6
MIN_GROUP = 3
ARTICLE_TEXT = 1200
ARTICLE_FLOOR = 500
AUTHOR_TOKENS = frozenset(["author", "byline", "writer", "name", "reporter", "sv", "member"])
TITLE_TOKENS = frozenset(["title", "tit", "subject", "headline", "subj"])
DATE_TOKENS = frozenset(["date", "time", "datetime", "published", "posted", "meta", "datum"])


@dataclass
class Group:
    """Sibling elements that look like the items of one list."""

    members: list[HtmlElement]
    score: float


def _tokens(el: HtmlElement) -> set[str]:
    """Lower-case tokens of an element's class and id."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return {t for t in TOKEN_SPLIT.split(raw.lower()) if t}


def _text(el: HtmlElement) -> str:
    """The element's visible text, whitespace collapsed."""
    return normalise(el.text_content())


def _is_site_header(el: HtmlElement) -> bool:
    """A <header> that belongs to the site rather than to one item."""
    return el.tag == "header" and (
        el.get("role") == "banner" or bool(el.xpath(".//nav")) or el.getparent().tag == "body"
    )


def _strip_furniture(root: HtmlElement, lex: Lexicon) -> None:
    """Remove scripts, menus, sidebars, footers, share bars and pagination."""
    for el in list(root.iter(etree.Comment)):
        el.drop_tree()
    for el in root.xpath("//" + " | //".join(DROP_TAGS)):
        el.drop_tree()
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        if el.tag in FURNITURE_TAGS or _is_site_header(el) or _tokens(el) & lex.furniture_tokens:
            doomed.append(el)
        elif el.tag in HEADINGS and _text(el).lower().rstrip(":") in lex.furniture_headings:
            doomed.append(el.getparent() if el.getparent().tag not in ("body", "main") else el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _item_links(el: HtmlElement, lex: Lexicon) -> list[HtmlElement]:
    """Links that could be an item's title link."""
    out = []
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = _text(a) or a.xpath("string(.//img/@alt)")
        if len(text) >= MIN_LINK_TEXT and not lex.is_furniture(text) and not text.isdigit():
            out.append(a)
    return out


def _member_ok(el: HtmlElement, lex: Lexicon) -> bool:
    """A sibling with one to three item links that are headlines, not inline links."""
    links = _item_links(el, lex)
    if not 1 <= len({a.get("href") for a in links}) <= 3:
        return False
    text = len(_text(el))
    linked = max(len(_text(a)) for a in links)
    headed = el.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6") or el.tag in HEADINGS
    return bool(headed) or text <= 250 or linked >= 0.2 * text


def _score(members: list[HtmlElement]) -> float:
    """Prefer many members with more text and with dates."""
    total = 0.0
    for el in members:
        text = _text(el)
        total += min(len(text), 400) + (60 if el.xpath(".//time") or search_date(text) else 0)
    return total * (1 + 0.1 * min(len(members), 20))


def _groups(root: HtmlElement, lex: Lexicon) -> list[Group]:
    """Every set of same-tag siblings that look like items."""
    found = []
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        by_tag: dict[str, list[HtmlElement]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str):
                by_tag[child.tag].append(child)
        for members in by_tag.values():
            good = [m for m in members if _member_ok(m, lex)]
            if len(good) >= MIN_GROUP:
                found.append(Group(good, _score(good)))
    return found


def _main_link(el: HtmlElement, lex: Lexicon) -> HtmlElement | None:
    """The link of the item's title: in a heading if there is one, else the longest."""
    links = _item_links(el, lex)
    for a in links:
        if a.xpath("ancestor::h1|ancestor::h2|ancestor::h3|ancestor::h4|ancestor::h5|.//h2|.//h3"):
            return a
    return max(links, key=lambda a: len(_text(a)), default=None)


def _title(el: HtmlElement, link: HtmlElement | None) -> str | None:
    """The heading or title-classed text of an item, else its title link's text."""
    for h in el.iter(*HEADINGS):
        if _text(h):
            return _text(h)
    titled = (s for s in el.iter() if isinstance(s.tag, str) and s is not el and _text(s))
    for sub in titled:
        if _tokens(sub) & TITLE_TOKENS:
            return _text(sub)
    if link is not None:
        return _text(link) or None
    return None


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
    """The item's date from its markup, its URL, or its text outside title and teaser."""
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
    return found[0] if found else None


def _clean_author(text: str) -> str | None:
    """A byline without its date, label and separators."""
    found = search_date(text)
    if found:
        text = text[: found[1]] + " " + text[found[2] :]
    return strip_author_prefix(text) or None


def _author(el: HtmlElement) -> str | None:
    """The item's author from rel/itemprop/class markers or a "By" label."""
    for sub in el.xpath(".//*[@rel='author' or @itemprop='author']"):
        if _text(sub):
            return _clean_author(_text(sub))
    for sub in el.iter():
        if isinstance(sub.tag, str) and sub is not el and _tokens(sub) & AUTHOR_TOKENS:
            text = _text(sub)
            if text and len(text) <= 60:
                return _clean_author(text)
    labelled = [
        _text(sub) for sub in el.iter("span", "p", "div", "small", "em")
        if len(_text(sub)) <= 60 and _text(sub) != strip_author_prefix(_text(sub))
    ]
    return _clean_author(min(labelled, key=len)) if labelled else None


def _summary(el: HtmlElement, title: str | None, lex: Lexicon) -> str | None:
    """The longest paragraph-like text of the item that is not its title."""
    best = ""
    for sub in el.iter("p", "div", "dd", "span", "td"):
        text = _text(sub)
        if sub.xpath(".//h1|.//h2|.//h3|.//h4|.//time") or text == title:
            continue
        for phrase in lex.read_more:
            if text.lower().endswith(" " + phrase):
                text = text[: -len(phrase)].strip()
        if len(text) >= 30 and len(text) > len(best) and text != title:
            best = text
    return best or None


def _item(el: HtmlElement, base: str, now: datetime | None, position: int) -> Item:
    """One listing item from its element."""
    lex = lexicon()
    link = _main_link(el, lex)
    url = urljoin(base, link.get("href").strip()) if link is not None else None
    title = _title(el, link)
    summary = _summary(el, title, lex)
    return Item(
        text=summary or title or "",
        title=title,
        summary=summary,
        date=_date(el, (title, summary), url, now),
        author=_author(el),
        url=url,
        position=position,
    )


def _article_text(root: HtmlElement, members: list[HtmlElement]) -> int:
    """Characters of long paragraphs outside the item blocks: an article's body."""
    inside = {id(p) for m in members for p in m.iter("p")}
    total = 0
    for p in root.iter("p"):
        n = len(_text(p))
        if n >= 80 and id(p) not in inside:
            total += n
    return total


def _label(a: HtmlElement) -> str:
    """What a link says: its text, else its aria-label or title."""
    return normalise(_text(a) or a.get("aria-label") or a.get("title") or "").lower()


def _current_page(root: HtmlElement, base: str) -> tuple[int, bool]:
    """The number of the page being read, and whether the pager highlights it."""
    for el in root.xpath("//*[@aria-current] | //strong | //b | //span | //em | //li | //a"):
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
    labels = [(a, _label(a)) for a in links if not any(w in _label(a) for w in LAST_WORDS)]
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


def split_html(body: str, url: str, fetched_at: datetime | None) -> Listing:
    """Split an HTML page into items, or call it an article."""
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return Listing("article")
    base = (root.xpath("string(//base/@href)") or "").strip() or url
    next_url = find_next_url(root, base)
    lex = lexicon()
    _strip_furniture(root, lex)
    groups = _groups(root, lex)
    best = max(groups, key=lambda g: g.score, default=None)
    if best is None:
        return Listing("article", next_url=next_url)
    listed = sum(min(len(_text(m)), 600) for m in best.members)
    # Long paragraphs outside the item blocks are an article's body; its related-links
    # block is not a listing.
    if _article_text(root, best.members) > max(ARTICLE_FLOOR, min(ARTICLE_TEXT, listed)):
        return Listing("article", next_url=next_url)
    items = [_item(m, base, fetched_at, i) for i, m in enumerate(best.members)]
    return Listing("listing", items, next_url)
