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
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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
    """One measured backfill, as saved between the parts of a split run."""

    workers: int
    report: dict[str, Any]  # BackfillReport.as_json()
    startup: float  # seconds until the cluster was up and the shards submitted
    memory: list[tuple[int, float]] = field(default_factory=list)  # (records read, max peak)
    load: list[str] = field(default_factory=list)  # before and after
    commit: str = ""

    @property
    def reading(self) -> float:
        """Seconds from the cluster being up to the last shard stored (no incident fold)."""
        r = self.report
        return max(float(r["seconds"]) - self.startup - float(r["fold_seconds"]), 1e-9)

    @property
    def rate(self) -> float:
        """Records read and stored per second once the cluster is up."""
        return int(self.report["records"]) / self.reading

    @property
    def rate_with_fold(self) -> float:
        """Records per second once the cluster is up, the incidents' fold at the end included."""
        return int(self.report["records"]) / (self.reading + float(self.report["fold_seconds"]))

    @property
    def items(self) -> int:
        """Items the writer stored or recognised as copies."""
        r = self.report
        return int(r["added"]) + int(r["updated"]) + int(r["duplicates"])


def measure_backfill(shards: list[Path], workers: int, folder: Path) -> Run:
    """Backfill every shard with a LocalCluster of `workers` processes into a new database."""
    settings = Settings(db=str(folder / f"backfill-{workers}-{time.time_ns()}.db"))
    store = open_store(settings.db)
    load = loadavg()
    started = time.perf_counter()
    run = Run(workers, {}, 0.0, commit=_commit())

    def on_start(_report: BackfillReport) -> None:
        run.startup = time.perf_counter() - started

    def on_shard(report: BackfillReport) -> None:
        run.memory.append((report.records, max(report.peak_rss_mib.values(), default=0.0)))

    report = backfill(store, settings,  # type: ignore[arg-type]
                      BackfillOptions([str(p) for p in shards], workers=workers),
                      on_shard=on_shard, on_start=on_start)
    store.close()
    run.report, run.load = report.as_json(), [load, loadavg()]
    return run


def measure_ingest(shards: list[Path], folder: Path) -> dict[str, Any]:
    """Records, records/s and load of `tumen ingest` of these shards in this process."""
    settings = Settings(db=str(folder / f"ingest-{time.time_ns()}.db"),
                        archive_dir=str(folder / "archive"))
    store = open_store(settings.db)
    records = [0]
    load = loadavg()
    start = time.perf_counter()
    ingest(store, settings, [str(p) for p in shards], progress=lambda _u: records.__setitem__(
        0, records[0] + 1))
    seconds = time.perf_counter() - start
    store.close()
    return {"records": records[0], "rate": records[0] / seconds, "load": [load, loadavg()],
            "commit": _commit()}


def _commit() -> str:
    """The commit measured (with + when the work tree has changes)."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, text=True, capture_output=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + ("+" if dirty else "")


def memory_rows(run: Run) -> list[tuple[object, ...]]:
    """The largest worker peak after a quarter, half and all of the input."""
    total = int(run.report["records"])
    rows: list[tuple[object, ...]] = []
    for share in (0.25, 0.5, 1.0):
        seen = [m for n, m in run.memory if n <= total * share + 1] or [run.memory[0][1]]
        rows.append((f"{share:.0%}", int(total * share), max(seen)))
    return rows


def projection(per_core: float, writer_items: float,
               relevant: float) -> list[tuple[object, ...]]:
    """Hours for a month of CC-NEWS at a per-core rate, scaled linearly, and at most what
    the one writer takes (items per second over the relevant share)."""
    rows: list[tuple[object, ...]] = []
    for label, cores in (("one 16-core machine", 16), ("8 such machines (128 cores)", 128)):
        rate = min(per_core * cores, writer_items / relevant)
        rows.append((label, cores, per_core * cores, rate,
                     CC_NEWS_MONTH_RECORDS / rate / 3600))
    return rows


def shards_in(args: argparse.Namespace, folder: Path) -> list[Path]:
    """The bench's WARC shards in `folder`, written unless they are there already."""
    warcs = folder / f"warc-{args.records}-{args.shards}-{args.relevant}"
    found = sorted(warcs.glob("*.warc.gz"))
    if len(found) == args.shards:
        return found
    start = time.perf_counter()
    shards = write_shards(warcs, args.records, args.shards, args.relevant,
                          processes=os.cpu_count() or 1)
    size = sum(p.stat().st_size for p in shards) / 2**20
    print(f"built {args.records:,} records in {args.shards} shards ({size:,.0f} MiB gzipped) "
          f"in {time.perf_counter() - start:.0f} s; {loadavg()}", flush=True)
    return shards


def main(args: argparse.Namespace) -> None:
    """Run the parts asked (all by default), saving each one's figures; print the tables."""
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder = Path(args.dir) if args.dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        saved = folder / f"results-{args.records}-{args.shards}-{args.relevant}.json"
        results: dict[str, Any] = json.loads(saved.read_text()) if saved.exists() else {}
        shards = shards_in(args, folder)
        parts = ("ingest", "1", "2") if args.part == "all" else (args.part,)
        for part in (p for p in parts if p in ("ingest", "1", "2")):
            print(f"{part}: starting; {loadavg()}", flush=True)
            if part == "ingest":
                few = shards[: max(1, args.shards * args.ingest_records // args.records)]
                results["ingest"] = measure_ingest(few, folder)
                print(f"ingest: {results['ingest']['rate']:.1f} records/s; {loadavg()}")
            else:
                run = measure_backfill(shards, int(part), folder)
                results[part] = asdict(run)
                print(f"backfill, {part} worker(s): {run.rate:.1f} records/s; {loadavg()}")
            saved.write_text(json.dumps(results, indent=1))
    if {"ingest", "1", "2"} <= set(results) and args.part in ("all", "report", "2"):
        report(args, results["ingest"], [Run(**results[w]) for w in ("1", "2")])
    else:
        print(f"figures saved in {saved}; parts measured: {sorted(results)}")


def report(args: argparse.Namespace, ingested: dict[str, Any], runs: list[Run]) -> None:
    """The result tables in Markdown."""
    one, two = runs
    print(f"\n## Backfill ({args.records:,} synthetic records in {args.shards} WARC shards, "
          f"{args.relevant:.0%} relevant; {machine()})\n")
    print(table(["path", "commit", "records", "relevant pages", "stored", "records/s",
                 "records/s with the fold", "start-up s", "fold s", "load avg before / after"], [
        ("tumen ingest, one process (baseline)", ingested["commit"], ingested["records"], "-",
         "-", ingested["rate"], "-", 0.0, "-", " / ".join(ingested["load"])),
        *[(f"tumen backfill, LocalCluster of {r.workers}", r.commit, r.report["records"],
           r.report["relevant_pages"], r.report["added"], r.rate, r.rate_with_fold, r.startup,
           r.report["fold_seconds"], " / ".join(r.load)) for r in runs],
    ]))
    print(f"\nscaling 1 -> 2 workers: {two.rate / one.rate:.2f}x reading and storing "
          f"(target >= 1.7x on 2 cores), {two.rate_with_fold / one.rate_with_fold:.2f}x with "
          f"the incidents' fold at the end (one process, the same for both); backfill with 1 "
          f"worker vs ingest: {one.rate / ingested['rate']:.1f}x\n")
    print(table(["where the time goes", "1 worker", "2 workers"], time_rows(runs)))
    print()
    print(table(["input read", "records", "largest worker peak RSS MiB (1 worker)",
                 "(2 workers)"], [(*a, b[2]) for a, b in zip(memory_rows(one), memory_rows(two),
                                                              strict=True)]))
    writer = two.items / max(float(two.report["writer_seconds"]), 1e-9)
    per_cpu = int(two.report["records"]) / max(float(two.report["cpu_seconds"]), 1e-9)
    print(f"\nthe one writer stored {two.items:,} items in {two.report['writer_seconds']:.1f} s: "
          f"{writer:.0f} items/s, enough for {writer / args.relevant:,.0f} records/s at "
          f"{args.relevant:.0%} relevant\n")
    print(f"Projection (stated, not measured): a month of CC-NEWS taken as "
          f"{CC_NEWS_MONTH_RECORDS:,} records, {args.relevant:.0%} of them relevant as here, "
          f"per core at this run's rate of one worker ({one.rate:.0f} records/s) or at its CPU "
          f"cost ({per_cpu:.0f} records per worker CPU second), scaled linearly and capped by "
          "the writer's rate above. Real pages are larger than these (about 12 KB) and far "
          "fewer of them are relevant.\n")
    rows = [(f"{where}, {basis}", *rest)
            for basis, per_core in (("one worker's rate", one.rate), ("CPU cost", per_cpu))
            for where, *rest in projection(per_core, writer, args.relevant)]
    print(table(["where, per-core rate", "cores", "workers' records/s",
                 "records/s with the writer", "hours"], rows))


def time_rows(runs: list[Run]) -> list[tuple[object, ...]]:
    """Wall clock of the reading phase against the CPU each part of the run spent in it."""
    def num(run: Run, name: str) -> float:
        return float(run.report[name])

    def row(label: str, value: Callable[[Run], object]) -> tuple[object, ...]:
        return (label, *(value(r) for r in runs))

    return [
        row("reading and storing, wall s", lambda r: r.reading),
        row("workers' CPU s", lambda r: num(r, "cpu_seconds")),
        row("records per worker CPU s", lambda r: r.report["records"] / num(r, "cpu_seconds")),
        row("workers busy on shards (share of workers x wall)",
            lambda r: f"{num(r, 'busy_seconds') / (r.workers * r.reading):.0%}"),
        row("writer s (share of wall)", lambda r: (
            f"{num(r, 'writer_seconds'):.1f} ({num(r, 'writer_seconds') / r.reading:.0%})")),
        row("client process CPU s (writer, Dask client, local scheduler)",
            lambda r: num(r, "client_cpu_seconds")),
        row("all CPU s / wall s (2 cores: at most 2.00)", lambda r: (
            (num(r, "cpu_seconds") + num(r, "client_cpu_seconds")) / r.reading)),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench backfill`."""
    parser.add_argument("--records", type=int, default=100_000, help="records in all shards")
    parser.add_argument("--shards", type=int, default=50, help="WARC files")
    parser.add_argument("--relevant", type=float, default=0.05, help="share of relevant pages")
    parser.add_argument("--ingest-records", type=int, default=2_000,
                        help="records (whole shards) timed through `tumen ingest`")
    parser.add_argument("--tmp", default=None, help="folder for the shards and databases")
    parser.add_argument("--dir", default=None, help=(
        "keep the shards and each part's figures here, so that a long run can be measured "
        "in parts (each in its own quiet window) and reported at the end"))
    parser.add_argument("--part", default="all", choices=("all", "ingest", "1", "2", "report"),
                        help="measure one part only (ingest, 1 or 2 workers), or report")
