"""UK Sanctions List CSV as the FCDO publishes it: a line per name or address of a designation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from followthemoney.proxy import EntityProxy

from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.uk import (
    Row,
    countries,
    group_rows,
    natural_name,
    ofsi_date,
    read_csv,
    schema_of,
)

GIVEN = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS = tuple(f"Address Line {i}" for i in range(1, 7)) + (
    "Address Postal Code",
    "Address Country",
)
# The type column was headed "Individual, Entity, Ship" before it became "Designation Type".
TYPE_COLUMNS = ("Designation Type", "Individual, Entity, Ship")
REQUIRED = ("Unique ID", "Name 6", "Name type")

# "Report Date: 08-Oct-2026" (day-month name-year, dashes), possibly with a time after it.
_REPORT_DATE = re.compile(r"(\d{1,2})[-/ ]([A-Za-z]{3,9}|\d{1,2})[-/ ](\d{4})")


def _values(cell: str) -> list[str]:
    # Several values of one field share a cell joined by "|" (as `Sanctions Imposed` does).
    return [v.strip() for v in cell.split("|") if v.strip()]


def report_date(text: str) -> str | None:
    match = _REPORT_DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    return ofsi_date(f"{day} {month} {year}" if month.isalpha() else f"{day}/{month}/{year}")


def detect(path: Path, head: bytes) -> bool:
    lines = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").splitlines()
    if len(lines) < 2 or not lines[0].lstrip('"').startswith("Report Date"):
        return False
    return all(column in lines[1] for column in ("Unique ID", "Name 6", "Name type"))


def _is_primary(row: Row) -> bool:
    # `Name type` comes as "Primary Name", "Primary name" and "Primary Name Variation".
    return row.get("Name type").lower() == "primary name"


def _build(path: Path, unique_id: str, rows: list[Row]) -> EntityProxy:
    schema = schema_of(path, rows, _is_primary, TYPE_COLUMNS, "designation type")
    entity = new_entity(schema, unique_id)
    has_primary = False
    listed: set[str] = set()
    updated: set[str] = set()
    for row in rows:
        given = [row.get(c) for c in GIVEN]
        full = natural_name(given, row.get("Name 6"))
        if _is_primary(row):
            has_primary = True
            add(entity, "name", full)
            add(entity, "firstName", given[0])
            add(entity, "middleName", given[1:])
            add(entity, "lastName", row.get("Name 6"))
        # `Alias strength` "Low quality a.k.a" marks the UN's weak aliases.
        elif row.get("Alias strength").lower().startswith("low"):
            add(entity, "weakAlias", full)
        else:
            add(entity, "alias", full)
        add(entity, "alias", row.get("Name non-latin script"))
        add(entity, "title", _values(row.get("Title")))
        add(entity, "program", row.get("Regime Name"))
        add(entity, "notes", row.get("Other Information"))
        add(entity, "summary", row.get("UK Statement of Reasons"))
        lines = [row.get(c) for c in ADDRESS]
        if any(lines[:-1]):  # a bare `Address Country` is a country, not an address
            add(entity, "address", ", ".join(p for p in lines if p))
        add(entity, "country", row.get("Address Country"))
        add(entity, "phone", _values(row.get("Phone number")))
        add(entity, "website", _values(row.get("Website")))
        add(entity, "email", _values(row.get("Email address")))
        add(entity, "birthDate", [ofsi_date(d) for d in _values(row.get("D.O.B"))])
        for nationality in _values(row.get("Nationality(/ies)")):
            add(entity, "nationality", countries(nationality))
        add(entity, "idNumber", _values(row.get("National Identifier number")))
        add(entity, "passportNumber", _values(row.get("Passport number")))
        add(entity, "position", _values(row.get("Position")))
        add(entity, "gender", row.get("Gender").lower())
        town, country = row.get("Town of birth"), row.get("Country of birth")
        add(entity, "birthPlace", ", ".join(p for p in (town, country) if p))
        add(entity, "birthCountry", country)
        add(entity, "legalForm", _values(row.get("Type of entity")))
        add(entity, "registrationNumber", _values(row.get("Business registration number (s)")))
        add(entity, "imoNumber", _values(row.get("IMO number")))
        add(entity, "flag", _values(row.get("Current believed flag of ship")))
        add(entity, "pastFlags", _values(row.get("Previous flags")))
        add(entity, "type", _values(row.get("Type of ship")))
        add(entity, "tonnage", _values(row.get("Tonnage of ship")))
        add(entity, "buildDate", _values(row.get("Year Built")))
        listed.update(d for d in [ofsi_date(row.get("Date Designated"))] if d)
        updated.update(d for d in [ofsi_date(row.get("Last Updated"))] if d)
    if not has_primary:
        first = rows[0]  # keep a name to screen by
        add(entity, "name", natural_name([first.get(c) for c in GIVEN], first.get("Name 6")))
    add(entity, "createdAt", min(listed, default=None))
    add(entity, "modifiedAt", max(updated, default=None))
    return entity


def parse(paths: Sequence[Path]) -> ParsedList:
    path, published, rows = read_csv(paths, "fcdo_csv", REQUIRED, "Report Date", report_date)
    groups = group_rows(path, rows, "Unique ID")
    entities = [_build(path, key, group) for key, group in groups.items()]
    return ParsedList(entities=entities, published=published)


FORMAT = ListFormat(name="fcdo_csv", detect=detect, parse=parse, dataset=fixed("gb_fcdo_sanctions"))
