"""Tests for tumen.listing.authors: authors of listing records, on project-written pages."""

from __future__ import annotations

from tumen.listing import split_page
from tumen.listing.base import clean_byline

URL = "https://board.example.org/list"


def _page(body: str) -> str:
    return f"<html><head><title>List</title></head><body><main>{body}</main></body></html>"


def test_a_byline_gives_its_name_without_label_time_or_links_after_it() -> None:
    stories = "".join(
        f'<li class="story"><span class="link"><a href="https://site{i}.example/a">'
        f"Volunteers describe crossing number {i} at the northern border</a></span>"
        f'<span class="tags"><a href="/t/asia" class="tag">asia</a></span>'
        f'<div class="byline"><a href="/u/user{i}"><img src="/av.png"></a> via '
        f'<a href="/u/user{i}">user{i}</a> <span>{i + 2} hours ago</span> | '
        f'<a href="https://archive.example/{i}">cached</a></div></li>' for i in range(5))
    listing = split_page(_page(f"<ol>{stories}</ol>"), URL, is_html=True)
    assert [it.author for it in listing.items] == [f"user{i}" for i in range(5)]


def test_clean_byline_cuts_dates_times_and_separators() -> None:
    assert clean_byline("By Jane Doe · 5 min read") == "Jane Doe"
    assert clean_byline("submitted by kim_s 3 days ago") == "kim_s"
    assert clean_byline("Y Kim, J Lee - Journal of Refugee Studies, 2019") == "Y Kim, J Lee"
    assert clean_byline("홍길동 기자 2021-06-15 10:22") == "홍길동 기자"


def test_co_authors_stay_joined_as_shown_and_a_venue_link_is_not_one() -> None:
    # no markup names the authors: they are the run of links to people every record has
    papers = "".join(
        f'<p class="paper"><strong><a href="/papers/{i}/">Resettlement outcomes of study '
        f"group {i} in three cities</a></strong><br>"
        f'<a href="/people/a{i}/">Ana Lim</a> | <a href="/people/b{i}/">Bo Park</a>'
        + (f' | <a href="/people/c{i}/">Cy Han</a>' if i % 2 else "")
        + f'<br><a href="/volumes/v{i}/">Proceedings of the Workshop on Migration {i}</a></p>'
        for i in range(4))
    listing = split_page(_page(papers), URL, is_html=True)
    assert [it.title for it in listing.items] == [
        f"Resettlement outcomes of study group {i} in three cities" for i in range(4)]
    assert [it.author for it in listing.items] == [
        "Ana Lim | Bo Park", "Ana Lim | Bo Park | Cy Han"] * 2


def test_a_tables_author_column_is_read_by_its_header() -> None:
    rows = "".join(
        f'<tr><td>{20 - i}</td><td><a href="/view?id={i}">탈북민 정착 지원 설명회 {i}차 안내</a>'
        f"</td><td>운영자{i % 2}</td><td>2024-03-{10 + i}</td></tr>" for i in range(4))
    table = ("<table><tr><th>번호</th><th>제목</th><th>글쓴이</th><th>날짜</th></tr>"
             f"{rows}</table>")
    listing = split_page(_page(table), URL, is_html=True)
    assert [it.author for it in listing.items] == ["운영자0", "운영자1", "운영자0", "운영자1"]
    assert listing.items[0].date == "2024-03-10"


def test_tags_read_more_links_and_kickers_are_never_authors() -> None:
    posts = "".join(
        f'<article><p class="kicker">Border report {i}:</p>'
        f'<h2><a href="https://blog.example.org/posts/p{i}/">Notes from the river crossing {i}'
        f"</a></h2><p>A teaser of the post that runs on for a while about the crossing.</p>"
        f'<a href="/posts/p{i}/">Read →</a> <a href="/tags/t{i % 2}">[asylum]</a></article>'
        for i in range(4))
    listing = split_page(_page(posts), URL, is_html=True)
    assert len(listing.items) == 4
    assert all(it.author is None for it in listing.items)
