"""UK Sanctions List XML as the FCDO publishes it (schema 4.x): `Designations` / `Designation`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from followthemoney.proxy import EntityProxy
from lxml import etree

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.dates import to_date
from watchlist.sources.reading import clean, only_file
from watchlist.sources.uk import SCHEMATA, keep_designation, natural_name, ofsi_date

_ROOT = re.compile(rb"<(?:[\w.-]+:)?Designations[\s>]")
_EMAIL_SPLIT = re.compile(r"[;,\s]+")


def detect(path: Path, head: bytes) -> bool:
    return _ROOT.search(head) is not None and (b"<Designation>" in head or b"UniqueID" in head)


class _Designation:
    """Namespace-blind access to one `Designation` element's children."""

    def __init__(self, element: etree._Element, ns: str) -> None:
        self.element = element
        self.ns = ns

    def _path(self, path: str) -> str:
        return "/".join(f"{self.ns}{step}" for step in path.split("/"))

    def all(self, path: str, within: etree._Element | None = None) -> list[etree._Element]:
        return list((self.element if within is None else within).iterfind(self._path(path)))

    def texts(self, path: str, within: etree._Element | None = None) -> list[str]:
        values = (clean(e.text) for e in self.all(path, within))
        return [v for v in values if v]

    def text(self, path: str, within: etree._Element | None = None) -> str:
        values = self.texts(path, within)
        return values[0] if values else ""


def _add_names(entity: EntityProxy, record: _Designation) -> None:
    first: str | None = None
    has_primary = False
    for name in record.all("Names/Name"):
        given = [record.text(f"Name{i}", name) for i in range(1, 6)]
        family = record.text("Name6", name)
        full = natural_name(given, family)
        if not full:
            continue
        first = first or full
        # `NameType` is "Primary Name", "Primary name", "Primary Name Variation" or "Alias".
        kind = record.text("NameType", name).lower()
        if kind == "primary name":
            has_primary = True
            add(entity, "name", full)
            add(entity, "firstName", given[0])
            add(entity, "middleName", given[1:])
            add(entity, "lastName", family)
        # `AliasStrength` "Low quality a.k.a" marks the UN's weak aliases.
        elif record.text("AliasStrength", name).lower().startswith("low"):
            add(entity, "weakAlias", full)
        else:
            add(entity, "alias", full)
    if not has_primary:
        add(entity, "name", first)  # keep a name to screen by
    add(entity, "alias", record.texts("NonLatinNames/NonLatinName/NameNonLatinScript"))


def _add_individual(entity: EntityProxy, record: _Designation) -> None:
    for person in record.all("IndividualDetails/Individual"):
        add(entity, "birthDate", [ofsi_date(d) for d in record.texts("DOBs/DOB", person)])
        add(entity, "nationality", record.texts("Nationalities/Nationality", person))
        add(
            entity,
            "passportNumber",
            record.texts("PassportDetails/Passport/PassportNumber", person),
        )
        ids = "NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber"
        add(entity, "idNumber", record.texts(ids, person))
        add(entity, "gender", [g.lower() for g in record.texts("Genders/Gender", person)])
        add(entity, "position", record.texts("Positions/Position", person))
        for place in record.all("BirthDetails/Location", person):
            town, country = record.text("TownOfBirth", place), record.text("CountryOfBirth", place)
            add(entity, "birthPlace", ", ".join(p for p in (town, country) if p))
            add(entity, "birthCountry", country)


def _add_entity(entity: EntityProxy, record: _Designation) -> None:
    for details in record.all("EntityDetails/Entity"):
        numbers = "BusinessRegistrationNumbers/BusinessRegistrationNumber"
        add(entity, "registrationNumber", record.texts(numbers, details))
        add(entity, "legalForm", record.texts("TypeOfEntities/TypeOfEntity", details))


def _add_ship(entity: EntityProxy, record: _Designation) -> None:
    for ship in record.all("ShipDetails/Ship"):
        add(entity, "imoNumber", record.texts("IMONumbers/IMONumber", ship))
        flags = "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip"
        add(entity, "flag", record.texts(flags, ship))
        add(entity, "pastFlags", record.texts("PreviousFlags/PreviousFlag", ship))
        add(entity, "type", record.texts("TypeOfShipDetails/TypeOfShip", ship))
        add(entity, "tonnage", record.texts("TonnageOfShipDetails/TonnageOfShip", ship))
        add(entity, "buildDate", record.texts("YearsBuilt/YearBuilt", ship))


def _address(record: _Designation, address: etree._Element) -> str:
    fields = [f"AddressLine{i}" for i in range(1, 7)] + ["AddressPostalCode", "AddressCountry"]
    return ", ".join(p for p in (record.text(f, address) for f in fields) if p)


def _build(path: Path, record: _Designation) -> EntityProxy:
    unique_id = record.text("UniqueID")
    if not unique_id:
        where = f"line {record.element.sourceline}"
        raise ParseError(str(path), where, "Designation without a UniqueID")
    kind = record.text("IndividualEntityShip").lower()
    if kind and kind not in SCHEMATA:
        where = f"record {unique_id}, field IndividualEntityShip"
        raise ParseError(str(path), where, f"unknown designation type {kind!r}")
    entity = new_entity(SCHEMATA.get(kind, "LegalEntity"), unique_id)
    _add_names(entity, record)
    add(entity, "title", record.texts("Titles/Title"))
    add(entity, "program", record.texts("RegimeName"))
    add(entity, "createdAt", ofsi_date(record.text("DateDesignated")))
    add(entity, "modifiedAt", ofsi_date(record.text("LastUpdated")))
    add(entity, "notes", record.texts("OtherInformation"))
    add(entity, "summary", record.texts("UKStatementofReasons"))
    for address in record.all("Addresses/Address"):
        add(entity, "address", _address(record, address))
        add(entity, "country", record.text("AddressCountry", address))
    add(entity, "phone", record.texts("PhoneNumbers/PhoneNumber"))
    for emails in record.texts("EmailAddresses/EmailAddress"):
        add(entity, "email", [e for e in _EMAIL_SPLIT.split(emails) if "@" in e])
    add(entity, "website", record.texts("Websites/Website"))
    _add_individual(entity, record)
    _add_entity(entity, record)
    _add_ship(entity, record)
    return entity


def _local_name(path: Path, element: etree._Element) -> tuple[str, str]:
    """The namespace and local name of a tag; an undeclared prefix is malformed input."""
    tag = str(element.tag)
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if ":" in local:  # libxml2 only warns about an unbound prefix and keeps "x:Tag"
        where = f"line {element.sourceline}"
        raise ParseError(str(path), where, f"undeclared namespace prefix in <{local}>")
    return namespace, local


def parse(paths: Sequence[Path]) -> ParsedList:
    path = only_file(paths, "fcdo_xml reads one file at a time")
    entities: dict[str, EntityProxy] = {}
    stamp = ""
    ns = ""
    depth = 0
    try:
        events = etree.iterparse(
            str(path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        for event, element in events:
            if event == "start":
                depth += 1
                namespace, local = _local_name(path, element)
                if depth == 1:
                    if local != "Designations":
                        where = f"line {element.sourceline}"
                        problem = f"root element is {local}, not Designations"
                        raise ParseError(str(path), where, problem)
                    ns = f"{{{namespace}}}" if namespace else ""
                    stamp = element.get("dateGenerated", "")
                continue
            depth -= 1
            if depth != 1:
                continue
            name = _local_name(path, element)[1]
            if name == "DateGenerated":
                # The element says dd/mm/yyyy; the root attribute is an ISO timestamp.
                stamp = clean(element.text) or stamp
            elif name == "Designation":
                entity = _build(path, _Designation(element, ns))
                keep_designation(path, entities, entity, f"line {element.sourceline}")
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ParseError(str(path), f"line {exc.lineno}", f"malformed XML ({exc.msg})") from None
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc}") from None
    published: date | None = to_date(ofsi_date(stamp))
    return ParsedList(entities=list(entities.values()), published=published)


FORMAT = ListFormat(name="fcdo_xml", detect=detect, parse=parse, dataset=fixed("gb_fcdo_sanctions"))
