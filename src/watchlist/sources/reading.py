"""What every list reader does first: take the one file of a release, read its bytes, fold text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from watchlist.errors import ParseError


def only_file(paths: Sequence[Path], problem: str) -> Path:
    """The one file of a single-file release; `problem` says so when given none or several."""
    if len(paths) != 1:
        raise ParseError(", ".join(str(p) for p in paths) or "(no file)", None, problem)
    return paths[0]


def read_bytes(path: Path) -> bytes:
    """The file's content; a file that cannot be read is a ParseError naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc.strerror}") from None


def clean(value: object) -> str:
    """Text with runs of whitespace made one space and none at the ends; "" for None.

    Official lists wrap long values over lines and pad cells with no-break spaces.
    """
    if value is None:
        return ""
    return " ".join(str(value).split())
