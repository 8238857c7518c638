"""`tumen backfill`: the command, its progress bar and its summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from tumen.cli import DbOption, JsonOption, UserError, err, opened, print_json, settings_for

if TYPE_CHECKING:  # the run imports Dask and the extraction stack: only when it runs
    from tumen.backfill.run import BackfillReport


def backfill(
    inputs: Annotated[list[str], typer.Argument(
        metavar="WARC_OR_GLOB...", help="WARC files, folders of them, or globs (quoted).")],
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786); default: a local cluster.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes of the local cluster (default: one per core).")] = None,
    keep_all: Annotated[bool, typer.Option(
        "--all", help="Store every page with text, as `ingest` does, not only relevant ones.")]
    = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read web archives in parallel on Dask and store what is about North Korean refugees."""
    from tumen.backfill.run import BackfillOptions
    from tumen.backfill.run import backfill as run_backfill

    if scheduler and workers:
        raise UserError("--workers sizes the local cluster; a --scheduler has its own workers")
    options = BackfillOptions(inputs=inputs, scheduler=scheduler, workers=workers,
                              keep_all=keep_all)
    settings = settings_for(db)
    with opened(settings) as store, progress(not as_json) as (on_start, on_shard):
        report = run_backfill(store, settings, options,  # type: ignore[arg-type]
                              on_shard=on_shard, on_start=on_start)
    if as_json:
        print_json(report.as_json())
        return
    summary(report)


def summary(report: BackfillReport) -> None:
    """The report in a few lines on stderr."""
    rate = report.records / report.seconds if report.seconds else 0.0
    err.print(f"{report.finished} of {report.shards} shards read ({report.skipped} finished "
              f"before), {report.records:,} records, {report.relevant_pages:,} relevant pages; "
              f"added {report.added}, updated {report.updated}, duplicates {report.duplicates}; "
              f"{report.incidents} incidents written; {rate:,.0f} records/s")
    for error in report.errors:
        err.print(f"  [red]error[/red] {error['shard']}: {error['error']}")


Hook = Callable[["BackfillReport"], None]


@contextmanager
def progress(enabled: bool) -> Iterator[tuple[Hook, Hook]]:
    """A rich bar of shards with records, relevant pages, stored documents and the rate."""
    if not enabled or not err.is_terminal:
        yield (lambda _r: None), (lambda _r: None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("[bold]backfill"), BarColumn(), MofNCompleteColumn(),
               TextColumn("shards · {task.fields[counts]}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task("backfill", total=None, counts="starting Dask")

        def on_start(report: BackfillReport) -> None:
            where = f", dashboard {report.dashboard}" if report.dashboard else ""
            bar.console.print(f"{report.workers} Dask workers{where}; "
                              f"{report.skipped} of {report.shards} shards finished before")
            bar.update(task, total=report.shards - report.skipped, counts="reading")

        def on_shard(report: BackfillReport) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = report.records / elapsed if elapsed else 0.0
            bar.update(task, completed=report.finished, counts=(
                f"{report.records:,} records · {report.relevant_pages:,} relevant · "
                f"{report.added + report.updated:,} stored · {rate:,.0f} records/s"))

        yield on_start, on_shard


def register(app: typer.Typer) -> None:
    """Add `tumen backfill` to the command line."""
    app.command("backfill")(backfill)
