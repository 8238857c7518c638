"""`tumen reindex`, and how `tumen search` prints a hit (registered by tumen.cli)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tumen.store.base import SearchHit, SearchPage

DbOption = Annotated[str | None, typer.Option("--db", help="SQLite path or postgresql:// URL.")]
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG = re.compile(r"<[^>]+>")


def reindex(db: DbOption = None) -> None:
    """Rebuild the search index from the database, with a progress bar."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from tumen.cli import UserError, err, settings_for
    from tumen.store import open_store

    settings = settings_for(db)
    try:  # not migrate=True: that would bring the index up to date first, without a bar
        store = open_store(settings.db, migrate=False, search_dir=settings.search_dir)
        store.migrate()
    except Exception as exc:
        raise UserError(f"cannot open the database {settings.db}: {exc}") from None
    try:
        columns = ("[bold]indexing", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("indexing", total=store.count_documents())
            count = store.reindex(lambda n: bar.update(task, advance=n))
    finally:
        store.close()
    err.print(f"indexed {count:,} documents")


def print_hits(page: SearchPage) -> None:
    """Each hit on stdout, and what in the query was ignored on stderr."""
    from rich.console import Console

    from tumen.cli import err

    out = Console(highlight=False, soft_wrap=True)
    for hit in page.hits:
        out.print("\n".join(hit_lines(hit)))
    if page.notice:
        err.print(f"[yellow]note:[/yellow] {page.notice}")


def hit_lines(hit: SearchHit) -> list[str]:
    """A hit for the terminal (rich markup): date and title, source and web address, snippet.

    A report read from a local file has no address worth showing: its title stands alone.
    """
    from rich.markup import escape

    title = escape(hit.title or "(untitled)")
    where = [escape(hit.source)] if hit.source else []
    if hit.url.startswith(("http://", "https://")):
        where.append(f"[dim]{escape(hit.url)}[/dim]")
    lines = [f"{hit.date or '':<10}  [bold]{title}[/bold]"]
    if where:
        lines.append("            " + " · ".join(where))
    snippet = _terminal_snippet(hit.snippet)
    if snippet:
        lines.append("            " + snippet)
    return lines


def _terminal_snippet(snippet: str) -> str:
    """The snippet's HTML as rich markup: <mark> in bold yellow, other tags dropped."""
    from rich.markup import escape

    out, last = [], 0
    for m in _MARK.finditer(snippet):
        out.append(escape(html.unescape(_TAG.sub("", snippet[last:m.start()]))))
        out.append(f"[bold yellow]{escape(html.unescape(_TAG.sub('', m.group(1))))}[/]")
        last = m.end()
    out.append(escape(html.unescape(_TAG.sub("", snippet[last:]))))
    return " ".join("".join(out).split())
