"""OFAC XML in the sdn.xml schema (`sdnList` / `sdnEntry`): sdn.xml and consolidated.xml.

Elements are matched on local names: OFAC has published the schema under several namespaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from followthemoney.proxy import EntityProxy
from lxml import etree

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat
from watchlist.sources.ofac_remarks import TITLES, birth_dates, labelled, parse_remarks
from watchlist.sources.reading import only_file
from watchlist.sources.xmltools import local_name

# Field sdnType.
SCHEMATA = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
# Field aka/type; aka/category `weak` turns an a.k.a. into a weak alias.
AKA_PROPS = {"a.k.a.": "alias", "f.k.a.": "previousName", "n.k.a.": "alias"}

# The root element, after an optional XML declaration, comments or a byte-order mark.
_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?sdnList\b", re.S
)
_CONSOLIDATED = re.compile(rb"consolidated|non-sdn", re.I)


def detect(path: Path, head: bytes) -> bool:
    """An XML document whose root element is `sdnList`."""
    return _ROOT.match(head) is not None


def _is_consolidated(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("cons") or "consolidated" in name:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    # The root's attributes and publshInformation come before the first entry.
    return _CONSOLIDATED.search(head.split(b"<sdnEntry", 1)[0]) is not None


def dataset(paths: Sequence[Path]) -> str | None:
    """`us_ofac_cons` when the file's name or header says consolidated, else `us_ofac_sdn`."""
    return "us_ofac_cons" if any(_is_consolidated(p) for p in paths) else "us_ofac_sdn"


_local = local_name


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _text(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child) == name:
            return (child.text or "").strip()
    return ""


def _items(element: etree._Element, list_name: str, item_name: str) -> list[etree._Element]:
    return [item for lst in _children(element, list_name) for item in _children(lst, item_name)]


def written_name(first: str, last: str) -> str:
    """A name in OFAC's written form, `LAST, First`, as the CSV set also writes it."""
    return f"{last}, {first}" if first and last else (last or first)


def _entity(path: Path, elem: etree._Element) -> EntityProxy:
    where = f"line {elem.sourceline}"
    uid = _text(elem, "uid")
    if not uid:
        raise ParseError(str(path), where, "sdnEntry without uid")
    where = f"record {uid}"
    sdn_type = _text(elem, "sdnType")
    schema = SCHEMATA.get(sdn_type.lower())
    if schema is None:
        raise ParseError(str(path), f"{where}, field sdnType", f"unknown type {sdn_type!r}")
    first, last = _text(elem, "firstName"), _text(elem, "lastName")
    if not (first or last):
        raise ParseError(str(path), f"{where}, field lastName", "the entry has no name")
    entity = new_entity(schema, uid)
    add(entity, "name", written_name(first, last))
    if first and last:
        add(entity, "name", f"{first} {last}")
    add(entity, "firstName", first)
    add(entity, "lastName", last)
    add(entity, "position", _text(elem, "title"))
    for program in _items(elem, "programList", "program"):
        add(entity, "program", program.text)
    for aka in _items(elem, "akaList", "aka"):
        # A type OFAC may add later still names the entry: keep it as an alias.
        prop = AKA_PROPS.get(_text(aka, "type").lower(), "alias")
        if prop == "alias" and _text(aka, "category").lower() == "weak":
            prop = "weakAlias"
        add(entity, prop, written_name(_text(aka, "firstName"), _text(aka, "lastName")))
    for address in _items(elem, "addressList", "address"):
        # Written as the CSV set's city/state/postal field: `Miami, FL 33101`.
        town = ", ".join(
            p for p in (_text(address, "city"), _text(address, "stateOrProvince")) if p
        )
        locality = " ".join(p for p in (town, _text(address, "postalCode")) if p)
        streets = [_text(address, n) for n in ("address1", "address2", "address3")]
        country = _text(address, "country")
        add(entity, "address", ", ".join(p for p in (*streets, locality, country) if p))
        add(entity, "country", country)
    for ident in _items(elem, "idList", "id"):
        facts = labelled(
            _text(ident, "idType"), _text(ident, "idNumber"), _text(ident, "idCountry")
        )
        for prop, value in facts:
            add(entity, prop, value)
    for item in _items(elem, "dateOfBirthList", "dateOfBirthItem"):
        text = _text(item, "dateOfBirth")
        found = birth_dates(text)
        add(entity, "birthDate", found)
        if text and not found:
            add(entity, "notes", f"DOB {text}")
    for item in _items(elem, "placeOfBirthList", "placeOfBirthItem"):
        add(entity, "birthPlace", _text(item, "placeOfBirth"))
    for item in _items(elem, "nationalityList", "nationality"):
        add(entity, "nationality", _text(item, "country"))
    for item in _items(elem, "citizenshipList", "citizenship"):
        add(entity, "citizenship", _text(item, "country"))
    for vessel in _children(elem, "vesselInfo"):
        add(entity, "callSign", _text(vessel, "callSign"))
        add(entity, "type", _text(vessel, "vesselType"))
        add(entity, "flag", _text(vessel, "vesselFlag"))
        add(entity, "tonnage", _text(vessel, "tonnage"))
        add(entity, "grossRegisteredTonnage", _text(vessel, "grossRegisteredTonnage"))
        owner = _text(vessel, "vesselOwner")
        if owner:
            add(entity, "notes", f"Vessel owner: {owner}")
    for prop, value in parse_remarks(_text(elem, "remarks")):
        add(entity, prop, value)
    return entity


def _published(path: Path, text: str) -> date:
    # Field Publish_Date (in publshInformation, so spelt by OFAC): MM/DD/YYYY.
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    try:
        if m is None:
            raise ValueError(text)
        return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        raise ParseError(
            str(path), "field Publish_Date", f"not a MM/DD/YYYY date: {text!r}"
        ) from None


def parse(paths: Sequence[Path]) -> ParsedList:
    """Read one file whole, so that a truncated file fails before anything is stored."""
    path = only_file(paths, "OFAC XML is one file per release")
    entities: dict[str, EntityProxy] = {}
    published: date | None = None
    root_seen = False
    try:
        for event, elem in etree.iterparse(
            str(path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
        ):
            name = _local(elem)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if name != "sdnList":
                        raise ParseError(str(path), "line 1", f"root is {name!r}, not sdnList")
                continue
            if name == "Publish_Date" and elem.text and elem.text.strip():
                published = _published(path, elem.text)
            elif name == "sdnEntry":
                entity = _entity(path, elem)
                if entity.id in entities:
                    raise ParseError(str(path), f"record {entity.id}", "uid listed twice")
                entities[str(entity.id)] = entity
                # Free each entry once read: sdn.xml holds some twelve thousand.
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else None
        raise ParseError(str(path), where, f"malformed XML: {exc.msg}") from None
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc.strerror or exc}") from None
    title = TITLES[dataset(paths) or "us_ofac_sdn"]
    return ParsedList(entities=list(entities.values()), published=published, title=title)


FORMAT = ListFormat(name="ofac_xml", detect=detect, parse=parse, dataset=dataset)
