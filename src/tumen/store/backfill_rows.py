"""Rows of `tumen backfill`: finished shards, and pages already written, for both stores."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from tumen.store.base import Store

if TYPE_CHECKING:
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")
_BATCH = 500  # values per IN (...) list


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
        return {str(r[0]) for r in self._where_in("SELECT key FROM backfill_shards WHERE key",
                                                  list(dict.fromkeys(keys)))}

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

    def written_fetches(self, warc_record_ids: Iterable[str]) -> dict[str, list[int]]:
        """The documents of each of these WARC records that a run wrote before."""
        first: dict[str, int] = {}
        for row in self._where_in("SELECT warc_record_id, id FROM fetches WHERE warc_record_id",
                                  list(warc_record_ids), " ORDER BY id"):
            first.setdefault(str(row[0]), int(row[1]))
        record_of = {fetch: record for record, fetch in first.items()}
        found: dict[str, list[int]] = {record: [] for record in first}
        for row in self._where_in("SELECT fetch_id, id FROM documents WHERE fetch_id",
                                  list(record_of), " ORDER BY id"):
            found[record_of[int(row[0])]].append(int(row[1]))
        return found

    # -- a shard's duplicate checks, read in bulk (tumen.backfill.lookup) -------------------

    def documents_by_url(self, canonical_urls: Iterable[str]) -> dict[str, int]:
        """The stored document of each of these canonical URLs that has one."""
        return {str(r[0]): int(r[1]) for r in self._where_in(
            "SELECT canonical_url, id FROM documents WHERE canonical_url",
            list(set(canonical_urls)))}

    def documents_by_hash(self, content_hashes: Iterable[str]) -> dict[str, set[int]]:
        """The stored documents of each of these text hashes that has any."""
        found: dict[str, set[int]] = {}
        for row in self._where_in("SELECT content_hash, id FROM documents WHERE content_hash",
                                  list(set(content_hashes))):
            found.setdefault(str(row[0]), set()).add(int(row[1]))
        return found

    def band_members(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], set[int]]:
        """The documents in minhash_bands under each of these (band, band_hash) keys."""
        by_band: dict[int, set[int]] = {}
        for band, key in keys:
            by_band.setdefault(band, set()).add(key)
        found: dict[tuple[int, int], set[int]] = {}
        for band, hashes in sorted(by_band.items()):  # the primary key's order: band first
            for row in self._where_in(
                    f"SELECT band_hash, document_id FROM minhash_bands WHERE band = {band:d} "
                    "AND band_hash", sorted(hashes)):
                found.setdefault((band, int(row[0])), set()).add(int(row[1]))
        return found

    def signatures(self, document_ids: Iterable[int]) -> dict[int, bytes]:
        """The MinHash signature of each of these documents that has one."""
        return {int(r[0]): bytes(r[1]) for r in self._where_in(
            "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL AND id",
            sorted(set(document_ids)))}

    def _where_in(self, head: str, values: list[Any], tail: str = "") -> list[Any]:
        """Rows of `head IN (values)` + tail, asked in batches of _BATCH values."""
        rows: list[Any] = []
        for start in range(0, len(values), _BATCH):
            batch = values[start:start + _BATCH]
            rows += self.conn.execute(f"{head} IN ({', '.join('?' * len(batch))}){tail}",
                                      batch).fetchall()
        return rows


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

    def written_fetches(self, warc_record_ids: Iterable[str]) -> dict[str, list[int]]:
        """The documents of each of these WARC records that a run wrote before."""

    def documents_by_url(self, canonical_urls: Iterable[str]) -> dict[str, int]:
        """The stored document of each of these canonical URLs that has one."""

    def documents_by_hash(self, content_hashes: Iterable[str]) -> dict[str, set[int]]:
        """The stored documents of each of these text hashes that has any."""

    def band_members(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], set[int]]:
        """The documents in minhash_bands under each of these (band, band_hash) keys."""

    def signatures(self, document_ids: Iterable[int]) -> dict[int, bytes]:
        """The MinHash signature of each of these documents that has one."""

    def held_transaction(self) -> AbstractContextManager[None]:
        """One transaction holding the write lock, joined by every call of this store."""

    def indexed(self) -> None:
        """After a commit: index what it queued, unless in an indexing batch."""
