"""What screening keeps of each listed entity: its names, and the facts features compare.

Shared by the index (which stores records) and the matcher (which compares them), so neither
imports the other for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchlist.model.access import Classification
from watchlist.model.entity import StoredEntity

EntityKey = tuple[str, str]  # (source, source_id)

NAME_PROPS = ("name", "alias", "previousName")
WEAK_NAME_PROPS = ("weakAlias",)
COUNTRY_PROPS = ("nationality", "citizenship", "country", "birthCountry", "jurisdiction")
ID_PROPS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "mmsi",
    "innCode",
    "ogrnCode",
    "swiftBic",
    "vatCode",
    "dunsCode",
    "socialSecurityNumber",
    "serialNumber",
    "callSign",
)
_ID_CLEAN = re.compile(r"[^0-9A-Z]")


def clean_identifier(value: str) -> str:
    """An identifier as compared: letters and digits only, upper case ("A-123 45" = "A12345")."""
    return _ID_CLEAN.sub("", value.upper())


#: The sets of countries decoded records share, and the one empty set (`_decoded`).
_NOTHING: frozenset[str] = frozenset()
_SHARED_SETS: dict[frozenset[str], frozenset[str]] = {_NOTHING: _NOTHING}


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """A listed entity as screening sees it.

    Pickled as its fields (`_decoded`): a packed index decodes its records one by one as
    queries meet them, each set it holds one more object every full sweep of the cycle
    collector walks; decoded records share their sets of countries and their empty sets."""

    source: str
    source_id: str
    schema: str
    caption: str
    classification: Classification
    birth_dates: tuple[str, ...]
    countries: frozenset[str]
    identifiers: frozenset[str]
    gender: str | None

    @classmethod
    def from_stored(cls, entity: StoredEntity) -> EntityRecord:
        props = entity.properties
        ids = {clean_identifier(v) for p in ID_PROPS for v in props.get(p, ())}
        genders = props.get("gender") or []
        return cls(
            source=entity.source,
            source_id=entity.source_id,
            schema=entity.schema,
            caption=entity.caption,
            classification=entity.classification,
            birth_dates=tuple(sorted(set(props.get("birthDate", ())))),
            countries=frozenset(c.lower() for p in COUNTRY_PROPS for c in props.get(p, ())),
            identifiers=frozenset(i for i in ids if len(i) >= 4),
            gender=genders[0] if genders else None,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return _decoded, (
            self.source,
            self.source_id,
            self.schema,
            self.caption,
            self.classification,
            self.birth_dates,
            self.countries,
            self.identifiers,
            self.gender,
        )


def _decoded(
    source: str,
    source_id: str,
    schema: str,
    caption: str,
    classification: Classification,
    birth_dates: tuple[str, ...],
    countries: frozenset[str],
    identifiers: frozenset[str],
    gender: str | None,
) -> EntityRecord:
    """A record unpickled, its sets shared with other decoded records' alike."""
    return EntityRecord(
        source,
        source_id,
        schema,
        caption,
        classification,
        birth_dates,
        _SHARED_SETS.setdefault(countries, countries),
        identifiers or _NOTHING,
        gender,
    )


def entity_names(entity: StoredEntity) -> list[tuple[str, bool]]:
    """(name, weak) for every name of an entity; a split first/last name joined as well."""
    props = entity.properties
    names = [(n, False) for p in NAME_PROPS for n in props.get(p, ())]
    names += [(n, True) for p in WEAK_NAME_PROPS for n in props.get(p, ())]
    first, last = props.get("firstName", []), props.get("lastName", [])
    if first and last and not props.get("name"):
        names.append((f"{first[0]} {last[0]}", False))
    return names
