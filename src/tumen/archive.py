"""WARC snapshots of every fetched body, one gzip file per UTC day, and reading them back."""

from __future__ import annotations

import base64
import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from tumen import __version__
from tumen.fetch import detect_encoding, is_text
from tumen.models import RawPage
from tumen.private import open_private_append, private_dir

log = logging.getLogger(__name__)

# The stored body is already decoded, so headers describing the wire form would lie.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class Earlier(Protocol):
    """What the archive needs to know of a URL's last fetch (a FetchRecord has it)."""

    body_hash: str | None
    warc_path: str | None
    warc_record_id: str | None
    fetched_at: datetime


class WarcArchive:
    """Appends request/response record pairs to ``folder/tumen-YYYYMMDD.warc.gz``.

    ``previous`` (the store's last_fetch) names a URL's last archived fetch: a body whose
    payload digest is unchanged is archived as a revisit record that refers to it.
    """

    def __init__(self, folder: Path,
                 previous: Callable[[str], Earlier | None] | None = None) -> None:
        self.folder = Path(folder)
        self.previous = previous
        self._lock = threading.Lock()
        self._checked: set[Path] = set()

    def path_for(self, when: datetime) -> Path:
        """The file that holds records fetched at ``when`` (its UTC day)."""
        return self.folder / f"tumen-{when.astimezone(UTC):%Y%m%d}.warc.gz"

    def write(self, page: RawPage, request_headers: dict[str, str]) -> tuple[str, str]:
        """Archive ``page`` with the request that got it; return (file path, WARC-Record-ID)."""
        when = page.fetched_at or datetime.now(UTC)
        path = self.path_for(when)
        private_dir(self.folder)
        earlier = self._unchanged(page)
        if earlier is not None:
            # the fetch keeps pointing at the full response; the revisit records the visit
            self._append(path, _revisit(page, request_headers, when, earlier))
            return str(earlier.warc_path), str(earlier.warc_record_id)
        data, record_id = _record_pair(page, request_headers, when)
        self._append(path, data)
        return str(path), record_id

    def _unchanged(self, page: RawPage) -> Earlier | None:
        """The URL's last archived fetch when this body has the same payload digest."""
        earlier = self.previous(page.url) if self.previous else None
        if earlier is None or not earlier.warc_record_id or not earlier.warc_path:
            return None
        if earlier.body_hash != hashlib.sha256(page.body).hexdigest():
            return None
        return earlier if Path(earlier.warc_path).is_file() else None

    def _append(self, path: Path, data: bytes) -> None:
        """Append gzip members to a day's file under an exclusive lock, durably."""
        with self._lock, os.fdopen(open_private_append(path), "ab") as f:
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


def _revisit(page: RawPage, request_headers: dict[str, str], when: datetime,
             earlier: Earlier) -> bytes:
    """A gzipped revisit record (identical payload digest) and its request record."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    digest = "sha256:" + base64.b32encode(hashlib.sha256(page.body).digest()).decode("ascii")
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _WIRE_HEADERS]
    revisit = writer.create_revisit_record(
        page.location, digest, page.location, _warc_date(earlier.fetched_at),
        http_headers=StatusAndHeaders(_status_line(page.status), headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": _warc_date(when),
                           "WARC-Refers-To": str(earlier.warc_record_id)},
    )
    writer.write_record(revisit)
    writer.write_record(_request_record(writer, page.location, request_headers, when,
                                        revisit.rec_headers.get_header("WARC-Record-ID")))
    return buf.getvalue()


def _warc_date(when: datetime) -> str:
    """A WARC-Date for a moment (naive times are UTC)."""
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return str(datetime_to_iso_date(aware.astimezone(UTC).replace(tzinfo=None)))


def _request_record(writer: WARCWriter, uri: str, request_headers: dict[str, str],
                    when: datetime, concurrent_to: str) -> ArcWarcRecord:
    """The request record that got a response or revisit record."""
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return writer.create_warc_record(
        uri, "request", payload=BytesIO(b""), length=0,
        http_headers=StatusAndHeaders(
            f"GET {target} HTTP/1.1", list(request_headers.items()), is_http_request=True,
        ),
        warc_headers_dict={"WARC-Date": _warc_date(when), "WARC-Concurrent-To": concurrent_to},
    )


def _record_pair(
    page: RawPage, request_headers: dict[str, str], when: datetime
) -> tuple[bytes, str]:
    """The gzipped response and request records for ``page``, and the response's id."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    uri = page.location
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(page.body))))
    response = writer.create_warc_record(
        uri, "response", payload=BytesIO(page.body), length=len(page.body),
        http_headers=StatusAndHeaders(_status_line(page.status), headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": _warc_date(when)},
    )
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    writer.write_record(response)
    writer.write_record(_request_record(writer, uri, request_headers, when, record_id))
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


def iter_warc(path: Path, errors: list[str] | None = None) -> Iterator[RawPage]:
    """The response records of a WARC file (gzipped or not) as RawPages, in file order.

    Reading stops at a truncated or damaged record, keeping the records before it; the
    reason is logged, and appended as one line to `errors` when given.
    """
    def stop(message: str) -> None:
        log.warning("%s: %s", path, message)
        if errors is not None:
            errors.append(message)

    with open(path, "rb") as f:
        size, end = os.fstat(f.fileno()).st_size, 0
        records = ArchiveIterator(f)
        try:
            for record in records:
                if record.format != "warc" or not record.rec_type:  # stray bytes read as a record
                    stop(f"stopped at byte {end}: not a WARC record")
                    return
                page = None
                if record.rec_type == "response" and record.http_headers is not None:
                    page = _page_from(record, path)
                    if not _drained(record):
                        stop(f"stopped at a truncated record at byte {end}")
                        return
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
                if page is not None:
                    yield page
        except Exception as e:  # a killed writer leaves a truncated last record: keep the rest
            stop(f"stopped at a damaged record after byte {end} ({type(e).__name__}: "
                 f"{_printable(str(e))})")
            return
    if end < size:  # warcio ends quietly where a record's header is cut or is not WARC
        stop(f"stopped at a truncated or damaged record at byte {end} of {size}")


def _printable(message: str, limit: int = 80) -> str:
    """A message quoting damaged bytes, cut to one short line of printable text."""
    text = "".join(c if c.isprintable() else "?" for c in message.splitlines()[0])
    return text if len(text) <= limit else text[:limit] + "…"


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

