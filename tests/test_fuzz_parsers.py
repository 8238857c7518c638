"""Hypothesis fuzzing of every parser that reads outside input: none may crash.

Every entry point (HTML pages, text dumps, feeds, WARC files, dates, search queries) gets
FUZZ_EXAMPLES cases (10,000 by default; $TUMEN_FUZZ_EXAMPLES changes it), generated
deterministically (derandomize) from pieces of real structure mixed with control characters,
NUL, lone surrogates and invalid UTF-8. Pages are fed as bytes, where the pipeline meets
them, so the decoding that makes text XML-safe is under test too.
"""

from __future__ import annotations

import os
from datetime import datetime
from io import BytesIO
from typing import Any

import pytest
from bench.fts5_query import fts5_match, index_terms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tumen.archive import iter_warc
from tumen.dates import parse_date, search_date
from tumen.extract import ExtractError, extract_page
from tumen.fetch import decode_body
from tumen.listing import split_page
from tumen.models import RawPage
from tumen.store import SearchQuery, open_store

FUZZ_EXAMPLES = int(os.environ.get("TUMEN_FUZZ_EXAMPLES", "10000"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
NOW = datetime(2024, 6, 10)

# what the issue asks every parser to survive: C0 controls, NUL, DEL and C1, lone
# surrogates (as Python makes them from undecodable argv), non-characters, odd separators
NASTY = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x85",
         "\ud800", "\udbff", "\udc00", "\udcff", "\udfff", "\ufffe", "\uffff", "\u2028",
         "\ufeff", "\u202e"]
# invalid UTF-8: stray continuation, cut sequences, overlong forms, encoded surrogates,
# code points past U+10FFFF, bytes that never occur
BAD_UTF8 = [b"\x80", b"\xbf", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc0\xaf", b"\xe0\x80\xaf",
            b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80",
            b"\xfe", b"\xff", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]
DATE_PIECES = [
    "2015-11-23", "December 05, 2020", "Monday 19th December, 2016", "19 Dec 2016", "어제",
    "2023년 10월 9일", "令和5年10月9日", "2024年5月3日", "3 days ago", "yesterday", "Dec", "31",
    "2024/02/30", "0000-00-00", "9999-12-31", "  ", ",", ".", "th", "년", "+09:00",
    "T12:00:00Z", "-1", "12-23", "20.12.05", "10:22"]
FEED_PIECES = [
    "<?xml version='1.0'?>", "<?xml version='1.0' encoding='euc-kr'?>", "<rss version='2.0'>",
    "<channel>", "</channel>", "</rss>", "<item>", "</item>", "<title>", "</title>", "<link>",
    "</link>", "http://a.example/x", "javascript:alert(1)",
    "<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "<![CDATA[", "]]>",
    "&amp;", "&#0;", "&#12;", "&#xD800;", "<description>", "</description>", "탈북", "脱北者"]
HTML_PIECES = [
    "<html>", "<body>", "<article>", "</article>", "<div class='item'>", "</div>", "<h2>",
    "</h2>", "<a href='/a'>", "<a href='javascript:x'>", "</a>", "<p>", "</p>", "<nav>m</nav>",
    "<time datetime='2015-10-22'>", "</time>", "December 05, 2020", "Next »", "<li>", "</li>",
    "<script>", "</script>", "<!--", "-->", "<br>", "탈북민 7명", "\n\n", "By Kim", "&nbsp;",
    "&#12;", "<meta charset='utf-8'>", "<meta charset='shift_jis'>", "<?xml?>", "<![CDATA["]
TEXT_PIECES = ["Arrests at the border\n", "\n\n", "March 3, 2019\n", "2024년 5월 3일\n",
               "Police detained five people near Dandong. ", "1. ", "Read more", "탈북민 ",
               "脱北者が拘束された。", "• ", "----\n"]
QUERY_PIECES = ['"', "AND", "OR", "NOT", "(", ")", "*", "^", "NEAR", "defectors", "탈북", ":",
                "-", "+", "title:", "脱北者", "''", "탈북민들이", "NEAR(a b, 2)"]


def nasty_text(pieces: list[str], size: int = 12) -> st.SearchStrategy[str]:
    """Text joining structure pieces, nasty characters and undecodable bytes as surrogates."""
    part = st.one_of(
        st.sampled_from(pieces), st.sampled_from(NASTY),
        st.sampled_from(BAD_UTF8).map(lambda b: b.decode("utf-8", "surrogateescape")),
        st.text(max_size=4))
    return st.lists(part, max_size=size).map("".join)


def nasty_bytes(pieces: list[str], size: int = 16) -> st.SearchStrategy[bytes]:
    """Bytes joining structure pieces, nasty characters (surrogates encoded) and bad UTF-8."""
    part = st.one_of(
        st.sampled_from(pieces).map(str.encode), st.sampled_from(BAD_UTF8),
        st.sampled_from(NASTY).map(lambda c: c.encode("utf-8", "surrogatepass")),
        st.binary(max_size=4))
    return st.lists(part, max_size=size).map(b"".join)


def read(body: bytes, content_type: str, url: str = "https://news.example.org/a") -> None:
    """extract_page as the pipeline calls it: an ExtractError is the one allowed refusal."""
    try:
        extracted = extract_page(RawPage(url=url, final_url=url, body=body,
                                         content_type=content_type, fetched_at=NOW))
    except ExtractError:
        return
    assert isinstance(extracted.items, list)
    for item in extracted.items:
        assert isinstance(item.text, str)


@FUZZ
@given(nasty_text(DATE_PIECES, 8))
def test_dates_never_crash(text: str) -> None:
    result = parse_date(text, now=NOW)
    assert result is None or (result[:4].isdigit() and len(result) in (4, 7, 10))
    found = search_date(text, now=NOW)
    assert found is None or 0 <= found[1] < found[2] <= len(text)


@FUZZ
@given(nasty_text(QUERY_PIECES, 10))
def test_search_queries_never_crash(query: str) -> None:
    expr = fts5_match(query)
    assert expr is None or (isinstance(expr, str) and expr.strip())
    assert isinstance(index_terms(query), str)


@FUZZ
@given(nasty_bytes(FEED_PIECES, 30))
def test_feeds_never_crash(body: bytes) -> None:
    read(body, "application/rss+xml")


@FUZZ
@given(nasty_bytes(TEXT_PIECES, 16))
def test_text_dumps_never_crash(body: bytes) -> None:
    read(body, "text/plain; charset=utf-8")


@FUZZ
@given(nasty_bytes(HTML_PIECES, 24))
def test_html_decoding_and_listing_split_never_crash(body: bytes) -> None:
    """The cheap half of an HTML page, 10,000 times: decoding and the listing splitter."""
    text, _ = decode_body(body, "text/html")
    split_page(text, "https://news.example.org/list", is_html=True, fetched_at=NOW)
    split_page(text, "https://news.example.org/list.txt", is_html=False, fetched_at=NOW)


# trafilatura costs ~10 ms a page on this machine: a whole extract_page 10,000 times
# would take minutes, so its share is one case in ten (cheap inputs, same generator)
@settings(FUZZ, max_examples=max(1, FUZZ_EXAMPLES // 10))
@given(nasty_bytes(HTML_PIECES, 24))
def test_html_pages_never_crash(body: bytes) -> None:
    read(body, "text/html")


def _warc(payload: bytes, header: str, content_type: str) -> bytes:
    """A gzipped WARC response record whose header value and payload are fuzzed."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = [("Content-Type", content_type), ("X-Fuzz", header)]
    record = writer.create_warc_record(
        "https://news.example.org/w", "response", payload=BytesIO(payload),
        length=len(payload),
        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"))
    writer.write_record(record)
    return buf.getvalue()


@FUZZ
@given(payload=nasty_bytes(TEXT_PIECES + FEED_PIECES, 12),
       header=nasty_text(["a", "ä", "탈북"], 4).map(
           lambda t: t.encode("utf-8", "surrogatepass").decode("latin-1")),
       content_type=st.sampled_from(["text/plain", "text/html", "application/rss+xml", ""]),
       cut=st.integers(min_value=-1, max_value=400),
       noise=nasty_bytes(["WARC/1.0\r\n", "\r\n\r\n", "Content-Length: 9\r\n"], 6))
def test_warc_files_never_crash(tmp_path_factory: pytest.TempPathFactory, payload: bytes,
                                header: str, content_type: str, cut: int, noise: bytes) -> None:
    data = _warc(payload, header, content_type)
    data = (data if cut < 0 else data[:cut]) + noise
    path = tmp_path_factory.getbasetemp() / "fuzz.warc.gz"
    path.write_bytes(data)
    for page in iter_warc(path):
        read(page.body, page.content_type, page.url)


@pytest.fixture(scope="module")
def search_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A small SQLite store to run fuzzed searches against."""
    from test_web_pages import fill_store

    store = open_store(str(tmp_path_factory.mktemp("fuzz") / "tumen.db"))
    fill_store(store, extra=5)
    yield store
    store.close()


@FUZZ
@given(nasty_text(QUERY_PIECES, 10))
def test_store_search_never_crashes(search_store: Any, query: str) -> None:
    page = search_store.search(SearchQuery(text=query, limit=5))
    assert page.total >= len(page.hits)
