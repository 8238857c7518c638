"""Users, sessions, tokens, throttling, case notes, withheld incidents and audit (both stores)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tumen.accounts.base import Row

if TYPE_CHECKING:
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")

USER_FIELDS = ("role", "disabled", "password_hash", "totp_secret")
_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
_NO_DELETE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def _row(row: Any) -> Row | None:
    return dict(row) if row is not None else None


class SQLiteAccounts(Generic[ConnT]):
    """Account methods of both stores; rely on their `conn` and `transaction()`."""

    conn: ConnT
    # SQLite gets its append-only triggers here (its migrations split on ';');
    # PostgreSQL has them in its migration and locks the head instead.
    audit_setup: tuple[str, ...] = (_NO_UPDATE, _NO_DELETE)
    audit_lock: tuple[str, ...] = ()
    audit_key: bytes | None = None  # seals new audit rows (set by open_store)

    def transaction(self) -> AbstractContextManager[ConnT]:
        raise NotImplementedError  # provided by SQLiteStore and PostgresStore

    # -- users ------------------------------------------------------------------------------

    def add_user(self, username: str, password_hash: str, role: str, created_at: str) -> int:
        """Insert a user; return its id (the driver's IntegrityError on a duplicate name)."""
        cur = self.conn.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
            (username, password_hash, role, created_at))
        return int(cur.lastrowid or 0)

    def user_row(self, *, username: str | None = None, user_id: int | None = None) -> Row | None:
        """One users row by name or id."""
        if username is not None:
            return _row(self.conn.execute(
                "SELECT * FROM users WHERE username = ?", (username,)).fetchone())
        return _row(self.conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone())

    def user_rows(self) -> list[Row]:
        """Every users row, by name."""
        return [dict(r) for r in self.conn.execute("SELECT * FROM users ORDER BY username")]

    def update_user(self, user_id: int, **fields: Any) -> None:
        """Set role, disabled, password_hash or totp_secret of a user."""
        unknown = set(fields) - set(USER_FIELDS)
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        for name, value in fields.items():  # names are checked above, never user input
            self.conn.execute(f"UPDATE users SET {name} = ? WHERE id = ?", (value, user_id))

    # -- sessions ---------------------------------------------------------------------------

    def add_session(self, id_hash: str, user_id: int, csrf: str, ip: str, created_at: str,
                    expires_at: str) -> None:
        """Store a new session under the hash of its id."""
        self.conn.execute(
            "INSERT INTO sessions (id_hash, user_id, csrf, ip, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (id_hash, user_id, csrf, ip, created_at, expires_at))

    def session_row(self, id_hash: str) -> Row | None:
        """A session joined with its user."""
        return _row(self.conn.execute(
            "SELECT s.id_hash, s.csrf, s.expires_at, u.id AS user_id, u.username, u.role, "
            "u.disabled, u.totp_secret, u.created_at FROM sessions s "
            "JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?", (id_hash,)).fetchone())

    def delete_sessions(self, *, id_hash: str | None = None, user_id: int | None = None) -> None:
        """End one session, or every session of a user."""
        if id_hash is not None:
            self.conn.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))
        if user_id is not None:
            self.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    # -- API tokens -------------------------------------------------------------------------

    def add_api_token(self, user_id: int, token_hash: str, name: str, scope: str,
                      created_at: str) -> int:
        """Store a new API token under its hash; return its id."""
        cur = self.conn.execute(
            "INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (user_id, token_hash, name, scope, created_at))
        return int(cur.lastrowid or 0)

    def api_token_row(self, token_hash: str) -> Row | None:
        """A token joined with its user."""
        return _row(self.conn.execute(
            "SELECT t.id, t.scope, t.revoked_at, u.id AS user_id, u.username, u.role, "
            "u.disabled, u.totp_secret, u.created_at FROM api_tokens t "
            "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?", (token_hash,)).fetchone())

    def api_token_rows(self, user_id: int) -> list[Row]:
        """Every token of a user, newest first (no hashes)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT id, name, scope, created_at, revoked_at FROM api_tokens WHERE user_id = ? "
            "ORDER BY id DESC", (user_id,))]

    def revoke_api_token(self, token_id: int, user_id: int, at: str) -> bool:
        """Revoke a token of this user; whether one was revoked."""
        cur = self.conn.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? "
            "AND revoked_at IS NULL", (at, token_id, user_id))
        return cur.rowcount > 0

    # -- login throttling -------------------------------------------------------------------

    def add_login_failure(self, username: str, ip: str, at: str) -> None:
        """Remember a failed login."""
        self.conn.execute("INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)",
                          (username, ip, at))

    def login_failures(self, username: str, ip: str, since: str) -> tuple[int, int]:
        """Failed logins since a time: (for this username, from this IP)."""
        by_user = self.conn.execute("SELECT count(*) FROM login_failures WHERE username = ? "
                                    "AND at >= ?", (username, since)).fetchone()[0]
        by_ip = self.conn.execute("SELECT count(*) FROM login_failures WHERE ip = ? AND at >= ?",
                                  (ip, since)).fetchone()[0]
        return int(by_user), int(by_ip)

    def clear_login_failures(self, username: str) -> None:
        """Forget the failed logins of a username after a successful login."""
        self.conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))

    # -- case notes and withheld incidents --------------------------------------------------

    def add_note_row(self, incident_id: int, ciphertext: bytes, private_names: bool,
                     author: str, created_at: str) -> int:
        """Store an encrypted case note; return its id."""
        cur = self.conn.execute(
            "INSERT INTO case_notes (incident_id, ciphertext, private_names, author, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (incident_id, ciphertext, int(private_names), author,
                                       created_at))
        return int(cur.lastrowid or 0)

    def note_rows(self, incident_id: int) -> list[Row]:
        """The live notes of an incident, oldest first."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM case_notes WHERE incident_id = ? AND deleted_at IS NULL ORDER BY id",
            (incident_id,))]

    def delete_note_row(self, note_id: int, incident_id: int, at: str) -> bool:
        """Erase a note's ciphertext and mark it deleted; whether it existed."""
        cur = self.conn.execute(
            "UPDATE case_notes SET ciphertext = ?, deleted_at = ? WHERE id = ? "
            "AND incident_id = ? AND deleted_at IS NULL", (b"", at, note_id, incident_id))
        return cur.rowcount > 0

    def set_withheld_row(self, incident_id: int, reason: str, username: str, at: str) -> None:
        """Mark an incident withheld from public pages."""
        self.conn.execute(
            "INSERT INTO withheld_incidents (incident_id, reason, username, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(incident_id) DO UPDATE SET reason = excluded.reason, "
            "username = excluded.username, created_at = excluded.created_at",
            (incident_id, reason, username, at))

    def clear_withheld_row(self, incident_id: int) -> bool:
        """Publish a withheld incident again; whether it was withheld."""
        cur = self.conn.execute("DELETE FROM withheld_incidents WHERE incident_id = ?",
                                (incident_id,))
        return cur.rowcount > 0

    def withheld_rows(self) -> dict[int, Row]:
        """Every withheld incident id with its reason, user and time."""
        return {r["incident_id"]: dict(r)
                for r in self.conn.execute("SELECT * FROM withheld_incidents")}

    # -- audit log --------------------------------------------------------------------------

    def append_audit(self, row: Row, seal: Callable[[Row], str]) -> int:
        """Append an audit row: give it the next id and prev_hash, seal it, move the head."""
        for statement in self.audit_setup:
            self.conn.execute(statement)
        with self.transaction() as conn:
            for statement in self.audit_lock:  # one writer at a time moves the head
                conn.execute(statement)
            head = conn.execute("SELECT last_id, hash FROM audit_head WHERE one = 1").fetchone()
            full = dict(row, id=(head[0] if head else 0) + 1,
                        prev_hash=head[1] if head else "0" * 64)
            full["hash"] = seal(full)
            conn.execute(
                "INSERT INTO audit_log (id, at, username, ip, action, target, detail, prev_hash, "
                "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [full[k] for k in ("id", "at", "username", "ip", "action", "target", "detail",
                                   "prev_hash", "hash")])
            conn.execute("INSERT INTO audit_head (one, last_id, hash) VALUES (1, ?, ?) "
                         "ON CONFLICT(one) DO UPDATE SET last_id = excluded.last_id, "
                         "hash = excluded.hash", (full["id"], full["hash"]))
        return int(full["id"])

    def audit_rows(self, *, after_id: int = 0, limit: int | None = None,
                   newest_first: bool = False) -> Iterator[Row]:
        """Audit rows in id order (or newest first)."""
        order = "DESC" if newest_first else "ASC"
        cur = self.conn.execute(
            f"SELECT * FROM audit_log WHERE id > ? ORDER BY id {order}"
            + ("" if limit is None else " LIMIT ?"),
            (after_id,) if limit is None else (after_id, limit))
        for r in cur:
            yield dict(r)

    def audit_head(self) -> Row | None:
        """The last id and hash the chain should end with."""
        return _row(self.conn.execute(
            "SELECT last_id, hash FROM audit_head WHERE one = 1").fetchone())
