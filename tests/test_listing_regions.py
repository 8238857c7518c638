"""Tests for tumen.listing.regions: record regions found by structure on project-written pages."""

from __future__ import annotations

import lxml.html

from tumen.extract import extract_html
from tumen.listing import split_page
from tumen.listing.base import lexicon
from tumen.listing.regions import regions

URL = "https://news.example.org/list/"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>List</title></head><body>{body}</body></html>"


def _stretched_cards(n: int) -> str:
    cards = "".join(
        f'<article class="card"><div class="thumb"><img src="/i{i}.jpg" alt=""></div>'
        f'<div class="card-title"><h2>Border guards detain group number {i} near the river</h2>'
        f'<span class="card-date">2024.03.{10 + i}</span></div>'
        f'<a class="card-link" href="/2024/03/{10 + i}/story-{i}/"></a></article>'
        for i in range(n))
    return f'<div class="card-list">{cards}</div>'


def test_empty_link_over_a_card_takes_the_card_heading() -> None:
    listing = split_page(_page(_stretched_cards(5)), URL, is_html=True)
    assert listing.kind == "listing"
    assert [it.title for it in listing.items] == [
        f"Border guards detain group number {i} near the river" for i in range(5)]
    assert listing.items[2].url == "https://news.example.org/2024/03/12/story-2/"
    assert listing.items[2].date == "2024-03-12"


def _tags(n: int) -> str:
    return "".join(f'<a href="/tags/t{k}">topic-{k}x</a>' for k in range(n))


def _tagged_cards(n: int) -> str:
    return "".join(
        f'<div><div class="c"><div class="e1x">{_tags(1 + i % 5)}</div>'
        f'<div class="t"><a href="/u{i}"><img src="/a.png"></a>'
        f'<a href="/u{i}/items/{i}">Shelter volunteers report {i} new arrivals</a></div>'
        f'<div class="by">by<a href="/u{i}">writer_{i}</a> <span>2020/09/{10 + i}</span></div>'
        f"</div></div>" for i in range(n))


def test_cards_with_many_short_links_are_records() -> None:
    # one to five tag links, an avatar, a title and an author link: most of a card's text is
    # links
    listing = split_page(_page(f"<main>{_tagged_cards(6)}</main>"), URL, is_html=True)
    assert listing.kind == "listing"
    assert [it.title for it in listing.items] == [
        f"Shelter volunteers report {i} new arrivals" for i in range(6)]
    assert [it.date for it in listing.items][:2] == ["2020-09-10", "2020-09-11"]


def test_paragraph_with_inline_links_is_not_a_card() -> None:
    prose = " ".join(f'see <a href="/r{k}">report number {k}</a> and more words here' for k in
                     range(5))
    body = f"<main><p>{prose}</p><p>{prose}</p><p>{prose}</p></main>"
    assert split_page(_page(body), URL, is_html=True).kind == "article"


def test_boxes_of_stories_give_the_stories_not_the_boxes() -> None:
    boxes = "".join(
        "<ul>" + "".join(
            f'<li>(2020-08-{10 + b}) <a href="/c{b}">[World]</a> '
            f'<a href="/n/{b}/{i}">Headline {b}-{i} about a border crossing</a></li>'
            for i in range(5)) + "</ul>"
        for b in range(3))
    page = _page(f'<div class="cnt">{boxes}</div>')
    # the <ul> boxes repeat too, but a region of boxes is never a candidate
    found = regions(lxml.html.document_fromstring(page), lexicon())
    assert found and all(r.records[0][0].tag == "li" for r in found)
    listing = split_page(page, URL, is_html=True)
    assert len(listing.items) == 15
    assert listing.items[6].title == "Headline 1-1 about a border crossing"


def test_declared_article_without_prose_is_still_split() -> None:
    # themes mark archives og:type=article; what trafilatura keeps of them is short lines
    head = '<meta property="og:type" content="article">'
    got = extract_html(_page(_stretched_cards(8), head), URL)
    assert got.kind == "listing" and len(got.items) == 8


def test_declared_article_with_prose_stays_an_article() -> None:
    head = '<meta property="og:type" content="article">'
    para = ("The group of nine crossed the river at night and was held for three days before "
            "the police released them to a shelter run by a church in the border town. ")
    body = (f"<article><h1>Nine released</h1>{''.join(f'<p>{para * 2}</p>' for _ in range(6))}"
            f"</article><aside>{_stretched_cards(4)}</aside>")
    got = extract_html(_page(body, head), URL)
    assert got.kind == "article"


def _section(name: str, cards: list[tuple[str, str]]) -> str:
    """A home-page section of teaser cards; kind "is-opinion" gives a card a class."""
    body = "".join(
        f'<article{" class=" + chr(34) + kind + chr(34) if kind else ""}><a href="/s/{title[:12]}">'
        f'<p class="kicker">{name}</p><h1 class="teaser-title">{title}</h1>'
        f'<p class="sub">A teaser sentence of some length about {title.lower()} follows here,'
        f" long enough to read as the paragraph of a report.</p></a></article>"
        for title, kind in cards)
    return f'<section class="theme-{name.lower()}">{body}</section>'


def test_sections_of_a_home_page_join_even_small_ones_and_opinion_cards() -> None:
    # a portal: a big first section, small ones further down, opinion cards with a class of
    # their own; every card is an item, and the unjoined teasers never make it an article
    first = [(f"Border crossing report number {i} from the river towns", "") for i in range(12)]
    first.append(("Opinion: what the river crossings tell us about the border", "is-opinion"))
    small = [(f"Aid agencies in region {i} ask for more shelter places", "") for i in range(3)]
    opinion = [(f"Commentary {i}: a new look at the old asylum rules", "is-opinion")
               for i in range(3)]
    page = _page("<main>" + _section("News", first) + _section("Region", small)
                 + _section("Debate", opinion) + "</main>")
    listing = split_page(page, URL, is_html=True)
    assert listing.kind == "listing"
    titles = [it.title for it in listing.items]
    assert titles == [t for t, _ in first + small + opinion]


def test_headlines_written_without_spaces_are_not_a_menu() -> None:
    # Chinese headlines are one or two "words" by spaces; by characters they are headlines
    rows = "".join(
        f'<li><h3><a href="/n/{i}.html">北方边境第{i}批越境者在河边被拘留后遣返</a></h3>'
        f'<span class="time">{i + 1}小时前</span></li>' for i in range(6))
    menu = "".join(f'<li><a href="/c/{i}">国际{i}</a></li>' for i in range(6))
    listing = split_page(_page(f'<ul class="cats">{menu}</ul><ul class="list">{rows}</ul>'),
                         URL, is_html=True)
    assert listing.kind == "listing"
    assert [it.title for it in listing.items] == [
        f"北方边境第{i}批越境者在河边被拘留后遣返" for i in range(6)]
