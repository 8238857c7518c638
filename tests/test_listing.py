"""Tests for tumen.listing: splitting listing pages into items."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tumen.eval.listing_gold import default_shared
from tumen.listing import Listing, split_page

SEEDS = default_shared() / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "listings"


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip("seed pages not available (../shared/seeds is not here)")
    return path.read_text(encoding="utf-8")


def _line(text: str, number: int) -> str:
    """Line `number` (1-based) of a seed, whitespace collapsed: read, never copied."""
    return " ".join(text.splitlines()[number - 1].split())


def _fixture(name: str) -> Listing:
    meta = json.loads((FIXTURES / (name + ".expected.json")).read_text(encoding="utf-8"))
    fetched = datetime.fromisoformat(meta["fetched_at"])
    body = (FIXTURES / name).read_text(encoding="utf-8")
    return split_page(body, meta["url"], is_html=name.endswith(".html"), fetched_at=fetched)


def test_seed_000_date_then_teaser() -> None:
    seed = _seed("000_0ed1cd07ce842b86.txt")
    listing = split_page(seed, "https://x.example/", is_html=False)
    assert listing.kind == "listing"
    dates = [it.date for it in listing.items]
    assert len(dates) == 9
    assert dates[0] == "2016-12-19" and dates[-1] == "2012-11-01"
    assert dates == sorted(dates, reverse=True)
    assert listing.items[0].text == _line(seed, 5)
    assert not any(_line(seed, 7) in it.text for it in listing.items)  # a sponsor line
    assert [it.position for it in listing.items] == list(range(9))


def test_seed_001_title_dek_byline() -> None:
    seed = _seed("001_7381c15731d6a2a4.txt")
    listing = split_page(seed, "https://x.example/", is_html=False)
    assert listing.kind == "listing"
    items = listing.items
    # The page has ten headlines; the eleventh dated line is the page header.
    assert len(items) == 10
    assert items[0].title == _line(seed, 7)
    assert items[0].summary == _line(seed, 9)
    assert (items[0].author, items[0].date) == ("NK Pro", "2020-12-03")
    assert (items[2].author, items[2].date) == ("Won-Gi Jung", "2020-12-02")
    assert (items[-1].author, items[-1].date) == ("Kelly Kasulis", "2020-10-21")
    assert all(it.author and it.date for it in items)
    assert not any(it.title in (_line(seed, 1), _line(seed, 3)) for it in items)
    assert not any(_line(seed, 66) in it.text for it in items)  # the pager


def test_seed_002_is_an_article() -> None:
    listing = split_page(_seed("002_7cd8de9765f8112c.txt"), "https://x.example/", is_html=False)
    assert listing.kind == "article"
    assert listing.items == []


def test_wordpress_archive_skips_sidebar_and_finds_next() -> None:
    listing = _fixture("en_wordpress_category.html")
    assert listing.kind == "listing"
    assert len(listing.items) == 8
    first = listing.items[0]
    assert first.url == "https://ngo.example.org/2020/12/05/arrivals-peaked-2009/"
    assert first.author == "Jeongmin Kim" and first.date == "2020-12-05"
    assert first.summary and first.summary.startswith("South Korea's Ministry of Unification")
    titles = {it.title for it in listing.items}
    assert "Soldier shot while defecting across the JSA" not in titles  # only in the sidebar
    assert listing.next_url == "https://ngo.example.org/category/news/page/2/"


def test_board_rows_with_two_digit_years_and_block_next() -> None:
    listing = _fixture("ko_gnuboard.html")
    assert len(listing.items) == 10
    assert listing.items[0].date == "2020-12-05"
    assert listing.items[0].author == "김민수"
    # "다음" on a gnuboard pager jumps ten pages; the next page is the number after the current.
    assert listing.next_url and listing.next_url.endswith("page=2")


def test_relative_dates_resolve_against_fetch_time() -> None:
    listing = _fixture("en_relative_dates.html")
    assert [it.date for it in listing.items[:3]] == ["2024-08-01", "2024-07-31", "2024-07-29"]
    body = (FIXTURES / "en_relative_dates.html").read_text(encoding="utf-8")
    undated = split_page(body, "https://live.example.com/", is_html=True)
    assert undated.items[0].date is None


def test_dates_from_url_path_not_from_teaser() -> None:
    listing = _fixture("en_url_dates.html")
    assert listing.items[0].date == "2019-07-31"
    assert all(it.url and it.date and it.url.count(it.date[:4]) for it in listing.items)


def _page(links: str, url: str = "https://s.example/news/") -> Listing:
    items = "".join(
        f'<li><a href="/n/{i}">A report number {i} about arrivals</a>'
        f" <span>2020-01-0{i}</span></li>"
        for i in range(1, 6)
    )
    html = f"<html><body><ul>{items}</ul><div>{links}</div></body></html>"
    return split_page(html, url, is_html=True)


@pytest.mark.parametrize(
    ("links", "url", "expected"),
    [
        ('<a href="/news/page/2/" rel="next">2</a>', None, "https://s.example/news/page/2/"),
        ('<a href="/a">이전</a> <a href="/b">다음 페이지</a>', None, "https://s.example/b"),
        ('<a href="?p=1">前へ</a> <a href="?p=3">次へ</a>', None, "https://s.example/news/?p=3"),
        ('<a href="/news/page/2/">2</a> <a href="/news/page/4/">4</a>', "https://s.example/news/page/3/",
         "https://s.example/news/page/4/"),
        ('<span class="current">2</span><a href="?page=1">1</a><a href="?page=3">3</a>', None,
         "https://s.example/news/?page=3"),
        ('<a href="/last" title="Last page">»</a><a href="/n2">›</a>', None, "https://s.example/n2"),
        ("<p>no pager</p>", None, None),
    ],
)
def test_next_url(links: str, url: str | None, expected: str | None) -> None:
    listing = _page(links, url or "https://s.example/news/")
    assert listing.kind == "listing"
    assert listing.next_url == expected


def test_html_article_with_related_list_is_an_article() -> None:
    for name in ("en_article_single.html", "ko_article.html", "ja_article.html"):
        listing = _fixture(name)
        assert listing.kind == "article", name
        assert listing.items == []


def test_text_bullets_take_the_date_at_the_line_end() -> None:
    listing = _fixture("ko_dump_bullets.txt")
    assert len(listing.items) == 8
    second = listing.items[1]
    assert second.title is None and second.summary and second.summary.endswith("…")
    assert second.date == "2022-04-29"  # not the 2023-10 inside the teaser


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_split_page_never_raises_on_text(body: str, is_html: bool) -> None:
    now = datetime(2024, 1, 1)
    listing = split_page(body, "https://s.example/", is_html=is_html, fetched_at=now)
    assert listing.kind in ("article", "listing")


TAGS = st.sampled_from(
    ["div", "li", "ul", "article", "a", "p", "span", "time", "table", "tr", "td", "nav"]
)
ATTRS = st.sampled_from(["", ' href="/x/1"', ' class="post"', ' datetime="2020-02-30"'])


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        attr = draw(ATTRS)
        parts.append(f"<{tag}{attr}>{draw(st.text(max_size=20))}")
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return "<html><body>" + "".join(parts)


@settings(max_examples=600, deadline=None)
@given(html_soup())
def test_split_page_never_raises_on_html(body: str) -> None:
    listing = split_page(body, "https://s.example/", is_html=True)
    assert all(it.url is None or it.url.startswith("https://") for it in listing.items)


BENCH = default_shared() / "bench" / "article-extraction" / "html"


def test_real_article_pages_are_mostly_articles() -> None:
    import gzip

    pages = sorted(BENCH.glob("*.html.gz")) if BENCH.exists() else []
    if not pages:
        pytest.skip("article benchmark not available")
    kinds = [
        split_page(gzip.decompress(p.read_bytes()).decode("utf-8", "replace"),
                   "https://example.com/", is_html=True).kind
        for p in pages
    ]
    assert kinds.count("article") / len(kinds) >= 0.9


def test_superscript_digits_in_a_pager_are_not_page_numbers() -> None:
    html = ("<html><body><ul><li><a href='/a'>One report about arrests</a></li>"
            "<li><a href='/b'>Another report about returns</a></li></ul>"
            "<div><strong>²</strong><a href='/p/3'>³</a></div></body></html>")
    assert split_page(html, "https://ex.org/news/", is_html=True).next_url is None


def _split_body(body: str) -> Listing:
    """An HTML page around `body`, split."""
    return split_page(f"<html><body>{body}</body></html>", "https://b.example/", is_html=True)


def test_board_rows_of_one_shape_with_pinned_notices_marked() -> None:
    marks = [(" class='notice'", "공지"), (" class='notice'", "공지"), ("", "98"), ("", "97")]
    rows = "".join(
        f"<tr{marks[i][0]}><td>{marks[i][1]}</td>"
        f"<td class='title'><a href='/bbs/{i}'>게시판 글 제목 번호 {i}</a></td>"
        f"<td class='author'>작성자{i}</td><td class='time'>2021.02.{10 + i}</td></tr>"
        for i in range(4)
    )
    listing = _split_body(f"<form><table><tbody>{rows}</tbody></table></form>")
    assert listing.kind == "listing" and len(listing.items) == 4
    assert [it.pinned for it in listing.items] == [True, True, False, False]
    assert listing.items[3].date == "2021-02-13"


def test_story_rows_take_their_byline_row_not_the_other_way_round() -> None:
    rows = "".join(
        f"<tr class='story'><td class='title'>{i}.</td><td class='title'>"
        f"<a href='https://n{i}.example/a'>A headline of some length number {i}</a></td></tr>"
        f"<tr><td class='sub'>{i} points by <a class='hnuser' href='/u?id=u{i}'>user_{i}</a>"
        f"</td></tr><tr class='spacer'></tr>"
        for i in range(1, 6)
    )
    listing = _split_body(f"<table>{rows}</table>")
    assert [it.title for it in listing.items] == [
        f"A headline of some length number {i}" for i in range(1, 6)]
    assert [it.author for it in listing.items] == [f"user_{i}" for i in range(1, 6)]


def test_a_sidebar_token_on_the_main_column_does_not_hide_the_listing() -> None:
    cards = "".join(
        f"<div class='card'><time>2019-08-{10 + i}</time><h1><a href='/n/{i}'>"
        f"Release {i} of the tool fixes bugs</a></h1><div>This release mends two small bugs "
        f"introduced earlier. <a href='/n/{i}'>Read More »</a></div></div>"
        for i in range(4)
    )
    listing = _split_body(f"<main class='content-with-sidebar'>{cards}</main>")
    assert len(listing.items) == 4 and listing.items[0].date == "2019-08-10"


def test_undated_archive_of_headlines_and_teasers() -> None:
    posts = [
        ("Shelter opens a second house", "The shelter we run opened a second house this month "
         "for families who arrived over the winter, with room for twelve people and a school"),
        ("A LETTER TO THE MINISTRY", None),
        ("Volunteers walk for the rescue fund", "Forty volunteers walked 20 km on 3 April 2021 "
         "to raise money for the rescue fund; the walk is held every spring since 2015"),
        ("Book launch in Tokyo", "A memoir by a woman who escaped in 2009 was launched in "
         "Tokyo, and its author spoke about her years in hiding before she reached Japan"),
    ]
    lines = ["Category: News", ""]
    for title, teaser in posts:
        lines += [title, ""] + ([teaser, ""] if teaser else [])
    lines += ["We ask the ministry to act without delay on the cases listed below.", ""]
    listing = split_page("\n".join(lines), "https://t.example/", is_html=False)
    assert listing.kind == "listing"
    assert [it.title for it in listing.items] == [posts[0][0], posts[2][0], posts[3][0]]
    assert [it.date for it in listing.items] == [None, "2021-04-03", None]


def test_bullet_teasers_drop_the_menu_and_keep_cut_titles() -> None:
    menu = ["• About the campaign", "• Youth programmes", "• Rescue"]
    teasers = [
        f"• Report number {i} on arrests at the bo… Report number {i} on arrests at the border "
        f"says the group was held on {10 + i} May 2014 and sent back a week later. See details"
        for i in range(3)
    ]
    listing = split_page("\n".join([*menu, "", *teasers]), "https://b.example/", is_html=False)
    assert [it.title for it in listing.items] == [f"Report number {i} on arrests at the bo…"
                                                  for i in range(3)]
    assert [it.date for it in listing.items] == ["2014-05-10", "2014-05-11", "2014-05-12"]
    assert not any(it.summary and it.summary.endswith("See details") for it in listing.items)


def test_a_region_of_short_links_without_dates_or_teasers_is_never_a_listing() -> None:
    menu = "".join(f"<li><a href='/s/{i}'>Section {w}</a></li>"
                   for i, w in enumerate(["news", "reports", "campaigns", "about", "press"]))
    body = "<p>" + "A long paragraph of an article about the border. " * 12 + "</p>"
    assert _split_body(f"<div><ul class='list'>{menu}</ul></div>{body}").kind == "article"
    # the same links with dates are a listing
    dated = menu.replace("</a>", "</a> <span>2020-03-04</span>")
    assert _split_body(f"<div><ul class='list'>{dated}</ul></div>").kind == "listing"


def test_teaser_day_and_month_take_the_year_the_teaser_names() -> None:
    teasers = [
        "• Group held at the bor… Group held at the border. The nine left home in 2019; "
        "on 17 November they were taken to a city near the border. See details",
        "• Statement on the ret… Statement on the returns issued 2 December 2018 after the "
        "group was moved on 17 November. See details",
        "• Fundraising tour in C… Fundraising tour in Canada this May raised money for the "
        "rescue of fifty people, with seminars in four cities. Read more",
    ]
    listing = split_page("\n".join(teasers), "https://b.example/", is_html=False)
    assert [it.date for it in listing.items] == ["2019-11-17", "2018-12-02", None]


def test_card_grids_in_several_sections_join_and_most_read_box_loses() -> None:
    def cards(section: int) -> str:
        return "".join(
            f"<div class='card'><h3><a href='/s{section}/{i}'>Report {section}-{i} on people "
            f"held in China</a></h3><p>A teaser of the report, long enough to read as one "
            f"({section}-{i}).</p><span class='date'>2023-0{section}-1{i}</span></div>"
            for i in range(3))
    most_read = "".join(f"<li><a href='/p/{i}'>Popular story number {i} of the week</a></li>"
                        for i in range(5))
    body = (f"<section><h2>Asia</h2><div class='grid'>{cards(1)}</div></section>"
            f"<section><h2>Europe</h2><div class='grid'>{cards(2)}</div></section>"
            f"<div class='box'><h2>Most read</h2><ol>{most_read}</ol></div>")
    listing = _split_body(body)
    assert [it.url and it.url.rsplit("/", 2)[-2] for it in listing.items] == ["s1"] * 3 + ["s2"] * 3
    assert listing.items[4].date == "2023-02-11"


def test_a_listing_with_long_teasers_is_not_an_article() -> None:
    from tumen.extract import extract_html

    teaser = ("The report describes how the group crossed the river at night, was held for "
              "weeks and questioned about contacts abroad before the families were told. ") * 5
    posts = "".join(
        f"<article><h2><a href='/r/{i}'>Report {i} from the border region this month</a></h2>"
        f"<time datetime='2022-05-0{i}'>May {i}, 2022</time><p>{teaser}</p></article>"
        for i in range(1, 5))
    html = f"<html><head><title>Reports</title></head><body><main>{posts}</main></body></html>"
    extracted = extract_html(html, "https://l.example/reports/")
    assert extracted.kind == "listing"
    assert [it.date for it in extracted.items] == [f"2022-05-0{i}" for i in range(1, 5)]


def test_html_teaser_states_the_date_and_an_image_url_never_does() -> None:
    issued = "Issued on 4 March 2021, the appeal asks for the release of the group. "
    cards = "".join(
        f"<div class='post'><img src='/uploads/2019/05/photo{i}.jpg' alt=''>"
        f"<h3><a href='/p/{i}'>Appeal number {i} for the group held in China</a></h3>"
        f"<p>{issued if i else ''}"
        f"The appeal asks governments to act for the people held near the border.</p></div>"
        for i in range(3))
    listing = _split_body(cards)
    assert [it.date for it in listing.items] == [None, "2021-03-04", "2021-03-04"]
