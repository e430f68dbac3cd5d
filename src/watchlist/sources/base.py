"""The interface every list format implements, and helpers shared by the parsers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchlist.model.entity import ParsedList

#: How many leading bytes `detect` receives.
HEAD_BYTES = 4096


@dataclass(frozen=True)
class ListFormat:
    """One published list format.

    `detect(path, head)` says from the file's first bytes (and, only to tell apart files of
    one set, its name) whether this format reads it. `parse(paths)` reads the files of one
    release and raises `ParseError` naming the file and the line, record or field on bad input.
    Formats with `multi_file` set take all their files of one folder together (OFAC's CSV set).
    `dataset(paths)` gives the OpenSanctions dataset name, or None when the caller must name it.
    Formats with `empty_release` set may hold no entries at all: such a file is a release that
    delists every entry (an authority's own list emptied); elsewhere it is refused as broken.
    """

    name: str
    detect: Callable[[Path, bytes], bool]
    parse: Callable[[Sequence[Path]], ParsedList]
    dataset: Callable[[Sequence[Path]], str | None]
    multi_file: bool = False
    empty_release: bool = False


def fixed(dataset: str) -> Callable[[Sequence[Path]], str | None]:
    """A dataset namer for formats that belong to one list only."""

    def name(paths: Sequence[Path]) -> str | None:
        return dataset

    return name


def unnamed(paths: Sequence[Path]) -> str | None:
    """Dataset namer for generic formats: the caller names the dataset with --source."""
    return None
