"""Backfill from web archives: WARC files read in parallel on Dask, stored by one writer."""

from __future__ import annotations

from tumen.backfill.run import BackfillOptions, BackfillReport, backfill

__all__ = ["BackfillOptions", "BackfillReport", "backfill"]
