"""The Typer application: registers each group of commands."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from typing import NoReturn

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
    try:
        app()
    except SystemExit as done:
        if (done.code is None or isinstance(done.code, int)) and threading.active_count() == 1:
            leave(done.code or 0)
        raise


def leave(code: int) -> NoReturn:
    """End the process once its command is done, without the interpreter's teardown.

    The exit handlers still run (log handlers flushed, child processes reaped) and the output
    is flushed, but the objects of a loaded index and the name pipeline's tables are not freed
    one by one: a tenth of a second after a batch or a screen had written its last line, which
    the operating system does at once when the process ends. Only with no other thread left to
    wait for (`main`); output that cannot be flushed (a closed pipe) leaves it to Python's own
    exit, which reports it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)
