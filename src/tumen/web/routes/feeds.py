"""Atom feeds of the latest reports, of incidents, and of each topic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tumen.models import TOPICS, Document, headline, web_address
from tumen.store import DocumentFilter, Store
from tumen.web import queries
from tumen.web.deps import get_store, render

router = APIRouter(include_in_schema=False)
ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Entry:
    """One Atom entry before serialisation."""

    id: str
    title: str
    link: str
    updated: str | None  # None: undated, given the feed's own date
    summary: str
    author: str | None = None


def rfc3339(value: str | datetime | None) -> str | None:
    """An Atom date from a full or partial ISO date (2015, 2015-10, 2015-10-22) or datetime;
    None when there is no date to give (never 1970-01-01)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = (value or "")[:10]
    parts = [*text.split("-"), "01", "01"][:3] if text else []
    try:
        day = datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=UTC)
    except (ValueError, IndexError):
        return None
    return day.strftime("%Y-%m-%dT%H:%M:%SZ")


def plural(count: int, noun: str) -> str:
    """'1 source', '3 sources'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _clean(text: str | None) -> str:
    """Text without the control characters XML cannot carry."""
    return _BAD_XML.sub("", text or "")


def atom(feed_id: str, title: str, self_url: str, alt_url: str, entries: list[Entry]) -> bytes:
    """A serialised Atom 1.0 feed."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    # an empty feed, or one of undated entries, is as of now
    updated = max((e.updated for e in entries if e.updated), default=None) or rfc3339(
        datetime.now(UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "tumen"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url,
                  type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=alt_url, type="text/html")
    for e in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(node, f"{{{ATOM}}}title").text = _clean(e.title) or "(untitled)"
        ET.SubElement(node, f"{{{ATOM}}}updated").text = e.updated or updated
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=e.link)
        if e.author:
            author = ET.SubElement(node, f"{{{ATOM}}}author")
            ET.SubElement(author, f"{{{ATOM}}}name").text = _clean(e.author)
        ET.SubElement(node, f"{{{ATOM}}}summary", type="text").text = _clean(e.summary)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                     xml_declaration=False)


def document_entries(base: str, docs: list[Document]) -> list[Entry]:
    """Atom entries for documents; the link is the original report, or its page here
    when it was read from a local file."""
    return [
        Entry(id=f"{base}/documents/{d.id}", title=d.title or headline(d.text),
              link=web_address(d.url) or f"{base}/documents/{d.id}",
              updated=rfc3339(d.published or d.first_seen), author=d.author,
              summary=(d.summary or d.text)[:500])
        for d in docs
    ]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _feed(content: bytes) -> Response:
    return Response(content, media_type=ATOM_TYPE, headers={"Vary": "Accept"})


def _for_a_browser(request: Request) -> bool:
    """True when a browser opens a feed (it asks for HTML, not for Atom): it gets the
    readable page of feeds instead of raw XML. Feed readers name Atom or accept anything."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "atom" not in accept and "rss" not in accept


def _readable(slug: str) -> RedirectResponse:
    return RedirectResponse(f"/feeds#{slug}", status_code=303, headers={"Vary": "Accept"})


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request, store: Store = Depends(get_store)) -> HTMLResponse:
    """Every public feed with the address to give a feed reader and its newest entries."""
    base = _base(request)
    docs, _ = store.list_documents(DocumentFilter(limit=10))
    return render(request, "feeds.html", {
        "base": base, "latest": document_entries(base, docs),
        "incidents": incident_entries(base, store)[:10], "topics": TOPICS})


@router.get("/feeds/latest.atom")
def latest_feed(request: Request, store: Store = Depends(get_store)) -> Response:
    """The 50 newest reports."""
    if _for_a_browser(request):
        return _readable("latest")
    docs, _ = store.list_documents(DocumentFilter(limit=50))
    base = _base(request)
    return _feed(atom(f"{base}/feeds/latest.atom", "tumen: latest reports",
                      f"{base}/feeds/latest.atom", f"{base}/feeds#latest",
                      document_entries(base, docs)))


@router.get("/feeds/topics/{topic}.atom")
def topic_feed(request: Request, topic: str, store: Store = Depends(get_store)) -> Response:
    """The 50 newest reports on one topic."""
    if topic not in TOPICS:
        raise HTTPException(404, f"Unknown topic {topic!r}")
    if _for_a_browser(request):
        return _readable(f"topic-{topic}")
    docs, _ = store.list_documents(DocumentFilter(limit=50, topic=topic))
    base = _base(request)
    url = f"{base}/feeds/topics/{topic}.atom"
    return _feed(atom(url, f"tumen: {topic}", url, f"{base}/topics/{topic}",
                      document_entries(base, docs)))


def incident_entries(base: str, store: Store) -> list[Entry]:
    """Atom entries of the 50 most urgent public incidents, each dated by its last report."""
    items, _ = queries.list_incidents(store, limit=50, offset=0)
    return [
        Entry(id=f"{base}/incidents/{i.id}",
              title=i.title if i.reviewed_by else f"{i.title} (unreviewed)",
              link=f"{base}/incidents/{i.id}",
              updated=rfc3339(i.last_report or i.first_report),
              summary=f"Status {i.status.replace('_', ' ')}, urgency {i.urgency_level}; "
                      f"{'countries' if len(i.countries) > 1 else 'country'} "
                      f"{', '.join(i.countries) or 'unknown'}; "
                      f"{plural(i.sources_count, 'source')}.")
        for i in items
    ]


@router.get("/feeds/incidents.atom")
def incidents_feed(request: Request, store: Store = Depends(get_store)) -> Response:
    """The most urgent incidents, each updated at its last report."""
    if _for_a_browser(request):
        return _readable("incidents")
    base = _base(request)
    url = f"{base}/feeds/incidents.atom"
    return _feed(atom(url, "tumen: incidents", url, f"{base}/incidents",
                      incident_entries(base, store)))
