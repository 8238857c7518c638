"""Rows of incident contacts and attachments (ciphertext only), for both stores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tumen.accounts.base import Row

if TYPE_CHECKING:
    from tumen.store.pgcompat import SqlConnection

ConnT = TypeVar("ConnT", bound="SqlConnection")
# Every column of an attachment but its (large) content.
_ATTACHMENT_META = "id, incident_id, meta, size, author, created_at"


def _new_id(cur: Any) -> int:
    """The id an INSERT ... RETURNING id gave (SQLite and pgcompat alike)."""
    rows = cur.fetchall()  # read to the end, so SQLite finishes the statement
    return int(rows[0][0]) if rows else 0


class ConfidentialRows(Generic[ConnT]):
    """Contact and attachment rows; rely on the store's portable `conn`."""

    conn: ConnT

    # -- contacts ---------------------------------------------------------------------------

    def add_contact_row(self, incident_id: int, ciphertext: bytes, author: str,
                        created_at: str) -> int:
        """Store an encrypted contact; return its id."""
        return _new_id(self.conn.execute(
            "INSERT INTO case_contacts (incident_id, ciphertext, author, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (incident_id, ciphertext, author, created_at, created_at)))

    def contact_rows(self, incident_id: int) -> list[Row]:
        """The live contacts of an incident, oldest first."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM case_contacts WHERE incident_id = ? AND deleted_at IS NULL "
            "ORDER BY id", (incident_id,))]

    def update_contact_row(self, contact_id: int, incident_id: int, ciphertext: bytes,
                           at: str) -> bool:
        """Replace a live contact's ciphertext; whether it existed."""
        cur = self.conn.execute(
            "UPDATE case_contacts SET ciphertext = ?, updated_at = ? WHERE id = ? "
            "AND incident_id = ? AND deleted_at IS NULL", (ciphertext, at, contact_id, incident_id))
        return cur.rowcount > 0

    def delete_contact_row(self, contact_id: int, incident_id: int, at: str) -> bool:
        """Erase a contact's ciphertext and mark it deleted; whether it existed."""
        cur = self.conn.execute(
            "UPDATE case_contacts SET ciphertext = ?, deleted_at = ? WHERE id = ? "
            "AND incident_id = ? AND deleted_at IS NULL", (b"", at, contact_id, incident_id))
        return cur.rowcount > 0

    # -- attachments ------------------------------------------------------------------------

    def add_attachment_row(self, incident_id: int, meta: bytes, ciphertext: bytes, size: int,
                           author: str, created_at: str) -> int:
        """Store an encrypted file and its encrypted name and type; return its id."""
        return _new_id(self.conn.execute(
            "INSERT INTO case_attachments (incident_id, meta, ciphertext, size, author, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (incident_id, meta, ciphertext, size, author, created_at)))

    def attachment_rows(self, incident_id: int) -> list[Row]:
        """The live attachments of an incident without their content, oldest first."""
        return [dict(r) for r in self.conn.execute(
            f"SELECT {_ATTACHMENT_META} FROM case_attachments WHERE incident_id = ? "
            "AND deleted_at IS NULL ORDER BY id", (incident_id,))]

    def attachment_row(self, attachment_id: int, incident_id: int) -> Row | None:
        """One live attachment with its content."""
        row = self.conn.execute(
            "SELECT * FROM case_attachments WHERE id = ? AND incident_id = ? "
            "AND deleted_at IS NULL", (attachment_id, incident_id)).fetchone()
        return dict(row) if row is not None else None

    def delete_attachment_row(self, attachment_id: int, incident_id: int, at: str) -> bool:
        """Erase an attachment's name and content and mark it deleted; whether it existed."""
        cur = self.conn.execute(
            "UPDATE case_attachments SET meta = ?, ciphertext = ?, deleted_at = ? WHERE id = ? "
            "AND incident_id = ? AND deleted_at IS NULL",
            (b"", b"", at, attachment_id, incident_id))
        return cur.rowcount > 0
