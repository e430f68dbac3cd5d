"""Australia DFAT Consolidated List (regulation8_consolidated.xlsx): one sheet row per name."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.dates import parse_date, parse_dates
from watchlist.sources.reading import clean, only_file

NAME = "Name of Individual or Entity"
#: Header cells that tell this workbook apart from any other spreadsheet.
REQUIRED = ("Reference", NAME, "Type", "Name Type")

SCHEMATA = {"individual": "Person", "entity": "Organization"}
# `Name Type` is typed by hand: "Primary Name", "primary name ", "aka", "Aka ", "AKA",
# "Original Script", "Formerly known as", "Previously listed as"; compared lower-cased.
PREVIOUS = ("formerly known as", "previously listed as")

# `Reference`: an alias row carries its primary row's number plus letters ("3" → "3a"),
# sometimes a further digit ("34c1"); the leading digits identify the entity.
_REFERENCE = re.compile(r"^(\d+)(?:[a-z]+\d*)?$", re.I)
# Lists in a cell: "a) x b) y", "i) x ii) y", or "x; y".
_ITEM_MARK = re.compile(r"(?:^|(?<=[\s.;,]))\(?(?:[a-z]|[ivx]{1,4})\)\s*|;")
_DOB_LABEL = re.compile(r"\b(?:alt(?:ernative)?\.?\s+)?(?:DOB|date of birth)\s*:?", re.I)
# Dates found inside free text once the cell is not a plain date or year range.
_DATE_IN_TEXT = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{4}"
    r"|\d{1,2}/\d{4}|(?<!\d)\d{4}(?!\d)"
)
_LISTED_ON = re.compile(r"\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}")
# Cells that say "nothing here".
_EMPTY = {"", "na", "n/a", "nil", "unknown", "-"}


def _items(text: str) -> list[str]:
    parts = (clean(p).strip(" ,.;") for p in _ITEM_MARK.split(clean(text)))
    return [p for p in parts if p.lower() not in _EMPTY]


def _dates_in_text(text: str) -> list[str]:
    found: list[str] = []
    for match in _DATE_IN_TEXT.finditer(text):
        token = match.group(0)
        month_year = re.fullmatch(r"(\d{1,2})/(\d{4})", token)
        if month_year:
            token = f"{month_year.group(2)}-{int(month_year.group(1)):02d}"
        value = parse_date(token)
        if value is None:  # "29 Aprl 1967": keep at least the year
            year = re.search(r"\d{4}", token)
            value = parse_date(year.group(0)) if year else None
        if value:
            found.append(value)
    return found


def birth_dates(value: Any) -> list[str]:
    """`Date of Birth` cells: Excel dates, bare years, or text in a dozen hand-typed styles."""
    if isinstance(value, datetime):
        return [value.date().isoformat()]
    if isinstance(value, date):
        return [value.isoformat()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        year = parse_date(str(int(value))) if float(value).is_integer() else None
        return [year] if year else []
    found: list[str] = []
    for item in _items(clean(value)):
        if "hijri" in item.lower():
            continue  # "24/06/1402 (Hijri Calendar)" is not a Gregorian date
        item = re.sub(r"(\d)\.(?=\s)", r"\1", item)  # "21. Jul 1997"
        item = re.sub(r"(?<=[A-Za-z])\.(?=\d)", ". ", item)  # "24 Jan.1973"
        item = re.sub(r"(?<=[A-Za-z0-9])-(?=[A-Za-z])|(?<=[A-Za-z])-(?=\d)", " ", item)
        item = re.sub(r"/\s+(?=\d)", "/", item)  # "09/11/ 1954"
        item = re.sub(r"^between\s+", "", _DOB_LABEL.sub(" ", item), flags=re.I).strip(" ,.;")
        found.extend(parse_dates(item) or _dates_in_text(item))
    return found


def countries(value: Any) -> list[str]:
    """`Citizenship` such as "Russian and Ukrainian", "German, Moroccan", "Possibly Ethiopian"."""
    out: list[str] = []
    for item in _items(clean(value)):
        item = re.sub(r"\([^()]*\)|^possibly\s+", "", item, flags=re.I).strip()
        out.append(item)
        if re.search(r",|/| and ", item):
            out.extend(p.strip() for p in re.split(r",|/| and ", item) if p.strip())
    return out


def listing_date(value: Any) -> str | None:
    """The first date in `Listing Information` ("Listed on: 25 Apr. 2006 (amended ...)").

    Most Australian listings name only their legal instrument and give no date; a few cells
    hold an Excel date instead of text.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    for match in _LISTED_ON.finditer(clean(value)):
        found = parse_date(match.group(0))
        if found:
            return found
    return None


def _header_cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(max_row=1, values_only=True):
            return [clean(v) for v in row]
        return []
    finally:
        book.close()


def detect(path: Path, head: bytes) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return False
        header = _header_cells(path)
    except Exception:  # any unreadable workbook is simply not this format
        return False
    return all(column in header for column in REQUIRED)


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]

    def text(self, column: str) -> str:
        return clean(self.cells.get(column))


@dataclass
class _Target:
    reference: str
    rows: list[_Row] = field(default_factory=list)


def _rows(path: Path) -> Generator[tuple[int, tuple[Any, ...]], None, None]:
    """Rows of the first sheet, numbered as Excel shows them; any library failure is ours."""
    number = 0
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on malformed zips and XML
        raise ParseError(str(path), None, f"not a readable XLSX workbook ({exc})") from None
    try:
        # A sheet named in workbook.xml but missing from the zip is skipped by openpyxl.
        if not book.worksheets:
            raise ParseError(str(path), None, "the workbook has no worksheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        while True:
            number += 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise ParseError(str(path), f"row {number}", f"unreadable sheet ({exc})") from None
            yield number, row
    finally:
        book.close()


def _read(path: Path) -> dict[str, _Target]:
    rows = _rows(path)
    try:
        return _gather(path, rows)
    finally:
        rows.close()  # closes the workbook even when a row was bad


def _gather(path: Path, rows: Iterator[tuple[int, tuple[Any, ...]]]) -> dict[str, _Target]:
    header: list[str] = []
    for _, cells in rows:
        header = [clean(c) for c in cells]
        break
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ParseError(str(path), "row 1", f"header lacks column {missing[0]!r}")
    targets: dict[str, _Target] = {}
    for number, cells in rows:
        values = {h: v for h, v in zip(header, cells, strict=False) if h}
        if all(clean(v) == "" for v in values.values()):
            continue
        reference = clean(values.get("Reference"))
        if isinstance(values.get("Reference"), float) and float(reference).is_integer():
            reference = str(int(float(reference)))
        match = _REFERENCE.match(reference)
        if not match:
            where = f"row {number}, column Reference"
            raise ParseError(str(path), where, f"reference {reference!r} is not like 123 or 123a")
        key = match.group(1)
        # Alias rows mostly follow their primary, but not always (2940j): gather first.
        targets.setdefault(key, _Target(key)).rows.append(_Row(number, values))
    return targets


def _schema(path: Path, target: _Target) -> str:
    ordered = sorted(target.rows, key=lambda r: r.text("Name Type").lower() != "primary name")
    for row in ordered:
        kind = row.text("Type").lower()
        if not kind:
            continue
        if kind not in SCHEMATA:
            where = f"row {row.number}, column Type"
            raise ParseError(str(path), where, f"unknown type {row.text('Type')!r}")
        return SCHEMATA[kind]
    return "LegalEntity"


def _build(path: Path, target: _Target) -> tuple[EntityProxy, date | None]:
    entity = new_entity(_schema(path, target), target.reference)
    has_primary = False
    control: date | None = None
    listed: set[str] = set()
    for row in target.rows:
        name = row.text(NAME)
        kind = row.text("Name Type").lower()
        if kind == "primary name":
            has_primary = True
            add(entity, "name", name)
        elif kind in PREVIOUS:
            add(entity, "previousName", name)
        else:  # aka, original script
            add(entity, "alias", name)
        add(entity, "birthDate", birth_dates(row.cells.get("Date of Birth")))
        add(entity, "birthPlace", _items(row.text("Place of Birth")))
        add(entity, "nationality", countries(row.text("Citizenship")))
        add(entity, "address", _items(row.text("Address")))
        add(entity, "notes", row.text("Additional Information"))
        listing = row.cells.get("Listing Information")
        if not isinstance(listing, datetime):
            add(entity, "notes", clean(listing))
        listed.update(d for d in [listing_date(listing)] if d)
        add(entity, "program", row.text("Committees"))
        stamp = row.cells.get("Control Date")
        if isinstance(stamp, datetime):
            stamp = stamp.date()
        if isinstance(stamp, date):
            control = max(control, stamp) if control else stamp
    if not has_primary:
        add(entity, "name", target.rows[0].text(NAME))  # keep a name to screen by
    # Rows of one entity may name different listings (relisted, other regime): keep the first.
    add(entity, "createdAt", min(listed, default=None))
    add(entity, "modifiedAt", control)
    return entity, control


def parse(paths: Sequence[Path]) -> ParsedList:
    path = only_file(paths, "dfat_xlsx reads one file at a time")
    entities: list[EntityProxy] = []
    published: date | None = None
    for target in _read(path).values():
        entity, control = _build(path, target)
        entities.append(entity)
        # The list carries no publication date; its newest `Control Date` is the release's.
        if control and (published is None or control > published):
            published = control
    return ParsedList(entities=entities, published=published)


FORMAT = ListFormat(
    name="dfat_xlsx", detect=detect, parse=parse, dataset=fixed("au_dfat_sanctions")
)
