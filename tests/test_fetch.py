"""Tests of the fetcher against a local site: politeness, limits, SSRF guard, charsets."""

from __future__ import annotations

import gzip
import itertools
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from localsite import Request, Response, Route, conditional, redirect, repeat, serve
from tumen.archive import WarcArchive, iter_warc
from tumen.config import Settings
from tumen.fetch import Fetcher, FetchError, check_url, decode_body, read_path, xml_safe

FIXTURES = Path(__file__).parent / "fixtures" / "http"
UA = "tumen-test/1.0"


def settings(**overrides: object) -> Settings:
    """Fast settings for tests: loopback allowed, no delay, tiny backoff."""
    values: dict[str, object] = {
        "allow_addresses": ["127.0.0.1"], "fetch_delay": 0, "backoff": 0.01, "max_retries": 2,
        "connect_timeout": 2, "read_timeout": 2, "user_agent": UA,
    }
    values.update(overrides)
    return Settings.model_validate(values)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def expected(name: str) -> list[str]:
    """The UTF-8 source lines a fixture page was encoded from."""
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


def test_plain_fetch() -> None:
    html = fixture("report-en.html")
    routes = {"/report": Response(body=html, headers={"Content-Type": "text/html; charset=utf-8"})}
    with serve(routes) as site, Fetcher(settings()) as fetcher:
        page = fetcher.fetch(site.url("/report"))
    assert page.status == 200
    assert page.body == html
    assert page.url == page.final_url == site.url("/report")
    assert page.content_type.startswith("text/html")
    assert page.encoding == "utf-8"
    assert page.headers["content-length"] == str(len(html))
    assert page.fetched_at is not None and page.fetched_at.utcoffset() is not None
    assert page.warc_path is None
    got = [r for r in site.requests if r.path == "/report"]
    assert len(got) == 1 and got[0].headers["user-agent"] == UA


def test_conditional_get_sends_validators_and_returns_304() -> None:
    etag, modified = '"v1"', "Fri, 13 Oct 2023 08:00:00 GMT"
    route = conditional(b"<p>report</p>", etag=etag, last_modified=modified)
    with serve({"/r": route}) as site, Fetcher(settings()) as fetcher:
        first = fetcher.fetch(site.url("/r"))
        by_etag = fetcher.fetch(site.url("/r"), etag=first.headers["etag"])
        by_date = fetcher.fetch(site.url("/r"), last_modified=first.headers["last-modified"])
        stale = fetcher.fetch(site.url("/r"), etag='"v0"')
    assert first.status == 200 and first.body == b"<p>report</p>"
    assert by_etag.status == 304 and by_etag.body == b""
    assert by_date.status == 304 and by_date.body == b""
    assert stale.status == 200 and stale.body == b"<p>report</p>"
    sent = [r.headers for r in site.requests if r.path == "/r"]
    assert "if-none-match" not in sent[0] and "if-modified-since" not in sent[0]
    assert sent[1]["if-none-match"] == etag
    assert sent[2]["if-modified-since"] == modified


def test_robots_disallow_is_respected_and_robots_read_once() -> None:
    routes = {"/robots.txt": fixture("robots.txt"), "/private/case": b"secret", "/news": b"ok"}
    # The fixture disallows /private/ for "tumen" and everything for other agents.
    with serve(routes) as site, Fetcher(settings(user_agent="tumen/0.1")) as fetcher:
        with pytest.raises(FetchError, match=r"robots\.txt"):
            fetcher.fetch(site.url("/private/case"))
        assert fetcher.fetch(site.url("/news")).body == b"ok"
    with (
        serve(routes) as other, Fetcher(settings(user_agent="otherbot/2")) as fetcher,
        pytest.raises(FetchError, match=r"robots\.txt"),
    ):
        fetcher.fetch(other.url("/news"))
    assert "/private/case" not in site.paths()
    assert site.count("/robots.txt") == 1
    assert other.paths() == ["/robots.txt"]


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (503, False)])
def test_robots_status_codes(status: int, allowed: bool) -> None:
    routes: dict[str, Route] = {"/robots.txt": Response(status=status), "/page": b"ok"}
    with serve(routes) as site, Fetcher(settings()) as fetcher:
        if allowed:
            assert fetcher.fetch(site.url("/page")).body == b"ok"
        else:
            with pytest.raises(FetchError, match=r"robots\.txt"):
                fetcher.fetch(site.url("/page"))
    assert (site.count("/page") == 1) is allowed


def test_unreachable_robots_allows() -> None:
    routes: dict[str, Route] = {"/robots.txt": Response(delay=float("inf")), "/page": b"ok"}
    with serve(routes) as site, Fetcher(settings(read_timeout=0.2)) as fetcher:
        assert fetcher.fetch(site.url("/page")).body == b"ok"


def flaky(failures: int, status: int = 503) -> Callable[[Request], Response]:
    """A route failing ``failures`` times with ``status``, then answering 200."""
    calls: list[Request] = []

    def answer(request: Request) -> Response:
        calls.append(request)
        if len(calls) <= failures:
            return Response(status=status, body=b"busy")
        return Response(body=b"finally")

    return answer


def test_retries_on_503_then_success() -> None:
    with serve({"/r": flaky(2)}) as site, Fetcher(settings(max_retries=3)) as fetcher:
        page = fetcher.fetch(site.url("/r"))
    assert page.body == b"finally"
    assert site.count("/r") == 3
    gaps = [b - a for a, b in itertools.pairwise(site.times("/r"))]
    assert gaps[0] >= 0.01 and gaps[1] >= 0.02  # exponential backoff


def test_gives_up_after_max_retries() -> None:
    with (
        serve({"/r": flaky(10)}) as site, Fetcher(settings(max_retries=2)) as fetcher,
        pytest.raises(FetchError, match=r"^HTTP 503 after 2 retries$"),
    ):
        fetcher.fetch(site.url("/r"))
    assert site.count("/r") == 3


def test_no_retry_on_404() -> None:
    with (
        serve({}) as site, Fetcher(settings(max_retries=3)) as fetcher,
        pytest.raises(FetchError, match=r"^HTTP 404$"),
    ):
        fetcher.fetch(site.url("/missing"))
    assert site.count("/missing") == 1


def test_host_that_hangs_times_out() -> None:
    routes = {"/robots.txt": Response(status=404), "/hang": Response(delay=float("inf"))}
    start = time.monotonic()
    with serve(routes) as site, Fetcher(settings(read_timeout=0.2, max_retries=1)) as fetcher:
        with pytest.raises(FetchError, match=r"^timeout after 1 retries$"):
            fetcher.fetch(site.url("/hang"))
        assert site.count("/hang") == 2
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("declare_length", [True, False])
def test_50mb_body_refused_without_reading_it_all(declare_length: bool) -> None:
    size = 50 * 1024 * 1024
    headers = {"Content-Length": str(size)} if declare_length else {}
    routes = {"/big": Response(body=repeat(b"x" * 65536, size // 65536), headers=headers)}
    with serve(routes) as site, Fetcher(settings(max_body_bytes=1_000_000)) as fetcher:
        with pytest.raises(FetchError, match=r"^body larger than 1000000 bytes$"):
            fetcher.fetch(site.url("/big"))
        time.sleep(0.1)
        assert site.sent < size // 4
    assert site.count("/big") == 1  # a refused body is not retried


def test_gzip_bomb_refused_after_decompression() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    routes = {"/z": Response(body=bomb, headers={"Content-Encoding": "gzip"})}
    with serve(routes) as site, Fetcher(settings(max_body_bytes=1_000_000)) as fetcher:
        with pytest.raises(FetchError, match=r"body larger than"):
            fetcher.fetch(site.url("/z"))
        ok = gzip.compress(b"<p>small</p>")
        site.routes["/z"] = Response(body=ok, headers={"Content-Encoding": "gzip"})
        assert fetcher.fetch(site.url("/z")).body == b"<p>small</p>"


def test_redirects_followed_and_loops_detected() -> None:
    routes: dict[str, Route] = {
        "/old": redirect("/new", 301), "/new": b"moved here",
        "/a": redirect("/b"), "/b": redirect("/a"),
        **{f"/hop{i}": redirect(f"/hop{i + 1}") for i in range(6)}, "/hop6": b"end",
    }
    with serve(routes) as site, Fetcher(settings(max_redirects=3)) as fetcher:
        page = fetcher.fetch(site.url("/old"))
        assert (page.url, page.final_url) == (site.url("/old"), site.url("/new"))
        assert page.body == b"moved here"
        with pytest.raises(FetchError, match=r"^redirect loop at"):
            fetcher.fetch(site.url("/a"))
        with pytest.raises(FetchError, match=r"^too many redirects \(more than 3\)$"):
            fetcher.fetch(site.url("/hop0"))
    assert site.count("/a") == 1 and site.count("/b") == 1
    assert "/hop5" not in site.paths()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("file:///etc/passwd", "scheme 'file'"),
    ],
)
def test_redirect_to_private_address_refused(target: str, message: str) -> None:
    with (
        serve({"/go": redirect(target)}) as site, Fetcher(settings()) as fetcher,
        pytest.raises(FetchError, match="^refused: " + re.escape(message)),
    ):
        fetcher.fetch(site.url("/go"))
    assert site.paths() == ["/robots.txt", "/go"]


def test_direct_private_address_refused_unless_allowed() -> None:
    with serve({"/": b"internal"}) as site:
        with (
            Fetcher(settings(allow_addresses=[])) as fetcher,
            pytest.raises(FetchError, match=r"^refused: 127\.0\.0\.1 is a loopback address$"),
        ):
            fetcher.fetch(site.url("/"))
        assert site.requests == []
        with Fetcher(settings(allow_addresses=["127.0.0.0/8"])) as fetcher:
            assert fetcher.fetch(site.url("/")).body == b"internal"


@pytest.mark.parametrize(
    "url",
    [
        "http://0.0.0.0/", "http://192.168.1.10/", "http://172.16.0.1/", "http://100.64.0.1/",
        "http://224.0.0.1/", "http://240.0.0.1/", "http://[fe80::1]/", "http://[fc00::1]/",
        "http://[::ffff:10.0.0.1]/", "http://[::ffff:127.0.0.1]/", "http://[2002:a00:1::]/",
        "http://[ff02::1]/", "http://[::]/", "ftp://8.8.8.8/", "gopher://8.8.8.8/", "http:///x",
    ],
)
def test_check_url_refuses(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url, [])


def test_check_url_allows_public_and_listed() -> None:
    check_url("https://8.8.8.8/feed", [])
    check_url("http://[2001:4860:4860::8888]/", [])
    check_url("http://10.1.2.3/", ["10.0.0.0/8"])
    check_url("http://[::ffff:10.1.2.3]/", ["10.1.2.3"])
    with pytest.raises(FetchError, match=r"10\.1\.2\.3 is a private"):
        check_url("http://10.1.2.3/", ["127.0.0.1", "10.2.0.0/16"])
    with pytest.raises(FetchError, match=r"bad allow_addresses"):
        check_url("http://10.1.2.3/", ["not-an-ip"])


def test_per_host_delay_is_honoured() -> None:
    routes = {f"/p{i}": b"page" for i in range(3)}
    with serve(routes) as site, Fetcher(settings(fetch_delay=0.3)) as fetcher:
        for i in range(3):
            fetcher.fetch(site.url(f"/p{i}"))
    times = site.times()
    assert len(times) == 4  # robots.txt, then three pages
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.29


def test_robots_crawl_delay_is_honoured() -> None:
    robots = b"User-agent: *\nCrawl-delay: 1\nDisallow: /x\n"
    routes = {"/robots.txt": robots, "/a": b"a", "/b": b"b"}
    with serve(routes) as site, Fetcher(settings()) as fetcher:
        fetcher.fetch(site.url("/a"))
        fetcher.fetch(site.url("/b"))
    gap = site.times("/b")[0] - site.times("/a")[0]
    assert gap >= 0.99


@pytest.mark.parametrize(
    ("name", "content_type", "source", "codec"),
    [
        ("ko-euckr-bare.html", "text/html; charset=EUC-KR", "ko.txt", "cp949"),
        ("ko-euckr-meta.html", "text/html", "ko.txt", "cp949"),
        ("ko-euckr-bare.html", "text/html", "ko.txt", "cp949"),
        ("ja-sjis-bare.html", "text/html; charset=Shift_JIS", "ja.txt", "cp932"),
        ("ja-sjis-meta.html", "text/html", "ja.txt", "cp932"),
        ("ja-sjis-bare.html", "text/html", "ja.txt", "cp932"),
        ("ko-euckr-feed.xml", "application/rss+xml", "ko.txt", "cp949"),
    ],
)
def test_charsets_decoded(name: str, content_type: str, source: str, codec: str) -> None:
    routes = {"/p": Response(body=fixture(name), headers={"Content-Type": content_type})}
    with serve(routes) as site, Fetcher(settings()) as fetcher:
        page = fetcher.fetch(site.url("/p"))
    text, encoding = decode_body(page.body, page.content_type)
    assert page.encoding == encoding == codec
    assert expected(source)[0] in text
    assert "\ufffd" not in text


def test_decode_body_edge_cases() -> None:
    ko = expected("ko.txt")[0]
    assert decode_body("\ufeff" .encode() + ko.encode("utf-8"), "text/html; charset=euc-kr") == (
        ko, "utf-8"
    )
    # A header that lies loses to the bytes when they are not valid in the declared charset.
    text, codec = decode_body(fixture("ko-euckr-bare.html"), "text/html; charset=utf-8")
    assert ko in text and codec == "cp949"
    # Labels name the superset browsers use: this syllable exists in CP949 only.
    assert decode_body("뷁".encode("cp949"), "text/plain; charset=euc-kr") == ("뷁", "cp949")
    # One stray byte in a long page does not overturn its declared charset.
    body = ("<p>" + "North Korean refugees in China – 탈북민 " * 300 + "</p>").encode()
    body = body.replace(b"China", b"Chin\xe1", 1)  # sniffing alone would guess mac-cyrillic
    text, codec = decode_body(body, "text/html; charset=utf-8")
    assert codec == "utf-8" and text.count("탈북민") == 300
    assert decode_body(b"caf\xe9", "text/plain; charset=unknown-x")[0] in ("café", "caf\ufffd")
    text, codec = decode_body(b"\xff\xfe\x00garbage\x81\x00\xfe", "")
    assert isinstance(text, str) and codec
    assert decode_body(b"", "") == ("", "utf-8")


def test_valid_utf8_beats_a_legacy_charset_the_page_declares() -> None:
    zh = "<html><head><meta charset=gb2312></head><body>朝鲜难民在中国被捕</body></html>"
    assert decode_body(zh.encode("utf-8"), "text/html") == (zh, "utf-8")
    # the same text really in GB2312 is read as such (it is not valid UTF-8)
    text, codec = decode_body(zh.encode("gb2312"), "text/html")
    assert text == zh and codec in ("gb2312", "gbk", "gb18030")


def test_fetcher_archives_bodies_but_not_304(tmp_path: Path) -> None:
    routes = {"/r": conditional(fixture("report-en.html"), etag='"e"')}
    with serve(routes) as site, Fetcher(settings(), WarcArchive(tmp_path)) as fetcher:
        page = fetcher.fetch(site.url("/r"))
        again = fetcher.fetch(site.url("/r"), etag='"e"')
    assert again.status == 304 and again.warc_path is None
    assert page.warc_path and page.warc_record_id
    records = list(iter_warc(Path(page.warc_path)))
    assert [(r.url, r.status, r.body, r.warc_record_id) for r in records] == [
        (page.final_url, 200, page.body, page.warc_record_id)
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("report-en.html", "text/html"), ("ko-euckr-meta.html", "text/html"),
        ("dump.txt", "text/plain"), ("ko-euckr-feed.xml", "application/rss+xml"),
        ("feed-atom.xml", "application/atom+xml"),
    ],
)
def test_read_path(name: str, kind: str) -> None:
    page = read_path(FIXTURES / name, settings())
    assert page.content_type == kind
    assert page.body == fixture(name)
    assert page.url == (FIXTURES / name).resolve().as_uri() == page.final_url
    assert page.status == 200 and page.fetched_at is not None


def test_read_path_warc_and_errors(tmp_path: Path) -> None:
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(gzip.compress(b"WARC/1.0\r\n"))
    assert read_path(warc, settings()).content_type == "application/warc"
    assert read_path(FIXTURES / "ko-euckr-bare.html", settings()).encoding == "cp949"
    with pytest.raises(FetchError, match=r"^body larger than 100 bytes"):
        read_path(FIXTURES / "report-en.html", settings(max_body_bytes=100))
    with pytest.raises(FetchError, match=r"^cannot read"):
        read_path(tmp_path / "missing.html", settings())
    with pytest.raises(FetchError, match=r"^not a file"):
        read_path(tmp_path, settings())


def test_decoded_text_is_xml_safe() -> None:
    assert xml_safe("a\x0cb\x0bc\x00d\x1be\ud800f\ufffeg\th\ni\rj") == "a b cdefg\th\ni\rj"
    text, _ = decode_body(b"<p>one\x0ctwo\x00three \xed\xa0\x80 four</p>", "text/html")
    assert text == "<p>one twothree \ufffd\ufffd\ufffd four</p>"


def test_references_to_xml_incompatible_characters_are_dropped() -> None:
    # lxml's HTML parser makes &#12; a form feed, which fails the listing split like a raw one
    assert xml_safe("a&#12;b&#x0C;c&#65;d&#xD800;e&#0;f&amp;") == "a b c&#65;d e f&amp;"
