"""Canada's consolidated autonomous sanctions list (SEMA, JVCFOR) in XML: `data-set` / `record`.

A record is a Person (GivenName/LastName), a Vessel (ShipIMONumber) or else an Organization.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from followthemoney.proxy import EntityProxy
from lxml import etree

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.dates import parse_date, parse_dates
from watchlist.sources.reading import clean
from watchlist.sources.xmltools import child_of_root, local_name, read_records

ROOT = "data-set"

# Field names are English ("Country", "LastName") in sema-lep-eng.xml and bilingual
# ("Country-Pays", "LastName-NomDeFamille", "TitleOrShipType-TitreOuTypeDeNavire") in the
# combined sema-lmes.xml: the part before "-" is the field.
FIELD_ALIASES = {"TitleOrShipType": "TitleOrShip"}

# "Zlatoustovsky Machine Building Plant JSC (also known as Zlatmash and ...)": the official
# name, then its AKAs; the closing parenthesis is sometimes missing.
_AKA = re.compile(r"\(\s*also\s+known\s+as\s+(.*?)\)?\s*$", re.I | re.S)
# Aliases label their script: "Belarusian: Мікалай ...", "Russian\xa0: Николай ...", at times
# with no comma before the label ("Zadna International Investments Arabic: شركة ..."); a label
# starts a new name.
_LANGUAGE_LABEL = re.compile(r"(?:^|\s)\(?[A-Z][a-z]+\s*:\s*")
_ALTERNATIVES = re.compile(r"\s+or\s+|\s*/\s*", re.I)
_AND = re.compile(r"\s+and\s+", re.I)
_ALTERNATIVES_AND = re.compile(r"\s+(?:or|and)\s+|\s*/\s*", re.I)
_FRAGMENTS = re.compile(r"[,;]")
_LATIN = re.compile(r"[A-Za-z]")
# A comma before a legal form is part of the name ("Конкорд Менеджмент и консалтинг, ООО").
LEGAL_FORMS = {
    "ао",
    "ооо",
    "оао",
    "пао",
    "зао",
    "llc",
    "jsc",
    "pjsc",
    "ojsc",
    "cjsc",
    "ltd",
    "ltd.",
    "limited",
    "inc",
    "inc.",
    "co",
    "co.",
    "llp",
    "plc",
    "sa",
    "s.a.",
    "gmbh",
    "ag",
}


def detect(path: Path, head: bytes) -> bool:
    return b"<data-set" in head and b"<record" in head and b"<Country" in head


def parse(paths: Sequence[Path]) -> ParsedList:
    """Read the whole file, so a truncated or malformed one fails before anything is stored.

    The file carries no publication date, so `published` is None.
    """
    return read_records(
        paths, list_name="SEMA list", root=ROOT, is_record=child_of_root("record"), read=_record
    )


_local = local_name


def _clean(text: str | None) -> str | None:
    """Collapse whitespace: names are wrapped over lines and padded with no-break spaces."""
    return clean(text).strip(" ;") or None


def _fields(el: etree._Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for child in el:
        name = _local(child).split("-")[0]
        name = FIELD_ALIASES.get(name, name)
        value = _clean(child.text)
        if name and value:
            fields[name] = f"{fields[name]}; {value}" if name in fields else value
    return fields


def _english(text: str) -> str:
    """The English half of a bilingual value: "Belarus / Bélarus", "Colonel/colonel"."""
    return text.split("/")[0].strip() if "/" in text else text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def listing_id(country: str, schedule: str | None, item: str) -> str:
    """The listing's legal citation as an id: regime, schedule and item, e.g. `russia-1-part-1-12`.

    Item numbers restart in each schedule of each regime, so all three are needed. JVCFOR's long
    regime name is shortened to its acronym.
    """
    regime = _english(country)
    acronym = re.search(r"\(([A-Z]{2,})\)", regime)
    key = acronym.group(1) if acronym else regime
    return "-".join(_slug(p) for p in (key, schedule, item) if p)


def _record(path: Path, el: etree._Element) -> EntityProxy:
    fields = _fields(el)
    country, item = fields.get("Country"), fields.get("Item")
    if country is None or item is None:
        where = f"line {el.sourceline}"
        raise ParseError(str(path), where, "record without Country or Item")
    if not _slug(item):
        raise ParseError(str(path), f"line {el.sourceline}", f"Item {item!r} is not a number")
    source_id = listing_id(country, fields.get("Schedule"), item)
    given, last = fields.get("GivenName"), fields.get("LastName")
    if given or last:
        entity = new_entity("Person", source_id)
        _person(entity, given, last, fields)
    else:
        name = fields.get("EntityOrShip")
        if name is None:
            raise ParseError(str(path), f"record {source_id}", "record without a name")
        schema = "Vessel" if fields.get("ShipIMONumber") else "Organization"
        entity = new_entity(schema, source_id)
        _organization(entity, name, fields)
    add(entity, "program", _english(country))
    add(entity, "createdAt", parse_date(fields.get("DateOfListing")))
    schedule = fields.get("Schedule")
    where = f"schedule {schedule}, item {item}" if schedule else f"item {item}"
    add(entity, "notes", f"{_english(country)}: {where}")
    return entity


def _person(
    entity: EntityProxy, given: str | None, last: str | None, fields: dict[str, str]
) -> None:
    # LastName sometimes carries a variant spelling: "DIKIY (DIKY)", "Adanov (Adnuf)".
    variant = None
    if last and (m := re.fullmatch(r"(.+?)\s*\((.+)\)", last)):
        last, variant = m.group(1), m.group(2)
    add(entity, "name", " ".join(p for p in (given, last) if p))
    add(entity, "firstName", given)
    add(entity, "lastName", last)
    if variant:
        add(entity, "alias", " ".join(p for p in (given, variant) if p))
    strong, weak = split_aliases(fields.get("Aliases"), person=True)
    add(entity, "alias", strong)
    add(entity, "weakAlias", weak)
    if title := fields.get("TitleOrShip"):
        add(entity, "title", [t.strip() for t in title.split("/")])
    _dates(entity, "birthDate", fields)


def _organization(entity: EntityProxy, name: str, fields: dict[str, str]) -> None:
    aliases: list[str] = []
    if m := _AKA.search(name):
        name = name[: m.start()].strip()
        aliases.extend(_fragments(m.group(1), person=False))
    # Iranian and Syrian entities are named in English and French: "Iranian Army/Armée
    # iranienne". A slash inside parentheses is part of the name ("Hmaw Bi/Pyi/Ywama").
    names = _alternatives(name, person=False)
    if len(names) > 1 and all(len(n.split()) > 1 for n in names):
        name, aliases = names[0], names[1:] + aliases
    add(entity, "name", name)
    strong, weak = split_aliases(fields.get("Aliases"), person=False)
    add(entity, "alias", aliases + strong)
    add(entity, "weakAlias", weak)
    if entity.schema.name == "Vessel":
        add(entity, "imoNumber", fields.get("ShipIMONumber"))
        add(entity, "type", fields.get("TitleOrShip"))
        _dates(entity, "buildDate", fields)


def _dates(entity: EntityProxy, prop: str, fields: dict[str, str]) -> None:
    # DateOfBirthOrShipBuildDate: "1965-04-29", "1955-11", "1963-1964", "1963 or 1964",
    # "1965-07-15 OR 1969-09-28"; prose such as "born in the early 1970s" goes to notes.
    text = fields.get("DateOfBirthOrShipBuildDate")
    if text is None:
        return
    values = [d for part in re.split(r"\s+or\s+", text, flags=re.I) for d in parse_dates(part)]
    if values:
        add(entity, prop, values)
    else:
        add(entity, "notes", f"DateOfBirthOrShipBuildDate: {text}")


def _split_top(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at `separator` where it is outside parentheses ("MEC Steel Mills (Hmaw Bi/Pyi)")."""
    parts, start = [], 0
    for m in separator.finditer(text):
        if text.count("(", 0, m.start()) <= text.count(")", 0, m.start()):
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def _balanced(text: str) -> str:
    """Drop a parenthesis left over from a split ("Беларускi народны банк)")."""
    text = text.strip(" .,;")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].strip()
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].strip()
    return text


def _alternatives(fragment: str, person: bool) -> list[str]:
    """Split "A or B", "A / B", and for people "A and B", outside parentheses."""
    # " and " separates names in person aliases; in organisation names it is mostly part of
    # the name ("Myanma Investment and Commercial Bank") unless the name is in another script.
    if person or not _LATIN.search(_AND.sub(" ", fragment)):
        separator = _ALTERNATIVES_AND
    else:
        separator = _ALTERNATIVES
    return [p for p in (_balanced(x) for x in _split_top(fragment, separator)) if p]


def _fragments(text: str, person: bool) -> list[str]:
    """The comma- or semicolon-separated pieces of an alias text, legal forms kept attached."""
    out: list[str] = []
    prefix = ""
    for raw in _split_top(_LANGUAGE_LABEL.sub(";", text), _FRAGMENTS):
        piece = raw.strip()
        # A piece starting in lower case continues the name before it: Russian official names
        # hold commas ("Федеральное агентство по делам ..., соотечественников, проживающих ...").
        if out and piece[:1].islower() and not re.match(r"(?:or|and)\s", piece, re.I):
            out[-1] = f"{out[-1]}, {_balanced(piece)}"
            continue
        piece = _balanced(re.sub(r"^(?:or|and)\s+", "", piece, flags=re.I))
        if not piece:
            continue
        if not person and piece.lower() in LEGAL_FORMS:
            if out:
                out[-1] = f"{out[-1]}, {piece}"
            else:  # "АО, Воронежский опытный завод программной продукции"
                prefix = f"{piece}, "
            continue
        out.append(prefix + piece)
        prefix = ""
    return out


def split_aliases(text: str | None, person: bool) -> tuple[list[str], list[str]]:
    """The Aliases field as (strong, weak) names.

    Aliases is one free-text field: names split by "," or ";", labelled with their language,
    with alternatives written "A or B" and "A / B". For people, a lone word next to a full name
    stands for a variant of its first or last word ("Katsiaryna or Katerina Smuschkovich");
    lone words with no full name to attach to ("BIDEVKA, BIDIOVKA") are weak aliases.
    """
    if not text:
        return [], []
    strong: list[str] = []
    weak: list[str] = []
    for fragment in _fragments(text, person):
        parts = _alternatives(fragment, person)
        if not person:
            strong.extend(parts)
            continue
        pending: list[str] = []
        last_full: list[str] | None = None
        for part in parts:
            words = part.split()
            if len(words) > 1:
                strong.append(part)
                strong.extend(" ".join([p, *words[1:]]) for p in pending)
                pending, last_full = [], words
            elif last_full is not None:
                strong.append(" ".join([*last_full[:-1], part]))
            else:
                pending.append(part)
        weak.extend(pending)
    return strong, weak


FORMAT = ListFormat("sema_xml", detect, parse, fixed("ca_dfatd_sema_sanctions"))
