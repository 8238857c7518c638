"""Watch rules, matched events, deliveries and what was seen, in SQLite or PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tumen.alerts.rules import (
    AlertEvent,
    Attempt,
    Delivery,
    RuleFilters,
    WatchRule,
    validate_rule,
)
from tumen.models import Incident
from tumen.store.base import WITHHELD_IDS

if TYPE_CHECKING:
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")
# events of withheld incidents stay out of rule feeds and deliveries (alias e: alert_events)
_PUBLIC_EVENT = f"(e.incident_id IS NULL OR e.incident_id NOT IN ({WITHHELD_IDS}))"


def _rule(row: Any) -> WatchRule:
    """A WatchRule from an alert_rules row."""
    return WatchRule(
        id=row["id"], name=row["name"], filters=RuleFilters.from_json(json.loads(row["filters"])),
        triggers=json.loads(row["triggers"]), follow=json.loads(row["follow"]),
        silence_days=row["silence_days"], webhook_url=row["webhook_url"],
        webhook_secret=row["webhook_secret"], email=row["email"], feed_token=row["feed_token"],
        enabled=bool(row["enabled"]), created_at=datetime.fromisoformat(row["created_at"]),
    )


def _event(row: Any) -> AlertEvent:
    """An AlertEvent from an alert_events row."""
    return AlertEvent(
        id=row["id"], rule_id=row["rule_id"], key=row["event_key"], kind=row["kind"],
        title=row["title"], payload=json.loads(row["payload"]), incident_id=row["incident_id"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


class SQLiteAlerts(Generic[ConnT]):
    """Mixin of both stores: alert rules, events, deliveries and the watcher's memory."""

    conn: ConnT

    def transaction(self) -> AbstractContextManager[ConnT]:
        raise NotImplementedError  # provided by SQLiteStore and PostgresStore

    def get_incident(self, incident_id: int) -> Incident | None:
        raise NotImplementedError  # provided by SQLiteIncidents

    # -- rules ------------------------------------------------------------------------------

    def add_rule(self, rule: WatchRule) -> int:
        """Validate and store a new rule; return its id (RuleError when invalid)."""
        f = validate_rule(rule).filters
        cur = self.conn.execute(
            "INSERT INTO alert_rules (name, filters, triggers, follow, silence_days, webhook_url, "
            "webhook_secret, email, feed_token, enabled, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rule.name, json.dumps(f.__dict__), json.dumps(rule.triggers),
             json.dumps(rule.follow), rule.silence_days, rule.webhook_url, rule.webhook_secret,
             rule.email, rule.feed_token, int(rule.enabled),
             (rule.created_at or datetime.now(UTC)).isoformat()),
        )
        rule.id = int(cur.lastrowid or 0)
        return rule.id

    def list_rules(self, *, enabled_only: bool = False) -> list[WatchRule]:
        """Every rule in id order."""
        where = " WHERE enabled=1" if enabled_only else ""
        rows = self.conn.execute(f"SELECT * FROM alert_rules{where} ORDER BY id").fetchall()
        return [_rule(r) for r in rows]

    def get_rule(self, rule_id: int) -> WatchRule | None:
        """One rule by id."""
        row = self.conn.execute("SELECT * FROM alert_rules WHERE id=?", (rule_id,)).fetchone()
        return _rule(row) if row else None

    def rule_by_token(self, token: str) -> WatchRule | None:
        """The rule whose personal feed has this token."""
        row = self.conn.execute(
            "SELECT * FROM alert_rules WHERE feed_token=?", (token,)).fetchone()
        return _rule(row) if row else None

    def remove_rule(self, rule_id: int) -> bool:
        """Delete a rule with its events and deliveries; whether it existed."""
        cur = self.conn.execute("DELETE FROM alert_rules WHERE id=?", (rule_id,))
        return cur.rowcount > 0

    # -- what the watcher has seen ----------------------------------------------------------

    def changed_incidents(self) -> Iterator[tuple[Incident, dict[int, str]]]:
        """Incidents written since last seen, each with the status its documents had then."""
        rows = self.conn.execute(
            "SELECT i.id FROM incidents i LEFT JOIN alert_seen_incidents s "
            "ON s.incident_id = i.id WHERE (s.incident_id IS NULL OR s.updated_at != i.updated_at) "
            # a withheld incident is not announced, nor marked seen: its release is news
            f"AND i.id NOT IN ({WITHHELD_IDS}) ORDER BY i.id").fetchall()
        for (incident_id,) in rows:
            incident = self.get_incident(incident_id)
            if incident is None:
                continue
            marks = ",".join("?" * len(incident.documents))
            seen = dict(self.conn.execute(
                f"SELECT document_id, status FROM alert_seen_documents WHERE document_id IN "
                f"({marks})", incident.documents).fetchall()) if incident.documents else {}
            yield incident, seen

    def new_document_ids(self) -> list[int]:
        """Documents stored since the watcher last looked."""
        last = self.conn.execute(
            "SELECT value FROM alert_state WHERE key='last_document_id'").fetchone()
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id > ? ORDER BY id", (int(last[0]) if last else 0,))
        return [r[0] for r in rows]

    def record_alerts(
        self, events: Sequence[tuple[AlertEvent, Sequence[tuple[str, str]]]],
        seen: Sequence[Incident], last_document_id: int | None, now: datetime,
    ) -> int:
        """Store events with their (channel, target) deliveries and mark what was seen,
        all in one transaction; return how many events were new."""
        added = 0
        with self.transaction() as conn:
            for event, targets in events:
                added += self._insert_event(conn, event, targets, now)
            for incident in seen:
                row = conn.execute(
                    "SELECT updated_at FROM incidents WHERE id=?", (incident.id,)).fetchone()
                if row is None:
                    continue
                conn.execute("INSERT INTO alert_seen_incidents VALUES (?, ?) ON CONFLICT "
                             "(incident_id) DO UPDATE SET updated_at=excluded.updated_at",
                             (incident.id, row[0]))
                conn.executemany("INSERT INTO alert_seen_documents VALUES (?, ?) ON CONFLICT "
                                 "(document_id) DO UPDATE SET status=excluded.status",
                                 [(d, incident.status) for d in incident.documents])
            if last_document_id is not None:
                conn.execute("INSERT INTO alert_state VALUES ('last_document_id', ?) "
                             "ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                             (str(last_document_id),))
        return added

    def _insert_event(self, conn: ConnT, event: AlertEvent,
                      targets: Sequence[tuple[str, str]], now: datetime) -> int:
        """Insert one event and its deliveries unless the rule already has this key."""
        cur = conn.execute(
            "INSERT INTO alert_events (rule_id, event_key, kind, incident_id, title, payload, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(rule_id, event_key) DO NOTHING",
            (event.rule_id, event.key, event.kind, event.incident_id, event.title,
             json.dumps(event.payload, ensure_ascii=False), now.isoformat()))
        if cur.rowcount == 0:
            return 0
        event.id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO alert_deliveries (event_id, rule_id, event_key, channel, target, "
            "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(rule_id, event_key, channel) DO NOTHING",
            [(event.id, event.rule_id, event.key, channel, target, now.isoformat())
             for channel, target in targets])
        return 1

    # -- deliveries -------------------------------------------------------------------------

    def pending_deliveries(self, now: datetime) -> list[Delivery]:
        """Deliveries due now, oldest first."""
        rows = self.conn.execute(
            "SELECT d.id AS delivery_id, d.channel, d.target, d.attempts, r.webhook_secret, "
            "e.* FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id "
            "JOIN alert_rules r ON r.id = d.rule_id WHERE d.status='pending' "
            # an event of an incident withheld since it was matched waits for its release
            f"AND d.next_attempt_at <= ? AND {_PUBLIC_EVENT} ORDER BY d.id",
            (now.isoformat(),)).fetchall()
        return [Delivery(id=r["delivery_id"], event=_event(r), channel=r["channel"],
                         target=r["target"], attempts=r["attempts"], secret=r["webhook_secret"])
                for r in rows]

    def record_attempts(self, delivery_id: int, attempts: Sequence[Attempt], status: str,
                        next_attempt_at: datetime, now: datetime) -> None:
        """Log each attempt of a delivery and its resulting status."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO alert_attempts (delivery_id, attempted_at, ok, status_code, error, "
                "duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                [(delivery_id, now.isoformat(), int(a.ok), a.status_code, a.error, a.duration_ms)
                 for a in attempts])
            last_error = next((a.error for a in reversed(attempts) if not a.ok), None)
            conn.execute(
                "UPDATE alert_deliveries SET status=?, attempts=attempts+?, next_attempt_at=?, "
                "last_error=?, delivered_at=? WHERE id=?",
                (status, len(attempts), next_attempt_at.isoformat(),
                 None if status == "delivered" else last_error,
                 now.isoformat() if status == "delivered" else None, delivery_id))

    def rule_events(self, rule_id: int, limit: int = 50) -> list[AlertEvent]:
        """A rule's latest events, newest first (its Atom feed)."""
        rows = self.conn.execute(
            f"SELECT * FROM alert_events e WHERE rule_id=? AND {_PUBLIC_EVENT} "
            "ORDER BY id DESC LIMIT ?",
            (rule_id, limit)).fetchall()
        return [_event(r) for r in rows]

    def rule_deliveries(self, rule_id: int, limit: int = 100) -> list[dict[str, Any]]:
        """A rule's deliveries with their attempt counts, newest first."""
        rows = self.conn.execute(
            "SELECT d.id, d.event_key, d.channel, d.target, d.status, d.attempts, d.last_error, "
            "d.delivered_at, d.next_attempt_at, e.title FROM alert_deliveries d "
            "JOIN alert_events e ON e.id = d.event_id WHERE d.rule_id=? ORDER BY d.id DESC "
            "LIMIT ?", (rule_id, limit)).fetchall()
        return [dict(r) for r in rows]

    def delivery_attempts(self, delivery_id: int) -> list[dict[str, Any]]:
        """Every logged attempt of one delivery, oldest first."""
        rows = self.conn.execute(
            "SELECT attempted_at, ok, status_code, error, duration_ms FROM alert_attempts "
            "WHERE delivery_id=? ORDER BY id", (delivery_id,)).fetchall()
        return [dict(r) for r in rows]
