"""Tests for tumen.listing.html: the fields of each record, on project-written pages."""

from __future__ import annotations

from pathlib import Path

from tumen.listing import split_page

URL = "https://blog.example.org/"


def _page(body: str) -> str:
    return f"<html><head><title>Posts</title></head><body><main>{body}</main></body></html>"


def test_a_link_wrapping_a_whole_card_is_titled_by_its_first_block() -> None:
    cards = "".join(
        f'<a class="preview" href="/posts/{i}"><span>Notes on shelter number {i} in Seoul</span>'
        f'<div class="details"><span>Min Lee</span><time datetime="2020-0{i + 1}-15">'
        f"2020-0{i + 1}-15</time><div>{3 + i} minute read</div></div></a>"
        for i in range(4))
    listing = split_page(_page(cards), URL, is_html=True)
    assert [it.title for it in listing.items] == [
        f"Notes on shelter number {i} in Seoul" for i in range(4)]
    assert listing.items[1].date == "2020-02-15"


def test_schema_org_headline_names_the_title() -> None:
    cards = "".join(
        f'<a class="preview" href="/posts/{i}"><div class="flex"><b>NEW</b> '
        f'<span itemprop="headline">A headline for post {i} about arrivals</span></div>'
        f'<span itemprop="author">Min Lee</span></a>' for i in range(4))
    listing = split_page(_page(cards), URL, is_html=True)
    assert [it.title for it in listing.items] == [
        f"A headline for post {i} about arrivals" for i in range(4)]
    assert {it.author for it in listing.items} == {"Min Lee"}


def test_a_by_label_run_into_its_link_gives_the_author() -> None:
    cards = "".join(
        f'<div class="card"><a href="/u{i}/items/{i}">Study notes on reading reports {i}</a>'
        f'<div class="x9">by<a href="/u{i}">writer_{i}</a></div><div>2020/09/1{i}</div></div>'
        for i in range(4))
    listing = split_page(_page(cards), URL, is_html=True)
    assert [it.author for it in listing.items] == [f"writer_{i}" for i in range(4)]


def test_a_sentence_that_names_a_link_is_not_one_of_a_list_of_links() -> None:
    intro = ('<p>A series about making a small language called <a href="/eldiro">Eldiro</a> '
             "in the evenings, one part a week.</p>")
    parts = "".join(f'<p><a href="/part-{i}">Part {i}: Parsing step {i}</a></p>' for i in range(8))
    listing = split_page(_page(intro + parts), URL, is_html=True)
    assert [it.title for it in listing.items] == [f"Part {i}: Parsing step {i}" for i in range(8)]


def test_the_authors_link_is_not_the_title_even_when_longer() -> None:
    # a short title beside a long user name: the byline's link is the author's, not the title
    cards = "".join(
        f'<div class="card"><a href="/items/{i}">Notes {i}</a>'
        f'<div class="x9">by<a href="/u/{i}">a-rather-long-user-name-{i}</a></div>'
        f"<div>2020/09/1{i}</div></div>" for i in range(4))
    listing = split_page(_page(cards), URL, is_html=True)
    assert [(it.title, it.author) for it in listing.items] == [
        (f"Notes {i}", f"a-rather-long-user-name-{i}") for i in range(4)]
    assert listing.items[0].url == "https://blog.example.org/items/0"


FULL_POSTS = Path(__file__).parent / "fixtures" / "listings" / "en_blog_full_posts.html"


def test_a_full_post_index_is_titled_by_post_headings_not_day_headings() -> None:
    # Blogger-style: a day heading above each post, its title heading, a body with its own
    # sub-headings, and a "post-footer" with the byline (the item's footer, not the site's)
    listing = split_page(FULL_POSTS.read_text(encoding="utf-8"), URL, is_html=True)
    assert listing.kind == "listing"
    assert [it.title for it in listing.items] == [
        f"Field notes {i}: a week at the shelter on the northern river" for i in range(6)]
    assert all(it.author == "Mina Park" for it in listing.items)
    assert listing.items[1].date == "2024-03-19"
    # a post's item text is its whole body, sub-headings and all
    assert "Part 2: what the families told us" in listing.items[1].text
    assert len(listing.items[1].text) > 2 * len(listing.items[0].text)


def test_an_articles_own_footer_keeps_its_byline() -> None:
    cards = "".join(
        f'<article><h2><a href="/n/{i}">Arrivals at the shelter rose again in week {i}</a></h2>'
        f"<p>The shelter counted more arrivals than in any week of the year so far.</p>"
        f"<footer>By Jun Seo · 2024-05-0{i + 1}</footer></article>" for i in range(4))
    listing = split_page(_page(cards), URL, is_html=True)
    assert [it.author for it in listing.items] == ["Jun Seo"] * 4
    assert listing.items[2].date == "2024-05-03"
