"""Operations commands: `watchlist db upgrade` applies the database migrations."""

from __future__ import annotations

import typer

from watchlist.cli.common import console, handle_errors
from watchlist.settings import get_settings
from watchlist.store.db import Store

db_app = typer.Typer(help="The database behind the store: migrations.", no_args_is_help=True)


@db_app.command("upgrade")
@handle_errors
def upgrade() -> None:
    """Apply pending database migrations (opening the store applies them too)."""
    store = Store.open(settings=get_settings(), migrate=False)
    try:
        before, after = store.upgrade()
        url = store.url
    finally:
        store.close()
    if before == after:
        message = f"{url}: up to date at migration {after}"
    else:
        message = f"{url}: migrated from {before or 'an empty database'} to {after}"
    # soft_wrap: a long URL must not be cut into lines that scripts cannot grep
    console.print(message, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
