"""Tests of the WARC archive: round trip, daily files, appends, and a killed writer."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tumen.archive import WarcArchive, iter_warc
from tumen.models import RawPage

FIXTURES = Path(__file__).parent / "fixtures" / "http"
WHEN = datetime(2023, 10, 13, 8, 30, 15, tzinfo=UTC)


def page(path: str, body: bytes, when: datetime = WHEN, status: int = 200) -> RawPage:
    """A fetched page as the fetcher would return it."""
    url = f"https://www.example.org{path}"
    headers = {"content-type": "text/html; charset=euc-kr", "etag": '"abc"'}
    return RawPage(
        url=url, final_url=url, body=body, headers=headers, fetched_at=when, status=status
    )


def test_round_trip(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    first = page("/ko", (FIXTURES / "ko-euckr-bare.html").read_bytes())
    second = page("/gone", b"", status=410)
    written = [archive.write(p, {"User-Agent": "tumen-test"}) for p in (first, second)]
    path = tmp_path / "tumen-20231013.warc.gz"
    assert [w[0] for w in written] == [str(path), str(path)]
    back = list(iter_warc(path))
    assert [(p.url, p.status, p.body) for p in back] == [
        (first.url, 200, first.body), (second.url, 410, b""),
    ]
    assert [p.warc_record_id for p in back] == [w[1] for w in written]
    assert all(p.warc_path == str(path) for p in back)
    assert back[0].fetched_at == WHEN
    assert back[0].headers["etag"] == '"abc"'
    assert back[0].headers["content-length"] == str(len(first.body))
    assert back[0].encoding == "cp949"


def test_request_records_are_written(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    path, record_id = archive.write(page("/a?x=1", b"body"), {"User-Agent": "tumen-test"})
    with open(path, "rb") as f:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Concurrent-To"), r.http_headers)
            for r in ArchiveIterator(f)
        ]
    kinds = [r[0] for r in records]
    assert kinds == ["warcinfo", "response", "request"]
    request = records[2]
    assert request[1] == record_id
    assert request[2].get_header("User-Agent") == "tumen-test"
    assert (request[2].protocol, request[2].statusline) == ("GET", "/a?x=1 HTTP/1.1")


def test_wire_headers_are_not_stored(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    decoded = RawPage(
        url="https://e.org/", body=b"<p>plain</p>", fetched_at=WHEN,
        headers={"content-encoding": "gzip", "transfer-encoding": "chunked", "content-length": "9"},
    )
    path, _ = archive.write(decoded, {})
    (back,) = iter_warc(Path(path))
    assert back.body == b"<p>plain</p>"
    assert "content-encoding" not in back.headers and "transfer-encoding" not in back.headers
    assert back.headers["content-length"] == "12"


def test_one_file_per_utc_day(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    archive.write(page("/1", b"one", datetime(2024, 2, 29, 23, 59, tzinfo=UTC)), {})
    archive.write(page("/2", b"two", datetime(2024, 3, 1, 0, 1, tzinfo=UTC)), {})
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["tumen-20240229.warc.gz", "tumen-20240301.warc.gz"]
    assert [p.body for p in iter_warc(tmp_path / names[1])] == [b"two"]


def test_appends_across_instances(tmp_path: Path) -> None:
    WarcArchive(tmp_path).write(page("/1", b"one"), {})
    WarcArchive(tmp_path).write(page("/2", b"two"), {})
    path = tmp_path / "tumen-20231013.warc.gz"
    assert [p.body for p in iter_warc(path)] == [b"one", b"two"]
    with open(path, "rb") as f:
        assert [r.rec_type for r in ArchiveIterator(f)].count("warcinfo") == 1


def test_killed_writer_loses_only_its_own_record(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    path = Path(archive.write(page("/1", b"one"), {})[0])
    complete = path.stat().st_size
    archive.write(page("/2", os.urandom(4000)), {})
    # Simulate SIGKILL during the second write: its response record is cut in the middle.
    with open(path, "r+b") as f:
        f.truncate(complete + (path.stat().st_size - complete) // 2)
    assert [p.body for p in iter_warc(path)] == [b"one"]
    WarcArchive(tmp_path).write(page("/3", b"three"), {})
    assert [p.body for p in iter_warc(path)] == [b"one", b"three"]
