"""In-process tests of every HTML page against a temporary database filled through the store."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tumen.config import Settings
from tumen.models import (
    Analysis, Document, Entity, Event, Evidence, Incident, IncidentEvent, Source, SourceHealth,
    Statistic,
)
from tumen.store import SQLiteStore, Store, open_store
from tumen.web.app import create_app
from tumen.web.deps import get_store

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
        "ko": store.add_document(_doc(2, KO_TEXT, "탈북민 7명 중국서 체포", "2024-05-09", "ko",
                                      "연합뉴스", Analysis(language="ko", topics=["detention"])),
                                 None),
        "ja": store.add_document(_doc(3, JA_TEXT, "脱北者7人拘束", "2024-05-10", "ja", "NHK",
                                      Analysis(language="ja", topics=["detention"])), None),
        "xss": store.add_document(_doc(4, XSS, "<script>alert('t')</script> title", "2023-01-02",
                                       "en", "Evil", Analysis(topics=["advocacy"])), None),
    }
    for n in range(extra):
        store.add_document(_doc(100 + n, f"Filler report {n} about resettlement in Seoul.",
                                f"Resettlement story {n}", f"2022-{1 + n % 12:02d}-15", "en",
                                "NK News", Analysis(language="en", topics=["resettlement"])),
                           None)
    store.upsert_source(Source(name="Daily NK", url="https://www.dailynk.com/", kind="feed"))
    store.record_health(SourceHealth(name="Daily NK", last_status=503, last_error="HTTP 503"))
    return ids


def make_incident(ids: dict[str, int]) -> Incident:
    """One detention incident reported in English and Korean."""
    ev = EN_TEXT[: EN_TEXT.index(".") + 1]
    return Incident(
        id=1, key="shenyang-2024-05", title="Seven detained in Shenyang", status="detained",
        urgency_score=0.92, urgency_level="high", people_min=7, people_max=8,
        vulnerable=["child"], countries=["CN"], places=["Shenyang", "Dandong"],
        events=[IncidentEvent(type="arrest", date="2024-05-07", place="Shenyang", country="CN",
                              people=7, documents=[ids["en"], ids["ko"]], evidence=[ev]),
                IncidentEvent(type="transfer", date="2024-05-20", place="Dandong", country="CN",
                              people=8, documents=[ids["en"]], evidence=[])],
        documents=[ids["en"], ids["ko"]], first_report="2024-05-08", last_report="2024-05-20",
        sources_count=2, conflicts=[{"field": "people", "values": "7 (Daily NK), 8 (연합뉴스)"}])


class IncidentStore(SQLiteStore):
    """The SQLite store with one fixture incident, standing in for the incidents methods."""

    incident: Incident | None = None

    def list_incidents(self, flt: Any) -> tuple[list[Incident], int]:
        items = [i for i in [self.incident] if i is not None]
        if getattr(flt, "status", None):
            items = [i for i in items if i.status == flt.status]
        if getattr(flt, "country", None):
            items = [i for i in items if flt.country in i.countries]
        return items[flt.offset : flt.offset + flt.limit], len(items)

    def get_incident(self, incident_id: int) -> Incident | None:
        return self.incident if self.incident and incident_id == self.incident.id else None

    def incident_documents(self, incident_id: int) -> list[Document]:
        if not self.get_incident(incident_id) or not self.incident:
            return []
        return [d for i in self.incident.documents if (d := self.get_document(i))]


def build_app(db: Path) -> tuple[Any, dict[str, int]]:
    """An app over a filled database whose store also serves the fixture incident."""
    store = open_store(str(db))
    ids = fill_store(store)
    store.close()
    app = create_app(Settings(db=str(db)))
    incident = make_incident(ids)

    def fixture_store() -> Iterator[Store]:
        store = IncidentStore(str(db))
        store.incident = incident
        try:
            yield store
        finally:
            store.close()

    app.dependency_overrides[get_store] = fixture_store
    return app, ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, int]]:
    """A client of the app over a filled temporary database."""
    app, ids = build_app(tmp_path_factory.mktemp("web") / "tumen.db")
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
