"""What the UK formats share: OFSI's ConList.csv and the FCDO's UK Sanctions List (CSV, XML, ODS).

Designation types, OFSI dates, name parts, numbered lists in one cell, the CSV row reader, and
the merging of a designation given twice.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.sources.dates import parse_date, to_date
from watchlist.sources.reading import clean, only_file, read_bytes

#: OFSI's `Group Type` (and the FCDO's designation type) to FtM schemata.
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

# Lists inside one cell are numbered "(1) x (2) y", "1) x 2) y" or "a) x b) y".
_ITEM_MARK = re.compile(r"(?:^|(?<=[\s.;,]))\(?(?:\d{1,2}|[a-z])\)\s*")
_BRACKETED = re.compile(r"\([^()]*\)")
# The FCDO writes unknown date parts as letters ("dd/mm/1968"); OFSI writes `00`.
_UNKNOWN_PART = re.compile(r"\b(?:dd|mm)\b", re.I)


def natural_name(given: Iterable[str | None], family: str | None) -> str:
    """OFSI splits names into Name 1..5 (given names) and Name 6 (surname or whole name)."""
    return clean(" ".join([*(g or "" for g in given), family or ""]))


def ofsi_date(text: str | None) -> str | None:
    """An OFSI/FCDO date (`dd/mm/yyyy`, `00` or `dd`/`mm` for unknown parts) as ISO prefix."""
    if not text:
        return None
    return parse_date(_UNKNOWN_PART.sub("00", clean(text)))


def split_items(text: str | None) -> list[str]:
    """The items of a numbered list in one cell, or the whole text when it is not one."""
    items = [clean(part).strip(" .;,") for part in _ITEM_MARK.split(clean(text))]
    return [item for item in items if item]


def drop_bracketed(text: str) -> str:
    """`Kuwait (residence as at Mar 2009)` → `Kuwait`."""
    return clean(_BRACKETED.sub(" ", text)).strip(" .;,")


def countries(text: str | None) -> list[str]:
    """Country names from a cell such as `1) Saudi Arabia 2) Qatar` (FtM cleans them later)."""
    out: list[str] = []
    for item in split_items(text):
        out.append(drop_bracketed(item) or item)
    return out


def decode(data: bytes, path: Path) -> str:
    """OFSI publishes Windows-1252; accept UTF-8 (with or without BOM) too."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(str(path), f"line {line}", "not Windows-1252 or UTF-8 text") from None


@dataclass
class Row:
    """One data row of a UK CSV, its cells keyed by header, with its line number."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def read_rows(
    path: Path, text: str, required: Sequence[str], skip_banner: str
) -> tuple[str, list[Row]]:
    """The banner line's value and the data rows of an OFSI/FCDO CSV, keyed by header.

    Both files open with a one-line banner (`Last Updated,dd/mm/yyyy` or `Report Date: ...`)
    before the header; rows whose cells are all empty are dropped.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    where = "line 1"
    try:
        banner = next(reader, None)
        if not banner or not clean(banner[0]).startswith(skip_banner):
            raise ParseError(str(path), where, f"expected a first line {skip_banner!r}")
        banner_value = clean(",".join(banner)[len(skip_banner) :]).lstrip(",:").strip()
        last = reader.line_num
        header = [clean(c) for c in next(reader, [])]
        where = f"line {last + 1}"
        missing = [c for c in required if c not in header]
        if missing:
            raise ParseError(str(path), where, f"header lacks column {missing[0]!r}")
        rows: list[Row] = []
        last = reader.line_num
        for cells in reader:
            line = last + 1
            last = reader.line_num
            where = f"line {line}"
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise ParseError(
                    str(path), where, f"{len(cells)} fields where the header has {len(header)}"
                )
            rows.append(Row(line, {h: clean(v) for h, v in zip(header, cells, strict=False)}))
    except csv.Error as exc:
        raise ParseError(str(path), where, f"malformed CSV: {exc}") from None
    return banner_value, rows


def read_csv(
    paths: Sequence[Path],
    reader: str,
    required: Sequence[str],
    banner: str,
    banner_date: Callable[[str], str | None],
) -> tuple[Path, date | None, list[Row]]:
    """The one file of a UK CSV release, its publication date and its rows (see `read_rows`).

    The date is the banner's value read by `banner_date`; a banner with no value gives None.
    """
    path = only_file(paths, f"{reader} reads one file at a time")
    stamp, rows = read_rows(path, decode(read_bytes(path), path), required, banner)
    published = None
    if stamp:
        published = to_date(banner_date(stamp))
        if published is None:
            raise ParseError(str(path), "line 1", f"{banner} {stamp!r} not understood")
    return path, published, rows


def group_rows(path: Path, rows: Iterable[Row], column: str) -> dict[str, list[Row]]:
    """Rows by the identifier in `column`, in order of first appearance.

    The rows of one designation are not contiguous (the files are sorted by name).
    """
    groups: dict[str, list[Row]] = {}
    for row in rows:
        key = row.get(column)
        if not key:
            raise ParseError(str(path), f"line {row.line}, column {column}", f"empty {column}")
        groups.setdefault(key, []).append(row)
    return groups


def schema_of(
    path: Path,
    rows: Sequence[Row],
    is_primary: Callable[[Row], bool],
    type_columns: Sequence[str],
    kind: str,
) -> str:
    """The schema a designation's type column gives, the primary name's row first.

    Real files never mix types within a designation; one with no type is a LegalEntity. `kind`
    names the column's values in the error for an unknown type.
    """
    for row in sorted(rows, key=lambda r: not is_primary(r)):
        column = next((c for c in type_columns if row.get(c)), None)
        if column is None:
            continue
        value = row.get(column).lower()
        if value not in SCHEMATA:
            where = f"line {row.line}, column {column}"
            raise ParseError(str(path), where, f"unknown {kind} {value!r}")
        return SCHEMATA[value]
    return "LegalEntity"


def keep_designation(
    path: Path, entities: dict[str, EntityProxy], entity: EntityProxy, where: str
) -> None:
    """Add `entity` to `entities`, merged into an earlier one with its UniqueID.

    The FCDO's XML and ODS exports repeat a designation verbatim at times; one UniqueID given to
    designations of two types (a Ship and an Individual) cannot be merged and is refused.
    """
    key = str(entity.id)
    earlier = entities.get(key)
    if earlier is None:
        entities[key] = entity
        return
    try:
        earlier.merge(entity)
    except InvalidData:
        problem = f"{key} is already a {earlier.schema.name}, here a {entity.schema.name}"
        raise ParseError(str(path), where, problem) from None
