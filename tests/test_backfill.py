"""`tumen backfill`: WARC shards read on a real Dask LocalCluster, stored by one writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import psutil
import pytest
from bench.warcs import response, write_shards
from warcio.warcwriter import WARCWriter

from tumen.analyze.relevance import page_may_be_relevant
from tumen.archive import iter_warc
from tumen.backfill import BackfillOptions, backfill
from tumen.backfill.run import dask_client
from tumen.backfill.shard import Shard, read_shard
from tumen.backfill.writer import ShardWriter
from tumen.config import Settings
from tumen.pipeline import ingest
from tumen.store import Store, open_store
from tumen.store.base import IncidentFilter, SearchQuery

ROOT = Path(__file__).resolve().parent.parent
WHEN = datetime(2023, 3, 10, tzinfo=UTC)

ARREST_TITLE = "Five North Korean defectors arrested in Shenyang"
AGAIN_TITLE = "Five North Koreans detained in Shenyang face forced return"
ARRIVAL_TITLE = "Four North Koreans arrive in South Korea by boat"
ARREST = ("Chinese police arrested five North Korean defectors in Shenyang on March 2, 2023, "
          "a rights group in Seoul said. The five, including a teenage girl, were hiding in a "
          "rented flat in the city. Activists fear that they will be forcibly repatriated to "
          "North Korea. The group asked the government in Beijing to let them travel on to "
          "South Korea.")
ARREST_AGAIN = ("Police in the northeastern Chinese city of Shenyang detained five North Korean "
                "escapees on 2 March 2023, a church network that had sheltered them said on "
                "Friday. One of them is a girl of fifteen. Campaigners called on China not to "
                "send the group back.")
ARRIVAL = ("Four North Koreans who fled by boat arrived safely in South Korea on October 24, "
           "2023, the unification ministry said. The family, two adults and two children, "
           "crossed the sea border and landed at Sokcho.")
KOREAN = ("탈북민 세 명이 2023년 5월 4일 중국 단둥에서 공안에 체포됐다고 인권단체가 밝혔다. "
          "이들은 강제북송될 위기에 처해 있으며 단체는 중국 정부에 송환 중단을 요구했다. "
          "체포된 사람 가운데에는 여성 두 명이 포함돼 있다고 단체는 전했다.")
WEATHER = ("The city council approved a new budget for road repairs on Tuesday. Residents "
           "welcomed the decision to fix potholes before the winter, and the mayor said the "
           "work would start next month. The budget also pays for new street lights in the "
           "old town and for two more buses on the harbour line.")


def html(title: str, text: str, charset: str = "utf-8") -> bytes:
    """An article page; the charset is declared in the page only."""
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    page = (f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            f"<article><h1>{title}</h1>{paragraphs}</article></body></html>")
    return page.replace("..</p>", ".</p>").encode(charset)


def record(url: str, body: bytes, content_type: str = "text/html") -> bytes:
    return response(WARCWriter(BytesIO(), gzip=True), url, body, content_type, WHEN)


def write(path: Path, *records: bytes) -> Path:
    path.write_bytes(b"".join(records))
    return path


@pytest.fixture
def warcs(tmp_path: Path) -> list[Path]:
    """Three shards and a broken file: near-copies across shards, a truncated record, a
    non-HTML record, a page in EUC-KR, an irrelevant page."""
    folder = tmp_path / "warc"
    folder.mkdir()
    near = ARREST.replace("rented flat", "rented apartment") + " Updated on Friday."
    cut = record("https://news.example/cut", html("Cut short", ARRIVAL))
    return [
        write(folder / "a.warc.gz",
              record("https://news.example/arrest", html(ARREST_TITLE, ARREST)),
              record("https://news.example/budget", html("Road budget", WEATHER)),
              record("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200),
                     "image/png")),
        write(folder / "b.warc.gz",
              record("https://mirror.example/arrest?utm_source=x", html(ARREST_TITLE, near)),
              record("https://news.example/ko/dandong", html("단둥 체포", KOREAN, "euc-kr"))),
        write(folder / "c.warc.gz",
              record("https://other.example/shenyang", html(AGAIN_TITLE, ARREST_AGAIN)),
              record("https://news.example/sokcho", html(ARRIVAL_TITLE, ARRIVAL)),
              cut[: len(cut) // 2]),
        write(folder / "broken.warc.gz", b"<html>a page saved under a WARC name</html>\n"),
    ]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real LocalCluster of two worker processes, shared by the tests of this module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def run(store: Store, settings: Settings, warcs: list[Path], scheduler: str,
        keep_all: bool = False) -> Any:
    options = BackfillOptions([str(p) for p in warcs], scheduler=scheduler, keep_all=keep_all)
    return backfill(store, settings, options)  # type: ignore[arg-type]


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.conn.execute(sql)]  # type: ignore[attr-defined]


def contents(store: Store) -> dict[str, Any]:
    """Documents, events and incidents as comparable values (ids left out)."""
    docs = {d.id: d for d in store.iter_documents()}
    incidents = [(i.title, i.status, sorted(docs[d].url for d in i.documents))
                 for i in store.list_incidents(IncidentFilter(limit=1000))[0]]
    return {
        "documents": sorted(((d.url, d.canonical_url, d.title, d.published, d.language,
                              d.content_hash, d.text) for d in docs.values()), key=str),
        "events": sorted(((docs[r[0]].url, *r[1:]) for r in rows(
            store, "SELECT document_id, type, date, people, country, place FROM events")),
            key=str),
        "incidents": sorted(incidents, key=str),
        "duplicates": sorted((docs[r[0]].url, r[1], r[2]) for r in rows(
            store, "SELECT document_id, url, kind FROM duplicates")),
    }


def counts(store: Store) -> tuple[int, ...]:
    return tuple(rows(store, f"SELECT count(*) FROM {t}")[0][0] for t in (
        "documents", "fetches", "duplicates", "events", "incidents", "minhash_bands"))


def test_relevant_pages_stored_once_with_errors_as_lines(
        store: Store, settings: Settings, warcs: list[Path], scheduler: str) -> None:
    report = run(store, settings, warcs, scheduler)
    found = contents(store)
    assert [d[0] for d in found["documents"]] == [
        "https://news.example/arrest", "https://news.example/ko/dandong",
        "https://news.example/sokcho", "https://other.example/shenyang"]
    korean = next(d for d in found["documents"] if d[0].endswith("dandong"))
    assert "탈북민" in korean[-1] and korean[4] == "ko"  # EUC-KR decoded, not mojibake
    # the near-copy in another shard is a duplicate of the first, by the band index
    assert found["duplicates"] == [("https://news.example/arrest",
                                    "https://mirror.example/arrest?utm_source=x", "near")]
    assert (report.shards, report.finished, report.records, report.added) == (4, 4, 7, 4)
    assert report.relevant_pages == 5 and report.duplicates == 1
    errors = {Path(e["shard"]).name: e["error"] for e in report.errors}
    assert set(errors) == {"c.warc.gz", "broken.warc.gz"}  # not the PNG, not the budget page
    assert "truncated" in errors["c.warc.gz"] and "not a WARC" in errors["broken.warc.gz"]
    assert report.records == 7  # the records before the cut were read
    assert report.incidents >= 2 and any(len(i[2]) == 2 for i in found["incidents"])

    before = counts(store)
    again = run(store, settings, warcs, scheduler)
    assert (again.skipped, again.finished, again.records, again.added) == (4, 0, 0, 0)
    assert counts(store) == before


def test_shard_cut_short_by_a_killed_run_stores_nothing_twice(
        store: Store, settings: Settings, warcs: list[Path], scheduler: str) -> None:
    run(store, settings, warcs, scheduler)
    before, found = counts(store), contents(store)
    # a run killed after writing shard c's pages, before recording it (and folding it)
    store.conn.execute("DELETE FROM backfill_shards WHERE path LIKE '%c.warc.gz'")  # type: ignore[attr-defined]
    store.conn.execute("DELETE FROM incident_documents")  # type: ignore[attr-defined]
    store.conn.execute("DELETE FROM incidents")  # type: ignore[attr-defined]
    report = run(store, settings, warcs, scheduler)
    assert (report.skipped, report.finished, report.resumed_pages, report.added) == (3, 1, 2, 0)
    assert counts(store)[:4] == before[:4] and contents(store)["duplicates"] == found["duplicates"]
    # the resumed shard's documents are folded into the incidents again
    assert ["https://news.example/sokcho"] in [i[2] for i in contents(store)["incidents"]]


@pytest.fixture
def second(request: pytest.FixtureRequest, store: Store, tmp_path: Path) -> Iterator[Store]:
    """Another empty store of the same backend as `store`."""
    if store.backend == "postgres":  # type: ignore[attr-defined]
        cluster = request.getfixturevalue("pg_cluster")
        name = f"t_second_{os.getpid()}_{time.monotonic_ns() % 10**9}"
        st = open_store(cluster.create_database(name))
        yield st
        st.close()
        cluster.drop_database(name)
        return
    st = open_store(str(tmp_path / "second.db"))
    yield st
    st.close()


@pytest.mark.parametrize("keep_all", [True, False], ids=["all", "relevant"])
def test_same_documents_events_and_incidents_as_ingest(
        store: Store, second: Store, settings: Settings, warcs: list[Path], scheduler: str,
        keep_all: bool) -> None:
    report = ingest(store, settings, [str(p) for p in warcs])
    store.update_incidents(report.document_ids, datetime.now(UTC))  # as `tumen ingest` does
    ingested = contents(store)
    run(second, settings, warcs, scheduler, keep_all=keep_all)
    backfilled = contents(second)
    if not keep_all:  # the budget page is not about the subject: only ingest stores it
        ingested["documents"] = [d for d in ingested["documents"] if "budget" not in d[0]]
    assert backfilled == ingested
    assert len(ingested["incidents"]) >= 2 and ingested["events"]


@pytest.fixture
def copies(tmp_path: Path) -> list[Path]:
    """Two shards with copies inside one shard and across both: the same URL with a longer
    text, the same text at another URL, a near-copy."""
    folder = tmp_path / "copies"
    folder.mkdir()
    near = ARREST.replace("rented flat", "rented apartment") + " Updated on Friday."
    longer = ARREST + " Their families in the North were not told of the arrest."
    return [
        write(folder / "1.warc.gz",
              record("https://news.example/arrest", html(ARREST_TITLE, ARREST)),
              record("https://copy.example/arrest", html(ARREST_TITLE, ARREST)),
              record("https://mirror.example/arrest", html(ARREST_TITLE, near)),
              record("https://news.example/arrest", html(ARREST_TITLE, longer)),
              record("https://news.example/ko/dandong", html("단둥 체포", KOREAN, "euc-kr"))),
        write(folder / "2.warc.gz",
              record("https://third.example/arrest", html(ARREST_TITLE, longer)),
              record("https://third.example/near", html(ARREST_TITLE, near)),
              record("https://news.example/sokcho", html(ARRIVAL_TITLE, ARRIVAL))),
    ]


def write_in_process(store: Store, settings: Settings, warcs: list[Path]) -> ShardWriter:
    """Read and write the shards as a backfill does, without Dask."""
    writer = ShardWriter(store, settings)  # type: ignore[arg-type]
    for path in warcs:
        writer.write(read_shard(Shard(str(path), path.stat().st_size), keep_all=True))
    return writer


def test_copies_within_a_shard_found_as_ingest_finds_them(
        store: Store, second: Store, settings: Settings, copies: list[Path]) -> None:
    report = ingest(store, settings, [str(p) for p in copies])
    store.update_incidents(report.document_ids, datetime.now(UTC))
    write_in_process(second, settings, copies).fold_incidents()
    found = contents(second)
    assert found == contents(store)
    # in the first shard a copy by text and a near-copy; in the second, the longer text
    assert found["duplicates"] == [
        ("https://news.example/arrest", "https://copy.example/arrest", "hash"),
        ("https://news.example/arrest", "https://mirror.example/arrest", "near"),
        ("https://news.example/arrest", "https://third.example/arrest", "hash")]
    # the longer text replaced the first at its URL, in the shard that held both
    arrest = next(d for d in found["documents"] if d[0] == "https://news.example/arrest")
    assert arrest[-1].endswith("were not told of the arrest.")


def test_a_shard_is_written_whole_or_not_at_all(
        store: Store, settings: Settings, copies: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(_row: object) -> None:
        raise RuntimeError("killed before the shard was recorded")

    monkeypatch.setattr(store, "finish_shard", killed)
    with pytest.raises(RuntimeError):
        write_in_process(store, settings, copies[:1])
    assert counts(store) == (0, 0, 0, 0, 0, 0)
    assert store.search(SearchQuery("Shenyang")).total == 0  # nothing half-written indexed
    monkeypatch.undo()
    write_in_process(store, settings, copies)
    once, hits = counts(store), store.search(SearchQuery("Shenyang")).total
    write_in_process(store, settings, copies)  # pages written before are passed over
    assert once[0] == 4 and hits == 2
    assert counts(store) == once and store.search(SearchQuery("Shenyang")).total == hits


def profiler_enabled(dask_worker: Any) -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


def test_local_workers_keep_no_profile_history() -> None:
    # the profiler's sampled stacks grew a worker's memory with every shard it read
    with dask_client(BackfillOptions([], workers=1)) as client:
        assert list(client.run(profiler_enabled).values()) == [False]


def _interruptible() -> None:
    """In the child: Ctrl-C as a terminal delivers it, even under a runner that ignores it."""
    # a test run started in the background (`make test &`) inherits SIGINT ignored, and a
    # Python started with SIGINT ignored keeps ignoring it, so the Ctrl-C test saw exit 0
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def tumen(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tumen", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_interruptible)


def alive(processes: list[psutil.Process] | set[psutil.Process]) -> list[psutil.Process]:
    """The processes still running (a zombie has exited: only its exit status is left)."""
    found = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except psutil.NoSuchProcess:
            pass
    return found


def family(proc: subprocess.Popen[str]) -> list[psutil.Process]:
    try:
        return psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
def test_command_starts_and_closes_its_own_cluster(warcs: list[Path], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    proc = tumen("backfill", str(warcs[0].parent), "--workers", "2", "--db", db, "--json")
    seen: set[psutil.Process] = set()
    while proc.poll() is None:
        seen |= set(family(proc))
        time.sleep(0.1)
    out, errors = proc.communicate()
    assert proc.returncode == 0, errors
    report = json.loads(out)
    assert (report["workers"], report["finished"], report["added"]) == (2, 4, 4)
    # multiprocessing's resource tracker exits when it reads the end of its pipe, just after
    psutil.wait_procs(list(seen), timeout=10)
    assert len(seen) >= 2 and not alive(seen), [p.cmdline() for p in alive(seen)]


@pytest.mark.slow
def test_ctrl_c_leaves_no_process_behind(warcs: list[Path], tmp_path: Path) -> None:
    proc = tumen("backfill", *map(str, warcs), "--workers", "2", "--db", str(tmp_path / "c.db"))
    deadline = time.monotonic() + 120
    while len(family(proc)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    seen = family(proc)
    assert len(seen) >= 2, "the local cluster did not start"
    proc.send_signal(signal.SIGINT)  # to the command only, as a terminal's Ctrl-C reaches it
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    psutil.wait_procs(seen, timeout=10)
    assert not alive(seen), [p.cmdline() for p in alive(seen)]


def test_bench_shards_hold_the_share_of_relevant_pages_asked(tmp_path: Path) -> None:
    paths = write_shards(tmp_path, 400, 2, 0.1)
    pages = [p for path in paths for p in iter_warc(path)]
    relevant = sum(page_may_be_relevant(p.body.decode()) for p in pages)
    assert len(pages) == 400 and 20 <= relevant <= 60
