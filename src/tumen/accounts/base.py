"""What a store must offer for accounts, notes, withheld incidents and the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

Row = dict[str, Any]


class AccountStore(Protocol):
    """The account methods SQLiteAccounts implements (and a PostgreSQL port must)."""

    def add_user(self, username: str, password_hash: str, role: str, created_at: str) -> int:
        """Insert a user; return its id (sqlite3.IntegrityError-like error on a duplicate)."""

    def user_row(self, *, username: str | None = None, user_id: int | None = None) -> Row | None:
        """One users row by name or id, with its password hash and TOTP secret."""

    def user_rows(self) -> list[Row]:
        """Every users row, by name."""

    def update_user(self, user_id: int, **fields: Any) -> None:
        """Set role, disabled, password_hash or totp_secret of a user."""

    def add_session(self, id_hash: str, user_id: int, csrf: str, ip: str, created_at: str,
                    expires_at: str) -> None:
        """Store a new session under the hash of its id."""

    def session_row(self, id_hash: str) -> Row | None:
        """A session joined with its user's id, name, role, disabled and TOTP columns."""

    def delete_sessions(self, *, id_hash: str | None = None, user_id: int | None = None) -> None:
        """End one session, or every session of a user."""

    def add_api_token(self, user_id: int, token_hash: str, name: str, scope: str,
                      created_at: str) -> int:
        """Store a new API token under its hash; return its id."""

    def api_token_row(self, token_hash: str) -> Row | None:
        """A token joined with its user (revoked tokens included, with revoked_at)."""

    def api_token_rows(self, user_id: int) -> list[Row]:
        """Every token of a user, newest first (no hashes)."""

    def revoke_api_token(self, token_id: int, user_id: int, at: str) -> bool:
        """Revoke a token of this user; whether one was revoked."""

    def add_login_failure(self, username: str, ip: str, at: str) -> None:
        """Remember a failed login."""

    def login_failures(self, username: str, ip: str, since: str) -> tuple[int, int]:
        """Failed logins since a time: (for this username, from this IP)."""

    def clear_login_failures(self, username: str) -> None:
        """Forget the failed logins of a username after a successful login."""

    def add_note_row(self, incident_id: int, ciphertext: bytes, private_names: bool,
                     author: str, created_at: str) -> int:
        """Store an encrypted case note; return its id."""

    def note_rows(self, incident_id: int) -> list[Row]:
        """The live notes of an incident, oldest first (ciphertext only)."""

    def delete_note_row(self, note_id: int, incident_id: int, at: str) -> bool:
        """Erase a note's ciphertext and mark it deleted; whether it existed."""

    def set_withheld_row(self, incident_id: int, reason: str, username: str, at: str) -> None:
        """Mark an incident withheld from public pages."""

    def clear_withheld_row(self, incident_id: int) -> bool:
        """Publish a withheld incident again; whether it was withheld."""

    def withheld_rows(self) -> dict[int, Row]:
        """Every withheld incident id with its reason, user and time."""

    def append_audit(self, row: Row, seal: Callable[[Row], str]) -> int:
        """Append an audit row: give it the next id and prev_hash, seal it, move the head."""

    def audit_rows(self, *, after_id: int = 0, limit: int | None = None,
                   newest_first: bool = False) -> Iterator[Row]:
        """Audit rows in id order (or newest first)."""

    def audit_head(self) -> Row | None:
        """The last id and hash the chain should end with."""
