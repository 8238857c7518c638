"""Incidents in SQLite or PostgreSQL: rebuild, incremental update, listing, staff actions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tumen.incidents.actions import Action, Review, anchored_documents, apply_actions, reviews
from tumen.incidents.actions import validate as validate_action
from tumen.incidents.assembly import build_incidents, touched_documents
from tumen.incidents.corroboration import lone, profile
from tumen.incidents.matching import Mention, Report, mentions
from tumen.incidents.pairing import count_spread
from tumen.incidents.rules import Rules, load_rules
from tumen.models import Document, Event, Evidence, Incident, IncidentEvent
from tumen.store.base import WITHHELD_IDS, IncidentFilter

if TYPE_CHECKING:
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")

_CHUNK = 500  # ids per IN (...) list, below SQLite's parameter limit


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _row_incident(row: Any, documents: list[int]) -> Incident:
    """An Incident from an incidents row and its document ids."""
    return Incident(
        id=row["id"], key=row["key"], title=row["title"], status=row["status"],
        urgency_score=row["urgency_score"], urgency_level=row["urgency_level"],
        people_min=row["people_min"], people_max=row["people_max"],
        vulnerable=json.loads(row["vulnerable"]), countries=json.loads(row["countries"]),
        places=json.loads(row["places"]),
        events=[IncidentEvent(**e) for e in json.loads(row["events"])],
        documents=documents, first_report=row["first_report"], last_report=row["last_report"],
        sources_count=row["sources_count"], conflicts=json.loads(row["conflicts"]),
        reviewed_by=row["confirmed_by"], reviewed_at=row["confirmed_at"],
    )


def _incident_values(i: Incident, review: Review | None, now: datetime) -> tuple[Any, ...]:
    events = [vars(e) for e in i.events]
    return (
        i.title, i.status, i.urgency_score, i.urgency_level, i.people_min, i.people_max,
        json.dumps(i.vulnerable), json.dumps(i.countries), json.dumps(i.places, ensure_ascii=False),
        json.dumps(events, ensure_ascii=False), i.first_report, i.last_report, i.sources_count,
        json.dumps(i.conflicts, ensure_ascii=False),
        # a confirmation stands only while the incident holds the reports it was made on
        review.confirmed_by if review and review.holds(i) else None,
        review.confirmed_at if review and review.holds(i) else None,
        now.isoformat(),
    )


class SQLiteIncidents(Generic[ConnT]):
    """Incident methods of both stores; rely on their `conn` and `transaction()`."""

    conn: ConnT

    def transaction(self) -> AbstractContextManager[ConnT]:
        raise NotImplementedError  # provided by SQLiteStore and PostgresStore

    # -- reading the inputs -----------------------------------------------------------------

    def _reports(self, ids: Iterable[int] | None) -> dict[int, Report]:
        """Documents with events as assembly reports (all of them when ids is None)."""
        # a dated document with no event may corroborate an incident (incidents.corroboration)
        base = ("SELECT id, published, source, language, title, url, text FROM documents "
                "WHERE (id IN (SELECT document_id FROM events) OR published IS NOT NULL)")
        batches: Iterable[Sequence[int] | None] = (
            [None] if ids is None else _chunks(sorted(set(ids))))
        reports: dict[int, Report] = {}
        for batch in batches:
            where = "" if batch is None else f" AND id IN ({_marks(len(batch))})"
            for r in self.conn.execute(base + where, list(batch or [])):
                reports[r["id"]] = Report(
                    id=r["id"], events=[], published=r["published"], source=r["source"],
                    language=r["language"], title=r["title"], url=r["url"], text=r["text"])
            ev_where = "" if batch is None else f" WHERE document_id IN ({_marks(len(batch))})"
            for e in self.conn.execute(
                "SELECT document_id, type, date, people, vulnerable, country, place, evidence, "
                f"evidence_start, evidence_end, confidence FROM events{ev_where} "
                "ORDER BY document_id, id",
                list(batch or []),
            ):
                if e["document_id"] in reports:
                    reports[e["document_id"]].events.append(Event(
                        type=e["type"], date=e["date"], people=e["people"],
                        vulnerable=json.loads(e["vulnerable"]), country=e["country"],
                        place=e["place"], confidence=e["confidence"], evidence=Evidence(
                            e["evidence"], e["evidence_start"], e["evidence_end"])))
            # how many statistics, and where the first starts (matching.statistics_start)
            for r in self.conn.execute(
                "SELECT document_id, count(*), min(evidence_start) FROM statistics"
                f"{ev_where} GROUP BY document_id", list(batch or []),
            ):
                if r[0] in reports:
                    reports[r[0]].statistics, reports[r[0]].statistics_start = r[1], r[2]
            # their values: a headline counting one of them is a report of figures
            for r in self.conn.execute(
                f"SELECT document_id, value FROM statistics{ev_where}", list(batch or []),
            ):
                if r[0] in reports:
                    reports[r[0]].figures = reports[r[0]].figures | {r[1]}
        return reports

    def _actions(self) -> list[Action]:
        """Every recorded staff action in order."""
        rows = self.conn.execute("SELECT * FROM incident_actions ORDER BY id").fetchall()
        return [Action(id=r["id"], action=r["action"], payload=json.loads(r["payload"]),
                       user=r["username"], created_at=r["created_at"],
                       incident_id=r["incident_id"]) for r in rows]

    def _incident_docs(self, incident_ids: Iterable[int]) -> dict[int, list[int]]:
        """Document ids per incident id."""
        found: dict[int, list[int]] = {}
        for batch in _chunks(sorted(set(incident_ids))):
            for r in self.conn.execute(
                "SELECT incident_id, document_id FROM incident_documents WHERE incident_id IN "
                f"({_marks(len(batch))}) ORDER BY incident_id, document_id", list(batch)
            ):
                found.setdefault(r[0], []).append(r[1])
        return found

    def _incidents_holding(self, document_ids: Iterable[int]) -> dict[int, list[int]]:
        """Incidents (id -> document ids) holding any of these documents."""
        ids: set[int] = set()
        for batch in _chunks(sorted(set(document_ids))):
            ids |= {r[0] for r in self.conn.execute(
                "SELECT DISTINCT incident_id FROM incident_documents WHERE document_id IN "
                f"({_marks(len(batch))})", list(batch))}
        return self._incident_docs(ids)

    def _candidates(self, reports: Iterable[Report], rules: Rules) -> set[int]:
        """Stored documents whose events may match an event of these reports, or that one
        of them may corroborate (or be corroborated by)."""
        width = rules.sequel_gap_days + 62
        found: set[int] = set()
        for report in reports:
            specific = [m for m in mentions(report, rules) if m.specific]
            found |= self._corroboration_candidates(report, specific, rules)
            for m in specific:
                # as wide as the blocking keys' spread (pairing._spread)
                spread = count_spread(m.people or 0, rules)
                day = m.date if m.day_precise else None
                rows = self.conn.execute(
                    "SELECT DISTINCT e.document_id FROM events e JOIN documents d "
                    "ON d.id = e.document_id WHERE coalesce(e.date, d.published) >= ? "
                    "AND coalesce(e.date, d.published) <= ? AND (e.place = ? "
                    "OR e.people BETWEEN ? AND ? OR (e.country = ? AND e.date = ?))",
                    (_iso(m.lo - width), _iso(m.hi + width), m.place,
                     (m.people or 0) - spread, (m.people or -1) + spread, m.country, day),
                )
                found |= {r[0] for r in rows}
        return found

    def _corroboration_candidates(self, report: Report, specific: list[Mention],
                                  rules: Rules) -> set[int]:
        """Documents published near the days a report was news: a lone report among them
        may corroborate it, or, for a lone report, one with events it may corroborate.

        A superset (any document of those weeks, a month-only date by its month): the
        links are then scored exactly (incidents.corroboration)."""
        if not specific and not lone(report, specific):
            return set()
        told = profile(report, specific, rules)
        if told is None:
            return set()
        window = rules.corroboration.window_days
        days = told.days if specific else tuple(range(told.published[0], told.published[1] + 1))
        lo, hi = min(days) - window, max(days) + window
        # '2013-11' sorts before '2013-11-01': a month-only date is caught by its month
        bounds = (_iso(lo - 31)[:7], _iso(hi))
        if specific:
            rows = self.conn.execute(
                "SELECT id FROM documents WHERE published >= ? AND published <= ?", bounds)
        else:
            rows = self.conn.execute(
                "SELECT DISTINCT e.document_id FROM events e JOIN documents d "
                "ON d.id = e.document_id WHERE (d.published >= ? AND d.published <= ?) "
                "OR (e.date >= ? AND e.date <= ?)", (*bounds, *bounds))
        return {r[0] for r in rows} - {report.id}

    # -- writing ----------------------------------------------------------------------------

    def _linked(self, seed: set[int], done: set[int], rules: Rules) -> set[int]:
        """The seed and every stored document linked to it, directly or through others.

        Incidents never cross a component of the link graph, so a component is what one
        re-assembly must cover to give the same incidents as a rebuild.
        """
        found, frontier = set(seed), set(seed) - done
        while frontier:
            new = self._reports(frontier)
            candidates = self._candidates(new.values(), rules) - found
            known = self._reports(candidates)
            linked = touched_documents(list(new.values()), {**known, **new}, rules)
            frontier = linked - found - done
            found |= linked
        return found

    def _closure(self, seed: set[int], actions: Sequence[Action],
                 rules: Rules) -> tuple[set[int], set[int]]:
        """Documents to rebuild together (link components, whole incidents, whole actions)
        and the ids of the incidents they were in."""
        docs: set[int] = set()
        held: set[int] = set()
        extra = set(seed)
        while extra:
            extra = self._linked(extra, docs, rules) - docs
            holding = self._incidents_holding(extra)
            held |= set(holding)
            docs |= extra
            extra = {d for ds in holding.values() for d in ds} - docs
            for action in actions:
                anchored = anchored_documents(action)
                if anchored & docs:
                    extra |= anchored - docs
        return docs, held

    def _refresh(self, seed: set[int], now: datetime, rules: Rules) -> int:
        """Re-assemble the incidents around these documents and re-apply staff actions."""
        actions = self._actions()
        docs, held = self._closure(seed, actions, rules)
        reports = self._reports(docs)
        incidents = build_incidents(reports, now, rules)
        relevant = [a for a in actions if anchored_documents(a) & docs]
        incidents, landed = apply_actions(incidents, relevant, reports, now, rules)
        self._replace(held, incidents, reviews(relevant, landed), landed, now)
        return len(incidents)

    def _replace(self, old: set[int], incidents: Sequence[Incident], review: dict[str, Review],
                 landed: dict[int, str], now: datetime) -> None:
        """Swap old incident rows for new ones in one transaction, keeping ids by key."""
        with self.transaction() as conn:
            ids: dict[str, int] = {}
            for incident in incidents:
                values = _incident_values(incident, review.get(incident.key), now)
                row = conn.execute("SELECT id FROM incidents WHERE key=?", (incident.key,))
                found = row.fetchone()
                if found:
                    conn.execute(
                        "UPDATE incidents SET title=?, status=?, urgency_score=?, "
                        "urgency_level=?, people_min=?, people_max=?, vulnerable=?, "
                        "countries=?, places=?, events=?, first_report=?, last_report=?, "
                        "sources_count=?, conflicts=?, confirmed_by=?, confirmed_at=?, "
                        "updated_at=? WHERE id=?", (*values, found[0]))
                    ids[incident.key] = incident.id = int(found[0])
                else:
                    cur = conn.execute(
                        "INSERT INTO incidents (key, title, status, urgency_score, "
                        "urgency_level, people_min, people_max, vulnerable, countries, places, "
                        "events, first_report, last_report, sources_count, conflicts, "
                        f"confirmed_by, confirmed_at, updated_at) VALUES ({_marks(18)})",
                        (incident.key, *values))
                    ids[incident.key] = incident.id = int(cur.lastrowid or 0)
                self._write_links(conn, incident)
            for stale in sorted(old - set(ids.values())):
                conn.execute("DELETE FROM incidents WHERE id=?", (stale,))
            conn.executemany(
                "UPDATE incident_actions SET incident_id=?, incident_key=? WHERE id=?",
                [(ids[key], key, action_id) for action_id, key in landed.items()])

    def _write_links(self, conn: ConnT, incident: Incident) -> None:
        """The incident's documents and countries."""
        conn.execute("DELETE FROM incident_documents WHERE incident_id=?", (incident.id,))
        conn.execute("DELETE FROM incident_countries WHERE incident_id=?", (incident.id,))
        conn.executemany("INSERT INTO incident_documents VALUES (?, ?)",
                         [(incident.id, d) for d in incident.documents])
        conn.executemany("INSERT INTO incident_countries VALUES (?, ?)",
                         [(incident.id, c) for c in dict.fromkeys(incident.countries)])

    # -- public -----------------------------------------------------------------------------

    def rebuild_incidents(self, now: datetime) -> int:
        """Assemble every incident from scratch, re-apply staff actions; return how many."""
        rules = load_rules()
        reports = self._reports(None)
        actions = self._actions()
        incidents = build_incidents(reports, now, rules)
        incidents, landed = apply_actions(incidents, actions, reports, now, rules)
        old = {r[0] for r in self.conn.execute("SELECT id FROM incidents")}
        self._replace(old, incidents, reviews(actions, landed), landed, now)
        return len(incidents)

    def update_incidents(self, document_ids: list[int], now: datetime) -> int:
        """Fold new or re-analysed documents into the incidents; return how many were written."""
        rules = load_rules()
        return self._refresh(set(document_ids), now, rules)

    def list_incidents(self, f: IncidentFilter) -> tuple[list[Incident], int]:
        """A page of incidents, most urgent first, and the total matching."""
        where, params = ["1=1"], []
        for attr, cond in (("status", "status=?"), ("urgency", "urgency_level=?"),
                           ("since", "last_report>=?")):
            if getattr(f, attr):
                where.append(cond)
                params.append(getattr(f, attr))
        if f.country:
            where.append("id IN (SELECT incident_id FROM incident_countries WHERE country=?)")
            params.append(f.country)
        if f.unreviewed:
            where.append("confirmed_by IS NULL")
        if f.hide_withheld:  # before counting and paging: a total must not betray one
            where.append(f"id NOT IN ({WITHHELD_IDS})")
        clause = " AND ".join(where)
        total = int(self.conn.execute(
            f"SELECT count(*) FROM incidents WHERE {clause}", params).fetchone()[0])
        rows = self.conn.execute(
            f"SELECT * FROM incidents WHERE {clause} ORDER BY urgency_score DESC, "
            "last_report DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [*params, f.limit, f.offset]).fetchall()
        docs = self._incident_docs(r["id"] for r in rows)
        return [_row_incident(r, docs.get(r["id"], [])) for r in rows], total

    def get_incident(self, incident_id: int) -> Incident | None:
        """One incident with its timeline and document ids."""
        row = self.conn.execute("SELECT * FROM incidents WHERE id=?", (incident_id,)).fetchone()
        if row is None:
            return None
        return _row_incident(row, self._incident_docs([incident_id]).get(incident_id, []))

    def incident_documents(self, incident_id: int) -> list[Document]:
        """The documents reporting an incident, oldest first."""
        ids = self._incident_docs([incident_id]).get(incident_id, [])
        docs = [d for d in (self.get_document(i) for i in ids) if d is not None]
        return sorted(docs, key=lambda d: (d.published or "", d.id or 0))

    def get_document(self, document_id: int) -> Document | None:
        raise NotImplementedError  # provided by SQLiteStore

    def add_incident_action(
        self, incident_id: int, action: str, payload: dict[str, Any], user: str
    ) -> int:
        """Record a staff action on an incident, apply it at once, and return its id."""
        incident = self.get_incident(incident_id)
        if incident is None:
            raise KeyError(f"no incident {incident_id}")
        payload = {**payload, "anchor": incident.documents}
        if action == "merge":
            other = self.get_incident(int(payload.get("with", 0)))
            if other is None or other.id == incident_id:
                raise ValueError("merge needs 'with': the id of another incident")
            payload["other_anchor"] = other.documents
        if action == "split" and not (
            set(payload.get("documents") or []) < set(incident.documents)
        ):
            raise ValueError("split needs 'documents': some, not all, of the incident's")
        validate_action(action, payload)
        now = datetime.now(UTC)
        cur = self.conn.execute(
            "INSERT INTO incident_actions (incident_id, incident_key, action, payload, username, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (incident_id, incident.key, action, json.dumps(payload), user, now.isoformat()))
        action_id = int(cur.lastrowid or 0)
        self._refresh(set(incident.documents) | set(payload.get("other_anchor", [])), now,
                      load_rules())
        return action_id

    def list_incident_actions(self, incident_id: int) -> list[dict[str, Any]]:
        """The staff actions that apply to an incident now, oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM incident_actions WHERE incident_id=? ORDER BY id", (incident_id,))
        return [{"id": r["id"], "action": r["action"], "payload": json.loads(r["payload"]),
                 "user": r["username"], "created_at": r["created_at"],
                 "incident_key": r["incident_key"]} for r in rows]


def _iso(ordinal: int) -> str:
    """An ISO date from a day ordinal."""
    return date.fromordinal(max(1, ordinal)).isoformat()
