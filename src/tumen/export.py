"""Streaming exports of documents, events and incidents as CSV, JSON Lines or Parquet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from tumen.models import Incident, web_address
from tumen.store import Store

FORMATS = ("csv", "jsonl", "parquet")
WHATS = ("documents", "events", "incidents")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
               "parquet": "application/vnd.apache.parquet"}
BATCH = 1000
_S, _I, _F = pa.string(), pa.int64(), pa.float64()
_LS, _LI = pa.list_(pa.string()), pa.list_(pa.int64())
COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [("id", _I), ("url", _S), ("canonical_url", _S), ("title", _S), ("author", _S),
                  ("published", _S), ("language", _S), ("source", _S), ("topics", _LS),
                  ("countries", _LS), ("summary", _S), ("text", _S), ("first_seen", _S),
                  ("last_seen", _S)],
    "events": [("document_id", _I), ("incident_id", _I), ("document_url", _S), ("source", _S),
               ("published", _S), ("type", _S), ("date", _S), ("people", _I), ("vulnerable", _LS),
               ("country", _S), ("place", _S), ("evidence", _S)],
    "incidents": [("id", _I), ("key", _S), ("title", _S), ("status", _S),
                  ("urgency_level", _S), ("urgency_score", _F), ("people_min", _I),
                  ("people_max", _I), ("vulnerable", _LS), ("countries", _LS), ("places", _LS),
                  ("first_report", _S), ("last_report", _S), ("sources_count", _I),
                  ("documents", _LI)],
}


def document_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per document, in id order, read in batches."""
    for d in store.iter_documents():
        a = d.analysis
        countries = sorted({e.country for e in (a.entities + a.events if a else []) if e.country})
        # a report read from a local file has no address to give: its path stays here
        yield {"id": d.id, "url": web_address(d.url),
               "canonical_url": web_address(d.canonical_url), "title": d.title,
               "author": d.author, "published": d.published, "language": d.language,
               "source": d.source, "topics": list(a.topics) if a else [], "countries": countries,
               "summary": d.summary, "text": d.text,
               "first_seen": d.first_seen.isoformat() if d.first_seen else None,
               "last_seen": d.last_seen.isoformat() if d.last_seen else None}


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per event read from a document, with the document it came from and the
    incident it went into (None: in no incident, or in one staff withheld)."""
    from tumen.web.queries import event_incidents

    owners = event_incidents(store)
    for d in store.iter_documents():
        for e in d.analysis.events if d.analysis else []:
            yield {"document_id": d.id,
                   "incident_id": owners.get((d.id or 0, e.type, e.evidence.text)),
                   "document_url": web_address(d.url), "source": d.source,
                   "published": d.published, "type": e.type, "date": e.date,
                   "people": e.people, "vulnerable": list(e.vulnerable),
                   "country": e.country, "place": e.place, "evidence": e.evidence.text}


def _incidents(store: Store) -> Iterator[Incident]:
    """Every public incident (withheld ones never), fetched a page at a time."""
    from tumen.web.queries import list_incidents

    offset = 0
    while True:
        items, _ = list_incidents(store, limit=500, offset=offset)
        yield from items
        if len(items) < 500:
            return
        offset += 500


def incident_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per assembled incident."""
    for i in _incidents(store):
        yield {name: getattr(i, name) for name, _ in COLUMNS["incidents"]}


def rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one export."""
    if what not in WHATS:
        raise ValueError(f"cannot export {what!r}; choose one of {', '.join(WHATS)}")
    return {"documents": document_rows, "events": event_rows,
            "incidents": incident_rows}[what](store)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> Any:
    text = ";".join(str(v) for v in value) if isinstance(value, list) else value
    if not isinstance(text, str):
        return text
    if text.startswith(FORMULA_START):
        text = "'" + text  # crawled titles are untrusted: shown as text, never evaluated
    # csv quotes a field with \n (our line end) but not a bare \r, which splits the row
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_chunks(data: Iterable[dict[str, Any]], what: str) -> Iterator[bytes]:
    """CSV with a header line, a chunk per batch of rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([name for name, _ in COLUMNS[what]])
    for n, row in enumerate(data, 1):
        writer.writerow([_csv_value(row.get(name)) for name, _ in COLUMNS[what]])
        if n % BATCH == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def jsonl_chunks(data: Iterable[dict[str, Any]], what: str) -> Iterator[bytes]:
    """One JSON object per line, a chunk per batch of rows."""
    lines: list[str] = []
    for row in data:
        lines.append(json.dumps(row, ensure_ascii=False))
        if len(lines) >= BATCH:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


class _Sink(io.RawIOBase):
    """A write-only file whose bytes are taken out after each row group."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        """The bytes written since the last take."""
        out, self.parts = b"".join(self.parts), []
        return out


def parquet_chunks(data: Iterable[dict[str, Any]], what: str) -> Iterator[bytes]:
    """Parquet written one row group per batch, the bytes streamed as they are written."""
    schema = pa.schema(COLUMNS[what])
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    batch: list[dict[str, Any]] = []
    for row in data:
        batch.append(row)
        if len(batch) >= BATCH:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            batch = []
            yield sink.take()
    if batch:
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    writer.close()
    yield sink.take()


def iter_export(store: Store, what: str, fmt: str) -> Iterator[bytes]:
    """The bytes of an export, in chunks, reading the store as it goes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    encoder = {"csv": csv_chunks, "jsonl": jsonl_chunks, "parquet": parquet_chunks}[fmt]
    return (chunk for chunk in encoder(rows(store, what), what) if chunk)


class _Counter:
    """Counts the rows that pass through it."""

    def __init__(self, data: Iterator[dict[str, Any]]) -> None:
        self.data, self.count = data, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.data:
            self.count += 1
            yield row


def export(store: Store, what: str, fmt: str, out: BinaryIO) -> int:
    """Write documents, events or incidents as csv, jsonl or parquet to out; return the rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    encoder = {"csv": csv_chunks, "jsonl": jsonl_chunks, "parquet": parquet_chunks}[fmt]
    counter = _Counter(rows(store, what))
    for chunk in encoder(counter, what):
        out.write(chunk)
    return counter.count
