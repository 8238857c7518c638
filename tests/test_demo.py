"""The demo database: sources with health, and no local path or README anywhere it shows."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tumen.alerts.brief import build_brief, render_markdown
from tumen.alerts.digest import build_digest, period_of, render_digest
from tumen.config import Settings
from tumen.demo import DemoReport, build_demo
from tumen.export import iter_export
from tumen.store import Store, open_store
from tumen.store.base import IncidentFilter
from tumen.web.app import create_app

# what the sample folder's README.md says of itself, and where a local file lives
LEAKS = re.compile(r"file:/|README|sample corpus|/data/sample/", re.I)
LINK = re.compile(r"""(?:href|src)="(/[^"#]*)""")
SKIP = ("/static/", "/login", "/logout", "/admin", "/account", "/api/v1/export")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Settings, DemoReport]]:
    """The demo database, built once for the module."""
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(db=str(folder / "demo.db"), archive_dir=str(folder / "archive"),
                        cookie_secure=False)
    store = open_store(settings.db)
    report = build_demo(store, settings)
    yield store, settings, report
    store.close()


def test_demo_registers_its_feeds_and_listings_as_healthy_sources(
    demo: tuple[Store, Settings, DemoReport],
) -> None:
    store, _, report = demo
    assert report.failed == [] and report.sources == 6
    listed = store.list_sources()
    assert len(listed) == 6 and {s.kind for s, _ in listed} == {"feed", "listing"}
    for source, health in listed:
        assert source.url.startswith("file://") and source.url.endswith((".xml", ".html", ".txt"))
        assert health.last_fetch is not None and health.last_error is None, source.name
        assert health.last_status == 200 and health.new_items > 0, source.name
    page = TestClient(create_app(demo[1])).get("/sources").text
    assert "No sources configured" not in page and page.count('class="badge safe"') == 6
    assert "Defector issues, text archive (English)" in page


def test_demo_again_adds_nothing_and_keeps_sources_healthy(
    demo: tuple[Store, Settings, DemoReport],
) -> None:
    store, settings, _ = demo
    again = build_demo(store, settings)
    assert again.added == 0 and again.failed == []
    assert all(h.last_error is None for _, h in store.list_sources())


def _crawl(client: TestClient, start: list[str], limit: int = 400) -> Iterator[tuple[str, str]]:
    """Every page reachable from start through the site's own links (path, body)."""
    seen, todo = set(start), deque(start)
    while todo and len(seen) <= limit:
        path = todo.popleft()
        answer = client.get(path)
        assert answer.status_code == 200, path
        body = answer.text
        yield path, body
        for link in LINK.findall(body):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                todo.append(link)


def test_no_page_feed_or_api_answer_shows_a_local_path_or_the_readme(
    demo: tuple[Store, Settings, DemoReport],
) -> None:
    store, settings, _ = demo
    client = TestClient(create_app(settings))
    start = ["/", "/search?q=North+Korea", "/search?q=Ministry+of+Unification",
             "/statistics", "/sources", "/incidents", "/topics", "/feeds/latest.atom",
             "/feeds/incidents.atom", "/api/v1/documents?limit=100",
             "/api/v1/documents?limit=100&offset=100", "/api/v1/search?q=arrived&limit=100",
             "/api/v1/sources", "/api/v1/incidents?limit=100", "/api/v1/statistics"]
    start += [f"/api/v1/documents/{d.id}" for d in store.iter_documents()]
    pages = dict(_crawl(client, start))
    assert len(pages) > 100 and any(p.startswith("/documents/") for p in pages)
    leaks = {path: LEAKS.search(body).group(0) for path, body in pages.items()  # type: ignore[union-attr]
             if LEAKS.search(body)}
    assert leaks == {}


def test_a_report_read_from_a_local_file_shows_its_title(
    demo: tuple[Store, Settings, DemoReport],
) -> None:
    store, settings, _ = demo
    local = [d for d in store.iter_documents() if d.url.startswith("file://")]
    assert len(local) == 7  # the teasers of listings/defector-issues-en.txt
    assert all(d.title and d.text.startswith(d.title.rstrip("…")) for d in local)
    client = TestClient(create_app(settings))
    page = client.get(f"/documents/{local[0].id}").text
    assert f"<h1>{local[0].title}</h1>".replace("'", "&#39;") in page
    assert "a local file, not on the web" in page
    found = client.get("/api/v1/search", params={"q": '"leaflets"'}).json()["items"]
    assert any(h["id"] == local[0].id and h["title"] == local[0].title and h["url"] is None
               for h in found)


def test_digests_briefs_and_exports_show_no_local_path(
    demo: tuple[Store, Settings, DemoReport],
) -> None:
    store, _, _ = demo
    months = {d.published[:7] for d in store.iter_documents()
              if d.url.startswith("file://") and d.published}
    assert months
    for month in months:
        span = period_of("month", date.fromisoformat(f"{month}-01"))
        digest = build_digest(store, span)
        for fmt in ("md", "html"):
            assert not LEAKS.search(render_digest(digest, fmt)), (month, fmt)
    incidents, _ = store.list_incidents(IncidentFilter(limit=1000))
    assert incidents
    for incident in incidents:
        for lang in ("en", "ko"):
            made = build_brief(store, incident.id or 0, lang)
            assert made is not None and not LEAKS.search(render_markdown(made))
    for what in ("documents", "events"):
        exported = b"".join(iter_export(store, what, "jsonl")).decode()
        assert not LEAKS.search(exported), what

