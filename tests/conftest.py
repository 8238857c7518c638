"""Shared fixtures: temporary stores and settings that allow the local test server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tumen.config import Settings
from tumen.store import SQLiteStore, open_store

SEEDS = Path("/work/shared/seeds")
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a throw-away database that may fetch from 127.0.0.1 without delays."""
    return Settings(
        db=str(tmp_path / "tumen.db"), archive_dir=str(tmp_path / "archive"),
        allow_addresses=["127.0.0.1"], fetch_delay=0, backoff=0.01, max_retries=2,
        read_timeout=5, connect_timeout=2,
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[SQLiteStore]:
    """A migrated SQLite store in a temporary folder."""
    st = open_store(settings.db)
    assert isinstance(st, SQLiteStore)
    yield st
    st.close()


@pytest.fixture
def seeds() -> Path:
    """The shared seed pages (read in place, never copied)."""
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    return SEEDS
