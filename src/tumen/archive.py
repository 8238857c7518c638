"""WARC snapshots of every fetched body, one gzip file per UTC day, and reading them back."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from tumen import __version__
from tumen.fetch import detect_encoding, is_text
from tumen.models import RawPage

log = logging.getLogger(__name__)

# The stored body is already decoded, so headers describing the wire form would lie.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcArchive:
    """Appends request/response record pairs to ``folder/tumen-YYYYMMDD.warc.gz``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._checked: set[Path] = set()

    def path_for(self, when: datetime) -> Path:
        """The file that holds records fetched at ``when`` (its UTC day)."""
        return self.folder / f"tumen-{when.astimezone(UTC):%Y%m%d}.warc.gz"

    def write(self, page: RawPage, request_headers: dict[str, str]) -> tuple[str, str]:
        """Archive ``page`` with the request that got it; return (file path, WARC-Record-ID)."""
        when = page.fetched_at or datetime.now(UTC)
        path = self.path_for(when)
        self.folder.mkdir(parents=True, exist_ok=True)
        data, record_id = _record_pair(page, request_headers, when)
        with self._lock, open(path, "ab") as f:
            # Other processes (a crawl and an ingest) may append to the same day's file.
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                if path not in self._checked:
                    _repair_tail(path, f)
                    self._checked.add(path)
                if f.tell() == 0:
                    f.write(_warcinfo(path.name))
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        return str(path), record_id


def _record_pair(
    page: RawPage, request_headers: dict[str, str], when: datetime
) -> tuple[bytes, str]:
    """The gzipped response and request records for ``page``, and the response's id."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    uri = page.location
    date = datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None))
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(page.body))))
    response = writer.create_warc_record(
        uri, "response", payload=BytesIO(page.body), length=len(page.body),
        http_headers=StatusAndHeaders(_status_line(page.status), headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": date},
    )
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = writer.create_warc_record(
        uri, "request", payload=BytesIO(b""), length=0,
        http_headers=StatusAndHeaders(
            f"GET {target} HTTP/1.1", list(request_headers.items()), is_http_request=True,
        ),
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
    )
    writer.write_record(response)
    writer.write_record(request)
    return buf.getvalue(), record_id


def _status_line(status: int) -> str:
    """``200 OK`` style status line for a code, even an unknown one."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _warcinfo(filename: str) -> bytes:
    """The warcinfo record that opens each file."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    info = {"software": f"tumen/{__version__}", "format": "WARC File Format 1.0"}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    return buf.getvalue()


def _repair_tail(path: Path, f: IO[bytes]) -> None:
    """Cut a record left half-written by a killed process, so appends stay readable."""
    size = f.seek(0, os.SEEK_END)
    if size == 0:
        return
    end = 0
    try:
        with open(path, "rb") as r:
            records = ArchiveIterator(r)
            for record in records:
                if not _drained(record):
                    break
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
    except Exception as e:  # warcio raises several types on a truncated member
        log.warning("%s: damaged record after byte %d (%s)", path, end, e)
    if end < size:
        log.warning("%s: cutting %d bytes of an unfinished record", path, size - end)
        f.truncate(end)
        f.seek(end)


def iter_warc(path: Path) -> Iterator[RawPage]:
    """The response records of a WARC file (gzipped or not) as RawPages, in file order."""
    with open(path, "rb") as f:
        records = ArchiveIterator(f)
        try:
            for record in records:
                if record.rec_type == "response" and record.http_headers is not None:
                    page = _page_from(record, path)
                    if not _drained(record):
                        log.warning("%s: stopped at a truncated record", path)
                        return
                    yield page
        except Exception as e:  # a killed writer leaves a truncated last record: keep the rest
            log.warning("%s: stopped at a damaged record (%s)", path, e)


def _drained(record: object) -> bool:
    """Read what is left of a record's block; False if the file ended before the block did."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(65536):
        pass
    # warcio reads a cut gzip member without complaint: the unread length tells.
    return getattr(raw, "limit", 0) <= 0


def _page_from(record: object, path: Path) -> RawPage:
    """A RawPage from one warcio response record."""
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    body = record.content_stream().read()  # type: ignore[attr-defined]
    headers = {k.lower(): v for k, v in http.headers}
    content_type = headers.get("content-type", "")
    uri = rec_headers.get_header("WARC-Target-URI")
    date = rec_headers.get_header("WARC-Date")
    return RawPage(
        url=uri, final_url=uri, body=body, headers=headers,
        status=int(http.get_statuscode() or 0),
        fetched_at=iso_date_to_datetime(date).replace(tzinfo=UTC) if date else None,
        content_type=content_type,
        encoding=detect_encoding(body, content_type) if is_text(content_type) else None,
        warc_path=str(path), warc_record_id=rec_headers.get_header("WARC-Record-ID"),
    )

