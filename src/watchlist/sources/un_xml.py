"""The UN Security Council Consolidated List in its XML form (`CONSOLIDATED_LIST`).

Individuals become Person and entities Organization; the REFERENCE_NUMBER (e.g. QDi.001) is the id.
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
from watchlist.sources.xmltools import read_records

ROOT = "CONSOLIDATED_LIST"
#: Record element -> the wrapper it must sit in.
RECORDS = {"INDIVIDUAL": "INDIVIDUALS", "ENTITY": "ENTITIES"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

# QUALITY of an alias: "Good" and "a.k.a." are strong, "Low" and "Very Low" weak, "f.k.a."
# a former name. Entity aliases often have an empty QUALITY; they are ordinary AKAs.
ALIAS_PROPS = {
    "good": "alias",
    "a.k.a.": "alias",
    "": "alias",
    "low": "weakAlias",
    "very low": "weakAlias",
    "f.k.a.": "previousName",
}

# A document NUMBER often has words around it: "Diplomatic Passport: Z30321794", "Afghan passport
# number SE 012820", "381110042 (Expired 25 Jan. 2016)", "R00012098, South Sudan".
_PROSE = re.compile(r"[a-z]{3,}|:")
_MARKER = re.compile(r"\b(?:number|no)\b\.?|:", re.I)
_PREFIX = re.compile(r"[A-Z]{1,3}|\d+")


def detect(path: Path, head: bytes) -> bool:
    return b"<CONSOLIDATED_LIST" in head


def parse(paths: Sequence[Path]) -> ParsedList:
    """Read the whole file, so a truncated or malformed one fails before anything is stored."""
    return read_records(
        paths,
        list_name="UN list",
        root=ROOT,
        is_record=_is_record,
        read=_record,
        published_attribute="dateGenerated",
    )


def _is_record(el: etree._Element) -> bool:
    parent = el.getparent()
    return el.tag in RECORDS and parent is not None and parent.tag == RECORDS[el.tag]


def _text(el: etree._Element, path: str) -> str | None:
    """The element's text with runs of whitespace (the list wraps long values) made one space."""
    return clean(el.findtext(path)) or None


def _texts(el: etree._Element, path: str) -> list[str]:
    return [value for child in el.findall(path) if (value := clean(child.text))]


def _join(el: etree._Element, tags: Sequence[str]) -> str | None:
    return ", ".join(v for v in (_text(el, t) for t in tags) if v) or None


def _names(text: str) -> list[str]:
    """One alias field may hold several names split by ";" ("Azim Adhajani; Azim Agha-Jani")."""
    return [part.strip() for part in text.split(";") if part.strip()]


def _record(path: Path, el: etree._Element) -> EntityProxy:
    ref = _text(el, "REFERENCE_NUMBER")
    if ref is None:
        raise ParseError(str(path), f"line {el.sourceline}", f"{el.tag} without REFERENCE_NUMBER")
    parts = [p for p in (_text(el, t) for t in NAME_PARTS) if p]
    if not parts:
        raise ParseError(str(path), f"record {ref}", "no FIRST_NAME")
    if el.tag == "INDIVIDUAL":
        entity = new_entity("Person", ref)
        _individual(entity, el, parts)
    else:
        entity = new_entity("Organization", ref)
        _organization(entity, el, parts)
    add(entity, "alias", _texts(el, "NAME_ORIGINAL_SCRIPT"))
    add(entity, "program", _text(el, "UN_LIST_TYPE"))
    add(entity, "createdAt", parse_date(_text(el, "LISTED_ON")))
    updated = [d for d in (parse_date(v) for v in _texts(el, "LAST_DAY_UPDATED/VALUE")) if d]
    if updated:
        add(entity, "modifiedAt", max(updated))
    notes = (el.findtext("COMMENTS1") or "").strip()
    add(entity, "notes", notes)
    return entity


def _aliases(entity: EntityProxy, el: etree._Element, tag: str) -> None:
    for alias in el.findall(tag):
        name = _text(alias, "ALIAS_NAME")
        if not name:  # empty <INDIVIDUAL_ALIAS> placeholders are common
            continue
        quality = (_text(alias, "QUALITY") or "").lower()
        add(entity, ALIAS_PROPS.get(quality, "alias"), _names(name))
        # Some aliases carry the birth details used under that name; they still describe
        # the same person.
        add(entity, "birthDate", parse_dates(_text(alias, "DATE_OF_BIRTH")))
        add(entity, "birthPlace", _join(alias, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")))


def _addresses(entity: EntityProxy, el: etree._Element, tag: str) -> None:
    for address in el.findall(tag):
        country = _text(address, "COUNTRY")
        add(entity, "country", country)
        # An address that names only a country adds nothing to the `country` above.
        if _join(address, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")):
            line = _join(address, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
            add(entity, "address", line)


def _organization(entity: EntityProxy, el: etree._Element, parts: list[str]) -> None:
    # Entities keep their name in FIRST_NAME; a few hold two names split by ";" or " / "
    # ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)",
    # "AL-ITIHAAD AL-ISLAMIYA / AIAI"): the whole stays the name, each part is an alias.
    whole = " ".join(parts)
    add(entity, "name", whole)
    names = _names(whole.replace(" / ", ";"))
    if len(names) > 1:
        add(entity, "alias", names)
    _aliases(entity, el, "ENTITY_ALIAS")
    _addresses(entity, el, "ENTITY_ADDRESS")


def _individual(entity: EntityProxy, el: etree._Element, parts: list[str]) -> None:
    add(entity, "name", " ".join(parts))
    # FIRST_NAME .. FOURTH_NAME are in natural order. DPRK names are written family name
    # first (KPi.001 FIRST_NAME "YUN", SECOND_NAME "HO-JIN"), so there first and last name
    # cannot be told from the field order and are left out.
    if _text(el, "UN_LIST_TYPE") != "DPRK":
        add(entity, "firstName", parts[0])
        if len(parts) > 1:
            add(entity, "lastName", parts[-1])
    _aliases(entity, el, "INDIVIDUAL_ALIAS")
    _addresses(entity, el, "INDIVIDUAL_ADDRESS")
    add(entity, "gender", _text(el, "GENDER"))
    add(entity, "title", _texts(el, "TITLE/VALUE"))
    add(entity, "position", _texts(el, "DESIGNATION/VALUE"))
    add(entity, "nationality", _texts(el, "NATIONALITY/VALUE"))
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        add(entity, "birthDate", _birth_dates(dob))
    for pob in el.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        add(entity, "birthPlace", _join(pob, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")))
        add(entity, "birthCountry", _text(pob, "COUNTRY"))
    for doc in el.findall("INDIVIDUAL_DOCUMENT"):
        number = _document_number(_text(doc, "NUMBER"))
        if number is None:  # the number is sometimes only told in NOTE prose
            continue
        # TYPE_OF_DOCUMENT is mostly "Passport" or "National Identification Number", but also
        # "Numéro de passeport", "Número de pasaporte"; TYPE_OF_DOCUMENT2 refines it.
        kind = (_text(doc, "TYPE_OF_DOCUMENT") or _text(doc, "TYPE_OF_DOCUMENT2") or "").lower()
        prop = "passportNumber" if ("pass" in kind or "pasaporte" in kind) else "idNumber"
        add(entity, prop, number)


def _birth_dates(dob: etree._Element) -> list[str]:
    """TYPE_OF_DATE EXACT or APPROXIMATELY give DATE or YEAR; BETWEEN gives FROM_YEAR, TO_YEAR."""
    values: list[str] = []
    if (_text(dob, "TYPE_OF_DATE") or "").upper() == "BETWEEN":
        low, high = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if low and high:
            values.extend(parse_dates(f"{low} to {high}"))
        else:
            values.extend(parse_dates(low) + parse_dates(high))
    values.extend(parse_dates(_text(dob, "DATE")))
    values.extend(parse_dates(_text(dob, "YEAR")))
    if not values:
        # A few dates are only written in NOTE ("Nov. 1973", "August 1961").
        values.extend(parse_dates(_text(dob, "NOTE")))
    return values


def _document_number(text: str | None) -> str | None:
    """The number out of a NUMBER field that may wrap it in words."""
    if text is None:
        return None
    text = " ".join(re.sub(r"\([^)]*\)", " ", text).split())
    if not _PROSE.search(text):
        return text or None
    markers = list(_MARKER.finditer(text))
    if markers:
        rest = text[markers[-1].end() :].strip(" .,;")
        if rest and not _PROSE.search(rest):
            return rest
    # No "number"/"no." before it: the last token holding a digit, with the short letter or
    # digit groups just before it ("A 0139243").
    tokens = text.split()
    last = max((i for i, t in enumerate(tokens) if any(c.isdigit() for c in t)), default=None)
    if last is None:
        return None
    first = last
    while first > 0 and _PREFIX.fullmatch(tokens[first - 1]):
        first -= 1
    return " ".join(tokens[first : last + 1]).strip(" .,;") or None


FORMAT = ListFormat("un_xml", detect, parse, fixed("un_sc_sanctions"))
