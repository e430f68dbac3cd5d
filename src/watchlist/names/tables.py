"""The reference tables the package ships in data/names/ (their sources: its README)."""

from __future__ import annotations

import gzip
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any

from watchlist.compiled import own_abc


def table_lines(name: str) -> list[str]:
    """The lines of data/names/`name`, a gzipped text file; none if it is missing."""
    path = resources.files("watchlist.data").joinpath(f"names/{name}")
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, OSError):
        return []
    return gzip.decompress(raw).decode("utf-8").splitlines()


class TokenTable(Mapping[str, float]):
    """token -> number from lines `token<TAB>number` sorted by token, each line once: found by
    bisection and parsed when first asked for. Loading is reading the lines: a dict of the word
    table's 220,000 entries took a fifth of a second of every CLI call that screens, which looks
    up a few tokens. The lines are kept as a tuple of strings, which the cycle collector stops
    tracking: a list of them it would walk through at every sweep of the oldest generation."""

    __slots__ = ("_lines", "_found", "_spans")

    def __init__(self, lines: Iterable[str] = ()) -> None:
        # No lines: an empty table, which unpickling makes first (the class compiled, its
        # __new__ runs __init__) and then fills (__setstate__); the pickle is the same.
        self._lines = tuple(lines)
        self._found: dict[str, float | None] = {}
        self._spans: dict[str, tuple[int, int]] = {}

    def _span(self, prefix: str) -> tuple[int, int]:
        """The lines that begin with `prefix` (its first lines to the next prefix's), found
        once a prefix: a token's bisection then runs among them, with half the comparisons."""
        span = self._spans.get(prefix)
        if span is None:
            lines = self._lines
            lo = bisect_left(lines, prefix)
            last = ord(prefix[-1])
            if last < 0x10FFFF:
                hi = bisect_left(lines, prefix[:-1] + chr(last + 1), lo)
            else:
                hi = len(lines)
            span = self._spans[prefix] = (lo, hi)
        return span

    def _value(self, token: str) -> float | None:
        # Looked up twice where found, rather than a KeyError caught where not: in compiled
        # code a caught exception costs thousands of instructions (a traceback entry made and
        # dropped), as much as the bisection, and most words a query meets first are missed.
        found = self._found
        if token in found:
            return found[token]
        key = token + "\t"
        # Every line for the token begins with its first two letters: bisected among those.
        lo, hi = self._span(token[:2]) if len(token) >= 2 else (0, len(self._lines))
        i = bisect_left(self._lines, key, lo, hi)
        value = None
        if token and i < len(self._lines) and self._lines[i].startswith(key):
            number = self._lines[i][len(key) :]
            value = float(number) if number else None
        self._found[token] = value
        return value

    def __getitem__(self, token: str) -> float:
        value = self._value(token)
        if value is None:
            raise KeyError(token)
        return value

    def get(self, token: str, default: Any = None) -> Any:
        value = self._value(token)
        return default if value is None else value

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and self._value(token) is not None

    def __iter__(self) -> Iterator[str]:
        return (line.partition("\t")[0] for line in self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __getstate__(self) -> list[str]:
        return list(self._lines)  # not the numbers found so far

    def __setstate__(self, state: list[str]) -> None:
        self._lines = tuple(state)
        self._found = {}
        self._spans = {}


own_abc(TokenTable)


def token_values(name: str) -> Mapping[str, float]:
    """The table data/names/`name` of lines `token<TAB>number` as a mapping (lines_values)."""
    return lines_values(table_lines(name))


def lines_values(lines: list[str]) -> Mapping[str, float]:
    """Lines `token<TAB>number` as a mapping: a TokenTable where the lines are sorted (the
    tables as shipped, each token once), else a dict."""
    if lines == sorted(lines):
        return TokenTable(lines)
    out: dict[str, float] = {}
    for line in lines:
        token, _, value = line.partition("\t")
        if token and value:
            out[token] = float(value)
    return out
