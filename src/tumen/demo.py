"""The demo database: the bundled sample corpus, its feeds and listing pages crawled as sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tumen.config import Settings
from tumen.crawl import crawl, load_sources
from tumen.pipeline import ProgressFn, ingest
from tumen.store.base import Store


@dataclass
class DemoReport:
    """What building the demo database did."""

    added: int
    documents: int
    sources: int
    failed: list[dict[str, str]]


def sample_corpus() -> Path:
    """The folder of the bundled sample corpus."""
    from importlib import resources

    return Path(str(resources.files("tumen") / "data" / "sample"))


def build_demo(store: Store, settings: Settings, progress: ProgressFn | None = None) -> DemoReport:
    """Ingest the sample articles, crawl the sample's source list (its feeds and listing
    pages, local files) so that source health shows, and assemble the incidents."""
    sample = sample_corpus()
    articles = ingest(store, settings, [str(sample / "articles")], progress)
    sources = load_sources(sample / "sources.toml")
    crawled = crawl(store, settings, sources, force=True, progress=progress)
    rebuild = getattr(store, "rebuild_incidents", None)
    if rebuild is not None:
        rebuild(datetime.now(UTC))
    return DemoReport(added=articles.added + crawled.ingest.added,
                      documents=store.count_documents(), sources=len(sources),
                      failed=articles.failed + crawled.ingest.failed)
