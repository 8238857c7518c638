"""The `tumen` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from tumen.config import Settings
    from tumen.store import Store

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__,
                  pretty_exceptions_enable=False)


class _StderrConsole:
    """A rich Console on stderr, made on first use: rich, the store and pydantic are
    imported by the commands that need them, so `tumen analyze` starts faster."""

    _console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            type(self)._console = Console(stderr=True)
        return getattr(self._console, name)


err: Console = _StderrConsole()  # type: ignore[assignment]

DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLite path or postgresql:// URL (default $TUMEN_DB, "
                                          "then ./tumen.db).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def settings_for(db: str | None = None, **overrides: Any) -> Settings:
    """Settings from the environment with command-line overrides."""
    from tumen.config import Settings

    values = {k: v for k, v in overrides.items() if v is not None}
    if db:
        values["db"] = db
    return Settings(**values)


def _audit_key(settings: Settings) -> bytes | None:
    """The audit chain's key, when a secret is configured (no crypto import otherwise)."""
    import os

    if not (settings.key_file or os.environ.get("TUMEN_SECRET")):
        return None
    from tumen.confidential.crypto import audit_key

    return audit_key(settings)


@contextmanager
def opened(settings: Settings) -> Iterator[Store]:
    """The store of the settings, closed afterwards."""
    from tumen.store import open_store

    try:
        store = open_store(settings.db, audit_key=_audit_key(settings),
                           search_dir=settings.search_dir)
    except Exception as exc:
        raise UserError(f"cannot open the database {settings.db}: {exc}") from None
    try:
        yield store
    finally:
        store.close()


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A spinner with the current item on stderr (silent with --json or when piped)."""
    if not enabled or not err.is_terminal:
        yield lambda _msg: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"),
               TextColumn("{task.completed} done"), TimeElapsedColumn(),
               TextColumn("[dim]{task.fields[current]}"))
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None, current="")

        def advance(msg: str) -> None:
            bar.update(task, advance=1, current=msg[-70:])

        yield advance


def print_json(value: object) -> None:
    """JSON on stdout, UTF-8 kept readable."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=None) + "\n")


@app.command()
def init(db: DbOption = None) -> None:
    """Create the database and apply migrations."""
    settings = settings_for(db)
    with opened(settings) as store:
        err.print(f"database {settings.db} at schema version {store.schema_version()}")


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="URLs, files, folders, feeds, WARC files.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest pages from the web and from files."""
    from tumen.pipeline import ingest as run_ingest

    settings = settings_for(db)
    with opened(settings) as store, progress_bar("ingesting", not as_json) as advance:
        report = run_ingest(store, settings, sources, progress=advance)
        _after_ingest(store, report.document_ids)
    if as_json:
        print_json(report.as_json())
    else:
        err.print(f"added {report.added}, updated {report.updated}, "
                  f"duplicates {report.duplicates}, failed {len(report.failed)}")
        for failure in report.failed:
            err.print(f"  [red]failed[/red] {failure['source']}: {failure['error']}")
        if report.skipped:
            n = len(report.skipped)
            err.print(f"skipped {n} file{'' if n == 1 else 's'} that {'is' if n == 1 else 'are'}"
                      " not a report (README, licence, data...); --json lists them")
    if report.failed and not report.added + report.updated + report.duplicates:
        # a script or a cron job must see that nothing could be read
        raise typer.Exit(1)


def _after_ingest(store: Store, document_ids: list[int]) -> None:
    """Let the incident layer take in new documents, when the backend has it."""
    update = getattr(store, "update_incidents", None)
    if update is not None and document_ids:
        from datetime import UTC, datetime

        update(document_ids, datetime.now(UTC))


@app.command()
def crawl(
    sources: Annotated[str | None, typer.Option("--sources", help="TOML source list.")] = None,
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="Crawl every source, due or not.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Fetch every due source of the source list and ingest what is new."""
    from tumen.crawl import SourcesError, load_sources
    from tumen.crawl import crawl as run_crawl

    settings = settings_for(db, sources=sources)
    try:
        source_list = load_sources(Path(settings.sources))
    except SourcesError as exc:
        raise UserError(str(exc)) from None
    with opened(settings) as store, progress_bar("crawling", not as_json) as advance:
        report = run_crawl(store, settings, source_list, force=force, progress=advance)
        _after_ingest(store, report.ingest.document_ids)
    summary = {**report.ingest.as_json(), "pages": report.pages,
               "sources": [{"name": h.name, "error": h.last_error, "new_items": h.new_items}
                           for h in report.health]}
    if as_json:
        print_json(summary)
    else:
        err.print(f"{len(report.health)} sources, {report.pages} pages, added "
                  f"{report.ingest.added}, updated {report.ingest.updated}, "
                  f"failed {len(report.ingest.failed)}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words, \"phrases\", prefix*, AND/OR/NOT.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """Full-text search ranked by BM25."""
    from tumen.store import SearchQuery

    with opened(settings_for(db)) as store:
        page = store.search(SearchQuery(text=query, limit=limit))
    hits = [{"id": h.id, "title": h.title, "url": h.url, "date": h.date, "source": h.source,
             "snippet": h.snippet, "score": round(h.score, 4)} for h in page.hits]
    if as_json:
        print_json(hits)
        return
    from tumen.index.cli import print_hits

    print_hits(page)
    err.print(f"{page.total:,} results")


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, URLs, or - for standard input.")],
    as_json: JsonOption = False,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
) -> None:
    """Split pages into items and analyse each; one JSON line per input."""
    from tumen.analysis_cli import analyze_inputs

    for line in analyze_inputs(inputs, settings_for(None), published):
        if as_json:
            print_json(line)
        else:
            typer.echo(f"{line['input']}: {line['kind']}, {len(line['items'])} items"
                       + (f" ({line['error']})" if line.get("error") else ""))


@app.command()
def reanalyze(db: DbOption = None) -> None:
    """Re-run the analysis over every stored document (after the rules improve)."""
    from tumen.analysis_cli import reanalyze_store

    with opened(settings_for(db)) as store, progress_bar("analysing", True) as advance:
        count = reanalyze_store(store, advance)
        rebuild = getattr(store, "rebuild_incidents", None)
        if rebuild is not None:
            from datetime import UTC, datetime

            rebuild(datetime.now(UTC))
    err.print(f"re-analysed {count} documents")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Server processes (default 1).")]
    = None,
) -> None:
    """Serve the web app and the API."""
    from tumen.web.app import serve as run_server

    settings = settings_for(db, host=host, port=port, workers=workers)
    with opened(settings):
        pass  # fail early, in one line, on a database that cannot be opened
    run_server(settings)


@app.command()
def incidents(
    db: DbOption = None,
    as_json: JsonOption = False,
    status: Annotated[str | None, typer.Option(help="at_risk, detained, repatriated, ...")] = None,
    since: Annotated[str | None, typer.Option(help="Last report on or after YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 100,
) -> None:
    """Incidents, most urgent first (withheld ones marked)."""
    from tumen.confidential.withheld import withheld_ids
    from tumen.incidents.export import incident_to_json
    from tumen.store.base import IncidentFilter

    with opened(settings_for(db)) as store:
        found, total = store.list_incidents(
            IncidentFilter(status=status, since=since, limit=limit))
        hidden = withheld_ids(store)
        rows = [{**incident_to_json(i, store.incident_documents(i.id or 0)),
                 "withheld": i.id in hidden} for i in found]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        urgency = row["urgency"]["level"] if isinstance(row["urgency"], dict) else row["urgency"]
        mark = "WITHHELD " if row["withheld"] else ""  # staff must not pass it on by mistake
        typer.echo(f"#{row['id']:<5} {urgency:<8} {row['status']:<11} {mark}{row['title']}")
    err.print(f"{total} incidents" + (f" ({len(hidden)} withheld)" if hidden else ""))


@app.command()
def incident(
    incident_id: Annotated[int, typer.Argument(help="Incident number.")],
    db: DbOption = None,
) -> None:
    """One incident with its timeline and sources, as JSON (with whether it is withheld)."""
    from tumen.confidential.withheld import is_withheld
    from tumen.incidents.export import incident_to_json

    with opened(settings_for(db)) as store:
        found = store.get_incident(incident_id)
        if found is None:
            raise UserError(f"no incident {incident_id}")
        withheld = is_withheld(store, incident_id)
        print_json({**incident_to_json(found, store.incident_documents(incident_id)),
                    "withheld": withheld})
    if withheld:
        err.print(f"incident {incident_id} is WITHHELD: keep it off every public channel")


@app.command()
def export(
    what: Annotated[str, typer.Option(help="documents, events or incidents.")] = "documents",
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl or parquet.")] = "jsonl",
    output: Annotated[str, typer.Option("--output", "-o", help="File, or - for stdout.")] = "-",
    db: DbOption = None,
) -> None:
    """Stream documents, events or incidents as CSV, JSON Lines or Parquet."""
    from tumen.export import FORMATS, WHATS
    from tumen.export import export as run_export

    if fmt not in FORMATS or what not in WHATS:
        raise UserError(f"--format is one of {', '.join(FORMATS)}; "
                        f"--what one of {', '.join(WHATS)}")
    if output == "-" and fmt == "parquet" and sys.stdout.isatty():
        raise UserError("Parquet is binary: give -o FILE, or redirect standard output to a file")
    with opened(settings_for(db)) as store:
        if output == "-":
            rows = run_export(store, what, fmt, sys.stdout.buffer)
        else:
            with open(output, "wb") as out:
                rows = run_export(store, what, fmt, out)
    err.print(f"exported {rows} {what}")


@app.command()
def migrate(
    sqlite_path: Annotated[str, typer.Argument(help="SQLite database to copy from.")],
    postgres_url: Annotated[str, typer.Argument(help="postgresql:// URL to copy into.")],
) -> None:
    """Copy an SQLite database into an empty PostgreSQL database."""
    from tumen.migrate import MigrateError, copy_sqlite_to_postgres

    try:
        counts = copy_sqlite_to_postgres(sqlite_path, postgres_url)
    except MigrateError as exc:
        raise UserError(str(exc)) from None
    for table, count in counts.items():
        typer.echo(f"{table:<20} {count}")


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Database for the demo.")] = "tumen-demo.db",
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only build the database.")] = False,
) -> None:
    """Ingest the bundled sample corpus and serve it on http://127.0.0.1:8000."""
    from tumen.demo import build_demo

    # the demo is plain HTTP on this machine: a Secure-only cookie would make login impossible
    settings = settings_for(db, host=host, port=port, cookie_secure=False)
    with opened(settings) as store, progress_bar("sample corpus", True) as advance:
        report = build_demo(store, settings, advance)
    err.print(f"demo database {settings.db}: {report.documents} documents ({report.added} new), "
              f"{report.sources} sources")
    if not no_serve:
        from tumen.web.app import serve as run_server

        err.print(f"serving on http://{settings.host}:{settings.port}")
        run_server(settings)


def _add_account_commands() -> None:
    """`tumen user ...`, `tumen keygen` and `tumen doctor` (defined in tumen.accounts.cli)."""
    from tumen.accounts.cli import doctor, keygen, seal_audit, user_app

    app.add_typer(user_app, name="user")
    app.command("keygen")(keygen)
    app.command("doctor")(doctor)
    app.command("seal-audit")(seal_audit)


_add_account_commands()


def _add_alert_commands() -> None:
    """`tumen watch`, `tumen rules ...`, `tumen digest` and `tumen brief` (tumen.alerts.cli)."""
    from tumen.alerts.cli import register

    register(app)


_add_alert_commands()


def _add_backfill_command() -> None:
    """`tumen backfill` (defined in tumen.backfill.cli)."""
    from tumen.backfill.cli import register

    register(app)


_add_backfill_command()


def _add_search_commands() -> None:
    """`tumen reindex` (defined in tumen.index.cli)."""
    from tumen.index.cli import reindex

    app.command("reindex")(reindex)


_add_search_commands()


def main() -> None:
    """Run the command line: errors as one line, not a traceback."""
    try:
        status = typer.main.get_command(app)(standalone_mode=False)
    except UserError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(1)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        # usage errors: click's, or the copy of click that typer >= 0.2x bundles (its own
        # classes, so an isinstance check on click's misses them): both show() themselves
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        err.print(f"[red]error:[/red] {type(exc).__name__}: {exc}")
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)
