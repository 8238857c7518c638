"""Hypothesis fuzzing of every parser that reads outside input: none may crash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tumen.dates import parse_date
from tumen.extract import ExtractError, extract_feed, extract_html
from tumen.listing import split_page
from tumen.search import fts5_match
from tumen.store import SearchQuery, open_store

FAST = settings(max_examples=2000, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=2000, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
NOW = datetime(2024, 6, 10)
DATE_PIECES = st.sampled_from([
    "2015-11-23", "December 05, 2020", "Monday 19th December, 2016", "19 Dec 2016", "어제",
    "2023년 10월 9일", "令和5年10月9日", "3 days ago", "yesterday", "Dec", "31", "2024/02/30",
    "0000-00-00", "9999-12-31", "  ", ",", ".", "th", "년", "+09:00", "T12:00:00Z", "-1"])
FEED_PIECES = st.sampled_from([
    "<?xml version='1.0'?>", "<rss version='2.0'>", "<channel>", "</channel>", "</rss>",
    "<item>", "</item>", "<title>", "</title>", "<link>", "</link>", "http://a.example/x",
    "<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate>", "<feed xmlns='http://www.w3.org/2005/Atom'>",
    "<entry>", "</entry>", "<![CDATA[", "]]>", "&amp;", "&#0;", "<description>", "탈북", "\x00"])
HTML_PIECES = st.sampled_from([
    "<html>", "<body>", "<article>", "</article>", "<div class='item'>", "</div>", "<h2>",
    "</h2>", "<a href='/a'>", "<a href='javascript:x'>", "</a>", "<p>", "</p>", "<time "
    "datetime='2015-10-22'>", "</time>", "December 05, 2020", "Next »", "<li>", "</li>",
    "<script>", "</script>", "<!--", "-->", "<br>", "탈북민 7명", "\n\n", "By Kim", "&nbsp;"])


@FAST
@given(st.text(max_size=60) | st.lists(DATE_PIECES, max_size=6).map(" ".join))
def test_parse_date_never_crashes_and_returns_iso(text: str) -> None:
    result = parse_date(text, now=NOW)
    assert result is None or (result[:4].isdigit() and len(result) in (4, 7, 10))


@FAST
@given(st.text(max_size=120))
def test_fts5_match_never_crashes(query: str) -> None:
    expr = fts5_match(query)
    assert expr is None or (isinstance(expr, str) and expr.strip())


@SLOW
@given(st.binary(max_size=400) | st.lists(FEED_PIECES, max_size=30).map("".join).map(str.encode))
def test_extract_feed_never_crashes(body: bytes) -> None:
    try:
        extracted = extract_feed(body, "https://feeds.example.org/rss")
    except ExtractError:
        return  # the one documented way to refuse a body
    assert isinstance(extracted.items, list)


@SLOW
@given(st.text(max_size=300) | st.lists(HTML_PIECES, max_size=40).map("".join))
def test_extract_html_and_split_page_never_crash(html: str) -> None:
    split_page(html, "https://news.example.org/list", is_html=True, fetched_at=NOW)
    split_page(html, "https://news.example.org/list.txt", is_html=False, fetched_at=NOW)
    try:
        extracted = extract_html(html, "https://news.example.org/list", fetched_at=NOW)
    except ExtractError:
        return  # the one documented way to refuse a page
    assert isinstance(extracted.items, list)


@pytest.fixture(scope="module")
def search_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A small SQLite store to run fuzzed searches against."""
    from test_web_pages import fill_store

    store = open_store(str(tmp_path_factory.mktemp("fuzz") / "tumen.db"))
    fill_store(store, extra=5)
    yield store
    store.close()


@settings(max_examples=2000, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.text(max_size=80) | st.lists(st.sampled_from(
    ['"', "AND", "OR", "NOT", "(", ")", "*", "^", "NEAR", "defectors", "탈북", ":", "-", "+",
     "title:", "脱北者", "\x00", "''"]), max_size=10).map(" ".join))
def test_store_search_never_crashes(search_store: Any, query: str) -> None:
    page = search_store.search(SearchQuery(text=query, limit=5))
    assert page.total >= len(page.hits)

