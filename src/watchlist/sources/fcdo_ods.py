"""UK Sanctions List summary export as an ODS spreadsheet: one row per designation, primary name."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

from followthemoney.proxy import EntityProxy
from lxml import etree

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.dates import parse_date, to_date
from watchlist.sources.reading import clean, only_file
from watchlist.sources.uk import SCHEMATA, keep_designation

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: Header cells of the summary export, which tell it apart from other spreadsheets.
REQUIRED = ("Unique ID", "Name", "Regime Name", "Type")

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ROW = f"{{{_TABLE}}}table-row"
TABLE = f"{{{_TABLE}}}table"
CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
REPEAT_COLUMNS = f"{{{_TABLE}}}number-columns-repeated"
PARAGRAPH = f"{{{_TEXT}}}p"
SPACES = f"{{{_TEXT}}}s"
VALUE_TYPE = f"{{{_OFFICE}}}value-type"

# Excel pads every row with thousands of empty repeated cells (16384 columns) and ends the
# sheet with an empty row repeated a million times: expand repeats only as far as needed.
MAX_COLUMNS = 64


def _paragraph_text(p: etree._Element) -> str:
    # ODF compresses runs of spaces into <text:s text:c="n"/> and may nest spans.
    parts: list[str] = [p.text or ""]
    for child in p.iter():
        if child is p:
            continue
        if child.tag == SPACES:
            count = child.get(f"{{{_TEXT}}}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif child.tag in (f"{{{_TEXT}}}tab",):
            parts.append("\t")
        elif child.tag in (f"{{{_TEXT}}}line-break",):
            parts.append("\n")
        elif child.text:
            parts.append(child.text)
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _cell_value(cell: etree._Element) -> str:
    kind = cell.get(VALUE_TYPE)
    # Numbers and dates carry their value in attributes; the text is only a rendering.
    if kind in ("float", "percentage", "currency"):
        value = cell.get(f"{{{_OFFICE}}}value")
        if value is not None:
            return value[:-2] if value.endswith(".0") else value
    if kind == "date":
        value = cell.get(f"{{{_OFFICE}}}date-value")
        if value is not None:
            return value[:10]
    return "\n".join(_paragraph_text(p) for p in cell.iterchildren(PARAGRAPH))


def _row_values(row: etree._Element) -> list[str]:
    values: list[str] = []
    for cell in row.iterchildren(*CELLS):
        try:
            repeat = int(cell.get(REPEAT_COLUMNS, "1"))
        except ValueError:
            repeat = 1
        value = _cell_value(cell)
        values.extend([value] * max(1, min(repeat, MAX_COLUMNS - len(values))))
        if len(values) >= MAX_COLUMNS:
            break
    while values and not values[-1].strip():
        values.pop()
    return values


def _rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """Rows of the first table in content.xml, numbered as a spreadsheet shows them."""
    number = 0
    tables = 0
    for event, element in etree.iterparse(
        stream, events=("start", "end"), tag=(ROW, TABLE), resolve_entities=False, no_network=True
    ):
        if element.tag == TABLE:
            if event == "start":
                tables += 1
            continue
        if event != "end" or tables != 1:
            continue
        try:
            repeat = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
        except ValueError:
            repeat = 1
        values = _row_values(element)
        number += 1
        # A repeated empty row is padding; a repeated filled row is a duplicate to keep once.
        if values:
            yield number, values
        number += max(repeat, 1) - 1
        element.clear()
        while element.getprevious() is not None:
            parent = element.getparent()
            if parent is None:
                break
            del parent[0]


def _open_content(path: Path) -> tuple[zipfile.ZipFile, IO[bytes]]:
    archive = zipfile.ZipFile(path)
    try:
        if archive.read("mimetype").strip() != MIMETYPE:
            raise ParseError(str(path), None, "not an OpenDocument spreadsheet")
        return archive, archive.open("content.xml")
    except BaseException:
        archive.close()
        raise


def detect(path: Path, head: bytes) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        archive, stream = _open_content(path)
        with archive, stream:
            for _, header in _rows(stream):
                return all(column in header for column in REQUIRED)
    except Exception:  # an unreadable zip or XML is simply not this format
        return False
    return False


def _build(path: Path, number: int, cells: dict[str, str]) -> EntityProxy:
    unique_id = cells.get("Unique ID", "")
    if not unique_id:
        raise ParseError(str(path), f"row {number}, column Unique ID", "empty Unique ID")
    kind = cells.get("Type", "").lower()
    if kind and kind not in SCHEMATA:
        where = f"row {number}, column Type"
        raise ParseError(str(path), where, f"unknown type {cells.get('Type')!r}")
    entity = new_entity(SCHEMATA.get(kind, "LegalEntity"), unique_id)
    # `Name` is the primary name whole as written, surname first for individuals.
    add(entity, "name", cells.get("Name"))
    add(entity, "program", cells.get("Regime Name"))
    # `Date Designated` is written dd-mm-yyyy as text (or an ISO date in a date cell).
    add(entity, "createdAt", parse_date(cells.get("Date Designated", "")))
    return entity


def parse(paths: Sequence[Path]) -> ParsedList:
    path = only_file(paths, "fcdo_ods reads one file at a time")
    number = 0
    try:
        archive, stream = _open_content(path)
        with archive, stream:
            entities: dict[str, EntityProxy] = {}
            header: list[str] = []
            for number, values in _rows(stream):
                if not header:
                    header = [clean(v) for v in values]
                    missing = [c for c in REQUIRED if c not in header]
                    if missing:
                        where = f"row {number}"
                        raise ParseError(str(path), where, f"header lacks column {missing[0]!r}")
                    continue
                cells = {h: clean(v) for h, v in zip(header, values, strict=False) if h}
                entity = _build(path, number, cells)
                keep_designation(path, entities, entity, f"row {number}")
            published = to_date(_stamp(archive))
    except etree.XMLSyntaxError as exc:
        where = f"row {number + 1}" if number else f"content.xml line {exc.lineno}"
        raise ParseError(str(path), where, f"malformed spreadsheet XML ({exc.msg})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError) as exc:
        raise ParseError(str(path), None, f"not a readable ODS file ({exc})") from None
    except (RuntimeError, NotImplementedError, ValueError) as exc:  # encrypted, odd compression
        raise ParseError(str(path), None, f"not a readable ODS file ({exc})") from None
    if not header:
        raise ParseError(str(path), "row 1", "no header row")
    return ParsedList(entities=list(entities.values()), published=published)


def _stamp(archive: zipfile.ZipFile) -> str | None:
    """The export carries no date of its own; its content.xml is written when it is exported."""
    info = archive.getinfo("content.xml")
    try:
        return datetime(*info.date_time).date().isoformat()
    except ValueError:
        return None


FORMAT = ListFormat(name="fcdo_ods", detect=detect, parse=parse, dataset=fixed("gb_fcdo_sanctions"))
