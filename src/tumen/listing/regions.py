"""Find the record regions of an HTML page by structure, and rank them.

In the manner of MDR and DEPTA: the children of one parent that carry a headline link and
have the same shape (the same tag paths below them) are the records of a candidate region;
a record may span several siblings (a table row and its byline row, a heading and the
paragraphs up to the next heading). Regions are ranked by how much they look like a list of
reports (many records, headline-length titles, dates, teasers) so that menus, sidebars,
tag clouds, "most read" boxes and pagers lose; a region of short links with neither dates
nor teasers is never a listing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from lxml.html import HtmlElement

from tumen.dates import search_date
from tumen.listing.base import Lexicon, normalise, word_count

HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
TOKEN_SPLIT = re.compile(r"[\s_\-]+")
MIN_LINK_TEXT = 6
MIN_RECORDS = 3
SAME_SHAPE = 0.5
SAME_LAYOUT = 0.9  # Jaccard of two regions' card shapes that makes them one listing's sections
SHAPE_DEPTH = 3
SHAPE_PATHS = 60
TEASER = 40  # characters of text beyond the title that make a teaser
BARE_LINK = 0.8  # share of a record's text in its link when the record is the link alone
LINKED_SHARE = 0.5  # share of a many-linked element's text in its links that makes it a card
MENU_WORDS = 4  # median title words under which an undated, teaser-less region is a menu


@dataclass
class Region:
    """The records of one candidate region, in page order, and its rank."""

    records: list[list[HtmlElement]]
    score: float
    shape: frozenset[str]


def tokens(el: HtmlElement) -> set[str]:
    """Lower-case tokens of an element's class, id and role."""
    attrs = el.attrib
    if "class" not in attrs and "id" not in attrs and "role" not in attrs:
        return set()
    raw = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return {t for t in TOKEN_SPLIT.split(raw.lower()) if t}


def text_of(el: HtmlElement) -> str:
    """The element's visible text, whitespace collapsed."""
    return normalise(el.text_content())


def link_label(a: HtmlElement) -> str:
    """What a link says: its text, its image's alt text, or for an empty link laid over a
    card (a "stretched link") the heading of the card it covers."""
    text = text_of(a) or normalise(a.xpath("string(.//img/@alt)"))
    if text or a.getparent() is None:
        return text
    heading = next(a.getparent().iter(*HEADINGS), None)
    return text_of(heading) if heading is not None else ""


def item_links(el: HtmlElement, lex: Lexicon) -> list[HtmlElement]:
    """Links that could be an item's title link (not "Read more", not a page number)."""
    out = []
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = link_label(a)
        if len(text) >= MIN_LINK_TEXT and not lex.is_furniture(text) and not text.isdigit():
            out.append(a)
    return out


def _root_label(el: HtmlElement) -> str:
    """An element's tag and first class; a table row by its number of cells.

    The first class tells one kind of card from another; a table row is told by its cells
    (a story row from its byline row), not its class (a pinned notice row of a board has a
    class of its own but is a row like the others).
    """
    if el.tag == "tr":
        return f"tr[{len(el.xpath('./td|./th'))}]"
    classes = (el.get("class") or "").split()
    return f"{el.tag}.{classes[0]}" if classes else str(el.tag)


def _has_header(row: HtmlElement) -> bool:
    """Whether the row's table has a header row (<th> cells)."""
    table = next(row.iterancestors("table"), None)
    return table is not None and bool(table.xpath(".//th"))


def shape(el: HtmlElement) -> frozenset[str]:
    """The tag paths under an element to a small depth: what its layout looks like."""
    paths: set[str] = set()
    stack: list[tuple[HtmlElement, str, int]] = [(el, _root_label(el), 0)]
    while stack and len(paths) < SHAPE_PATHS:
        node, path, depth = stack.pop()
        paths.add(path)
        if depth < SHAPE_DEPTH:
            stack.extend((c, f"{path}/{c.tag}", depth + 1) for c in node if isinstance(c.tag, str))
    return frozenset(paths)


def _bare(form: frozenset[str]) -> frozenset[str]:
    """A shape with its root told by tag alone: across the page, an opinion card
    (article.is-opinion) is laid out like a news card (article)."""
    out = set()
    for path in form:
        root, sep, rest = path.partition("/")
        out.add(root.split(".")[0] + sep + rest)
    return frozenset(out)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Jaccard similarity of two shapes at or above SAME_SHAPE."""
    return len(a & b) >= SAME_SHAPE * len(a | b)


def _headline_bearing(el: HtmlElement, lex: Lexicon) -> bool:
    """A child whose heading is a link, or with one to three headline links (a paragraph
    with inline links is not)."""
    links = item_links(el, lex)
    if not links:
        return False
    for a in links:
        if next(a.iterancestors("h1", "h2", "h3", "h4"), None) is not None:
            return True
        if next(a.iterdescendants("h2", "h3"), None) is not None:
            return True
    text = len(text_of(el))
    if len({a.get("href") for a in links}) > 3:
        # a card's links (tags, title, author) are most of its text; a paragraph's inline
        # links are not
        return sum(len(text_of(a)) for a in links) >= LINKED_SHARE * text
    return el.tag in HEADINGS or text <= 250 or max(len(link_label(a)) for a in links) >= 0.2 * text


def _clusters(children: list[HtmlElement], lex: Lexicon,
              linked: set[HtmlElement]) -> list[list[int]]:
    """Indexes of link-bearing children grouped by tag and shape."""
    groups: list[tuple[str, frozenset[str], list[int]]] = []
    for i, child in enumerate(children):
        if child not in linked or not _headline_bearing(child, lex):
            continue
        form = shape(child)
        for tag, rep, members in groups:
            if tag == child.tag and similar(rep, form):
                members.append(i)
                break
        else:
            groups.append((str(child.tag), form, [i]))
    return [members for _, _, members in groups if len(members) >= MIN_RECORDS - 1]


def _records(children: list[HtmlElement], members: list[int]) -> list[list[HtmlElement]]:
    """Each member with the siblings that belong to it (a byline row, a heading's body)."""
    headed = all(children[i].tag in HEADINGS for i in members)
    gaps = [b - a - 1 for a, b in pairwise(members)]
    common, count = Counter(gaps).most_common(1)[0] if gaps else (0, 0)
    regular = 0 < common <= 3 and count >= 0.6 * len(gaps)
    out = []
    for n, i in enumerate(members):
        end = members[n + 1] if n + 1 < len(members) else len(children)
        if headed:
            out.append(children[i:end])
        elif regular:
            span = children[i : min(end, i + 1 + common)]
            # a heading after a record's body heads what follows (a year over the next papers)
            cut = next((k for k, el in enumerate(span) if k and el.tag in HEADINGS), len(span))
            out.append(span[:cut])
        else:
            out.append([children[i]])
    return out


def _link_share(record: list[HtmlElement], lex: Lexicon) -> float:
    """Share of a record's text that is its headline link."""
    text = len(_record_text(record))
    return _title_len(record, lex) / text if text else 0.0


def _linked_alike(records: list[list[HtmlElement]], lex: Lexicon) -> list[list[HtmlElement]]:
    """The records of a list of bare links without a paragraph that only mentions one.

    In a region where nearly every record is its link and nothing else, a record whose link
    is a word inside a sentence (an introduction naming the project) is not one of them.
    """
    shares = sorted(_link_share(r, lex) for r in records)
    if len(shares) < MIN_RECORDS or shares[len(shares) // 4] < BARE_LINK:
        return records
    return [r for r in records if _link_share(r, lex) >= BARE_LINK / 2]


def _record_text(record: list[HtmlElement]) -> str:
    return " ".join(text_of(el) for el in record)


def _title_len(record: list[HtmlElement], lex: Lexicon) -> int:
    """Characters of the longest headline link of the record's first element.

    A record leads with its headline: a byline row taken as the start of a record (with the
    next story's row after it) has only a short name link there.
    """
    links = item_links(record[0], lex)
    return max((len(link_label(a)) for a in links), default=0)


def _in_furniture(el: HtmlElement, lex: Lexicon) -> bool:
    """Whether the element sits in a block marked as a sidebar, menu, footer, widget..."""
    return any(tokens(up) & lex.furniture_tokens for up in el.iterancestors())


def _score(records: list[list[HtmlElement]], lex: Lexicon) -> float:
    """How much the records look like a list of reports; 0 for a menu or a tag cloud."""
    titles = sorted(_title_len(r, lex) for r in records)
    median_title = titles[len(titles) // 2]
    texts = [_record_text(r) for r in records]
    dated = sum(1 for r, t in zip(records, texts, strict=True)
                if any(el.xpath(".//time") for el in r) or search_date(t[:600]))
    teased = sum(1 for t, n in zip(texts, titles, strict=False) if len(t) - n >= TEASER)
    words = sorted(word_count(link_label(a)) for r in records for el in r
                   for a in item_links(el, lex)[:1])
    median_words = words[len(words) // 2] if words else 0
    menu_like = median_words < MENU_WORDS and median_title < 25 and not _tabled(records)
    if not dated and not teased and menu_like:
        return 0.0
    n = len(records)
    score = n * min(median_title, 80) * (1 + dated / n + teased / n)
    if _in_furniture(records[0][0], lex):
        score *= 0.2
    return score


def _link_holders(root: HtmlElement, lex: Lexicon) -> set[HtmlElement]:
    """The headline links of the page and every element that holds one.

    Found once for the page, so that a parent's children without a link are passed over
    without walking their subtrees again at every level.
    """
    held: set[HtmlElement] = set()
    for a in item_links(root, lex):
        held.add(a)
        for up in a.iterancestors():
            if up in held:
                break
            held.add(up)
    return held


def regions(root: HtmlElement, lex: Lexicon) -> list[Region]:
    """Every candidate region of the page, best first."""
    found = []
    linked = _link_holders(root, lex)
    for parent in root.iter():
        if parent not in linked:
            continue
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) < MIN_RECORDS - 1:
            continue
        for members in _clusters(children, lex, linked):
            records = _linked_alike(_records(children, members), lex)
            score = _score(records, lex) if len(records) >= MIN_RECORDS or _tabled(records) else 0
            if score > 0:
                found.append(Region(records, score, _bare(shape(records[0][0]))))
    return sorted(_finest(found), key=lambda r: -r.score)


def _finest(found: list[Region]) -> list[Region]:
    """The regions whose records are records, not groups of them.

    A list split into boxes (five stories a <ul>) is also a region of boxes; as MDR picks
    the finest generalised node, a region whose records each hold several records of
    another region gives way to that one.
    """
    roots = {r[0] for region in found for r in region.records}

    def grouped(record: list[HtmlElement]) -> bool:
        return sum(1 for el in record for d in el.iterdescendants() if d in roots) >= 2

    return [region for region in found
            if sum(map(grouped, region.records)) < 0.5 * len(region.records)]


def _tabled(records: list[list[HtmlElement]]) -> bool:
    """Rows of a table with a header row: a board, even with two posts."""
    first = records[0][0]
    return first.tag == "tr" and _has_header(first)


def listing_records(root: HtmlElement, lex: Lexicon
                    ) -> tuple[list[list[HtmlElement]], set[HtmlElement]]:
    """The records of the best region, with those of same-shaped regions elsewhere; and
    every element of every candidate region (repeated blocks: teasers, not an article)."""
    ranked = regions(root, lex)
    if not ranked:
        return [], set()
    repeated = {el for region in ranked for r in region.records for el in r}
    best = ranked[0]
    chosen = [best]
    # sets and dicts of the elements themselves keep lxml's proxies alive (id() would not)
    taken = {el for r in best.records for el in r}
    for other in ranked[1:]:
        first = other.records[0][0]
        inside = first in taken or any(up in taken for up in first.iterancestors())
        holds = any(el in taken for r in other.records for e in r for el in e.iter())
        if inside or holds or not similar(other.shape, best.shape):
            continue
        # a smaller box of cards laid out like the listing's own is a section of it; one
        # only alike in part must also weigh something beside it
        alike = len(other.shape & best.shape) >= SAME_LAYOUT * len(other.shape | best.shape)
        if (other.score < 0.2 * best.score and not alike) or _in_furniture(first, lex):
            continue
        chosen.append(other)
        taken |= {el for r in other.records for el in r}
    records = [r for region in chosen for r in region.records]
    strays = _strays(records, taken, best.shape, lex)
    records += [r for r in _linked_alike(records + strays, lex) if r in strays]
    order = {el: i for i, el in enumerate(root.iter())}
    return sorted(records, key=lambda r: order.get(r[0], 0)), repeated


def _strays(records: list[list[HtmlElement]], taken: set[HtmlElement],
            form: frozenset[str], lex: Lexicon) -> list[list[HtmlElement]]:
    """Cards beside the listing's records, laid out like them but too few to be a region
    of their own (one opinion card with a class of its own among news cards)."""
    parents = {r[0].getparent() for r in records if len(r) == 1} - {None}
    out = []
    for parent in parents:
        for child in parent:
            if not isinstance(child.tag, str) or child in taken:
                continue
            bare = _bare(shape(child))
            if (len(bare & form) >= SAME_LAYOUT * len(bare | form)
                    and _headline_bearing(child, lex)):
                out.append([child])
    return out
