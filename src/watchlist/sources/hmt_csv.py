"""UK OFSI Consolidated List of Financial Sanctions Targets (ConList.csv), one row per name.

Also holds the helpers the FCDO formats share with it: OFSI dates, name parts, numbered lists.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.dates import parse_date

#: OFSI's `Group Type` (and the FCDO's designation type) to FtM schemata.
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_LINES = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")

# Lists inside one cell are numbered "(1) x (2) y", "1) x 2) y" or "a) x b) y".
_ITEM_MARK = re.compile(r"(?:^|(?<=[\s.;,]))\(?(?:\d{1,2}|[a-z])\)\s*")
_BRACKETED = re.compile(r"\([^()]*\)")
# The FCDO writes unknown date parts as letters ("dd/mm/1968"); OFSI writes `00`.
_UNKNOWN_PART = re.compile(r"\b(?:dd|mm)\b", re.I)
# A document number inside OFSI's free-text `Passport Details` / `NI Number`: the first
# token with a digit, optionally led by a letter prefix ("SE-011697", "no.F800691").
_DOC_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{0,3}[-]?\d[A-Z0-9\-./]*)")
_IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?))?[\s:.]*(\d{7})\b", re.I)
# Since 2022 OFSI appends "(Gender):Male" to `Other Information` instead of a column.
_GENDER = re.compile(r"\(Gender\)\s*:\s*(male|female)\b", re.I)


def clean(value: str | None) -> str:
    """A cell's text with runs of whitespace (non-breaking ones too) made one space."""
    if value is None:
        return ""
    return " ".join(str(value).split())


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


def document_numbers(text: str | None) -> list[str]:
    """Numbers from free text such as `Passport no: 654320502, expires on 16 September 2019`."""
    numbers: list[str] = []
    for item in split_items(text):
        match = _DOC_NUMBER.search(item)
        if match:
            number = match.group(1).rstrip(".-/")
            if len(number) >= 3:
                numbers.append(number)
    return numbers


def imo_numbers(text: str | None) -> list[str]:
    return [f"IMO{m}" for m in _IMO.findall(text or "")]


def gender_in(text: str | None) -> list[str]:
    return [m.lower() for m in _GENDER.findall(text or "")]


def to_date(prefix: str | None) -> date | None:
    """A full ISO date prefix as a `date`; shorter prefixes say too little for a release."""
    if prefix and len(prefix) == 10:
        return date.fromisoformat(prefix)
    return None


def decode(data: bytes, path: Path) -> str:
    """OFSI publishes Windows-1252; accept UTF-8 (with or without BOM) too."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(str(path), f"line {line}", "not Windows-1252 or UTF-8 text") from None


def _head_lines(head: bytes) -> list[str]:
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("cp1252", errors="replace").splitlines()


def detect(path: Path, head: bytes) -> bool:
    lines = _head_lines(head)
    if len(lines) < 2 or not lines[0].startswith("Last Updated,"):
        return False
    return all(column in lines[1] for column in ("Name 6", "Group Type", "Group ID"))


@dataclass
class _Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class _Target:
    """The rows of one Group ID."""

    group_id: str
    rows: list[_Row] = field(default_factory=list)


def read_rows(
    path: Path, text: str, required: Sequence[str], skip_banner: str
) -> tuple[str, list[_Row]]:
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
        rows: list[_Row] = []
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
            rows.append(_Row(line, {h: clean(v) for h, v in zip(header, cells, strict=False)}))
    except csv.Error as exc:
        raise ParseError(str(path), where, f"malformed CSV: {exc}") from None
    return banner_value, rows


def _schema(path: Path, target: _Target) -> str:
    # The primary name's row decides; real files never mix types within a group.
    for row in sorted(target.rows, key=lambda r: not _is_primary(r)):
        kind = row.get("Group Type").lower()
        if not kind:
            continue
        if kind not in SCHEMATA:
            where = f"line {row.line}, column Group Type"
            raise ParseError(str(path), where, f"unknown group type {kind!r}")
        return SCHEMATA[kind]
    return "LegalEntity"


def _is_primary(row: _Row) -> bool:
    # `Alias Type` says "Prime Alias" before 2022 and "Primary name" (any case) since.
    return row.get("Alias Type").lower() in ("primary name", "prime alias")


def _add_names(entity: EntityProxy, rows: list[_Row]) -> None:
    has_primary = False
    for row in rows:
        given = [row.get(c) for c in NAME_PARTS]
        full = natural_name(given, row.get("Name 6"))
        kind = row.get("Alias Type").lower()
        if _is_primary(row):
            has_primary = True
            prop = "name"
            add(entity, "firstName", given[0])
            add(entity, "middleName", given[1:])
            add(entity, "lastName", row.get("Name 6"))
        elif kind == "fka":
            prop = "previousName"
        # `Alias Quality` (since 2022): "Low quality" aliases are OFSI's weak a.k.a.s.
        elif row.get("Alias Quality").lower().startswith("low"):
            prop = "weakAlias"
        else:
            prop = "alias"  # AKA, and "Primary name variation": spellings of the name
        add(entity, prop, full)
        add(entity, "alias", row.get("Name Non-Latin Script"))
    if not has_primary and rows:
        # A group with no primary row still needs a name to be screened by.
        first = rows[0]
        add(entity, "name", natural_name([first.get(c) for c in NAME_PARTS], first.get("Name 6")))


def _address(row: _Row) -> str | None:
    lines = [row.get(c) for c in ADDRESS_LINES] + [row.get("Post/Zip Code")]
    if not any(lines):
        return None  # a bare `Country` is a country, not an address
    return ", ".join(p for p in [*lines, row.get("Country")] if p)


def _build(path: Path, target: _Target) -> EntityProxy:
    entity = new_entity(_schema(path, target), target.group_id)
    rows = target.rows
    _add_names(entity, rows)
    listed: set[str] = set()
    updated: set[str] = set()
    for row in rows:
        for title in split_items(row.get("Title")):
            add(entity, "title", [t.strip() for t in title.split("/")])
        add(entity, "birthDate", ofsi_date(row.get("DOB")))
        town, country = row.get("Town of Birth"), row.get("Country of Birth")
        add(entity, "birthPlace", ", ".join(p for p in (town, country) if p))
        add(entity, "birthCountry", countries(country))
        add(entity, "nationality", countries(row.get("Nationality")))
        # Before 2022 passports and national ids were free text (`Passport Details`,
        # `NI Number`); since then a number column sits beside the details column.
        if "Passport Number" in row.cells:
            add(entity, "passportNumber", split_items(row.get("Passport Number")))
        else:
            add(entity, "passportNumber", document_numbers(row.get("Passport Details")))
        if "National Identification Number" in row.cells:
            add(entity, "idNumber", split_items(row.get("National Identification Number")))
        else:
            add(entity, "idNumber", document_numbers(row.get("NI Number")))
        add(entity, "position", split_items(row.get("Position")))
        add(entity, "address", _address(row))
        add(entity, "country", countries(row.get("Country")))
        notes = row.get("Other Information")
        add(entity, "notes", notes)
        add(entity, "gender", gender_in(notes))
        add(entity, "imoNumber", imo_numbers(notes))
        add(entity, "program", row.get("Regime"))
        listed.update(d for d in [ofsi_date(row.get("Listed On"))] if d)
        updated.update(d for d in [ofsi_date(row.get("Last Updated"))] if d)
    # Rows of one group may carry different listing dates (one per regime): keep the first.
    add(entity, "createdAt", min(listed, default=None))
    add(entity, "modifiedAt", max(updated, default=None))
    return entity


def parse(paths: Sequence[Path]) -> ParsedList:
    if len(paths) != 1:
        raise ParseError(", ".join(map(str, paths)), None, "hmt_csv reads one file at a time")
    path = paths[0]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc.strerror}") from None
    text = decode(data, path)
    required = ("Name 6", "Group Type", "Alias Type", "Group ID")
    stamp, rows = read_rows(path, text, required, "Last Updated")
    published = None
    if stamp:
        published = to_date(ofsi_date(stamp))
        if published is None:
            raise ParseError(str(path), "line 1", f"Last Updated date {stamp!r} not understood")
    # Rows of one target are not contiguous (the file is sorted by name): gather them first.
    targets: dict[str, _Target] = {}
    for row in rows:
        group_id = row.get("Group ID")
        if not group_id:
            raise ParseError(str(path), f"line {row.line}, column Group ID", "empty Group ID")
        targets.setdefault(group_id, _Target(group_id)).rows.append(row)
    entities = [_build(path, target) for target in targets.values()]
    return ParsedList(entities=entities, published=published)


FORMAT = ListFormat(name="hmt_csv", detect=detect, parse=parse, dataset=fixed("gb_hmt_sanctions"))
