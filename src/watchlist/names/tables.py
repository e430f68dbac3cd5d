"""The reference tables the package ships in data/names/ (their sources: its README)."""

from __future__ import annotations

import gzip
from importlib import resources


def table_lines(name: str) -> list[str]:
    """The lines of data/names/`name`, a gzipped text file; none if it is missing."""
    path = resources.files("watchlist.data").joinpath(f"names/{name}")
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, OSError):
        return []
    return gzip.decompress(raw).decode("utf-8").splitlines()


def token_values(name: str) -> dict[str, float]:
    """A table of lines `token<TAB>number` as a mapping."""
    out: dict[str, float] = {}
    for line in table_lines(name):
        token, _, value = line.partition("\t")
        if token and value:
            out[token] = float(value)
    return out
