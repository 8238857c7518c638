"""`tumen user add|list|disable|enable|role`, `tumen keygen` and `tumen doctor`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tumen.audit import Actor

user_app = typer.Typer(no_args_is_help=True, help="Staff accounts.")
DbOption = Annotated[str | None, typer.Option("--db", help="SQLite path or postgresql:// URL.")]
CLI = Actor("cli", "local")


def _read_password(from_stdin: bool) -> str:
    """A new password from stdin (first line) or an interactive, confirmed prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name (a-z 0-9 . _ - @).")],
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin.")] = False,
    db: DbOption = None,
) -> None:
    """Create a staff account (the password is asked for, never taken as an argument)."""
    from tumen.accounts.users import AccountError, create_user
    from tumen.cli import UserError, opened, settings_for

    password = _read_password(password_stdin)
    with opened(settings_for(db)) as store:
        try:
            user = create_user(store, username, password, role, CLI)  # type: ignore[arg-type]
        except AccountError as e:
            raise UserError(str(e)) from None
    typer.echo(f"created {user.username} ({user.role})")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """Every account with its role and state."""
    from tumen.accounts.users import list_users
    from tumen.cli import opened, settings_for

    with opened(settings_for(db)) as store:
        for u in list_users(store):  # type: ignore[arg-type]
            state = "disabled" if u.disabled else "active"
            typer.echo(f"{u.username:<24} {u.role:<7} {state:<8} "
                       f"{'totp' if u.totp_enabled else '-'}")


def _set(username: str, db: str | None, **change: object) -> None:
    from tumen.accounts.users import AccountError, set_user
    from tumen.cli import UserError, opened, settings_for

    with opened(settings_for(db)) as store:
        try:
            user = set_user(store, username, CLI, **change)  # type: ignore[arg-type]
        except AccountError as e:
            raise UserError(str(e)) from None
    typer.echo(f"{user.username}: {user.role}, {'disabled' if user.disabled else 'active'}")


@user_app.command("disable")
def user_disable(username: str, db: DbOption = None) -> None:
    """Disable an account and end its sessions (its tokens stop working)."""
    _set(username, db, disabled=True)


@user_app.command("enable")
def user_enable(username: str, db: DbOption = None) -> None:
    """Enable a disabled account."""
    _set(username, db, disabled=False)


@user_app.command("role")
def user_role(username: str, role: str, db: DbOption = None) -> None:
    """Change the role of an account (viewer, editor, admin)."""
    _set(username, db, role=role)


def keygen(path: Annotated[Path, typer.Argument(help="Key file to create (mode 600).")]) -> None:
    """Create the key file that encrypts confidential notes; set $TUMEN_KEY_FILE to it."""
    from tumen.cli import UserError
    from tumen.confidential.crypto import write_key_file

    try:
        write_key_file(path)
    except FileExistsError:
        raise UserError(f"{path} exists; a key is never overwritten") from None
    typer.echo(f"wrote {path}; keep a copy apart from the database backups")


def doctor(db: DbOption = None) -> None:
    """Report insecure settings and a broken audit chain; exit 1 on errors."""
    from tumen.cli import opened, settings_for
    from tumen.doctor import diagnose

    settings = settings_for(db)
    with opened(settings) as store:
        findings = diagnose(settings, store)
    for f in findings:
        typer.echo(f"{f.level:<8} {f.message}")
    if not findings:
        typer.echo("no problems found")
    if any(f.level == "error" for f in findings):
        raise typer.Exit(1)


def seal_audit(db: DbOption = None) -> None:
    """Key an audit chain written before the audit key existed (one keyed row seals it)."""
    from tumen.audit import Actor, anchor
    from tumen.cli import UserError, opened, settings_for

    settings = settings_for(db)
    with opened(settings) as store:
        try:
            row = anchor(store, Actor("cli"))
        except ValueError as exc:
            raise UserError(str(exc)) from None
    typer.echo("the audit chain was keyed already" if row is None
               else f"audit chain keyed from row {row}: the rows before it are sealed")
