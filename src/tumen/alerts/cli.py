"""`tumen watch`, `tumen rules ...`, `tumen digest` and `tumen brief`."""

from __future__ import annotations

import secrets
import signal
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from tumen.alerts.rules import TRIGGERS, RuleError, RuleFilters, WatchRule, split_list
from tumen.cli import DbOption, JsonOption, UserError, err, opened, print_json, settings_for

rules_app = typer.Typer(no_args_is_help=True, help="Watch rules: what to be alerted about.")
FILTER_LABELS = {"topics": "topic", "countries": "country", "event_types": "event",
                 "statuses": "status", "min_urgency": "urgency ≥", "keywords": "words",
                 "languages": "language", "sources": "source"}
ListOpt = Annotated[str | None, typer.Option(help="Comma-separated values; any of them.")]
WITHHELD_BANNER = "> **WITHHELD: not for publication.** Staff withheld this incident.\n\n"


def _alerts_store(store: Any) -> Any:
    """The store, if its backend keeps alert rules (SQLite today)."""
    if not hasattr(store, "list_rules"):
        raise UserError("alert rules are stored by the SQLite backend only for now")
    return store


@rules_app.command("add")
def rules_add(
    name: Annotated[str, typer.Option(help="A name for the rule.")],
    topic: ListOpt = None, country: ListOpt = None, event_type: ListOpt = None,
    status: ListOpt = None, keyword: ListOpt = None, language: ListOpt = None,
    source: ListOpt = None,
    urgency: Annotated[str | None, typer.Option(help="Minimum urgency level.")] = None,
    trigger: Annotated[str, typer.Option(help=f"Comma-separated: {', '.join(TRIGGERS)}.")] = (
        "new_incident,status_changed,new_report"),
    follow: Annotated[str | None, typer.Option(help="Incident ids to follow.")] = None,
    silence_days: Annotated[int, typer.Option(help="Days of silence that alert.")] = 7,
    webhook: Annotated[str | None, typer.Option(help="Webhook URL (POSTed JSON).")] = None,
    secret: Annotated[str | None, typer.Option(help="HMAC key of the webhook.")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Add a watch rule; prints its id, feed token and any generated webhook secret."""
    from tumen.fetch import FetchError, check_url

    settings = settings_for(db)
    if webhook:
        try:
            check_url(webhook, settings.allow_addresses)
        except FetchError as exc:
            raise UserError(f"--webhook: {exc}") from None
        if not secret and not settings.webhook_secret:
            secret = secrets.token_urlsafe(24)
            err.print(f"webhook secret (shown once): {secret}")
    filters = RuleFilters(
        topics=split_list(topic), countries=split_list(country),
        event_types=split_list(event_type), statuses=split_list(status),
        keywords=split_list(keyword), languages=split_list(language),
        sources=split_list(source), min_urgency=urgency)
    try:
        follows = [int(x) for x in split_list(follow)]
        rule = WatchRule(name=name, filters=filters, triggers=split_list(trigger),
                         follow=follows, silence_days=silence_days, webhook_url=webhook,
                         webhook_secret=secret, email=email)
        with opened(settings) as store:
            _alerts_store(store).add_rule(rule)
    except (RuleError, ValueError) as exc:
        raise UserError(str(exc)) from None
    if as_json:
        print_json(rule.public())
    else:
        err.print(f"rule {rule.id} added; feed /feeds/rules/{rule.feed_token}.atom")


@rules_app.command("list")
def rules_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the watch rules."""
    with opened(settings_for(db)) as store:
        rules = _alerts_store(store).list_rules()
    if as_json:
        print_json([r.public() for r in rules])
        return
    if not rules:
        err.print("no watch rules yet: add one with `tumen rules add --name ...`")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "name", "triggers", "filters", "delivered to", "feed", box=None)
    for r in rules:
        wanted = "; ".join(f"{FILTER_LABELS.get(k, k)} {', '.join(v) if isinstance(v, list) else v}"
                           for k, v in r.filters.__dict__.items() if v)
        targets = ", ".join(filter(None, [r.webhook_url, r.email])) or "feed only"
        table.add_row(str(r.id), r.name, ", ".join(r.triggers), wanted or "everything",
                      targets, f"/feeds/rules/{r.feed_token}.atom")
    # cells are cut to a terminal's width; piped into a file or a program, nothing is cut
    Console(width=None if sys.stdout.isatty() else 10_000).print(table)


@rules_app.command("remove")
def rules_remove(rule_id: Annotated[int, typer.Argument(help="Rule id.")],
                 db: DbOption = None) -> None:
    """Remove a watch rule with its events and delivery log."""
    with opened(settings_for(db)) as store:
        if not _alerts_store(store).remove_rule(rule_id):
            raise UserError(f"no rule {rule_id}")
    err.print(f"rule {rule_id} removed")


def watch(
    sources: Annotated[str | None, typer.Option("--sources", help="TOML source list.")] = None,
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="Run one round and stop.")] = False,
    tick: Annotated[float | None, typer.Option(help="Seconds between rounds.")] = None,
    interval: Annotated[float | None, typer.Option(
        help="Crawl every source every N seconds (overrides the sources' intervals).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Crawl due sources, update incidents, match watch rules and deliver, until stopped."""
    from tumen.alerts.scheduler import TickReport, WatchOptions
    from tumen.alerts.scheduler import watch as run_watch
    from tumen.crawl import SourcesError, load_sources

    settings = settings_for(db, sources=sources)
    path = Path(settings.sources)

    def load() -> list[Any]:
        return load_sources(path) if path.exists() else []

    try:
        load()
    except SourcesError as exc:
        raise UserError(str(exc)) from None
    options = WatchOptions(tick_seconds=tick or settings.watch_tick, interval_seconds=interval,
                           max_ticks=1 if once else None)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def show(report: TickReport) -> None:
        if as_json:
            print_json(report.as_json())
        else:
            r = report.as_json()
            err.print(f"{datetime.now(UTC):%H:%M:%S} crawled {len(r['crawled'])}, new "
                      f"{r['new_documents']}, events {r['events']}, delivered {r['delivered']}, "
                      f"retrying {r['retrying']}, failed {r['failed']}")
            for e in r["errors"]:
                err.print(f"  [red]error[/red] {e}")
        sys.stdout.flush()

    with opened(settings) as store:
        run_watch(_alerts_store(store), settings, load, options, stop, show)


def digest(
    period: Annotated[str, typer.Option(help="day, week or month.")] = "week",
    on: Annotated[str | None, typer.Option("--date", help="A day in the period (YYYY-MM-DD); "
                                           "default today.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    email: Annotated[str | None, typer.Option(help="E-mail the digest to this address.")] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="File, or - for stdout.")] = "-",
    db: DbOption = None,
) -> None:
    """A review of a day, week or month: new and changed incidents, counts, top stories."""
    from tumen.alerts.delivery import build_message, send_message
    from tumen.alerts.digest import build_digest, period_of, render_digest

    settings = settings_for(db)
    try:
        span = period_of(period, date.fromisoformat(on) if on else datetime.now(UTC).date())
        with opened(settings) as store:
            result = build_digest(store, span)
        text = render_digest(result, fmt)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    _write(text.encode("utf-8"), output)
    if email:
        html = render_digest(result, "html")
        plain = text if fmt == "md" else render_digest(result, "md")
        msg = build_message(settings, email, f"[tumen] digest: {span.label}", plain, html)
        attempt = send_message(settings, msg)
        if not attempt.ok:
            raise UserError(f"e-mail not sent: {attempt.error}")
        err.print(f"digest sent to {email}")


def brief(
    incident_id: Annotated[int, typer.Argument(help="Incident id.")],
    fmt: Annotated[str, typer.Option("--format", help="md or pdf.")] = "md",
    lang: Annotated[str, typer.Option(help="en, ko or ja.")] = "en",
    output: Annotated[str | None, typer.Option("--output", "-o", help="File; - for stdout "
                                               "(default for md).")] = None,
    base_url: Annotated[str | None, typer.Option(help="Public address of the web app, for "
                                                 "snapshot links.")] = None,
    db: DbOption = None,
    include_withheld: Annotated[bool, typer.Option(
        "--include-withheld", help="Brief a withheld incident too (marked, not to publish).")]
    = False,
) -> None:
    """A brief of one incident with every source cited, as Markdown or PDF."""
    from tumen.alerts.brief import build_brief, render_markdown, render_pdf
    from tumen.confidential.withheld import is_withheld

    if fmt not in ("md", "pdf"):
        raise UserError("--format is md or pdf")
    try:
        with opened(settings_for(db)) as store:
            withheld = is_withheld(store, incident_id)
            if withheld and not include_withheld:
                raise UserError(f"incident {incident_id} is withheld from public channels; "
                                "--include-withheld briefs it anyway (not to publish)")
            made = build_brief(store, incident_id, lang, base_url)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if made is None:
        raise UserError(f"no incident {incident_id}")
    if withheld:
        err.print(f"incident {incident_id} is WITHHELD: this brief is not for publication")
    if fmt == "md":
        text = render_markdown(made)
        _write(((WITHHELD_BANNER if withheld else "") + text).encode("utf-8"), output or "-")
        return
    out = output or f"brief-{incident_id}-{lang}.pdf"
    if out == "-" and sys.stdout.isatty():
        raise UserError("a PDF is binary: give -o FILE, or redirect standard output to a file")
    _write(render_pdf(made), out)
    if out != "-":
        typer.echo(Path(out).resolve())  # where it went, for the user and for scripts


def _write(data: bytes, output: str) -> None:
    """Bytes to a file, or to stdout for '-'."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)


def register(app: typer.Typer) -> None:
    """Add the alert commands to the `tumen` app."""
    app.add_typer(rules_app, name="rules")
    app.command("watch")(watch)
    app.command("digest")(digest)
    app.command("brief")(brief)
