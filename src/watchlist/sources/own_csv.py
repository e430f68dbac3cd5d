"""The CSV template for lists an authority keeps itself: reading, writing, and the blank template.

The columns are documented in docs/own-list-template.md; `COLUMNS` is their one definition here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO

from followthemoney.proxy import EntityProxy

from watchlist.errors import InvalidInput, ParseError
from watchlist.model.entity import SCHEMATA, ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, unnamed
from watchlist.sources.dates import parse_date
from watchlist.sources.reading import only_file, read_bytes

#: Separates several values in one cell of a `split` column.
SEPARATOR = ";"

#: The delimiters a file may use: `,` as written, `;` as spreadsheets in many locales save CSV.
DELIMITERS = (",", ";")


@dataclass(frozen=True)
class Column:
    """One template column, the FtM property it fills, and whether a cell holds several values."""

    name: str
    prop: str
    split: bool = True
    date: bool = False


COLUMNS = (
    Column("id", "id", split=False),
    Column("schema", "schema", split=False),
    # Free text that may itself hold `;`: one value per cell, more values on more rows.
    Column("name", "name", split=False),
    Column("aliases", "alias"),
    Column("weak_aliases", "weakAlias"),
    Column("previous_names", "previousName"),
    Column("first_name", "firstName"),
    Column("middle_name", "middleName"),
    Column("last_name", "lastName"),
    Column("father_name", "fatherName"),
    Column("title", "title"),
    Column("position", "position"),
    Column("birth_date", "birthDate", date=True),
    Column("birth_place", "birthPlace"),
    Column("nationality", "nationality"),
    Column("citizenship", "citizenship"),
    Column("country", "country"),
    Column("gender", "gender"),
    Column("passport_number", "passportNumber"),
    Column("id_number", "idNumber"),
    Column("tax_number", "taxNumber"),
    Column("registration_number", "registrationNumber"),
    Column("imo_number", "imoNumber"),
    Column("flag", "flag"),
    Column("call_sign", "callSign"),
    Column("mmsi", "mmsi"),
    Column("address", "address", split=False),
    Column("program", "program"),
    Column("listing_date", "createdAt", date=True),
    Column("notes", "notes", split=False),
)

#: The leading columns every file has, in this order.
REQUIRED = ("id", "schema", "name")

_BY_NAME = {c.name: c for c in COLUMNS}
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_SCHEMATA = {s.lower(): s for s in SCHEMATA}


def template() -> str:
    """The blank template with its two example rows, as shipped in the package."""
    path = resources.files("watchlist").joinpath("data/templates/own-list.csv")
    return path.read_text(encoding="utf-8")


def _delimiter(first_line: str) -> str | None:
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a lone carriage return inside the line ("\r\x00")
            return None
        if tuple(c.strip().lower() for c in cells[:3]) == REQUIRED:
            return delimiter
    return None


def detect(path: Path, head: bytes) -> bool:
    first_line = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    try:
        text = first_line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _delimiter(text.rstrip("\r")) is not None


def _text(path: Path) -> str:
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            str(path), f"line {line}", "not UTF-8 text; save the sheet as 'CSV UTF-8'"
        ) from None


def _header(path: Path, cells: list[str]) -> list[Column | None]:
    """The column of each header cell; None for unnamed trailing cells spreadsheets add."""
    names = [c.strip().lower() for c in cells]
    if tuple(names[:3]) != REQUIRED:
        raise ParseError(str(path), "line 1", "the header must start with id,schema,name")
    columns: list[Column | None] = []
    for number, name in enumerate(names, 1):
        if not name:
            columns.append(None)
            continue
        column = _BY_NAME.get(name)
        if column is None:
            raise ParseError(
                str(path),
                f"line 1, column {number}",
                f"unknown column {cells[number - 1].strip()!r}; "
                f"the columns are {', '.join(_BY_NAME)}",
            )
        if column in columns:
            raise ParseError(str(path), f"line 1, column {number}", f"{name!r} appears twice")
        columns.append(column)
    return columns


class _Reader:
    """Rows of one file into entities, rows with the same id merged into one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entities: dict[str, EntityProxy] = {}
        self.first_line: dict[str, int] = {}

    def fail(self, line: int, column: str | None, problem: str) -> ParseError:
        where = f"line {line}, field {column}" if column else f"line {line}"
        return ParseError(str(self.path), where, problem)

    def row(self, line: int, columns: list[Column | None], cells: list[str]) -> None:
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise self.fail(line, None, "more cells than the header has columns")
        row = {}
        for column, cell in zip(columns, cells, strict=False):
            if column is None:
                if cell.strip():
                    raise self.fail(line, None, "a value under a column with no name")
                continue
            row[column.name] = cell.strip()
        if not any(row.values()):
            return  # a blank row
        entity = self.entity(line, row)
        for column in COLUMNS[2:]:
            cell = row.get(column.name, "")
            values = cell.split(SEPARATOR) if column.split else [cell]
            for value in values:
                self.add(line, entity, column, value.strip())

    def entity(self, line: int, row: dict[str, str]) -> EntityProxy:
        entity_id = row.get("id", "")
        if not entity_id:
            raise self.fail(line, "id", "every row needs the id of its entry")
        written = row.get("schema", "")
        schema = _SCHEMATA.get(written.lower()) if written else None
        if written and schema is None:
            raise self.fail(line, "schema", f"{written!r} is not one of {', '.join(SCHEMATA)}")
        entity = self.entities.get(entity_id)
        if entity is None:
            if schema is None:
                raise self.fail(line, "schema", f"the first row of {entity_id} needs a schema")
            if not row.get("name"):
                raise self.fail(line, "name", f"the first row of {entity_id} needs a name")
            entity = self.entities[entity_id] = new_entity(schema, entity_id)
            self.first_line[entity_id] = line
        elif schema is not None and schema != entity.schema.name:
            first = self.first_line[entity_id]
            raise self.fail(
                line, "schema", f"{entity_id} is a {entity.schema.name} on line {first}"
            )
        return entity

    def add(self, line: int, entity: EntityProxy, column: Column, value: str) -> None:
        if not value:
            return
        prop = entity.schema.get(column.prop)
        if prop is None:
            raise self.fail(line, column.name, f"a {entity.schema.name} has no {column.name}")
        if column.date and (not _ISO_DATE.fullmatch(value) or parse_date(value) != value):
            raise self.fail(
                line, column.name, f"{value!r} is not a date as YYYY-MM-DD, YYYY-MM or YYYY"
            )
        # clean, not clean_text: it also drops control characters, as entity.add will, so a
        # name of only "\x01" is refused here instead of leaving an entry with no name.
        cleaned = prop.type.clean(value, fuzzy=True, format=prop.format, proxy=entity)
        if cleaned is None:
            kind = prop.type.label.lower()
            raise self.fail(line, column.name, f"{value!r} is not a valid {kind}")
        add(entity, column.prop, value)


def read(path: Path) -> list[EntityProxy]:
    """The entries of one file in the order of their first rows."""
    text = _text(path)
    delimiter = _delimiter(text.split("\n", 1)[0].rstrip("\r"))
    if delimiter is None:
        raise ParseError(str(path), "line 1", "the header must start with id,schema,name")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    entries = _Reader(path)
    columns: list[Column | None] | None = None
    end = 0  # the last physical line read: a quoted cell may span several
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # An unbalanced quote is noticed lines later: name the row where it opened too.
            seen = f" (noticed on line {reader.line_num})" if reader.line_num > start else ""
            raise ParseError(str(path), f"line {start}", f"bad CSV{seen}: {exc}") from None
        end = reader.line_num
        if columns is None:
            columns = _header(path, cells)
        else:
            entries.row(start, columns, cells)
    return list(entries.entities.values())


def parse(paths: Sequence[Path]) -> ParsedList:
    return ParsedList(entities=read(only_file(paths, "an own list is one CSV file")))


def write(entities: Iterable[EntityProxy], out: TextIO, delimiter: str = ",") -> None:
    """Write entities in the template's layout; properties it has no column for are left out.

    Several names, addresses and notes go on further rows with the same id and schema.
    """
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([c.name for c in COLUMNS])
    for entity in entities:
        if not entity.get("name"):
            raise InvalidInput(f"entity {entity.id} has no name")
        rows: list[dict[str, str]] = []
        for column in COLUMNS[2:]:
            values = entity.get(column.prop, quiet=True)
            if not column.split:
                for index, value in enumerate(values):
                    if index == len(rows):
                        rows.append({})
                    rows[index][column.name] = value
            elif values:
                if any(SEPARATOR in v for v in values):
                    raise InvalidInput(
                        f"entity {entity.id}: a {column.name} value holds {SEPARATOR!r}"
                    )
                rows[0][column.name] = f"{SEPARATOR} ".join(values)
        for row in rows:
            row["id"] = str(entity.id)
            row["schema"] = entity.schema.name
            writer.writerow([row.get(c.name, "") for c in COLUMNS])


# The header alone is a valid own list: the authority delisted everyone (docs/own-list-template.md).
FORMAT = ListFormat(name="own_csv", detect=detect, parse=parse, dataset=unnamed, empty_release=True)
