"""Authors of listing records: marked bylines, a table's author column, and the per-record
field of links to people that the records of a region repeat.

A byline block says more than the name ("via jdoe 3 hours ago | cached", "By A and B ·
5 min read"): the name is its person links, or its text up to the first date, time or
separator. Co-authors stay joined as the page shows them ("A | B", "A, B and C"). Where no
markup names the byline, the author is the run of links that most records of the region
carry at the same place, pointing into the same part of the site (/u/..., /people/...),
that is neither the title link nor a tag.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from tumen.listing.base import clean_byline, lexicon
from tumen.listing.regions import text_of, tokens

AUTHOR_TOKENS = frozenset(
    ["author", "authors", "byline", "writer", "name", "reporter", "sv", "member", "vcard",
     "hnuser", "creator", "user", "username"])
# links filed under these are labels of the item, not people
TAG_TOKENS = frozenset(["tag", "tags", "category", "categories", "cat", "label", "labels",
                        "keywords", "keyword", "topic", "topics", "domain"])
JOINERS = re.compile(r"^[\s,;&|·/、]*(?:(?:and|und|et|y|e|와|과|및)[\s,;&|·/、]*)?$",
                     re.IGNORECASE)
NAME_MAX = 80  # characters of a byline that is only names
NAME_WORDS = 4  # words of one person's name
NAME_LINK = 40  # characters of one person's name
RUN_SHARE = 0.5  # share of a region's records carrying the same kind of person links


def _marked(el: HtmlElement) -> list[HtmlElement]:
    """The outermost elements of a record marked as its author or byline."""
    found = [sub for sub in el.iter() if isinstance(sub.tag, str) and sub is not el and (
        sub.get("rel") == "author" or sub.get("itemprop") in ("author", "creator")
        or tokens(sub) & AUTHOR_TOKENS)]
    return [sub for sub in found if not any(up in found for up in sub.iterancestors())]


def _as_shown(parts: list[HtmlElement]) -> str:
    """The text from the first element to the last, as the page shows them together."""
    first, last = text_of(parts[0]), text_of(parts[-1])
    if len(parts) == 1:
        return first
    parent = next((up for up in parts[0].iterancestors() if parts[-1] in up.iterdescendants()),
                  None)
    whole = text_of(parent) if parent is not None else ""
    start = whole.find(first)
    end = whole.find(last, start + len(first)) if start >= 0 else -1
    return whole[start : end + len(last)] if end >= 0 else first


def _named(a: HtmlElement) -> bool:
    """A link whose text could be a person's name or handle (not a headline, a venue, a
    count)."""
    text = text_of(a)
    words = text.split()
    return 0 < len(words) <= NAME_WORDS and len(text) <= NAME_LINK and (
        text[0].isalnum() or text[0] == "@") and (
        len(words) == 1 or not any(c.isdigit() for c in text))


def _runs(block: HtmlElement, skip: HtmlElement | None) -> list[list[HtmlElement]]:
    """The runs of name-like links in a block, each joined only by separators."""
    links = [a for a in block.iter("a") if a is not skip and _named(a)
             and not any(tokens(up) & TAG_TOKENS for up in (a, *a.iterancestors()))
             and a.get("rel") != "tag"]
    runs: list[list[HtmlElement]] = []
    for a in links:
        if runs and _joined(runs[-1][-1], a):
            runs[-1].append(a)
        else:
            runs.append([a])
    return runs


def _person_links(block: HtmlElement, skip: HtmlElement | None) -> list[HtmlElement]:
    """The first run of name-like links in a block."""
    runs = _runs(block, skip)
    return runs[0] if runs else []


def _joined(a: HtmlElement, b: HtmlElement) -> bool:
    """Whether only separators stand between two links (in the same parent)."""
    if a.getparent() is not b.getparent():
        return False
    between = [a.tail or ""]
    for sib in a.itersiblings():
        if sib is b:
            return bool(JOINERS.match("".join(between)))
        between.append(sib.text_content() + (sib.tail or ""))
    return False


def marked_author(el: HtmlElement, title_link: HtmlElement | None) -> str | None:
    """The author a record's markup names: a byline's person links or its cleaned text."""
    marks = [m for m in _marked(el) if m is not title_link and title_link not in
             m.iterdescendants()]
    if not marks:
        return None
    named = [m for m in marks if m.tag == "a" or m.get("itemprop") or m.get("rel")]
    if len(named) > 1 and all(_joined(a, b) for a, b in pairwise(named)):
        return _as_shown(named)
    block = marks[0]
    run = _person_links(block, title_link)
    if run and len(_as_shown(run)) <= NAME_MAX and block.tag != "a":
        return clean_byline(_as_shown(run))
    text = text_of(block)
    return clean_byline(text) if text and len(text) <= 2 * NAME_MAX else None


def _place(a: HtmlElement) -> str:
    """Where on its site a link points: the first part of its path and its first query key
    (the host left out: one page writes the same place absolute and relative)."""
    parts = urlsplit((a.get("href") or "").strip())
    head = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    query = parts.query.split("=")[0] if parts.query else ""
    return f"{head}?{query}"


def repeated_authors(boxes: list[HtmlElement],
                     titles: list[HtmlElement | None]) -> list[str | None]:
    """Per record, the run of person links that most records of the region carry pointing
    into the same part of the site (not where the title links point)."""
    runs = [_runs(box, title) for box, title in zip(boxes, titles, strict=True)]
    title_places = Counter(_place(t) for t in titles if t is not None)
    # a place counts once per record; co-author runs (several names) weigh more
    places: Counter[str] = Counter()
    for record in runs:
        for place in {_place(run[0]) for run in record}:
            places[place] += 1 + any(len(r) > 1 for r in record if _place(r[0]) == place)
    chosen = [p for p, n in places.most_common()
              if n >= max(2, RUN_SHARE * len(boxes)) and title_places[p] < RUN_SHARE * len(boxes)]
    if not chosen:
        return [None] * len(boxes)
    out: list[str | None] = []
    for record in runs:
        run = next((r for r in record if _place(r[0]) == chosen[0]), None)
        shown = _as_shown(run) if run else ""
        out.append(shown if shown and len(shown) <= NAME_MAX * 2 else None)
    return out


def column_author(row: HtmlElement) -> str | None:
    """A table row's cell under a header naming the author column (글쓴이, Author)."""
    table = next(row.iterancestors("table"), None)
    if row.tag != "tr" or table is None:
        return None
    header = next((tr for tr in table.iter("tr") if tr.xpath("./th")), None)
    if header is None:
        return None
    names = [text_of(c).lower() for c in header.xpath("./th|./td")]
    column = next((i for i, n in enumerate(names) if n in lexicon().author_columns), None)
    cells = row.xpath("./td|./th")
    if column is None or len(cells) != len(names):
        return None
    return clean_byline(text_of(cells[column]))
