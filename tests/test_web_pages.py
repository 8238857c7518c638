"""In-process tests of every HTML page against a temporary database filled through the store."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tumen.config import Settings
from tumen.models import (
    Analysis,
    Document,
    Entity,
    Event,
    Evidence,
    Source,
    SourceHealth,
    Statistic,
)
from tumen.store import Store, open_store
from tumen.web import queries
from tumen.web.app import create_app

EN_TEXT = ("Seven North Korean defectors, including a child, were arrested by Chinese police in "
           "Shenyang on Tuesday. Activists fear a forced repatriation. 탈북")
KO_TEXT = "탈북민들이 중국 공안에 체포되었다. 일곱 명이 선양에서 붙잡혔다."
JA_TEXT = "脱北者7人が中国の瀋陽で拘束された。"
XSS = "<script>alert('x')</script> refugees <img src=x onerror=alert(1)> hidden"


def _doc(n: int, text: str, title: str, published: str, language: str, source: str,
         analysis: Analysis | None = None, author: str | None = None) -> Document:
    """A document with a unique URL and hash."""
    url = f"https://news.example.org/{n}"
    return Document(url=url, canonical_url=url, text=text, title=title, published=published,
                    language=language, source=source, author=author, analysis=analysis,
                    content_hash=hashlib.sha256(text.encode()).hexdigest())


def _arrest_analysis(text: str, start: int, end: int) -> Analysis:
    """Analysis of the Shenyang arrest report."""
    evidence = Evidence(text=text[start:end], start=start, end=end)
    return Analysis(
        language="en", topics=["detention", "repatriation"],
        entities=[Entity(kind="place", text="Shenyang", start=text.index("Shenyang"),
                         end=text.index("Shenyang") + 8, name="Shenyang", country="CN")],
        events=[Event(type="arrest", evidence=evidence, date="2024-05-07", people=7,
                      vulnerable=["child"], country="CN", place="Shenyang"),
                Event(type="repatriation", evidence=evidence, date="2024-06-01", people=7,
                      country="CN", place="Dandong")],
        statistics=[Statistic(measure="arrivals", value=236, evidence=evidence, country="KR",
                              period="2024")])


def fill_store(store: Store, extra: int = 30) -> dict[str, int]:
    """English, Korean, Japanese, hostile and filler documents; returns some ids."""
    end = EN_TEXT.index(".") + 1
    ids = {
        "en": store.add_document(_doc(1, EN_TEXT, "Seven defectors arrested in Shenyang",
                                      "2024-05-08", "en", "Daily NK",
                                      _arrest_analysis(EN_TEXT, 0, end), "Kim Reporter"), None),
        "ko": store.add_document(_doc(2, KO_TEXT, "탈북민 7명 중국서 체포", "2024-05-21", "ko",
                                      "연합뉴스", _korean_analysis()),
                                 None),
        "ja": store.add_document(_doc(3, JA_TEXT, "脱北者7人拘束", "2024-05-22", "ja", "NHK",
                                      Analysis(language="ja", topics=["detention"])), None),
        "xss": store.add_document(_doc(4, XSS, "<script>alert('t')</script> title", "2023-01-02",
                                       "en", "Evil", Analysis(topics=["advocacy"])), None),
    }
    with store.indexing_batch():  # one search-index commit for the fillers
        for n in range(extra):
            store.add_document(_doc(100 + n, f"Filler report {n} about resettlement in Seoul.",
                                    f"Resettlement story {n}", f"2022-{1 + n % 12:02d}-15",
                                    "en", "NK News",
                                    Analysis(language="en", topics=["resettlement"])), None)
    store.upsert_source(Source(name="Daily NK", url="https://www.dailynk.com/", kind="feed"))
    store.record_health(SourceHealth(name="Daily NK", last_status=503, last_error="HTTP 503"))
    return ids


def _korean_analysis() -> Analysis:
    """The Korean report of the same arrest: eight people, then a transfer to Dandong."""
    first = KO_TEXT.index(".") + 1
    second = Evidence(text=KO_TEXT[first + 1 :], start=first + 1, end=len(KO_TEXT))
    return Analysis(language="ko", topics=["detention"], events=[
        Event(type="arrest", evidence=Evidence(KO_TEXT[:first], 0, first), date="2024-05-07",
              people=8, country="CN", place="Shenyang"),
        Event(type="transfer", evidence=second, date="2024-05-20", people=8, country="CN",
              place="Dandong")])


def build_app(db: Path | str) -> tuple[Any, dict[str, int]]:
    """An app over a filled database whose incidents were assembled by the store."""
    store = open_store(str(db))
    ids = fill_store(store)
    store.rebuild_incidents(datetime(2024, 6, 10))
    store.close()
    return create_app(Settings(db=str(db))), ids


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def backend_db(request: pytest.FixtureRequest, tmp: pytest.TempPathFactory, name: str) -> str:
    """A new database of the fixture's backend (param): an SQLite path or a PostgreSQL URL."""
    if request.param == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        return str(cluster.create_database(f"{name}_{uuid.uuid4().hex[:12]}"))
    return str(tmp.mktemp(name) / "tumen.db")


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, int]]:
    """A client of the app over a filled temporary database of each backend."""
    app, ids = build_app(backend_db(request, tmp_path_factory, "web"))
    return TestClient(app), ids


def title_of(html: str) -> str:
    """The text of the <title> element."""
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "page has no <title>"
    return match.group(1)


PAGES = ["/", "/topics", "/topics/detention", "/search?q=defectors", "/incidents",
         "/incidents/1", "/statistics", "/sources"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_title_viewport_and_strict_csp(site: Any, path: str) -> None:
    client, _ = site
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert title_of(r.text).endswith("· tumen")
    assert 'name="viewport"' in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text and " style=" not in r.text and "<style" not in r.text
    assert 'class="skip"' in r.text  # keyboard users can jump to the content


@pytest.mark.parametrize("path", [*PAGES, "/feeds/latest.atom", "/api/v1/documents",
                                  "/static/app.css"])
def test_head_answers_like_get_without_a_body(site: Any, path: str) -> None:
    client, _ = site
    got, head = client.get(path), client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert "default-src 'self'" in head.headers["content-security-policy"]
    assert client.head("/no/such/page").status_code == 404


def test_dashboard_says_nothing_is_urgent_for_history_and_shows_latest_and_arrivals(
        site: Any) -> None:
    client, _ = site
    html = client.get("/").text
    # the 2024 arrest was urgent when reported; today (well past a year later) it is history
    urgent = html.split('id="latest-h"')[0]
    assert "Urgent now" in urgent and "Nothing is urgent now" in urgent
    assert "arrested in Shenyang" not in urgent and "/incidents/1" not in urgent
    assert "脱北者7人拘束" in html  # newest report
    assert "<svg" in html and "2009: 2,914" in html  # arrivals chart from the curated CSV
    # no report this month: the newest month with reports, named
    assert 'Reports per topic in <time datetime="2024-05">May 2024</time>' in html
    assert 'href="/topics/detention">detention</a></td><td>3</td>' in html


def test_urgent_now_is_recomputed_for_the_day_asked(site: Any) -> None:
    client, _ = site
    store = open_store(str(client.app.state.settings.db))
    try:
        soon = queries.urgent_incidents(store, datetime(2024, 6, 10, tzinfo=UTC))
        later = queries.urgent_incidents(store, datetime(2026, 6, 10, tzinfo=UTC))
    finally:
        store.close()
    assert [i.title for i in soon] and "arrested in Shenyang" in soon[0].title
    assert soon[0].urgency_level in ("critical", "high")
    assert later == []


def test_topic_page_teasers_newest_first_and_paginated(site: Any) -> None:
    client, _ = site
    first = client.get("/topics/resettlement").text
    assert "30 reports" in first and "Page 1 of 2" in first
    assert 'rel="next" href="/topics/resettlement?page=2"' in first
    dates = re.findall(r'<time datetime="([\d-]+)"', first)
    assert dates == sorted(dates, reverse=True) and len(dates) == 20
    assert "NK News" in first
    detention = client.get("/topics/detention").text
    assert "by Kim Reporter" in detention and "Daily NK" in detention
    second = client.get("/topics/resettlement?page=2").text
    assert len(re.findall(r'<time datetime=', second)) == 10
    assert client.get("/topics/resettlement?page=3").status_code == 404
    assert client.get("/topics/no-such-topic").status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=abc", "page=99999999999999999999"])
def test_invalid_page_numbers_are_422_not_500(site: Any, query: str) -> None:
    client, _ = site
    for path in ("/topics/detention", "/search", "/incidents"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == 422, (path, r.status_code)
        assert "<title>" in r.text


def test_search_english_korean_with_marks_and_facets(site: Any) -> None:
    client, ids = site
    html = client.get("/search", params={"q": "defectors"}).text
    assert f'/documents/{ids["en"]}' in html and "<mark>" in html
    assert 'data-facet="language"' in html and "(1)" in html
    korean = client.get("/search", params={"q": "탈북민"}).text
    assert f'/documents/{ids["ko"]}' in korean  # "탈북민" finds "탈북민들이"
    narrowed = client.get("/search", params={"q": "Shenyang OR 拘束 OR 체포",
                                             "language": "ja"}).text
    assert f'/documents/{ids["ja"]}' in narrowed and f'/documents/{ids["ko"]}"' not in narrowed
    dated = client.get("/search", params={"q": "Resettlement", "date_from": "2022-06-01",
                                           "date_to": "2022-06-30"}).text
    assert "<strong>3</strong> results" in dated  # three filler reports dated 2022-06-15


@pytest.mark.parametrize("q", ['"unbalanced', "NOT", "AND OR NOT", "*", "a*b*", "(", "\x00",
                               "NEAR(a b)", "title:x", "^", "'; DROP TABLE documents; --"])
def test_search_never_breaks_on_fts_syntax(site: Any, q: str) -> None:
    client, _ = site
    assert client.get("/search", params={"q": q}).status_code == 200
    assert client.get("/api/v1/search", params={"q": q}).status_code == 200


def test_crawled_html_never_reaches_a_page_unescaped(site: Any) -> None:
    client, ids = site
    for path in (f"/documents/{ids['xss']}", "/search?q=refugees", "/topics/advocacy", "/"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;alert" in client.get(f"/documents/{ids['xss']}").text
    api = client.get("/api/v1/search", params={"q": "refugees"}).json()
    assert "<script" not in api["items"][0]["snippet"] and "<mark>" in api["items"][0]["snippet"]


def test_document_page_highlights_entities_and_links(site: Any) -> None:
    client, ids = site
    html = client.get(f"/documents/{ids['en']}").text
    assert '<mark class="ent ent-place" title="place: Shenyang (CN)">Shenyang</mark>' in html
    assert 'href="https://news.example.org/1"' in html
    assert "Related reports" in html and f'/documents/{ids["en"]}"' not in html.split(
        "Related reports")[1]
    assert client.get("/documents/999999").status_code == 404
    assert client.get("/documents/abc").status_code == 422
    assert client.get("/documents/99999999999999999999999").status_code == 422
    assert client.get("/documents/1/snapshot").status_code == 404  # never archived


def test_incident_page_timeline_map_sources_and_conflicts(site: Any) -> None:
    client, _ = site
    html = client.get("/incidents/1").text
    assert 'id="timeline"' in html and "2024-05-07" in html and "transfer" in html
    route = re.search(r'data-route="([^"]*)"', html)
    assert route and "Shenyang" in route.group(1) and "Dandong" in route.group(1)
    assert "<mark>Seven North Korean defectors" in html  # evidence highlighted in sources
    assert "7–8 people" in html
    assert "Reports disagree" in html and "people: 7 (#1); 8 (#2)" in html
    table = html.split('id="conflicts"')[1].split("</table>")[0]
    assert "<strong>7</strong>" in table and "<strong>8</strong>" in table
    assert "Daily NK, 2024-05-08" in table and "연합뉴스, 2024-05-21" in table
    assert 'src="/static/app.js"' in html
    assert client.get("/incidents/42").status_code == 404


def test_incident_board_filters(site: Any) -> None:
    client, _ = site
    assert "/incidents/1" in client.get("/incidents").text
    assert "/incidents/1" in client.get("/incidents?country=cn").text
    assert "/incidents/1" not in client.get("/incidents?country=TH").text
    assert "/incidents/1" not in client.get("/incidents?status=safe").text
    assert client.get("/incidents?status=bogus").status_code == 422
    assert client.get("/incidents?status=&country=&urgency=").status_code == 200


def test_statistics_page_has_sourced_arrivals_and_extracted_figures(site: Any) -> None:
    client, _ = site
    html = client.get("/statistics").text
    assert "2,914" in html and "unikorea.go.kr" in html
    assert "<td>236</td>" in html  # figure read from a report
    assert "CN" in html and "2024" in html  # incidents by country and year
    assert "People forcibly returned per year" in html and "reports of returns" in html
    assert "2024: 7 people; reports: 1" in html  # people per year, reports beside them


def test_sources_page_shows_health(site: Any) -> None:
    client, _ = site
    html = client.get("/sources").text
    assert "Daily NK" in html and "HTTP 503" in html and "error" in html


def test_static_assets_and_vendored_map_data_are_served(site: Any) -> None:
    client, _ = site
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["cache-control"] == "public, max-age=3600"
    again = client.get("/static/app.css", headers={"If-None-Match": css.headers["etag"]})
    assert again.status_code == 304  # after the hour, a revalidation costs no body
    atlas = client.get("/static/vendor/world-atlas/countries-110m.json")
    assert atlas.status_code == 200 and atlas.json()["type"] == "Topology"
    assert "d3" in client.get("/static/vendor/d3-geo/d3-geo.min.js").text


ESCAPE_ROUTE = {"408": "KP", "156": "CN", "496": "MN", "643": "RU", "418": "LA", "704": "VN",
                "116": "KH", "764": "TH", "104": "MM", "410": "KR", "392": "JP"}


def test_vendored_map_covers_every_escape_route_country() -> None:
    from importlib import resources

    atlas = resources.files("tumen.web") / "static" / "vendor" / "world-atlas"
    world = json.loads((atlas / "countries-110m.json").read_text("utf-8"))
    ids = {g.get("id") for g in world["objects"]["countries"]["geometries"]}
    assert set(ESCAPE_ROUTE) <= ids
    assert "Permission to use" in (atlas / "LICENSE").read_text("utf-8")  # shipped with it


def test_route_draws_a_step_known_only_by_its_country_and_evidence_shows_once() -> None:
    from tumen.models import Incident, IncidentEvent
    from tumen.web.routes.incidents import timeline_rows

    told = "Nine were arrested in Vietnam and sent to Dongxing."
    incident = Incident(key="k", title="t", events=[
        IncidentEvent("arrest", "2015-10-22", None, "VN", 9, [1], [told]),
        IncidentEvent("transfer", None, "Dongxing", "CN", 9, [1, 2], [told, "Later moved."])])
    route = json.loads(queries.route_points(incident))
    assert [p[2] for p in route] == ["Vietnam", "Dongxing"]
    docs = [Document(url="u", canonical_url="u", text="", content_hash="h", id=1,
                     published="2015-11-20"),
            Document(url="v", canonical_url="v", text="", content_hash="i", id=2,
                     published="2015-12-01")]
    rows = timeline_rows(incident, docs)
    assert [r["when"] for r in rows] == ["2015-10-22", "by 2015-11-20"]
    assert rows[0]["evidence"] == [told] and rows[1]["evidence"] == ["Later moved."]


def test_a_forced_return_goes_on_to_china_then_north_korea_on_the_route() -> None:
    from tumen.models import Incident, IncidentEvent

    told = "They were deported to China and then sent back to North Korea."
    handed = "Laos handed them over to Chinese police."
    laos = Incident(key="k", title="t", events=[
        IncidentEvent("arrest", "2013-05-10", None, "LA", 9, [1], []),
        IncidentEvent("repatriation", "2013-05-27", None, "LA", 9, [1], [told])])
    assert [p[2] for p in json.loads(queries.route_points(laos))] == [
        "Laos", "China", "North Korea"]
    laos.events[1].evidence = [handed]  # in Chinese custody: no return to the North told
    assert [p[2] for p in json.loads(queries.route_points(laos))] == ["Laos", "China"]
    transfer = Incident(key="v", title="t", events=[
        IncidentEvent("arrest", "2015-10-22", None, "VN", 9, [1], []),
        IncidentEvent("transfer", "2015-10", None, "CN", 9, [1], []),
        IncidentEvent("transfer", None, "Dongxing", "CN", 9, [2], [])])
    assert [p[2] for p in json.loads(queries.route_points(transfer))] == ["Vietnam", "Dongxing"]


def test_a_pinned_notice_is_marked_where_documents_are_listed(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "p.db"))
    topic = Analysis(language="en", topics=["detention"])
    notice = store.add_document(replace(_doc(1, KO_TEXT, "상담 안내 공지", "2024-01-10", "ko",
                                             "Board", topic), pinned=True), None)
    post = store.add_document(_doc(2, EN_TEXT, "Seven defectors arrested", "2024-05-08", "en",
                                   "Board", topic), None)
    store.close()
    client = TestClient(create_app(Settings(db=str(tmp_path / "p.db"))))
    for listing in (client.get("/").text, client.get("/topics/detention").text):
        assert listing.count("pinned notice") == 1
        # the badge follows the notice's own title, not the other report's
        after = listing[listing.index("상담 안내 공지"):]
        assert "pinned notice" in after[:400] and "Seven defectors" not in after[:400]
    assert "pinned notice" in client.get(f"/documents/{notice}").text
    assert "pinned notice" not in client.get(f"/documents/{post}").text
    api = {d["id"]: d["pinned"] for d in client.get("/api/v1/documents").json()["items"]}
    assert api == {notice: True, post: False}


def test_a_page_the_analysis_does_not_read_says_so_on_its_page_and_in_the_api(
        tmp_path: Path) -> None:
    # a Chinese report stored with its analysis (language only): the page and the API say
    # that no event was looked for, so an empty event list is not read as "nothing happened"
    store = open_store(str(tmp_path / "tumen.db"))
    zh = _doc(1, "九名脱北者在昆明被捕。", "九名脱北者", "2024-05-02", "zh", "example",
              Analysis(language="zh", analysed=False))
    en = _doc(2, "Nine were arrested.", "Nine arrested", "2024-05-02", "en", "example",
              Analysis(language="en"))
    ids = [store.add_document(zh, None), store.add_document(en, None)]
    stored = store.get_document(ids[0])
    assert stored is not None and stored.analysis is not None and not stored.analysis.analysed
    store.close()
    client = TestClient(create_app(Settings(db=str(tmp_path / "tumen.db"))))
    pages = [client.get(f"/documents/{i}").text for i in ids]
    assert "not analysed" in pages[0] and "not analysed" not in pages[1]
    assert [client.get(f"/api/v1/documents/{i}").json()["analysed"] for i in ids] == [False, True]
