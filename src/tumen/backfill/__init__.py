"""Backfill from web archives: WARC files read in parallel on Dask, stored by one writer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tumen.backfill.run import BackfillOptions, BackfillReport, backfill

__all__ = ["BackfillOptions", "BackfillReport", "backfill"]


def __getattr__(name: str) -> Any:
    """Import the run (Dask, the extraction stack) on first use, not when the CLI loads."""
    if name in __all__:
        from tumen.backfill import run

        return getattr(run, name)
    raise AttributeError(name)
