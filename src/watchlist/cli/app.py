"""The Typer application: registers each group of commands."""

from __future__ import annotations

import logging

import typer

from watchlist.cli import admin, registry, screening, serve, users, workflow

app = typer.Typer(
    name="watchlist",
    help="Sanctions-list registry with full history, and screening that explains every score.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

#: Every group of commands, in the order `--help` lists them.
COMMAND_MODULES = (registry, screening, workflow, admin, users, serve)
for _module in COMMAND_MODULES:
    _module.register(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
