"""The Typer application: registers each group of commands."""

from __future__ import annotations

import importlib
import logging

import typer

app = typer.Typer(
    name="watchlist",
    help="Sanctions-list registry with full history, and screening that explains every score.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module adds its commands with register(app); a module not written yet is skipped.
COMMAND_MODULES = ("registry", "screening", "workflow", "admin", "users", "serve")


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"watchlist.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"watchlist.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
