"""Backfill from WARC shards: `tumen ingest` on one process against `tumen backfill` on Dask.

Builds synthetic WARC shards (bench/warcs.py: news pages of about 12 KB with site furniture,
a share of them carrying a report about North Korean refugees), then measures, in one run:
records/s of `tumen.pipeline.ingest` in this process (on the first shards: it analyses every
page, so it is timed on fewer records), of `tumen.backfill` with a LocalCluster of 1 and of
2 worker processes (all shards, each into an empty SQLite database), the scaling factor,
the workers' peak memory as the input grows, and a projection to a month of CC-NEWS.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import loadavg, machine, table
from bench.warcs import write_shards
from tumen.backfill import BackfillOptions, BackfillReport, backfill
from tumen.config import Settings
from tumen.pipeline import ingest
from tumen.store import open_store

# A stated assumption, not a measurement: a month of CC-NEWS is about 450 WARC files of
# about 1 GB, some 30,000 response records each (Common Crawl's listings; months vary).
CC_NEWS_MONTH_RECORDS = 450 * 30_000


@dataclass
class Run:
    """One measured backfill."""

    workers: int
    report: BackfillReport
    startup: float  # seconds until the cluster was up and the shards submitted
    memory: list[tuple[int, float]] = field(default_factory=list)  # (records read, max peak)
    load: str = ""

    @property
    def rate(self) -> float:
        """Records per second once the cluster is up."""
        return self.report.records / max(self.report.seconds - self.startup, 1e-9)


def measure_backfill(shards: list[Path], workers: int, folder: Path) -> Run:
    """Backfill every shard with a LocalCluster of `workers` processes into a new database."""
    settings = Settings(db=str(folder / f"backfill-{workers}.db"))
    store = open_store(settings.db)
    started = time.perf_counter()
    run = Run(workers, BackfillReport(), 0.0)

    def on_start(_report: BackfillReport) -> None:
        run.startup = time.perf_counter() - started

    def on_shard(report: BackfillReport) -> None:
        run.memory.append((report.records, max(report.peak_rss_mib.values(), default=0.0)))

    run.report = backfill(store, settings,  # type: ignore[arg-type]
                          BackfillOptions([str(p) for p in shards], workers=workers),
                          on_shard=on_shard, on_start=on_start)
    store.close()
    run.load = loadavg().split(" ", 2)[2]
    return run


def measure_ingest(shards: list[Path], folder: Path) -> tuple[int, float, str]:
    """(records, records/s, load after) of `tumen ingest` of these shards in this process."""
    settings = Settings(db=str(folder / "ingest.db"), archive_dir=str(folder / "archive"))
    store = open_store(settings.db)
    records = [0]
    start = time.perf_counter()
    ingest(store, settings, [str(p) for p in shards], progress=lambda _u: records.__setitem__(
        0, records[0] + 1))
    seconds = time.perf_counter() - start
    store.close()
    return records[0], records[0] / seconds, loadavg().split(" ", 2)[2]


def memory_rows(run: Run) -> list[tuple[object, ...]]:
    """The largest worker peak after a quarter, half and all of the input."""
    total = run.report.records
    rows = []
    for share in (0.25, 0.5, 1.0):
        seen = [m for n, m in run.memory if n <= total * share + 1] or [run.memory[0][1]]
        rows.append((f"{share:.0%}", int(total * share), max(seen)))
    return rows


def projection(per_core: float, writer_items: float,
               relevant: float) -> list[tuple[object, ...]]:
    """Hours for a month of CC-NEWS at a per-core rate, scaled linearly, and at most what
    the one writer takes (items per second over the relevant share)."""
    rows = []
    for label, cores in (("one 16-core machine", 16), ("8 such machines (128 cores)", 128)):
        rate = min(per_core * cores, writer_items / relevant)
        rows.append((label, cores, per_core * cores, rate,
                     CC_NEWS_MONTH_RECORDS / rate / 3600))
    return rows


def main(args: argparse.Namespace) -> None:
    """Build the shards, run the three measurements, print the tables."""
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        shards = write_shards(folder / "warc", args.records, args.shards, args.relevant,
                              processes=os.cpu_count() or 1)
        built = time.perf_counter() - start
        size = sum(p.stat().st_size for p in shards) / 2**20
        print(f"built {args.records:,} records in {args.shards} shards ({size:,.0f} MiB "
              f"gzipped) in {built:.0f} s; {loadavg()}", flush=True)
        few = shards[: max(1, args.shards * args.ingest_records // args.records)]
        ingested, ingest_rate, ingest_load = measure_ingest(few, folder)
        print(f"ingest: {ingested:,} records, {ingest_rate:.1f}/s; {loadavg()}", flush=True)
        runs = []
        for workers in (1, 2):
            runs.append(measure_backfill(shards, workers, folder))
            print(f"backfill, {workers} worker(s): {runs[-1].rate:.1f} records/s; {loadavg()}",
                  flush=True)
    report(args, (ingested, ingest_rate, ingest_load), runs)


def report(args: argparse.Namespace, ingested: tuple[int, float, str], runs: list[Run]) -> None:
    """The result tables in Markdown."""
    one, two = runs
    print(f"\n## Backfill ({args.records:,} synthetic records in {args.shards} WARC shards, "
          f"{args.relevant:.0%} relevant; {machine()})\n")
    print(table(["path", "records", "relevant pages", "stored", "records/s", "start-up s",
                 "records per worker CPU s", "load avg after"], [
        ("tumen ingest, one process (baseline)", ingested[0], "-", "-", ingested[1], 0.0, "-",
         ingested[2]),
        *[(f"tumen backfill, LocalCluster of {r.workers}", r.report.records,
           r.report.relevant_pages, r.report.added, r.rate, r.startup,
           r.report.records / max(r.report.cpu_seconds, 1e-9), r.load) for r in runs],
    ]))
    cost = [r.report.cpu_seconds / max(r.report.records, 1) for r in runs]
    print(f"\nscaling 1 -> 2 workers: {two.rate / one.rate:.2f}x wall clock (target >= 1.7x on "
          f"2 cores); CPU time per record, 2 workers vs 1: {cost[1] / max(cost[0], 1e-9):.2f} "
          f"(1.00: no work lost to splitting); backfill with 1 worker vs ingest: "
          f"{one.rate / ingested[1]:.1f}x\n")
    print(table(["input read", "records", "largest worker peak RSS MiB (2 workers)"],
                memory_rows(two)))
    items = two.report.added + two.report.updated + two.report.duplicates
    writer = items / max(two.report.writer_seconds, 1e-9)
    per_cpu = two.report.records / max(two.report.cpu_seconds, 1e-9)
    print(f"\nthe one writer stored {items:,} items in {two.report.writer_seconds:.1f} s: "
          f"{writer:.0f} items/s, enough for {writer / args.relevant:,.0f} records/s at "
          f"{args.relevant:.0%} relevant\n")
    print(f"Projection (stated, not measured): a month of CC-NEWS taken as "
          f"{CC_NEWS_MONTH_RECORDS:,} records, {args.relevant:.0%} of them relevant as here, "
          f"per core at this run's rate of one worker under this load ({one.rate:.0f} "
          f"records/s) or at its CPU cost ({per_cpu:.0f} records per CPU second: an "
          "uncontended core), scaled linearly and capped by the writer's rate above. Real "
          "pages are larger than these (about 12 KB) and far fewer of them are relevant.\n")
    rows = [(f"{where}, {basis}", *rest[:-1], rest[-1])
            for basis, per_core in (("load as here", one.rate), ("uncontended", per_cpu))
            for where, *rest in projection(per_core, writer, args.relevant)]
    print(table(["where, per-core rate", "cores", "workers' records/s",
                 "records/s with the writer", "hours"], rows))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench backfill`."""
    parser.add_argument("--records", type=int, default=100_000, help="records in all shards")
    parser.add_argument("--shards", type=int, default=50, help="WARC files")
    parser.add_argument("--relevant", type=float, default=0.05, help="share of relevant pages")
    parser.add_argument("--ingest-records", type=int, default=2_000,
                        help="records (whole shards) timed through `tumen ingest`")
    parser.add_argument("--tmp", default=None, help="folder for the shards and databases")
