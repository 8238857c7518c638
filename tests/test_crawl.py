"""Crawling a local listing site with pagination, feeds, sitemaps and source health."""

from __future__ import annotations

from pathlib import Path

import pytest

from localsite import Response, conditional, serve
from tumen.config import Settings
from tumen.crawl import SourcesError, crawl, load_sources, sitemap_urls
from tumen.models import Source
from tumen.store import Store

SITE = Path(__file__).parent / "fixtures" / "site"
PAGES = Path(__file__).parent / "fixtures" / "pages"


def site_routes() -> dict[str, object]:
    """The fixture site: /news/ with pages 2 and 3, and nine articles."""
    routes: dict[str, object] = {}
    for file in SITE.rglob("*.html"):
        path = "/" + file.relative_to(SITE).as_posix()
        body = file.read_bytes()
        routes[path.removesuffix("index.html")] = Response(
            headers={"Content-Type": "text/html; charset=utf-8"}, body=body)
    return routes


def test_listing_crawled_through_pagination_then_nothing_new(
    store: Store, settings: Settings
) -> None:
    with serve(site_routes()) as site:  # type: ignore[arg-type]
        source = Source(name="site", url=site.url("/news/"), kind="listing", max_pages=5)
        first = crawl(store, settings, [source])
        assert first.ingest.added == 9 and first.ingest.failed == []
        assert site.count("/news/page/2/") == 1 and site.count("/news/page/3/") == 1
        articles = [p for p in site.paths() if p.startswith("/articles/")]
        assert len(articles) == 9
        docs = {d.title: d for d in store.iter_documents()}
        yanji = docs["Rights group reports arrest of three women in Yanji"]
        assert "written for tumen's crawl tests" in yanji.text  # the article replaced the teaser
        assert yanji.summary and yanji.summary.startswith("Three North Korean women")
        assert yanji.published == "2024-05-02" and yanji.listing_url == site.url("/news/")
        before = len(site.requests)
        second = crawl(store, settings, [source], force=True)
        new_paths = [r.path for r in site.requests[before:] if r.path != "/robots.txt"]
        assert second.ingest.added == 0 and store.count_documents() == 9
        assert new_paths == ["/news/"]  # stops at the first page with nothing new
    [(_, health)] = store.list_sources()
    assert health.new_items == 0 and health.last_error is None


def test_max_pages_is_respected(store: Store, settings: Settings) -> None:
    with serve(site_routes()) as site:  # type: ignore[arg-type]
        source = Source(name="site", url=site.url("/news/"), kind="listing", max_pages=2)
        crawl(store, settings, [source])
        assert site.count("/news/page/3/") == 0
    assert store.count_documents() == 6


def test_interval_not_due_skips_and_conditional_get(store: Store, settings: Settings) -> None:
    feed = (PAGES / "feed.rss").read_bytes()
    routes = {"/feed": conditional(feed, etag='"v1"', content_type="application/rss+xml")}
    with serve(routes) as site:  # type: ignore[arg-type]
        source = Source(name="feed", url=site.url("/feed"), kind="feed", interval_minutes=60)
        crawl(store, settings, [source])
        crawl(store, settings, [source])  # not due: nothing fetched
        assert site.count("/feed") == 1
        crawl(store, settings, [source], force=True)
        assert site.requests[-1].headers.get("if-none-match") == '"v1"'
    [(_, health)] = store.list_sources()
    assert health.last_status == 200 and health.new_items == 0


def test_dead_source_recorded_in_health(store: Store, settings: Settings) -> None:
    with serve({"/gone": Response(status=404)}) as site:
        report = crawl(store, settings, [Source(name="gone", url=site.url("/gone"))])
    assert report.ingest.failed and "404" in report.ingest.failed[0]["error"]
    [(_, health)] = store.list_sources()
    assert health.last_error and "404" in health.last_error


def test_sitemap_source(store: Store, settings: Settings) -> None:
    routes = site_routes()
    with serve(routes) as site:  # type: ignore[arg-type]
        sitemap = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                   "sitemap/0.9'>" + "".join(f"<url><loc>{site.url(f'/articles/a{i}.html')}"
                                             "</loc></url>" for i in (1, 2)) + "</urlset>")
        site.routes["/sitemap.xml"] = Response(headers={"Content-Type": "application/xml"},
                                               body=sitemap.encode())
        crawl(store, settings, [Source(name="sm", url=site.url("/sitemap.xml"), kind="sitemap")])
    assert store.count_documents() == 2


def test_load_sources(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nname = "a"\nurl = "https://a.example/"\nkind = "feed"\n'
                    'interval = 30\nmax_pages = 2\n', encoding="utf-8")
    [src] = load_sources(path)
    assert (src.kind, src.interval_minutes, src.max_pages) == ("feed", 30, 2)
    path.write_text('[[source]]\nurl = "https://a.example/"\nkind = "rss"\n', encoding="utf-8")
    with pytest.raises(SourcesError, match="unknown kind"):
        load_sources(path)


def test_sitemap_parser_refuses_garbage() -> None:
    with pytest.raises(Exception, match="malformed sitemap"):
        list(sitemap_urls(b"<urlset><url><loc>"))


def test_a_local_file_is_a_source_read_as_it_is(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    feed = (Path(__file__).parent / "fixtures" / "pages" / "feed.rss").read_bytes()
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "news.rss").write_bytes(feed)
    listed = tmp_path / "sources.toml"
    listed.write_text('[[source]]\nname = "Saved feed"\nkind = "feed"\n'
                      'url = "feeds/news.rss"\n', encoding="utf-8")
    sources = load_sources(listed)
    assert sources[0].url == (tmp_path / "feeds" / "news.rss").as_uri()
    # no server answers for the feed's item links: a local source must not fetch them
    settings.read_timeout = settings.connect_timeout = 0.5
    first = crawl(store, settings, sources)
    assert first.ingest.failed == [] and first.ingest.added >= 2
    assert first.health[0].last_error is None and first.health[0].new_items == first.ingest.added
    again = crawl(store, settings, sources, force=True)  # unchanged file: nothing to read
    assert again.ingest.added == 0 and again.health[0].last_error is None
