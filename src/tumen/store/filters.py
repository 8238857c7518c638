"""SQL conditions for document listings, shared by both backends.

Written with `?` placeholders; the PostgreSQL store turns them into %s.
"""

from __future__ import annotations

from typing import Any

from tumen.store.base import DocumentFilter

# Conditions on the documents table (unaliased) per DocumentFilter field.
_LISTING = {
    "topic": "id IN (SELECT document_id FROM document_topics WHERE topic=?)",
    "source": "source=?",
    "language": "language=?",
}


def listing_conditions(query: DocumentFilter) -> tuple[str, list[Any]]:
    """A WHERE clause (never empty) for a document listing, and its values."""
    chosen = [(cond, getattr(query, f)) for f, cond in _LISTING.items() if getattr(query, f)]
    clause = " AND ".join(c for c, _ in chosen) or "1=1"
    return clause, [v for _, v in chosen]
