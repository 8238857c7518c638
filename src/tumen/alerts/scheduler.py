"""`tumen watch`: crawl due sources, fold reports into incidents, match rules, deliver."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tumen.alerts.delivery import DeliveryReport, deliver_pending
from tumen.alerts.matching import (
    ACTIVE_STATUSES,
    Change,
    event_for,
    incident_changes,
    matches,
    silence_change,
    targets_of,
)
from tumen.alerts.rules import AlertEvent, WatchRule
from tumen.config import Settings
from tumen.crawl import crawl
from tumen.models import Incident, Source, SourceHealth
from tumen.pipeline import Ingestor
from tumen.store.base import IncidentFilter

log = logging.getLogger("tumen.watch")


@dataclass
class WatchOptions:
    """How `tumen watch` runs."""

    tick_seconds: float = 15.0
    interval_seconds: float | None = None  # overrides every source's interval when set
    max_ticks: int | None = None  # None: until stopped; 1 is --once


@dataclass
class TickReport:
    """What one round did."""

    crawled: list[str] = field(default_factory=list)
    new_documents: int = 0
    incidents_written: int = 0
    changes: int = 0
    events: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The report as printed by `tumen watch --once --json`."""
        d = self.delivery
        return {"crawled": self.crawled, "new_documents": self.new_documents,
                "incidents_written": self.incidents_written, "changes": self.changes,
                "events": self.events, "delivered": d.delivered, "retrying": d.retrying,
                "failed": d.failed, "attempts": d.attempts, "errors": self.errors + d.errors}


def due_sources(sources: Sequence[Source], healths: dict[str, SourceHealth], now: datetime,
                interval_seconds: float | None = None) -> list[Source]:
    """Sources whose interval has passed since their last crawl (kept in the store)."""
    due = []
    for source in sources:
        health = healths.get(source.name)
        every = interval_seconds if interval_seconds is not None else source.interval_minutes * 60
        if health is None or health.last_fetch is None or (
                now - health.last_fetch >= timedelta(seconds=every)):
            due.append(source)
    return due


def collect_changes(store: Any) -> tuple[list[Change], list[Incident], int | None]:
    """Changes since the watcher last looked, the incidents seen, and the newest document."""
    changes: list[Change] = []
    seen: list[Incident] = []
    for incident, seen_docs in store.changed_incidents():
        seen.append(incident)
        found = incident_changes(incident, seen_docs)
        if found:
            docs = store.incident_documents(incident.id)
            for change in found:
                change.documents = docs
            changes.extend(found)
    new_ids = store.new_document_ids()
    for doc_id in new_ids:
        doc = store.get_document(doc_id)
        if doc is not None:
            changes.append(Change("new_document", f"new_document:{doc_id}", documents=[doc]))
    return changes, seen, max(new_ids) if new_ids else None


def silences(store: Any, rules: Sequence[WatchRule], now: datetime) -> list[Change]:
    """'No news for N days' changes, one per (incident, N) of the rules that want them."""
    days = sorted({r.silence_days for r in rules if "silence" in r.triggers})
    if not days:
        return []
    found: list[Change] = []
    for status in ACTIVE_STATUSES:
        incidents, _ = store.list_incidents(
            IncidentFilter(status=status, limit=10_000, hide_withheld=True))
        for incident in incidents:
            found.extend(c for n in days if (c := silence_change(incident, n, now.date())))
    return found


def match_rules(rules: Sequence[WatchRule], changes: Sequence[Change],
                now: datetime) -> list[tuple[AlertEvent, list[tuple[str, str]]]]:
    """Events (with their delivery targets) for every rule a change matches."""
    out = []
    for rule in rules:
        for change in changes:
            if change.kind == "silence" and not change.key.endswith(f":{rule.silence_days}"):
                continue
            if matches(rule, change):
                out.append((event_for(rule, change, now), targets_of(rule)))
    return out


def alert_round(store: Any, settings: Settings, now: datetime, report: TickReport) -> None:
    """Notice changes, store the matched events, deliver what is due."""
    rules = store.list_rules(enabled_only=True)
    changes, seen, last_doc = collect_changes(store)
    changes += silences(store, rules, now)
    report.changes = len(changes)
    events = match_rules(rules, changes, now)
    # Events and the 'seen' marks commit together: a crash never loses or repeats a change.
    report.events = store.record_alerts(events, seen, last_doc, now)
    report.delivery = deliver_pending(store, settings, now)


def tick(store: Any, settings: Settings, sources: Sequence[Source], options: WatchOptions,
         now: datetime | None = None, ingestor: Ingestor | None = None) -> TickReport:
    """One round: crawl due sources, update incidents, match rules, deliver."""
    now = now or datetime.now(UTC)
    report = TickReport()
    for source in sources:
        store.upsert_source(source)
    healths = {s.name: h for s, h in store.list_sources()}
    due = due_sources(sources, healths, now, options.interval_seconds)
    if due:
        crawled = crawl(store, settings, list(due), force=True, ingestor=ingestor)
        report.crawled = [h.name for h in crawled.health]
        report.errors += [f"{f['source']}: {f['error']}" for f in crawled.ingest.failed]
        ids = crawled.ingest.document_ids
        report.new_documents = len(ids)
        if ids:
            report.incidents_written = store.update_incidents(ids, datetime.now(UTC))
    alert_round(store, settings, datetime.now(UTC), report)
    return report


def watch(store: Any, settings: Settings, load: Callable[[], list[Source]],
          options: WatchOptions, stop: threading.Event | None = None,
          on_tick: Callable[[TickReport], None] | None = None) -> int:
    """Run ticks until stopped (or max_ticks); a failing tick is logged, not fatal."""
    stop = stop or threading.Event()
    ticks = 0
    # One ingestor for the life of the watcher: its near-duplicate index is read from the
    # store once and then grows with what this process stores, instead of every tick
    ingestor = Ingestor(store, settings)
    while not stop.is_set():
        started = time.monotonic()
        try:
            report = tick(store, settings, load(), options, ingestor=ingestor)
        except Exception as exc:  # the watcher must outlive one bad round
            log.exception("watch tick failed")
            report = TickReport(errors=[f"{type(exc).__name__}: {exc}"])
        if on_tick:
            on_tick(report)
        ticks += 1
        if options.max_ticks is not None and ticks >= options.max_ticks:
            break
        stop.wait(max(0.0, options.tick_seconds - (time.monotonic() - started)))
    return ticks
