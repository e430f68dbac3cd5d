"""UK OFSI Consolidated List of Financial Sanctions Targets (ConList.csv), one row per name."""

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
    split_items,
)

NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_LINES = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")

# A document number inside OFSI's free-text `Passport Details` / `NI Number`: the first
# token with a digit, optionally led by a letter prefix ("SE-011697", "no.F800691").
_DOC_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{0,3}[-]?\d[A-Z0-9\-./]*)")
_IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?))?[\s:.]*(\d{7})\b", re.I)
# Since 2022 OFSI appends "(Gender):Male" to `Other Information` instead of a column.
_GENDER = re.compile(r"\(Gender\)\s*:\s*(male|female)\b", re.I)


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


def _head_lines(head: bytes) -> list[str]:
    return head.removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace").splitlines()


def detect(path: Path, head: bytes) -> bool:
    lines = _head_lines(head)
    if len(lines) < 2 or not lines[0].startswith("Last Updated,"):
        return False
    return all(column in lines[1] for column in ("Name 6", "Group Type", "Group ID"))


def _is_primary(row: Row) -> bool:
    # `Alias Type` says "Prime Alias" before 2022 and "Primary name" (any case) since.
    return row.get("Alias Type").lower() in ("primary name", "prime alias")


def _add_names(entity: EntityProxy, rows: list[Row]) -> None:
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


def _address(row: Row) -> str | None:
    lines = [row.get(c) for c in ADDRESS_LINES] + [row.get("Post/Zip Code")]
    if not any(lines):
        return None  # a bare `Country` is a country, not an address
    return ", ".join(p for p in [*lines, row.get("Country")] if p)


def _build(path: Path, group_id: str, rows: list[Row]) -> EntityProxy:
    schema = schema_of(path, rows, _is_primary, ("Group Type",), "group type")
    entity = new_entity(schema, group_id)
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
    required = ("Name 6", "Group Type", "Alias Type", "Group ID")
    path, published, rows = read_csv(paths, "hmt_csv", required, "Last Updated", ofsi_date)
    groups = group_rows(path, rows, "Group ID")
    entities = [_build(path, group_id, group) for group_id, group in groups.items()]
    return ParsedList(entities=entities, published=published)


FORMAT = ListFormat(name="hmt_csv", detect=detect, parse=parse, dataset=fixed("gb_hmt_sanctions"))
