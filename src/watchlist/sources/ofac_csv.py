"""OFAC's legacy CSV set (sdn.csv with alt, add and comments files; cons_*.csv alike).

The four files of a set are one release; entries join across them on `ent_num`.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import HEAD_BYTES, ListFormat
from watchlist.sources.ofac_remarks import TITLES, parse_remarks
from watchlist.sources.reading import read_bytes

# Columns of each role; the files have no header line.
PRIMARY_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
COMMENTS_COLUMNS = ("ent_num", "remarks_continued")
WIDTHS = {
    "primary": len(PRIMARY_COLUMNS),
    "alt": len(ALT_COLUMNS),
    "add": len(ADD_COLUMNS),
    "comments": len(COMMENTS_COLUMNS),
}

# File names tell the roles (and the set) apart; the content says whether a file is OFAC CSV.
ROLES: dict[str, tuple[str, str]] = {
    "sdn.csv": ("us_ofac_sdn", "primary"),
    "alt.csv": ("us_ofac_sdn", "alt"),
    "add.csv": ("us_ofac_sdn", "add"),
    "sdn_comments.csv": ("us_ofac_sdn", "comments"),
    "cons_prim.csv": ("us_ofac_cons", "primary"),
    "cons_alt.csv": ("us_ofac_cons", "alt"),
    "cons_add.csv": ("us_ofac_cons", "add"),
    "cons_comments.csv": ("us_ofac_cons", "comments"),
}

# Field SDN_Type: OFAC writes `-0-` (empty) for an entity.
SCHEMATA = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "": "Organization",
}
# Field alt_type: weak AKAs are not in alt.csv at all (see ofac_remarks), so `aka` is strong.
ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}

EMPTY = "-0-"
# DOS end-of-file mark OFAC still appends to each file.
EOF_MARK = "\x1a"


def _value(text: str) -> str:
    # OFAC writes `-0- ` (with a trailing space) for an empty field.
    value = text.strip()
    return "" if value == EMPTY else value


def _role(path: Path) -> tuple[str, str] | None:
    return ROLES.get(path.name.lower())


def detect(path: Path, head: bytes) -> bool:
    """OFAC CSV: headerless rows of 12, 5, 6 or 2 fields, a numeric first field, `-0-` blanks."""
    text = head.decode("latin-1")
    lines = text.splitlines()
    if len(head) >= HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut short
    lines = [line for line in lines if line.strip(" \r\n" + EOF_MARK)]
    if not lines:
        return False
    try:
        rows = list(csv.reader(lines, strict=True))
    except csv.Error:
        return False
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        return False
    width = widths.pop()
    if width not in WIDTHS.values():
        return False
    if not all(row[0].strip().isdigit() for row in rows):
        return False
    if width == WIDTHS["comments"]:
        # Two columns of number and text say too little alone: the name must say comments.
        role = _role(path)
        return role is not None and role[1] == "comments"
    return any(field.strip() == EMPTY for row in rows for field in row)


def dataset(paths: Sequence[Path]) -> str | None:
    """`us_ofac_cons` for the cons_*.csv set, else `us_ofac_sdn`."""
    for path in paths:
        role = _role(path)
        if role is not None:
            return role[0]
    return "us_ofac_sdn"


def _rows(path: Path, columns: Sequence[str] | None) -> Iterator[tuple[int, list[str]]]:
    """The rows of one file with their line numbers, `-0-` read as empty.

    With `columns` None, rows of any width pass (to tell the role of a renamed file).
    """
    # The files are latin-1 and end with the 0x1A end-of-file byte.
    text = read_bytes(path).decode("latin-1").rstrip("\r\n" + EOF_MARK)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            where = f"line {reader.line_num}"
            if columns is not None and len(row) != len(columns):
                raise ParseError(
                    str(path), where, f"expected {len(columns)} fields, found {len(row)}"
                )
            values = [_value(cell) for cell in row]
            if not values[0].isdigit():
                raise ParseError(
                    str(path), f"{where}, field ent_num", f"not an entry number: {values[0]!r}"
                )
            yield reader.line_num, values
    except csv.Error as exc:
        raise ParseError(str(path), f"line {reader.line_num}", f"malformed CSV: {exc}") from None


@dataclass
class _Extras:
    """Rows of the alt, add and comments files, by ent_num."""

    alts: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    addresses: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, str] = field(default_factory=lambda: defaultdict(str))


def _read_alts(path: Path, extras: _Extras) -> None:
    for _line, (ent_num, _num, alt_type, alt_name, _remarks) in _rows(path, ALT_COLUMNS):
        # A type OFAC may add later still names the entry: keep it as an alias.
        prop = ALT_PROPS.get(alt_type.lower(), "alias")
        if alt_name:
            extras.alts[ent_num].append((prop, alt_name))


def _read_addresses(path: Path, extras: _Extras) -> None:
    for _line, (ent_num, _num, street, city, country, _remarks) in _rows(path, ADD_COLUMNS):
        extras.addresses[ent_num].append([street, city, country])


def _read_comments(path: Path, extras: _Extras) -> None:
    for _line, (ent_num, text) in _rows(path, COMMENTS_COLUMNS):
        extras.comments[ent_num] += text


def programs(text: str) -> list[str]:
    """Program codes from the Program field.

    Several programs are written `SDGT] [IRGC` (the outer brackets dropped by the CSV export),
    or `[SDGT] [IRGC]` in full; one program is bare, e.g. `MAGNIT`.
    """
    return [p for p in (part.strip(" []") for part in re.split(r"\]\s*\[", text)) if p]


def split_name(name: str) -> tuple[str, str] | None:
    """(last, first) from OFAC's `LAST, First` form of a person's name, if written so."""
    last, sep, first = name.partition(",")
    if not sep or not last.strip() or not first.strip():
        return None
    return last.strip(), first.strip()


def _entity(path: Path, line: int, row: list[str], extras: _Extras) -> EntityProxy:
    record = dict(zip(PRIMARY_COLUMNS, row, strict=True))
    ent_num, name, sdn_type = record["ent_num"], record["SDN_Name"], record["SDN_Type"]
    schema = SCHEMATA.get(sdn_type.lower())
    if schema is None:
        raise ParseError(str(path), f"line {line}, field SDN_Type", f"unknown type {sdn_type!r}")
    if not name:
        raise ParseError(str(path), f"line {line}, field SDN_Name", "the entry has no name")
    entity = new_entity(schema, ent_num)
    add(entity, "name", name)
    parts = split_name(name) if schema == "Person" else None
    if parts is not None:
        last, first = parts
        add(entity, "lastName", last)
        add(entity, "firstName", first)
        add(entity, "name", f"{first} {last}")
    add(entity, "program", programs(record["Program"]))
    add(entity, "position", record["Title"])
    add(entity, "callSign", record["Call_Sign"])
    add(entity, "type", record["Vess_type"])
    add(entity, "tonnage", record["Tonnage"])
    add(entity, "grossRegisteredTonnage", record["GRT"])
    add(entity, "flag", record["Vess_flag"])
    if record["Vess_owner"]:
        add(entity, "notes", f"Vessel owner: {record['Vess_owner']}")
    for prop, alt_name in extras.alts.get(ent_num, []):
        add(entity, prop, alt_name)
    for street, city, country in extras.addresses.get(ent_num, []):
        add(entity, "address", ", ".join(p for p in (street, city, country) if p))
        add(entity, "country", country)
    # OFAC cuts Remarks at about 1,000 characters, mid-word, and continues the text in the
    # comments file: join the two before splitting the clauses.
    remarks = record["Remarks"] + extras.comments.get(ent_num, "")
    for prop, value in parse_remarks(remarks):
        add(entity, prop, value)
    return entity


def _role_by_width(path: Path) -> tuple[str, str]:
    """The role of a renamed file, from the field count of its first row (SDN set assumed)."""
    for _line, row in _rows(path, None):
        for role, width in WIDTHS.items():
            if len(row) == width and role != "comments":
                return "us_ofac_sdn", role
        break
    raise ParseError(str(path), None, f"not a file of an OFAC CSV set (one of {', '.join(ROLES)})")


def parse(paths: Sequence[Path]) -> ParsedList:
    """Read one set: its primary file, with the alt, add and comments files when present."""
    by_role: dict[str, Path] = {}
    datasets: set[str] = set()
    for path in paths:
        role = _role(path) or _role_by_width(path)
        datasets.add(role[0])
        if role[1] in by_role:
            raise ParseError(str(path), None, f"a second {role[1]} file in one set")
        by_role[role[1]] = path
    if len(datasets) > 1:
        raise ParseError(str(paths[0]), None, "files of the SDN and consolidated sets mixed")
    primary = by_role.get("primary")
    if primary is None:
        other = next(iter(by_role.values()))
        raise ParseError(str(other), None, "the set's primary file (sdn.csv) is missing")
    extras = _Extras()
    if "alt" in by_role:
        _read_alts(by_role["alt"], extras)
    if "add" in by_role:
        _read_addresses(by_role["add"], extras)
    if "comments" in by_role:
        _read_comments(by_role["comments"], extras)
    entities: dict[str, EntityProxy] = {}
    for line, row in _rows(primary, PRIMARY_COLUMNS):
        if row[0] in entities:
            raise ParseError(str(primary), f"line {line}", f"entry {row[0]} listed twice")
        entities[row[0]] = _entity(primary, line, row, extras)
    return ParsedList(entities=list(entities.values()), title=TITLES[datasets.pop()])


FORMAT = ListFormat(name="ofac_csv", detect=detect, parse=parse, dataset=dataset, multi_file=True)
