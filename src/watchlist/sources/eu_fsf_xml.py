"""The EU Financial Sanctions Files consolidated list, XML v1.1 (`export` / `sanctionEntity`).

The sanctionEntity logicalId is the entity id; subjectType person gives Person, enterprise
Organization, anything else LegalEntity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from followthemoney.proxy import EntityProxy
from lxml import etree

from watchlist.errors import ParseError
from watchlist.model.entity import ParsedList, add, new_entity
from watchlist.sources.base import ListFormat, fixed
from watchlist.sources.dates import parse_date, parse_dates
from watchlist.sources.reading import clean
from watchlist.sources.xmltools import child_of_root, local_name, read_records

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ROOT = "export"
SCHEMATA = {"person": "Person", "enterprise": "Organization"}

# identificationTypeCode -> property. Codes seen in the published files: passport, id, other,
# regnumber, fiscalcode, imo, swiftbic, tradelic, ssn, birthcert, nationcert, travelcardid,
# electionid, residentperm, drivinglicence, NRN. Unknown codes are kept as idNumber.
IDENTIFIERS = {
    "passport": "passportNumber",
    "regnumber": "registrationNumber",
    "tradelic": "registrationNumber",
    "fiscalcode": "taxNumber",
    "imo": "imoNumber",
    "swiftbic": "swiftBic",
}
CONTACTS = {"EMAIL": "email", "WEB": "website", "PHONE": "phone", "FAX": "phone"}

# Name quality is told in the alias's remark, in many spellings: "low quality alias",
# "Low quality a.k.a.", "good quality alias", "low quality aliias".
_LOW_QUALITY = re.compile(r"\blow?\s+quality\b", re.I)
_QUALITY = re.compile(r"^\s*(?:good|high|low?)\s+quality\s+a\S*\s*$", re.I)
# title and function list several values as "(a) Mullah, (b) Maulavi".
_ENUMERATION = re.compile(r"\s*\([a-h]\)\s*")


def detect(path: Path, head: bytes) -> bool:
    return NAMESPACE.encode() in head or (b"<export" in head and b"<sanctionEntity" in head)


def parse(paths: Sequence[Path]) -> ParsedList:
    """Read the whole file, so a truncated or malformed one fails before anything is stored."""
    return read_records(
        paths,
        list_name="EU list",
        root=ROOT,
        is_record=child_of_root("sanctionEntity"),
        read=_entity,
        published_attribute="generationDate",
    )


_local = local_name


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    """Child elements by local name: files carry the export namespace, older ones none."""
    return (child for child in el if _local(child) == name)


def _attr(el: etree._Element, name: str) -> str | None:
    return clean(el.get(name)) or None


def _remarks(el: etree._Element) -> list[str]:
    return [text for r in _children(el, "remark") if (text := (r.text or "").strip())]


def _country(el: etree._Element) -> str | None:
    """countryIso2Code, where "00" (countryDescription "UNKNOWN") means not known."""
    code = _attr(el, "countryIso2Code")
    if code and code != "00":
        return code
    description = _attr(el, "countryDescription")
    return description if description and description != "UNKNOWN" else None


def _place(el: etree._Element, attrs: Sequence[str]) -> str | None:
    parts = [_attr(el, a) for a in attrs]
    country = _attr(el, "countryDescription")
    if country and country != "UNKNOWN":
        parts.append(country)
    # birthdate city is "-" when unknown.
    return ", ".join(p for p in parts if p and p != "-") or None


def _entity(path: Path, el: etree._Element) -> EntityProxy:
    logical_id = _attr(el, "logicalId")
    if logical_id is None:
        raise ParseError(str(path), f"line {el.sourceline}", "sanctionEntity without logicalId")
    subject = next(_children(el, "subjectType"), None)
    code = subject.get("code") if subject is not None else None
    entity = new_entity(SCHEMATA.get(code or "", "LegalEntity"), logical_id)
    _names(path, entity, el)
    add(entity, "createdAt", parse_date(_attr(el, "designationDate")))
    add(entity, "notes", _remarks(el))
    add(entity, "notes", _attr(el, "designationDetails"))
    if reference := _attr(el, "euReferenceNumber"):
        add(entity, "notes", f"EU reference number {reference}")
    if un_id := _attr(el, "unitedNationId"):
        add(entity, "notes", f"UN reference number {un_id}")
    amended: list[str] = []
    for regulation in _children(el, "regulation"):
        add(entity, "program", _attr(regulation, "programme"))
        if day := parse_date(_attr(regulation, "publicationDate")):
            amended.append(day)
    # The regulations given are the latest acts that listed or amended the entry.
    if amended:
        add(entity, "modifiedAt", max(amended))
    for node in _children(el, "citizenship"):
        add(entity, "nationality", _country(node))
    for node in _children(el, "birthdate"):
        add(entity, "birthDate", _birth_dates(node))
        add(entity, "birthPlace", _place(node, ("place", "city", "region")))
        add(entity, "birthCountry", _country(node))
    for node in _children(el, "identification"):
        prop = IDENTIFIERS.get(_attr(node, "identificationTypeCode") or "", "idNumber")
        add(entity, prop, [_attr(node, "number"), _attr(node, "latinNumber")])
    for node in _children(el, "address"):
        _address(entity, node)
    return entity


def _names(path: Path, entity: EntityProxy, el: etree._Element) -> None:
    strong: list[tuple[int, str]] = []
    for alias in _children(el, "nameAlias"):
        whole = _attr(alias, "wholeName")
        parts = [_attr(alias, a) for a in ("firstName", "middleName", "lastName")]
        whole = whole or " ".join(p for p in parts if p) or None
        if whole is None:
            continue
        remarks = _remarks(alias)
        weak = alias.get("strong") == "false" or any(_LOW_QUALITY.search(r) for r in remarks)
        add(entity, "notes", [r for r in remarks if not _QUALITY.match(r)])
        if weak:
            add(entity, "weakAlias", whole)
            continue
        add(entity, "firstName", parts[0])
        add(entity, "middleName", parts[1])
        add(entity, "lastName", parts[2])
        titles = _ENUMERATION.split(_attr(alias, "title") or "")
        add(entity, "title", [t.strip(" ,;") for t in titles])
        functions = [f.strip(" ,;") for f in _ENUMERATION.split(_attr(alias, "function") or "")]
        add(entity, "position" if entity.schema.is_a("Person") else "notes", functions)
        add(entity, "gender", _attr(alias, "gender"))
        # Which alias is the primary name is not marked, and the first is often a translation
        # (nameLanguage GA, FR). The one bearing the function, then one split into first and
        # last name, then one in English or no stated language, is the name as listed.
        if alias.get("function"):
            rank = 0
        elif any(parts):
            rank = 1
        elif (alias.get("nameLanguage") or "EN") == "EN":
            rank = 2
        else:
            rank = 3
        strong.append((rank, whole))
    if not strong:
        if not entity.get("weakAlias"):
            raise ParseError(str(path), f"record {entity.id}", "no nameAlias with a name")
        # Only weak names: the first still has to stand as the name.
        strong.append((0, entity.get("weakAlias")[0]))
    name = min(strong, key=lambda pair: pair[0])[1]
    add(entity, "name", name)
    add(entity, "alias", [whole for _, whole in strong if whole != name])


def _birth_dates(node: etree._Element) -> list[str]:
    """birthdate is Gregorian even when calendarType is ISLAMIC; year, monthOfYear, dayOfMonth
    are in calendarType's own calendar, and yearRangeFrom/yearRangeTo give a span."""
    values = parse_dates(_attr(node, "birthdate"))
    if not values and (_attr(node, "calendarType") or "GREGORIAN") == "GREGORIAN":
        year, month, day = (_attr(node, a) for a in ("year", "monthOfYear", "dayOfMonth"))
        if year and year.isdigit():
            text = year
            if month and month.isdigit():
                text += f"-{int(month):02d}"
                if day and day.isdigit():
                    text += f"-{int(day):02d}"
            values.extend(parse_dates(text))
    low, high = _attr(node, "yearRangeFrom"), _attr(node, "yearRangeTo")
    if low and high:
        values.extend(parse_dates(f"{low} to {high}"))
    else:
        values.extend(parse_dates(low) + parse_dates(high))
    return values


def _address(entity: EntityProxy, node: etree._Element) -> None:
    po_box = _attr(node, "poBox")
    parts = [
        _attr(node, "street"),
        f"PO Box {po_box}" if po_box else None,
        _attr(node, "place"),
        _attr(node, "zipCode"),
        _attr(node, "city"),
        _attr(node, "region"),
    ]
    add(entity, "country", _country(node))
    # An address that names only a country adds nothing to `country`.
    if any(parts):
        country = _attr(node, "countryDescription")
        parts.append(country if country != "UNKNOWN" else None)
        add(entity, "address", ", ".join(p for p in parts if p))
    for contact in _children(node, "contactInfo"):
        prop = CONTACTS.get(contact.get("key") or "")
        value = contact.get("value")
        if prop and value:
            add(entity, prop, [v.strip() for v in re.split(r"[;,]", value)])


FORMAT = ListFormat("eu_fsf_xml", detect, parse, fixed("eu_fsf"))
