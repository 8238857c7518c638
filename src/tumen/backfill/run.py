"""Run a backfill: list the shards, hand them to Dask, write their results in order."""

from __future__ import annotations

import glob
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from tumen.backfill.shard import Shard, ShardResult, read_shard
from tumen.backfill.writer import ShardWrite, ShardWriter
from tumen.config import Settings
from tumen.store.backfill_rows import BackfillStore

if TYPE_CHECKING:
    from distributed import Client, Future

_WARC = (".warc", ".warc.gz")
_GLOB = frozenset("*?[")


@dataclass
class BackfillOptions:
    """What `tumen backfill` was asked to do."""

    inputs: list[str]
    scheduler: str | None = None  # tcp://host:8786; None starts a LocalCluster
    workers: int | None = None  # LocalCluster processes; None: one per core
    keep_all: bool = False  # store every page with text (as `ingest`), not only relevant ones
    window: int = 0  # shards submitted ahead of the writer; 0: four per worker


@dataclass
class BackfillReport:
    """Counts of one run, as printed by `tumen backfill --json`."""

    shards: int = 0
    skipped: int = 0  # finished by an earlier run
    finished: int = 0
    records: int = 0
    text_pages: int = 0
    relevant_pages: int = 0
    added: int = 0
    updated: int = 0
    duplicates: int = 0
    resumed_pages: int = 0
    incidents: int = 0
    workers: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the workers' CPU time on the shards read
    busy_seconds: float = 0.0  # the workers' wall-clock time on them
    writer_seconds: float = 0.0  # the writer's time storing them
    fold_seconds: float = 0.0  # assembling the incidents at the end
    # this process while the shards were read and written: writer, Dask client, local scheduler
    client_cpu_seconds: float = 0.0
    dashboard: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    peak_rss_mib: dict[str, float] = field(default_factory=dict)  # per worker

    def error(self, where: str, message: str) -> None:
        """One line of the report for a bad record, a broken WARC or a failed task."""
        self.errors.append({"shard": where, "error": (message.splitlines() or ["?"])[0]})

    def add(self, result: ShardResult, written: ShardWrite) -> None:
        """Count one finished shard."""
        self.finished += 1
        self.records += result.records
        self.text_pages += result.text_pages
        self.relevant_pages += result.relevant_pages
        self.added += written.added
        self.updated += written.updated
        self.duplicates += written.duplicates
        self.resumed_pages += written.resumed_pages
        self.cpu_seconds += result.cpu_seconds
        self.busy_seconds += result.seconds
        for message in result.errors:
            self.error(result.shard.path, message)
        peak = self.peak_rss_mib.get(result.worker, 0.0)
        self.peak_rss_mib[result.worker] = max(peak, round(result.peak_rss_mib, 1))

    def as_json(self) -> dict[str, object]:
        """The shape documented for `tumen backfill --json`."""
        rate = self.records / self.seconds if self.seconds else 0.0
        timings = ("seconds", "cpu_seconds", "busy_seconds", "writer_seconds", "fold_seconds",
                   "client_cpu_seconds")
        return {**vars(self), "records_per_second": round(rate, 1),
                **{name: round(getattr(self, name), 2) for name in timings}}


ShardDone = Callable[[BackfillReport], None]


def list_shards(inputs: list[str], report: BackfillReport) -> list[Shard]:
    """WARC files named by paths, folders and globs, in the order given; missing ones reported."""
    found: dict[str, Shard] = {}
    for spec in inputs:
        paths = _expand(spec)
        if not paths:
            report.error(spec, "no WARC file here")
        for path in paths:
            resolved = str(Path(path).resolve())
            found.setdefault(resolved, Shard(resolved, os.path.getsize(resolved)))
    return list(found.values())


def _expand(spec: str) -> list[str]:
    """The WARC files one argument names."""
    if _GLOB & set(spec):
        return sorted(p for p in glob.glob(spec, recursive=True) if os.path.isfile(p))
    path = Path(spec)
    if path.is_dir():
        return sorted(str(p) for p in path.rglob("*") if p.is_file() and p.name.endswith(_WARC))
    return [spec] if path.is_file() else []


def backfill(store: BackfillStore, settings: Settings, options: BackfillOptions,
             on_shard: ShardDone | None = None,
             on_start: Callable[[BackfillReport], None] | None = None) -> BackfillReport:
    """Read every unfinished shard on Dask, store the results, then fold the incidents."""
    started, cpu = time.perf_counter(), time.process_time()
    report = BackfillReport()
    shards = list_shards(options.inputs, report)
    finished = store.finished_shards(s.key for s in shards)
    todo = [s for s in shards if s.key not in finished]
    report.shards, report.skipped = len(shards), len(shards) - len(todo)
    writer = ShardWriter(store, settings)
    if todo:
        # the search index takes the documents of several shards in one commit
        with dask_client(options) as client, store.indexing_batch():
            report.workers = len(client.scheduler_info()["workers"])
            report.dashboard = _dashboard(client, options)
            if on_start:
                on_start(report)
            window = options.window or 4 * max(report.workers, 1)
            for shard, outcome in in_order(client, todo, options.keep_all, window):
                _store(writer, report, shard, outcome)
                if on_shard:
                    on_shard(report)
            begun = time.perf_counter()
            store.sync_index()  # the last documents' index commit is the writer's work too
            report.writer_seconds += time.perf_counter() - begun
    report.client_cpu_seconds = time.process_time() - cpu
    begun = time.perf_counter()
    report.incidents = writer.fold_incidents()
    report.fold_seconds = time.perf_counter() - begun
    report.seconds = time.perf_counter() - started
    return report


def _store(writer: ShardWriter, report: BackfillReport, shard: Shard,
           outcome: ShardResult | BaseException) -> None:
    """Write one shard's result (timed), or report the task's failure in one line."""
    if isinstance(outcome, BaseException):
        report.error(shard.path, f"{type(outcome).__name__}: {outcome}")
        return
    begun = time.perf_counter()
    written = writer.write(outcome)
    report.writer_seconds += time.perf_counter() - begun
    report.add(outcome, written)


@contextmanager
def dask_client(options: BackfillOptions) -> Iterator[Client]:
    """A client of the given scheduler, or of a LocalCluster closed on the way out."""
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler:
        with Client(options.scheduler) as client:
            yield client
        return
    # the workers' statistical profiler keeps a tree of sampled stacks per second for the
    # last 1,000 seconds: a worker's memory grew with the input by 0.3 MiB a shard with it
    no_profiler = dask.config.set({"distributed.worker.profile.enabled": False})
    # any free port: two backfills (or tests) on one machine must not fight over 8787
    with no_profiler, LocalCluster(
            n_workers=options.workers or os.cpu_count() or 1, threads_per_worker=1,
            processes=True, dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def _dashboard(client: Client, options: BackfillOptions) -> str | None:
    """The dashboard's address: a cluster's, or the local one's when bokeh is installed."""
    # without bokeh the scheduler still serves health and metrics there, but no dashboard
    return str(client.dashboard_link) if options.scheduler or find_spec("bokeh") else None


def in_order(client: Client, shards: list[Shard], keep_all: bool,
             window: int) -> Iterator[tuple[Shard, ShardResult | BaseException]]:
    """Each shard's result (or the task's failure) in shard order, `window` tasks ahead.

    Writing in the order given makes the kept copy of a near-duplicate the same as
    `tumen ingest` of the same files would keep, whatever worker finishes first.
    """
    from distributed import as_completed

    position: dict[Future, int] = {}
    ready: dict[int, ShardResult | BaseException] = {}
    running = as_completed()
    submitted = following = 0

    def top_up() -> None:
        nonlocal submitted
        # results wait for the writer in memory: at most `window` shards between the two
        while submitted < len(shards) and submitted - following < window:
            future = client.submit(read_shard, shards[submitted], keep_all, pure=False,
                                   retries=1)
            position[future] = submitted
            running.add(future)
            submitted += 1

    top_up()
    for future in running:
        ready[position.pop(future)] = _outcome(future)
        while following in ready:
            yield shards[following], ready.pop(following)
            following += 1
        top_up()


def _outcome(future: Future) -> ShardResult | BaseException:
    """The result of a finished task, or the exception it ended with."""
    try:
        result: ShardResult = future.result()
    except Exception as exc:  # a worker that died twice on this shard, or a bug
        return exc
    finally:
        future.release()
    return result
