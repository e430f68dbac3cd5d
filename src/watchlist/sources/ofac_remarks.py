"""OFAC's Remarks text and labelled identifiers, read into FollowTheMoney properties.

Shared by the CSV importer (the Remarks column) and the XML importer (`remarks`, `idList`), as
are the titles OFAC gives its two lists.
"""

from __future__ import annotations

import re

from watchlist.sources.dates import parse_date, parse_dates

#: OFAC's own names for the lists either format may carry, by dataset.
TITLES = {
    "us_ofac_sdn": "OFAC Specially Designated Nationals (SDN) List",
    "us_ofac_cons": "OFAC Consolidated (non-SDN) List",
}

#: One (property, value) pair read from a remark; `add` skips properties a schema lacks.
Fact = tuple[str, str]

# The label OFAC writes before an identifier, lower-cased, and the property it fills. The same
# labels are the `idType` values of the XML `idList`. Labels not here stay in notes.
IDENTIFIER_LABELS: dict[str, str] = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "national id no.": "idNumber",
    "cedula no.": "idNumber",
    "d.n.i.": "idNumber",
    "identification number": "idNumber",
    "personal id card": "idNumber",
    "electoral registry no.": "idNumber",
    "driver's license no.": "idNumber",
    "national foreign id number": "idNumber",
    "residency number": "idNumber",
    "curp #": "idNumber",
    "cartilla de servicio militar nacional": "idNumber",
    "ssn": "socialSecurityNumber",
    "tax id no.": "taxNumber",
    "nit #": "taxNumber",
    "ruc #": "taxNumber",
    "rif #": "taxNumber",
    "r.f.c.": "taxNumber",
    "c.u.i.t.": "taxNumber",
    "italian fiscal code": "taxNumber",
    "v.a.t. number": "vatCode",
    "registration number": "registrationNumber",
    "registration id": "registrationNumber",
    "company number": "registrationNumber",
    "commercial registry number": "registrationNumber",
    "business registration number": "registrationNumber",
    "business registration document #": "registrationNumber",
    "public registration number": "registrationNumber",
    "folio mercantil no.": "registrationNumber",
    "matricula mercantil no": "registrationNumber",
    "c.r. no.": "registrationNumber",
    "trade license no.": "registrationNumber",
    "chamber of commerce number": "registrationNumber",
    "government gazette number": "registrationNumber",
    "unified social credit code (uscc)": "registrationNumber",
    "legal entity number": "registrationNumber",
    "d-u-n-s number": "dunsCode",
    "swift/bic": "swiftBic",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "email address": "email",
    "website": "website",
    "aircraft tail number": "registrationNumber",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft model": "model",
    "former vessel flag": "pastFlags",
    "nationality of registration": "jurisdiction",
}

# Labels whose value is a date, kept as an ISO prefix.
DATE_LABELS: dict[str, str] = {
    "organization established date": "incorporationDate",
    "aircraft manufacture date": "buildDate",
    "vessel year of build": "buildDate",
}

# Longest first, so that a label never shadows a longer one that starts with it.
_LABELS = sorted([*IDENTIFIER_LABELS, *DATE_LABELS, "gender"], key=len, reverse=True)

# OFAC writes an identifier as `NUMBER (Country) issued DATE expires DATE`; the country and the
# issue and expiry dates are not part of the number.
_ID_TAIL = re.compile(r"(?:\s+\(([^()]*)\))?(?:\s+issued\s+.*?)?(?:\s+expires\s+.*)?$", re.I)
_IMO = re.compile(r"^IMO\s*\d{7}$", re.I)
_ALT = re.compile(r"^alt\.\s+", re.I)
# Remarks name aliases as `a.k.a. 'NAME'`. Since OFAC moved weak AKAs out of alt.csv, the
# a.k.a. clauses left in the CSV Remarks are the ones the XML marks `category` weak.
_AKA = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.),?\s+['\"](.+)['\"]$", re.I)
_AKA_PROPS = {"a.k.a.": "weakAlias", "f.k.a.": "previousName", "n.k.a.": "alias"}
_LINKED = re.compile(r"\((Linked To:[^()]*(?:\([^()]*\)[^()]*)*)\)")
_PERSONAL = re.compile(r"^(DOB|POB|nationality|citizen|Title)\s+(.+)$", re.I)
_PERSONAL_PROPS = {
    "pob": "birthPlace",
    "nationality": "nationality",
    "citizen": "citizenship",
    "title": "position",
}


def birth_dates(text: str) -> list[str]:
    """Dates of birth as OFAC writes them, as ISO prefixes; [] when not a date.

    Beyond `parse_dates`, reads OFAC's full-date ranges: `01 Jan 1973 to 31 Dec 1975` gives
    each year, `01 Feb 1960 to 29 Feb 1960` the month, `Mar 1962 to Feb 1963` both years.
    """
    m = re.fullmatch(r"(.+?)\s+to\s+(.+)", text.strip(), re.I)
    if m:
        start, end = parse_date(m.group(1)), parse_date(m.group(2))
        if start and end:
            if start == end:
                return [start]
            if len(start) >= 7 and start[:7] == end[:7]:
                return [start[:7]]
            return parse_dates(f"{start[:4]} to {end[:4]}")
    return parse_dates(text)


def labelled(label: str, value: str, country: str | None = None) -> list[Fact]:
    """Facts from one labelled value: an XML `id` (idType, idNumber, idCountry) or a clause."""
    key = label.strip().rstrip(":").strip().lower()
    value = value.strip()
    if not value:
        return []
    if key == "gender":
        return [("gender", value.lower())]
    if key in DATE_LABELS:
        found = birth_dates(value)
        return [(DATE_LABELS[key], d) for d in found] or [("notes", f"{label} {value}")]
    # OFAC gives a company's IMO number under `Identification Number` or `Company Number`.
    if _IMO.match(value):
        return [("imoNumber", value)]
    prop = IDENTIFIER_LABELS.get(key)
    if prop is None:
        where = f" ({country})" if country else ""
        return [("notes", f"{label.strip()} {value}{where}")]
    return [(prop, value)]


def parse_clause(clause: str) -> list[Fact]:
    """Facts from one remark clause, or the clause itself as a note when it is not understood."""
    text = clause.strip()
    if not text:
        return []
    body = _ALT.sub("", text)
    m = _AKA.match(body)
    if m:
        return [(_AKA_PROPS[m.group(1).lower()], m.group(2).strip())]
    # Labels first: `Nationality of Registration` is not a `nationality` clause.
    lowered = body.lower()
    for label in _LABELS:
        if lowered.startswith(label + " "):
            rest = body[len(label) + 1 :].strip()
            tail = _ID_TAIL.search(rest)
            number = rest[: tail.start()].strip() if tail and label in IDENTIFIER_LABELS else rest
            if not number:
                break
            return labelled(body[: len(label)], number)
    m = _PERSONAL.match(body)
    if m:
        kind, value = m.group(1).lower(), m.group(2).strip()
        if kind == "dob":
            found = birth_dates(value)
            return [("birthDate", d) for d in found] or [("notes", text)]
        return [(_PERSONAL_PROPS[kind], value)]
    # `Linked To:`, sanctions notices, digital currency addresses and the like; without the
    # `alt.` prefix, as the XML idList writes them.
    return [("notes", body)]


def parse_remarks(text: str | None) -> list[Fact]:
    """Facts from a whole Remarks text: clauses separated by `;`, the last ending in `.`."""
    if not text:
        return []
    # The XML `remarks` write links in parentheses after the text, with no `;` before them:
    # `For more information ... #directives. (Linked To: VTB BANK (PJSC))`.
    linked = [m.group(1) for m in _LINKED.finditer(text)]
    body = _LINKED.sub("", text).strip()
    if body.endswith("."):
        body = body[:-1]
    facts: list[Fact] = []
    for clause in [*body.split(";"), *linked]:
        facts.extend(parse_clause(clause))
    return facts
