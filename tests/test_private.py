"""New databases, their WAL and shared-memory files, and WARC snapshots are owner-only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tumen.archive import WarcArchive
from tumen.models import RawPage, Source
from tumen.store import open_store


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    """The usual 022: without our modes every new file would be world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_wal_and_folder_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "new" / "place" / "tumen.db"
    store = open_store(str(db))
    store.upsert_source(Source(name="s", url="https://example.org/", kind="feed"))
    files = [db, db.with_name("tumen.db-wal"), db.with_name("tumen.db-shm")]
    assert all(f.exists() for f in files)
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
    store.close()


def test_warc_files_and_folder_are_owner_only(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path / "archive")
    page = RawPage(url="https://example.org/a", final_url="https://example.org/a", status=200,
                   body=b"<p>hello</p>", fetched_at=datetime(2024, 5, 3, tzinfo=UTC),
                   content_type="text/html", headers={"content-type": "text/html"})
    path, _ = archive.write(page, {"User-Agent": "t"})
    assert mode(Path(path)) == 0o600 and mode(tmp_path / "archive") == 0o700
