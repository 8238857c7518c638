"""Documents for the store tests."""

from __future__ import annotations

from typing import Any

from tumen.models import Document


def doc(n: int, text: str, **kw: Any) -> Document:
    """A document with a unique URL and hash."""
    return Document(url=f"https://ex.org/{n}", canonical_url=f"https://ex.org/{n}", text=text,
                    content_hash=f"h{n}", **kw)
