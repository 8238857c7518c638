"""Numbered SQL migrations shipped per backend in store/sql/<backend>/NNNN_name.sql."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

# A step given the migration's open connection (sqlite3 or psycopg, inside its transaction)
# and the driver's placeholder ('?' or '%s').
Step = Callable[[Any, str], object]


@dataclass(frozen=True)
class Migration:
    """One numbered schema change."""

    number: int
    name: str
    sql: str
    step: Step | None = None  # run after the SQL, in the same transaction


def _fill_minhash_bands(conn: Any, mark: str) -> object:
    """0007: the band rows of every signature stored before the table existed."""
    from tumen.store.bands import fill_bands

    return fill_bands(conn, mark)


def _fill_statistic_offsets(conn: Any, mark: str) -> object:
    """0023: the offsets of every statistic stored before the columns existed."""
    from tumen.store.facts import fill_statistic_offsets

    return fill_statistic_offsets(conn, mark)


# What SQL cannot compute (band hashes are blake2b of signature slices; offsets are in the
# stored analysis JSON), by number.
PYTHON_STEPS: dict[int, Step] = {7: _fill_minhash_bands, 23: _fill_statistic_offsets}


def load_migrations(backend: str) -> list[Migration]:
    """The migrations of a backend in order; numbers are shared across backends."""
    folder = resources.files("tumen.store") / "sql" / backend
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        number, _, rest = entry.name.partition("_")
        found.append(Migration(int(number), rest.removesuffix(".sql"), entry.read_text("utf-8"),
                               PYTHON_STEPS.get(int(number))))
    found.sort(key=lambda m: m.number)
    return found


def split_statements(sql: str) -> list[str]:
    """Statements of a migration file, split on ';' outside $$-quoted bodies (PL/pgSQL).

    No semicolons inside ordinary literals in our files.
    """
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    statements: list[str] = []
    current = ""
    for i, part in enumerate("\n".join(lines).split("$$")):
        if i % 2:  # inside a $$ ... $$ body: kept whole
            current += f"$${part}$$"
            continue
        first, *rest = part.split(";")
        current += first
        for piece in rest:
            statements.append(current)
            current = piece
    statements.append(current)
    return [s.strip() for s in statements if s.strip()]
