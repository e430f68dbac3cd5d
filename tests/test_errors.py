"""Every library error has a stable code in one table, which the CLI and the API both read;
no message of the library names an option of a command."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from typing import get_args

import pytest

import watchlist
from watchlist.errors import (
    ERRORS,
    AccessDenied,
    Conflict,
    ErrorCode,
    FormatNotDetected,
    InvalidInput,
    NotFound,
    ParseError,
    WatchlistError,
)
from watchlist.sources.formats import get_format

SRC = Path(watchlist.__file__).parent


def _all_subclasses(cls: type[WatchlistError]) -> set[type[WatchlistError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def _import_everything() -> None:
    for info in pkgutil.walk_packages([str(SRC)], "watchlist."):
        if ".migrations" in info.name:
            continue
        try:
            importlib.import_module(info.name)
        except (ModuleNotFoundError, WatchlistError):  # an optional extra not installed
            continue


def test_the_table_describes_every_code_and_only_those() -> None:
    assert set(ERRORS) == set(get_args(ErrorCode))
    for code, kind in ERRORS.items():
        assert kind.code == code and kind.description
        assert kind.exit_status in (1, 2) and 400 <= kind.http_status < 600


def test_every_error_class_has_a_code_of_the_table() -> None:
    _import_everything()
    classes = _all_subclasses(WatchlistError)
    names = {c.__name__ for c in classes}
    # the library's own, and those of the API, auth, fetch and store modules
    assert {"InvalidInput", "Unauthenticated", "FetchError", "StoreUnavailable"} <= names
    for cls in classes | {WatchlistError}:
        assert cls.code in ERRORS, cls


@pytest.mark.parametrize(
    ("error", "http", "exit_status"),
    [
        (InvalidInput("x"), 400, 2),
        (InvalidInput("x", code="invalid_date", field="birth_dates"), 400, 2),
        (ParseError("f.csv", "line 2", "bad"), 422, 2),
        (FormatNotDetected("f.bin", None, "unknown"), 422, 2),
        (NotFound("x"), 404, 1),
        (Conflict("x"), 409, 1),
        (Conflict("x", code="concurrent_change"), 409, 1),
        (AccessDenied("x"), 403, 1),
        (AccessDenied("x", code="four_eyes"), 403, 1),
        (WatchlistError("x"), 400, 1),
    ],
)
def test_status_and_exit_come_from_the_code(
    error: WatchlistError, http: int, exit_status: int
) -> None:
    assert (error.status, error.exit_status) == (http, exit_status)
    assert (error.status, error.exit_status) == (
        ERRORS[error.code].http_status,
        ERRORS[error.code].exit_status,
    )


def test_an_error_carries_field_and_record() -> None:
    err = InvalidInput("threshold: 5", code="out_of_range", field="threshold")
    assert err.to_dict() == {
        "code": "out_of_range",
        "message": "threshold: 5",
        "field": "threshold",
        "record": None,
    }
    parse = ParseError("p.csv", "line 3", "not a date", code="invalid_date", field="dob")
    assert (parse.code, parse.field, parse.record) == ("invalid_date", "dob", "p.csv: line 3")
    assert ParseError("p.csv", None, "empty").code == "parse_error"


def test_unknown_format_is_not_found() -> None:
    with pytest.raises(NotFound) as err:
        get_format("banana")
    assert err.value.code == "not_found" and err.value.field == "format"


_FLAG = re.compile(r"(^|[\s(`'])--[a-z]")


def test_no_library_message_names_a_command_option() -> None:
    """Messages raised below the command line (and the run reasons they record) name no
    `--flag`: the API and the UI show them too."""
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(("cli/", "demo.py")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise | ast.Assign):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    if _FLAG.search(sub.value):
                        offenders.append(f"{rel}:{sub.lineno}: {sub.value!r}")
    assert offenders == []
