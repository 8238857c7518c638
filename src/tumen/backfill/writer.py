"""The one writer: stores shard results in shard order, deduplicated, then folds incidents."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tumen.backfill.shard import PageResult, ShardResult
from tumen.config import Settings
from tumen.pipeline import Ingestor, IngestReport
from tumen.store.backfill_rows import BackfillStore, ShardRow


@dataclass
class ShardWrite:
    """What storing one shard did."""

    added: int = 0
    updated: int = 0
    duplicates: int = 0
    resumed_pages: int = 0  # written by a run killed before the shard was finished
    document_ids: list[int] = field(default_factory=list)


class ShardWriter:
    """Writes shard results through the ingestion's own duplicate checks (URL, hash, bands)."""

    def __init__(self, store: BackfillStore, settings: Settings) -> None:
        self.store = store
        self.ingestor = Ingestor(store, settings)

    def write(self, result: ShardResult) -> ShardWrite:
        """Store a shard's pages, then record the shard as finished."""
        done = ShardWrite()
        report = IngestReport()
        # a store whose search index is updated after commits takes a shard's documents
        # in one index commit, not one per document
        batch = getattr(self.store, "indexing_batch", None)
        with batch() if batch is not None else nullcontext():
            for page in result.pages:
                self._write_page(page, report, done)
        done.added, done.updated, done.duplicates = report.added, report.updated, report.duplicates
        done.document_ids.extend(report.document_ids)
        self.store.finish_shard(ShardRow(
            key=result.shard.key, path=result.shard.path, records=result.records,
            stored=done.added + done.updated, document_ids=sorted(set(done.document_ids))))
        return done

    def _write_page(self, page: PageResult, report: IngestReport, done: ShardWrite) -> None:
        """One page's fetch and items, unless a killed run wrote it already."""
        record_id = page.fetch.warc_record_id
        written = self.store.written_fetch(record_id) if record_id else None
        if written is not None:
            done.resumed_pages += 1
            done.document_ids.extend(written[1])
            return
        fetch_id = self.store.add_fetch(page.fetch)
        for prepared in page.items:
            outcome, doc_id = self.ingestor.store_prepared(prepared, page.fetch.fetched_at,
                                                           fetch_id)
            report.count(outcome, doc_id)

    def fold_incidents(self) -> int:
        """Fold the documents of every finished, unfolded shard into the incidents at once."""
        keys, ids = self.store.shards_to_fold()
        written = self.store.update_incidents(ids, datetime.now(UTC)) if ids else 0
        if keys:
            self.store.shards_folded(keys)
        return int(written)
