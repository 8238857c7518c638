"""Rows of `tumen backfill`: finished shards, and pages already written, for both stores."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from tumen.store.base import Store

if TYPE_CHECKING:
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")


@dataclass
class ShardRow:
    """A finished shard as recorded in backfill_shards."""

    key: str
    path: str
    records: int
    stored: int
    document_ids: list[int]


class BackfillRows(Generic[ConnT]):
    """The backfill_shards table and the look-ups a resumed shard needs; use `conn`."""

    conn: ConnT

    def finished_shards(self, keys: Iterable[str]) -> set[str]:
        """The keys among these of shards a previous run finished."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            batch = wanted[start:start + 500]
            found |= {r[0] for r in self.conn.execute(
                f"SELECT key FROM backfill_shards WHERE key IN ({', '.join('?' * len(batch))})",
                batch)}
        return found

    def finish_shard(self, row: ShardRow) -> None:
        """Record a shard as finished with the documents it added or updated."""
        self.conn.execute(
            "INSERT INTO backfill_shards (key, path, records, stored, document_ids, finished_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (row.key, row.path, row.records, row.stored, json.dumps(sorted(row.document_ids)),
             datetime.now(UTC).isoformat()))

    def shards_to_fold(self) -> tuple[list[str], list[int]]:
        """Finished shards whose documents are not in the incidents yet, and those documents."""
        keys, ids = [], set()
        for row in self.conn.execute(
                "SELECT key, document_ids FROM backfill_shards WHERE incidents_done = 0"):
            keys.append(row[0])
            ids |= set(json.loads(row[1]))
        return keys, sorted(ids)

    def shards_folded(self, keys: list[str]) -> None:
        """Mark shards whose documents the incidents now hold."""
        self.conn.executemany("UPDATE backfill_shards SET incidents_done = 1 WHERE key = ?",
                              [(k,) for k in keys])

    def written_fetch(self, warc_record_id: str) -> tuple[int, list[int]] | None:
        """(fetch id, its documents) of a WARC record written before, or None."""
        row = self.conn.execute(
            "SELECT id FROM fetches WHERE warc_record_id = ? ORDER BY id LIMIT 1",
            (warc_record_id,)).fetchone()
        if row is None:
            return None
        docs = self.conn.execute("SELECT id FROM documents WHERE fetch_id = ? ORDER BY id",
                                 (row[0],))
        return int(row[0]), [int(r[0]) for r in docs]


class BackfillStore(Store, Protocol):
    """A store with the rows above (both backends are)."""

    def finished_shards(self, keys: Iterable[str]) -> set[str]:
        """The keys among these of shards a previous run finished."""

    def finish_shard(self, row: ShardRow) -> None:
        """Record a shard as finished with the documents it added or updated."""

    def shards_to_fold(self) -> tuple[list[str], list[int]]:
        """Finished shards whose documents are not in the incidents yet, and those documents."""

    def shards_folded(self, keys: list[str]) -> None:
        """Mark shards whose documents the incidents now hold."""

    def written_fetch(self, warc_record_id: str) -> tuple[int, list[int]] | None:
        """(fetch id, its documents) of a WARC record written before, or None."""
