"""The persistent MinHash LSH index (table minhash_bands), shared by both backends.

Each stored signature has one row per band (tumen.banding.band_keys); a new text's
candidates are the documents sharing at least one (band, band_hash) with it, found by the
index on (band, band_hash), so no process keeps every signature in memory.
"""

from __future__ import annotations

from typing import Any

from tumen.banding import band_keys

# Documents read per batch when filling the table from stored signatures.
FILL_BATCH = 1000


def band_rows(document_id: int, signature: bytes | None) -> list[tuple[int, int, int]]:
    """(band, band_hash, document_id) rows of one document's signature."""
    if not signature:
        return []
    return [(band, key, document_id) for band, key in band_keys(signature)]


def insert_sql(mark: str) -> str:
    """INSERT of band rows; `mark` is the driver's placeholder (? or %s)."""
    return (f"INSERT INTO minhash_bands (band, band_hash, document_id) "
            f"VALUES ({mark}, {mark}, {mark}) ON CONFLICT DO NOTHING")


def candidates_sql(keys: list[tuple[int, int]], mark: str) -> tuple[str, list[int]]:
    """SELECT (id, minhash) of documents sharing a band with `keys`, and its parameters."""
    # one indexed lookup per band (UNION also drops a document found in several bands)
    lookups = " UNION ".join(
        f"SELECT document_id FROM minhash_bands WHERE band = {mark} AND band_hash = {mark}"
        for _ in keys)
    params = [v for key in keys for v in key]
    return (f"SELECT id, minhash FROM documents WHERE id IN ({lookups}) "
            "AND minhash IS NOT NULL ORDER BY id", params)


def fill_bands(conn: Any, mark: str) -> int:
    """Band rows for every stored signature (migration 0007); return how many documents.

    `conn` is an sqlite3 or psycopg connection inside the migration's transaction; the
    documents are read by id in batches so that memory stays flat on a large archive.
    """
    last, done = 0, 0
    while True:
        rows = conn.execute(
            f"SELECT id, minhash FROM documents WHERE id > {mark} AND minhash IS NOT NULL "
            f"ORDER BY id LIMIT {mark}", (last, FILL_BATCH)).fetchall()
        if not rows:
            return done
        batch = [row for r in rows for row in band_rows(int(r[0]), bytes(r[1]))]
        if batch:
            conn.cursor().executemany(insert_sql(mark), batch)
        last, done = int(rows[-1][0]), done + len(rows)

