"""The one writer: stores each shard in one transaction, in shard order, then folds incidents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from tumen.backfill.lookup import ShardView
from tumen.backfill.shard import ShardResult
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
    """Writes each shard in one transaction, through the ingestion's own duplicate checks
    (URL, text hash, band index) answered in bulk (ShardView)."""

    def __init__(self, store: BackfillStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def write(self, result: ShardResult) -> ShardWrite:
        """Store a shard's pages and record it as finished, all or nothing."""
        done = ShardWrite()
        report = IngestReport()
        with self.store.held_transaction():
            # pages a run of an earlier version wrote before it was killed mid-shard
            written = self.store.written_fetches(
                p.fetch.warc_record_id for p in result.pages if p.fetch.warc_record_id)
            pages = [p for p in result.pages if p.fetch.warc_record_id not in written]
            ingestor = Ingestor(ShardView(self.store, [i for p in pages for i in p.items]),
                                self.settings)
            for page in pages:
                fetch_id = ingestor.store.add_fetch(page.fetch)
                for prepared in page.items:
                    report.count(*ingestor.store_prepared(prepared, page.fetch.fetched_at,
                                                          fetch_id))
            done.resumed_pages = len(result.pages) - len(pages)
            done.document_ids = [*report.document_ids, *(d for ids in written.values()
                                                         for d in ids)]
            done.added, done.updated = report.added, report.updated
            done.duplicates = report.duplicates
            self.store.finish_shard(ShardRow(
                key=result.shard.key, path=result.shard.path, records=result.records,
                stored=done.added + done.updated, document_ids=sorted(set(done.document_ids))))
        self.store.indexed()  # into the search index once enough is queued (indexing_batch)
        return done

    def fold_incidents(self) -> int:
        """Fold the documents of every finished, unfolded shard into the incidents at once."""
        keys, ids = self.store.shards_to_fold()
        written = self.store.update_incidents(ids, datetime.now(UTC)) if ids else 0
        if keys:
            self.store.shards_folded(keys)
        return int(written)
