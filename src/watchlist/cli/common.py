"""What every command shares: the store and actor from settings, errors mapped to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from watchlist.errors import InvalidInput, WatchlistError
from watchlist.model.access import Actor
from watchlist.settings import get_settings
from watchlist.store.db import Store

if TYPE_CHECKING:
    from watchlist.facade import ActorWatchlist, Watchlist

P = ParamSpec("P")
R = TypeVar("R")

# soft_wrap: never break a line of output at the terminal width (file names, ids, JSON)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def operator() -> Actor:
    """The local operator: name and clearance from settings."""
    settings = get_settings()
    return Actor(settings.operator, settings.clearance)


#: The last watchlist a command opened, kept (closed) until the process ends: dropped when the
#: command returns, the screener it loaded (an index of millions of objects, its decoded
#: tables) would be freed object by object before `app.leave` ends the process, the very
#: work leave exists to skip: some 20 ms of CPU after a batch has written its last line.
_kept: list[Watchlist] = []


@contextmanager
def open_watchlist() -> Iterator[Watchlist]:
    """The installation the settings describe, through the library's facade."""
    from watchlist.facade import Watchlist

    watchlist = Watchlist.open(get_settings())
    _kept[:] = [watchlist]
    try:
        yield watchlist
    finally:
        watchlist.close()


def as_operator(watchlist: Watchlist) -> ActorWatchlist:
    """The facade as the local operator the settings name."""
    return watchlist.for_actor(operator())


@contextmanager
def open_store() -> Iterator[Store]:
    store = Store.open(settings=get_settings())
    try:
        yield store
    finally:
        store.close()


#: The option of a command that gives a library field, named beside an error about the field.
OPTIONS = {
    "source": "--source",
    "reason": "--reason",
    "actor": "--analyst",
    "interval": "--every",
    "threshold": "--threshold",
    "birth_dates": "--dob",
    "countries": "--country",
    "schema": "--schema",
    "identifiers": "--id",
}


def error_line(exc: WatchlistError) -> str:
    """The one line a command prints for a library error, with the option it concerns."""
    option = OPTIONS.get(exc.field or "")
    if option and option not in exc.message:
        return f"error: {exc.message} (option {option})"
    return f"error: {exc.message}"


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one line on stderr, never a traceback; the exit status comes
    from the error's code (`watchlist.errors.ERRORS`): 2 for bad input, 1 for a failure."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except WatchlistError as exc:
            err_console.print(error_line(exc), markup=False, highlight=False)
            raise typer.Exit(exc.exit_status) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{option} takes a date as YYYY-MM-DD, not {value!r}", code="invalid_date"
        ) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def write_json_lines(rows: Iterable[Any], output: Path | None) -> None:
    """One JSON object a line, to `output` or to stdout."""
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if output:
            out.close()


def split_ref(ref: str) -> tuple[str, str]:
    """SOURCE:ID as the user writes it."""
    source, sep, entity_id = ref.partition(":")
    if not sep or not source or not entity_id:
        raise InvalidInput(
            f"name an entry as SOURCE:ID (e.g. us_ofac_sdn:15880), not {ref!r}", field="entry"
        )
    return source, entity_id
