"""Document pages, the archived snapshot of a document, and topic archives."""

from __future__ import annotations

import re
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from tumen.models import TOPICS, Document
from tumen.store import DocumentFilter, SearchHit, SearchQuery, Store
from tumen.web import queries
from tumen.web.deps import MAX_PAGE, Pager, get_store, highlight_entities, page_url, render

router = APIRouter(include_in_schema=False)
DocId = Annotated[int, Path(ge=1, le=2**62)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src 'none'; style-src 'unsafe-inline'"
_WORDS = re.compile(r"\w{4,}", re.UNICODE)


def related_documents(store: Store, doc: Document, limit: int = 5) -> list[SearchHit]:
    """Reports ranked by BM25 against the salient words of this one's title."""
    words = list(dict.fromkeys(_WORDS.findall(doc.title or doc.text[:200])))[:6]
    if not words:
        return []
    page = store.search(SearchQuery(text=" OR ".join(words), limit=limit + 1))
    return [h for h in page.hits if h.id != doc.id][:limit]


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: DocId,
                  store: Store = Depends(get_store)) -> HTMLResponse:
    """One report with entities highlighted, metadata, snapshot link and related reports."""
    doc = store.get_document(doc_id)
    if doc is None:
        raise HTTPException(404, f"No document {doc_id}")
    analysis = doc.analysis
    snapshot = None
    get_fetch = getattr(store, "get_fetch", None)
    if doc.fetch_id and get_fetch:
        record = get_fetch(doc.fetch_id)
        snapshot = record if record and record.warc_path else None
    duplicates = getattr(store, "duplicates_of", None)
    return render(request, "document.html", {
        "d": doc, "a": analysis, "snapshot": snapshot,
        "body": highlight_entities(doc.text, analysis.entities if analysis else []),
        "copies": duplicates(doc_id) if duplicates else [],
        "related": related_documents(store, doc),
    })


@router.get("/documents/{doc_id}/snapshot")
def document_snapshot(doc_id: DocId, store: Store = Depends(get_store)) -> Response:
    """The archived body of a document, served sandboxed (no script, no network)."""
    doc = store.get_document(doc_id)
    get_fetch = getattr(store, "get_fetch", None)
    record = get_fetch(doc.fetch_id) if doc and doc.fetch_id and get_fetch else None
    if record is None or not record.warc_path or not FsPath(record.warc_path).is_file():
        raise HTTPException(404, "No archived snapshot of this document")
    from tumen.archive import iter_warc

    for page in iter_warc(FsPath(record.warc_path)):
        if page.warc_record_id == record.warc_record_id or not record.warc_record_id:
            ctype = "text/html" if "html" in (page.content_type or "") else "text/plain"
            return Response(page.body, media_type=ctype, headers={
                "Content-Security-Policy": SNAPSHOT_CSP, "X-Content-Type-Options": "nosniff"})
    raise HTTPException(404, "The snapshot is missing from the archive")


@router.get("/topics", response_class=HTMLResponse)
def topics_index(request: Request, store: Store = Depends(get_store)) -> HTMLResponse:
    """Every topic of the taxonomy with its number of reports."""
    return render(request, "topics.html",
                  {"topics": TOPICS, "counts": queries.topic_counts(store)})


@router.get("/topics/{topic}", response_class=HTMLResponse)
def topic_page(request: Request, topic: str, page: PageNo = 1,
               store: Store = Depends(get_store)) -> HTMLResponse:
    """A topic archive: dated teasers with source and author, newest first, paginated."""
    if topic not in TOPICS:
        raise HTTPException(404, f"Unknown topic {topic!r}")
    per_page = 20
    docs, total = store.list_documents(
        DocumentFilter(limit=per_page, offset=(page - 1) * per_page, topic=topic))
    pager = Pager(page=page, per_page=per_page, total=total)
    if page > 1 and not docs:
        raise HTTPException(404, f"Page {page} is past the last page ({pager.pages})")
    return render(request, "topic.html", {
        "topic": topic, "documents": docs, "p": pager,
        "page_url": lambda n: page_url(request, n),
    })
