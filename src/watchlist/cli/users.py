"""API users and keys: `watchlist users add|list`, `watchlist keys create|list|revoke`."""

from __future__ import annotations

from typing import Annotated

import typer

from watchlist.cli.common import as_operator, handle_errors, open_watchlist, print_json

users_app = typer.Typer(help="Users of the HTTP API, each with a role and a clearance.")
keys_app = typer.Typer(help="API keys: shown once at creation, stored only as a hash.")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


@users_app.command("add")
@handle_errors
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name, as the audit log records it.")],
    role: Annotated[str, typer.Option("--role", help="screener, analyst, supervisor or admin.")],
    clearance: Annotated[
        str,
        typer.Option("--clearance", help="public, restricted, confidential or secret."),
    ] = "public",
    as_json: JsonFlag = False,
) -> None:
    """Add a user of the HTTP API."""
    from watchlist.auth import Role
    from watchlist.model.access import Classification

    with open_watchlist() as watchlist:
        user = as_operator(watchlist).users.add(
            name, Role.parse(role), Classification.parse(clearance)
        )
    if as_json:
        print_json(user.to_dict())
    else:
        typer.echo(f"added user {user.name} ({user.role.value}, {user.clearance.value})")


@users_app.command("list")
@handle_errors
def users_list(as_json: JsonFlag = False) -> None:
    """Show every user with their role and clearance."""
    with open_watchlist() as watchlist:
        found = as_operator(watchlist).users.all()
    if as_json:
        print_json([u.to_dict() for u in found])
        return
    for u in found:
        state = "  disabled" if u.disabled else ""
        typer.echo(f"{u.name}  {u.role.value}  {u.clearance.value}{state}")


@users_app.command("password")
@handle_errors
def users_password(
    name: Annotated[str, typer.Argument(help="Whose password to set.")],
) -> None:
    """Set a user's password for the web UI, read from standard input (one line)."""
    import sys

    try:
        import argon2  # noqa: F401  (the [ui] extra)
    except ModuleNotFoundError as exc:
        from watchlist.errors import WatchlistError

        raise WatchlistError(
            f"passwords need the extra [ui] ({exc.name} is missing): pip install 'watchlist[ui]'"
        ) from None

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"new password for {name}: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with open_watchlist() as watchlist:
        as_operator(watchlist).set_password(name, password)
    typer.echo(f"password set for {name}")


@keys_app.command("create")
@handle_errors
def keys_create(
    user: Annotated[str, typer.Argument(help="Whose key it is.")],
    days: Annotated[int, typer.Option("--days", help="Days until the key expires.")] = 365,
    as_json: JsonFlag = False,
) -> None:
    """Create an API key; its secret is printed now and never again."""
    with open_watchlist() as watchlist:
        created = as_operator(watchlist).users.create_key(user, days)
    if as_json:
        print_json(created.to_dict())
        return
    typer.echo(created.secret)
    typer.echo(
        f"key {created.key.id} for {user}, expires {created.key.expires_at.date().isoformat()}; "
        "it is shown only now",
        err=True,
    )


@keys_app.command("list")
@handle_errors
def keys_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's keys.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show keys (never their secrets): id, user, expiry, state."""
    with open_watchlist() as watchlist:
        found = as_operator(watchlist).users.keys(user)
    rows = [k.to_dict() for k in found]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']}  {r['user']}  expires {r['expires_at']}  {r['state']}")


@keys_app.command("revoke")
@handle_errors
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id.")]) -> None:
    """Revoke a key: it stops working at once."""
    with open_watchlist() as watchlist:
        key = as_operator(watchlist).users.revoke(key_id)
    typer.echo(f"revoked key {key.id} of {key.user}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
