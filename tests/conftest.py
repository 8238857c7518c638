"""Shared fixtures: temporary stores and settings that allow the local test server."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pgcluster import Cluster, start_cluster
from tumen.config import Settings
from tumen.store import SQLiteStore, Store, open_store
from tumen.store.indexing import default_search_dir

if TYPE_CHECKING:
    from tumen.store.postgres import PostgresStore

# ../shared beside the clone (CI has it; a user's clone does not, and the fixture skips)
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a throw-away database that may fetch from 127.0.0.1 without delays."""
    return Settings(
        db=str(tmp_path / "tumen.db"), archive_dir=str(tmp_path / "archive"),
        allow_addresses=["127.0.0.1"], fetch_delay=0, backoff=0.01, max_retries=2,
        read_timeout=5, connect_timeout=2,
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throw-away PostgreSQL server per test process (each xdist worker has its own)."""
    try:
        cluster = start_cluster()
    except Exception as exc:  # a broken install must say why rather than fail every test
        pytest.skip(f"PostgreSQL cluster could not start: {exc}")
    if cluster is None:
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql, "
                    "or set TUMEN_TEST_PG to a server URL)")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """URL of a fresh, empty database on the test cluster, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)
    folder = default_search_dir(url)  # the database's search index, beside nothing of ours
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg(pg_url: str) -> Iterator[PostgresStore]:
    """A migrated PostgreSQL store on a fresh database."""
    from tumen.store.postgres import PostgresStore  # psycopg only where a test asks for it

    st = open_store(pg_url)
    assert isinstance(st, PostgresStore)
    yield st
    st.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    """A migrated store of each backend: SQLite in a temporary folder, PostgreSQL fresh."""
    if request.param == "postgres":
        settings.db = request.getfixturevalue("pg_url")
    st = open_store(settings.db)
    if request.param == "sqlite":
        assert isinstance(st, SQLiteStore)
    yield st
    st.close()


@pytest.fixture
def seeds() -> Path:
    """The shared seed pages (read in place, never copied)."""
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    return SEEDS
