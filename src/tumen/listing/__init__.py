"""Split listing pages (archives, topic pages, boards) into dated items.

The package imports one way: `base` (types, lexicon) at the bottom, one module per page
form above it (`html`, `text`), and `split_page` here as the one entry point.
"""

from __future__ import annotations

from datetime import datetime

from tumen.listing.base import Listing, looks_like_html, normalise
from tumen.listing.html import split_html
from tumen.listing.text import split_text

__all__ = ["Listing", "looks_like_html", "normalise", "split_page"]


def split_page(
    body: str, url: str, *, is_html: bool, fetched_at: datetime | None = None
) -> Listing:
    """Decide whether a page is a listing or an article; for a listing, its items."""
    if is_html:
        return split_html(body, url, fetched_at)
    return split_text(body, url, fetched_at)
