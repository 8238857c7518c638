"""Crawling the user's source list: feeds, listing pages with pagination, sitemaps, pages."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import etree

from tumen.archive import WarcArchive
from tumen.config import Settings
from tumen.dedupe import canonicalize_url
from tumen.extract import Extracted, ExtractError, extract_page
from tumen.fetch import Fetcher, FetchError, read_path
from tumen.models import SOURCE_KINDS, Item, RawPage, Source, SourceHealth, web_address
from tumen.pipeline import Ingestor, IngestReport, ProgressFn
from tumen.store.base import Store


class SourcesError(Exception):
    """The source list cannot be used; the message says which entry and why."""


def load_sources(path: Path) -> list[Source]:
    """Sources from a TOML file of [[source]] tables."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"{path}: {exc}") from None
    sources = []
    for n, entry in enumerate(data.get("source", []), start=1):
        if not isinstance(entry, dict) or "url" not in entry:
            raise SourcesError(f"{path}: source #{n} needs a url")
        kind = entry.get("kind", "page")
        if kind not in SOURCE_KINDS:
            raise SourcesError(f"{path}: source #{n} has unknown kind {kind!r}")
        sources.append(Source(
            name=str(entry.get("name", entry["url"])), url=_source_url(str(entry["url"]), path),
            kind=kind,
            language=entry.get("language"), max_pages=int(entry.get("max_pages", 5)),
            interval_minutes=int(entry.get("interval") or entry.get("interval_minutes") or 60),
        ))
    return sources


def _source_url(url: str, toml: Path) -> str:
    """A source's URL; a path (no scheme) is a local file, relative to the source list."""
    if "://" in url:
        return url
    return (toml.parent / Path(url).expanduser()).resolve().as_uri()


def is_due(health: SourceHealth | None, source: Source, now: datetime) -> bool:
    """Whether a source's interval has passed since its last crawl."""
    if health is None or health.last_fetch is None:
        return True
    return now - health.last_fetch >= timedelta(minutes=source.interval_minutes)


@dataclass
class CrawlReport:
    """What a crawl did, per source and in total."""

    ingest: IngestReport = field(default_factory=IngestReport)
    pages: int = 0
    health: list[SourceHealth] = field(default_factory=list)


class Crawler:
    """Fetches due sources and ingests what is new."""

    def __init__(self, store: Store, settings: Settings, fetcher: Fetcher,
                 ingestor: Ingestor | None = None) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.ingestor = ingestor or Ingestor(store, settings)

    def fetch(self, url: str, report: CrawlReport) -> RawPage | None:
        """Conditional GET against the last stored fetch; None when unchanged."""
        last = self.store.last_fetch(url)
        if url.startswith("file://"):
            page = read_path(Path(url2pathname(urlsplit(url).path)), self.settings)
            report.pages += 1
            same = last is not None and last.body_hash == hashlib.sha256(page.body).hexdigest()
            return None if same else page
        page = self.fetcher.fetch(
            url, etag=last.etag if last else None,
            last_modified=last.last_modified if last else None,
        )
        report.pages += 1
        return None if page.status == 304 else page

    def crawl_source(self, source: Source, report: CrawlReport) -> SourceHealth:
        """Crawl one source; its errors end up in its health, not as exceptions."""
        health = SourceHealth(name=source.name, last_fetch=datetime.now(UTC), last_status=200)
        before = report.ingest.added + report.ingest.updated
        try:
            if source.kind == "sitemap":
                self._crawl_sitemap(source, report)
            else:
                self._crawl_pages(source, report)
        except (FetchError, ExtractError) as exc:
            health.last_error = str(exc)
            health.last_status = None
            report.ingest.fail(source.url, str(exc))
        health.new_items = report.ingest.added + report.ingest.updated - before
        return health

    def _crawl_pages(self, source: Source, report: CrawlReport) -> None:
        """A feed, page or listing, following pagination until a page brings nothing new."""
        url: str | None = source.url
        for _ in range(max(source.max_pages, 1) if source.kind == "listing" else 1):
            if url is None:
                return
            page = self.fetch(url, report)
            if page is None:
                return
            extracted = extract_page(page)
            fetch_id = self.ingestor.log_fetch(page, source.name)
            new = self._store_items(extracted, page, source, fetch_id, report)
            if new == 0:
                return
            url = extracted.next_url
            if url and not web_address(source.url) and web_address(url):
                return  # a local source is a snapshot: its next page is not on this disk

    def _store_items(
        self, extracted: Extracted, page: RawPage, source: Source, fetch_id: int,
        report: CrawlReport,
    ) -> int:
        """Store a page's items, fetching the full article behind each new linked item."""
        if extracted.kind == "article":
            before = report.ingest.added + report.ingest.updated
            self.ingestor.store_extracted(extracted, page, report.ingest, fetch_id=fetch_id,
                                          source=source.name)
            return report.ingest.added + report.ingest.updated - before
        new = 0
        for item in extracted.items:
            if item.url and self._known(item.url):
                report.ingest.duplicates += 1
                continue
            # a local source is read as it is, without fetching its items' pages
            full, full_page, full_fetch = (self._follow(item, report) if web_address(source.url)
                                           else (item, None, None))
            target = full_page or page
            outcome, doc_id = self.ingestor.store_item(
                full, target, fetch_id=full_fetch or fetch_id, source=source.name,
                listing_url=page.location,
            )
            report.ingest.count(outcome, doc_id)
            new += outcome != "duplicate"
        return new

    def _known(self, url: str) -> bool:
        return self.store.find_document(canonicalize_url(url), "") is not None

    def _follow(self, item: Item, report: CrawlReport) -> tuple[Item, RawPage | None, int | None]:
        """The item with its article's text (the teaser kept as summary), when it links to one."""
        if not item.url or not item.url.startswith(("http://", "https://")):
            return item, None, None
        try:
            page = self.fetch(item.url, report)
            if page is None:
                return item, None, None
            article = extract_page(page)
        except (FetchError, ExtractError) as exc:
            report.ingest.fail(item.url, str(exc))
            return item, None, None
        if article.kind != "article" or not article.items:
            return item, None, None
        body = article.items[0]
        merged = replace(
            item, text=body.text, summary=item.summary or item.text,
            title=item.title or body.title, date=item.date or body.date,
            author=item.author or body.author, position=None,
        )
        return merged, page, self.ingestor.log_fetch(page, None)

    def _crawl_sitemap(self, source: Source, report: CrawlReport) -> None:
        """Pages listed in a sitemap that are not stored yet (at most max_pages x 20)."""
        page = self.fetch(source.url, report)
        if page is None:
            return
        for url in list(sitemap_urls(page.body))[: source.max_pages * 20]:
            if self._known(url):
                continue
            try:
                article = self.fetch(url, report)
                if article is not None:
                    self.ingestor.ingest_page(article, report.ingest, source.name)
            except FetchError as exc:
                report.ingest.fail(url, str(exc))


def sitemap_urls(body: bytes) -> Iterator[str]:
    """<loc> URLs of a sitemap or sitemap index."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractError(f"malformed sitemap: {exc}") from None
    for loc in root.iter("{*}loc"):
        if loc.text and loc.text.strip().startswith(("http://", "https://")):
            yield loc.text.strip()


def crawl(
    store: Store, settings: Settings, sources: list[Source], *, force: bool = False,
    progress: ProgressFn | None = None, ingestor: Ingestor | None = None,
) -> CrawlReport:
    """Crawl every due source (all of them with force) and record their health.

    A long-running caller passes its own ingestor, so that the near-duplicate index is
    loaded from the store once, not on every crawl.
    """
    report = CrawlReport()
    now = datetime.now(UTC)
    for source in sources:
        store.upsert_source(source)
    healths = {src.name: h for src, h in store.list_sources()}
    archive = WarcArchive(settings.archive_path(), previous=store.last_fetch)
    # the search index takes the new documents in batches, not one commit per document
    with store.indexing_batch(), Fetcher(settings, archive=archive) as fetcher:
        crawler = Crawler(store, settings, fetcher, ingestor)
        for source in sources:
            if not force and not is_due(healths.get(source.name), source, now):
                continue
            if progress:
                progress(source.name)
            health = crawler.crawl_source(source, report)
            store.record_health(health)
            report.health.append(health)
    return report
