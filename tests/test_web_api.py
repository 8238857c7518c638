"""The JSON API, Atom feeds and the export endpoint, in process."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import feedparser
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from test_web_pages import BACKENDS, backend_db, build_app


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, int]]:
    """A client of the app over a filled temporary database of each backend."""
    app, ids = build_app(backend_db(request, tmp_path_factory, "api"))
    return TestClient(app), ids


def test_documents_are_paginated_newest_first(site: Any) -> None:
    client, _ = site
    page = client.get("/api/v1/documents", params={"limit": 5, "offset": 0}).json()
    assert page["total"] == 34 and len(page["items"]) == 5
    dates = [d["published"] for d in page["items"]]
    assert dates == sorted(dates, reverse=True)
    topic = client.get("/api/v1/documents", params={"topic": "detention"}).json()
    assert {d["language"] for d in topic["items"]} == {"en", "ko", "ja"}
    assert client.get("/api/v1/documents", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/documents", params={"offset": 10**30}).status_code == 422
    assert client.get("/api/v1/documents", params={"topic": "nope"}).status_code == 422


def test_document_detail_carries_analysis(site: Any) -> None:
    client, ids = site
    doc = client.get(f"/api/v1/documents/{ids['en']}").json()
    assert doc["events"][0]["type"] == "arrest" and doc["events"][0]["people"] == 7
    assert doc["entities"][0]["name"] == "Shenyang" and doc["statistics"][0]["value"] == 236
    missing = client.get("/api/v1/documents/999999")
    assert missing.status_code == 404 and missing.json()["detail"]


def test_search_api_has_facets_and_total(site: Any) -> None:
    client, ids = site
    result = client.get("/api/v1/search", params={"q": "탈북민"}).json()
    assert result["total"] >= 1 and result["items"][0]["id"] == ids["ko"]
    facets = client.get("/api/v1/search", params={"q": "Resettlement"}).json()["facets"]
    assert {"value": "resettlement", "count": 30} in facets["topic"]
    years = {f["value"]: f["count"] for f in facets["year"]}
    assert years["2022"] == 30
    narrowed = client.get("/api/v1/search", params={"q": "Resettlement", "year": "2021"}).json()
    assert narrowed["total"] == 0


def test_incidents_api(site: Any) -> None:
    client, ids = site
    page = client.get("/api/v1/incidents").json()
    assert page["total"] == 1
    incident = page["items"][0]
    assert incident["countries"] == ["CN"] and set(incident["documents"]) == {
        ids["en"], ids["ko"], ids["ja"]}  # the Japanese report corroborates it (no events)
    detail = client.get(f"/api/v1/incidents/{incident['id']}").json()
    assert [e["type"] for e in detail["events"]] == ["arrest", "transfer"]
    assert detail["conflicts"]
    assert client.get("/api/v1/incidents", params={"country": "TH"}).json()["total"] == 0
    assert client.get("/api/v1/incidents/77").status_code == 404


def test_statistics_and_sources_api(site: Any) -> None:
    client, _ = site
    stats = client.get("/api/v1/statistics").json()
    arrivals = {a["year"]: a for a in stats["arrivals"]}
    assert set(arrivals) == set(range(1998, 2025))
    assert arrivals[2009]["arrivals"] == 2914 and "unikorea" in arrivals[2009]["source_url"]
    assert stats["extracted"][0]["value"] == 236
    assert {"year": "2024", "reports": 1, "people": 7} in stats["forced_returns_per_year"]
    sources = client.get("/api/v1/sources").json()
    assert sources[0]["name"] == "Daily NK" and sources[0]["last_error"] == "HTTP 503"


def test_openapi_documents_every_endpoint(site: Any) -> None:
    client, _ = site
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/search",
                 "/api/v1/incidents", "/api/v1/incidents/{incident_id}", "/api/v1/statistics",
                 "/api/v1/sources", "/api/v1/export"):
        assert path in spec["paths"], path
    assert "SearchOut" in spec["components"]["schemas"]
    assert not any(p.startswith("/documents") for p in spec["paths"])  # pages stay out


def test_every_operation_has_a_summary_and_a_description(site: Any) -> None:
    client, _ = site
    spec = client.get("/openapi.json").json()
    operations = [(path, op) for path, ops in spec["paths"].items() for op in ops.values()]
    assert len(operations) >= 20
    for path, op in operations:
        assert op.get("summary") and not op["summary"].startswith("Api "), path
        assert len(op.get("description", "")) > len(op["summary"]), path
    tags = {t["name"]: t["description"] for t in spec["tags"]}
    assert {tag for _, op in operations for tag in op["tags"]} <= set(tags)


def test_api_documentation_is_served_from_the_package(site: Any) -> None:
    from pathlib import Path

    import tumen.web

    client, _ = site
    page = client.get("/docs")
    assert page.status_code == 200 and 'id="swagger-ui"' in page.text
    assert 'href="/docs">API</a>' in client.get("/").text  # the footer's link
    for asset in re_assets(page.text):
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    vendor = Path(tumen.web.__file__).parent / "static" / "vendor" / "swagger-ui"
    assert "Apache License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert "swagger-ui-dist" in (vendor.parent / "VERSIONS").read_text(encoding="utf-8")
    moved = client.get("/redoc", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/docs"


def re_assets(html: str) -> list[str]:
    """The scripts and style sheets a page loads."""
    import re

    return re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)


@pytest.mark.parametrize("path", ["/feeds/latest.atom", "/feeds/incidents.atom",
                                  "/feeds/topics/detention.atom", "/feeds/topics/advocacy.atom"])
def test_feeds_are_valid_atom(site: Any, path: str) -> None:
    client, _ = site
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.entries
    for entry in feed.entries:
        assert entry.id and entry.title and entry.link and entry.updated_parsed


def test_feeds_date_every_entry_and_count_in_words(site: Any, tmp_path: Any) -> None:
    from tumen.config import Settings
    from tumen.web.app import create_app

    client, _ = site
    for path in ("/feeds/latest.atom", "/feeds/incidents.atom", "/feeds/topics/border.atom"):
        answer = client.get(path)
        assert "1970-01-01" not in answer.text and answer.headers["vary"] == "Accept", path
    summaries = [e.summary for e in feedparser.parse(
        client.get("/feeds/incidents.atom").content).entries]
    assert summaries and all(" 1 sources" not in s for s in summaries)
    assert any(re.search(r"; 1 source\.$|; [02-9]\d* sources\.$", s) for s in summaries)
    empty = TestClient(create_app(Settings(db=str(tmp_path / "empty.db"))))
    for path in ("/feeds/latest.atom", "/feeds/incidents.atom"):
        feed = feedparser.parse(empty.get(path).content)
        assert feed.bozo == 0 and feed.feed.updated_parsed.tm_year >= 2025, path


def test_a_browser_opening_a_feed_gets_the_readable_page(site: Any) -> None:
    client, _ = site
    browser = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    for path, slug in (("/feeds/latest.atom", "latest"), ("/feeds/incidents.atom", "incidents"),
                       ("/feeds/topics/detention.atom", "topic-detention")):
        moved = client.get(path, headers=browser, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == f"/feeds#{slug}"
        reader = client.get(path, headers={"accept": "application/atom+xml, */*;q=0.1"})
        assert reader.headers["content-type"].startswith("application/atom+xml")
    page = client.get("/feeds", headers=browser)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/feeds/incidents.atom</code>" in page.text and 'id="topic-detention"' in page.text
    assert "脱北者7人拘束" in page.text  # the newest report, listed


def test_feed_contents(site: Any) -> None:
    client, _ = site
    detention = feedparser.parse(client.get("/feeds/topics/detention.atom").content)
    assert detention.entries[0].title == "脱北者7人拘束"  # newest first
    assert "Kim Reporter" in {e.get("author") for e in detention.entries}
    incidents = feedparser.parse(client.get("/feeds/incidents.atom").content)
    assert "Shenyang" in incidents.entries[0].title
    assert client.get("/feeds/topics/nope.atom").status_code == 404


def test_export_csv_jsonl_parquet(site: Any) -> None:
    client, ids = site
    r = client.get("/api/v1/export", params={"what": "documents", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 34 and rows[0]["topics"] == "detention;repatriation"
    lines = client.get("/api/v1/export", params={"what": "events", "format": "jsonl"}).text
    events = [json.loads(line) for line in lines.splitlines()]
    assert {e["type"] for e in events} == {"arrest", "repatriation", "transfer"}
    assert events[0]["document_id"] == ids["en"] and events[0]["vulnerable"] == ["child"]
    data = client.get("/api/v1/export", params={"what": "incidents", "format": "parquet"}).content
    table = pq.read_table(io.BytesIO(data))
    assert table.num_rows == 1 and table.column("countries").to_pylist() == [["CN"]]
    assert client.get("/api/v1/export", params={"format": "xml"}).status_code == 422


def test_an_undated_entry_takes_the_feed_date_not_1970() -> None:
    from tumen.web.routes.feeds import Entry, atom, rfc3339

    assert rfc3339(None) is None and rfc3339("unknown") is None
    assert rfc3339("2015-10") == "2015-10-01T00:00:00Z"
    body = atom("urn:x", "x", "http://h/x.atom", "http://h/", [
        Entry(id="urn:a", title="dated", link="http://h/a", updated="2024-05-01T00:00:00Z",
              summary=""),
        Entry(id="urn:b", title="undated", link="http://h/b", updated=None, summary="")])
    feed = feedparser.parse(body)
    assert [e.updated for e in feed.entries] == ["2024-05-01T00:00:00Z"] * 2
    assert feed.feed.updated == "2024-05-01T00:00:00Z"
