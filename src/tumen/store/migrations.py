"""Numbered SQL migrations shipped per backend in store/sql/<backend>/NNNN_name.sql."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Migration:
    """One numbered schema change."""

    number: int
    name: str
    sql: str


def load_migrations(backend: str) -> list[Migration]:
    """The migrations of a backend in order; numbers are shared across backends."""
    folder = resources.files("tumen.store") / "sql" / backend
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        number, _, rest = entry.name.partition("_")
        found.append(Migration(int(number), rest.removesuffix(".sql"), entry.read_text("utf-8")))
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
