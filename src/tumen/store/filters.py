"""SQL conditions for search facets and document listings, shared by both backends.

Written with `?` placeholders; the PostgreSQL store turns them into %s.
"""

from __future__ import annotations

from typing import Any

from tumen.store.base import DocumentFilter, SearchQuery

# Conditions on the documents table (aliased d) per SearchQuery field.
_SEARCH = {
    "language": "d.language=?",
    "source": "d.source=?",
    "year": "substr(d.published, 1, 4)=?",
    "date_from": "d.published>=?",
    "date_to": "substr(d.published, 1, 10)<=?",
    "topic": "d.id IN (SELECT document_id FROM document_topics WHERE topic=?)",
    "country": "d.id IN (SELECT document_id FROM document_countries WHERE country=?)",
    "event_type": "d.id IN (SELECT document_id FROM events WHERE type=?)",
}
# Conditions on the documents table (unaliased) per DocumentFilter field.
_LISTING = {
    "topic": "id IN (SELECT document_id FROM document_topics WHERE topic=?)",
    "source": "source=?",
    "language": "language=?",
}


def search_conditions(query: SearchQuery) -> tuple[list[str], list[Any]]:
    """Conditions on d (documents) for the facet filters a search sets, and their values."""
    chosen = [(cond, getattr(query, f)) for f, cond in _SEARCH.items() if getattr(query, f)]
    return [c for c, _ in chosen], [v for _, v in chosen]


def listing_conditions(query: DocumentFilter) -> tuple[str, list[Any]]:
    """A WHERE clause (never empty) for a document listing, and its values."""
    chosen = [(cond, getattr(query, f)) for f, cond in _LISTING.items() if getattr(query, f)]
    clause = " AND ".join(c for c, _ in chosen) or "1=1"
    return clause, [v for _, v in chosen]
