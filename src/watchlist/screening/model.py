"""What a screening call takes and gives: a Query (or a Pair of names), and Hits with their
features.

Build queries and pairs with `from_fields` or `from_row`: they check every field
(`watchlist.screening.inputs`) and raise InvalidInput naming the field. The plain
constructors trust their caller (values already checked, such as a stored customer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from watchlist.match.features import Feature
from watchlist.screening import inputs

#: Columns of a row (a batch file, a JSON object) and the Query field each one gives.
ROW_FIELDS = {
    "name": "name",
    "schema": "schema",
    "dob": "birth_dates",
    "birth_date": "birth_dates",
    "birth_dates": "birth_dates",
    "country": "countries",
    "countries": "countries",
    "id_number": "identifiers",
    "identifiers": "identifiers",
    "gender": "gender",
}

#: Fields of one value; the others may hold several, separated by ";" in a cell.
SINGLE = frozenset({"name", "schema", "gender"})


def cells(value: Any) -> list[str]:
    """The values of one cell: a list as it is, a string split at ";"."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return str(value).split(";")


@dataclass(frozen=True)
class Query:
    """A name to screen, with whatever else is known about its bearer."""

    name: str
    schema: str | None = None
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None

    @classmethod
    def from_fields(
        cls,
        name: str | None,
        schema: str | None = None,
        birth_dates: Iterable[str] | None = (),
        countries: Iterable[str] | None = (),
        identifiers: Iterable[str] | None = (),
        gender: str | None = None,
    ) -> Query:
        """A query whose every field is checked; InvalidInput names the first bad one."""
        return cls(
            name=inputs.name(name),
            schema=inputs.schema(schema),
            birth_dates=tuple(inputs.birth_date(d) for d in inputs.texts(birth_dates)),
            countries=tuple(inputs.country(c) for c in inputs.texts(countries)),
            identifiers=tuple(inputs.texts(identifiers)),
            gender=inputs.gender(gender),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Query:
        """A query from a row with columns name[, schema, dob, country, id_number, gender]
        (or the fields' own names); several values in one cell are separated by ";"."""
        found: dict[str, list[str]] = {}
        single: dict[str, str] = {}
        for column, value in row.items():
            key = ROW_FIELDS.get((column or "").strip().lower())
            if key in SINGLE:
                single[key] = "" if value is None else str(value)
            elif key is not None:
                found.setdefault(key, []).extend(cells(value))
        return cls.from_fields(
            name=single.get("name"),
            schema=single.get("schema"),
            birth_dates=found.get("birth_dates"),
            countries=found.get("countries"),
            identifiers=found.get("identifiers"),
            gender=single.get("gender"),
        )

    def named(self, name: str) -> Query:
        """The same facts about a bearer under another of its names."""
        return Query(
            name, self.schema, self.birth_dates, self.countries, self.identifiers, self.gender
        )


@dataclass(frozen=True)
class Pair:
    """Two names to compare: does `name2` name the bearer of `name1`?"""

    name1: str
    name2: str
    schema: str | None = None

    @classmethod
    def from_fields(cls, name1: str | None, name2: str | None, schema: str | None = None) -> Pair:
        return cls(inputs.name(name1, "name1"), inputs.name(name2, "name2"), inputs.schema(schema))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Pair:
        return cls.from_fields(row.get("name1"), row.get("name2"), row.get("schema"))

    @property
    def query(self) -> Query:
        return Query(self.name1, self.schema)


def explain(features: Iterable[Feature]) -> str:
    """Features as one text, a line each joined by "; " (the `explanation` of a hit)."""
    return "; ".join(f.render() for f in features)


@dataclass(frozen=True)
class Hit:
    """A listed entity the query may be; restricted hits reveal nothing but a reference.

    `features` are the scored features, the name first; `explanation` is their text.
    """

    source: str | None
    source_id: str | None
    caption: str | None
    schema: str | None
    score: float | None
    features: tuple[Feature, ...]
    restricted: bool = False
    ref: str | None = None

    @property
    def explanation(self) -> str:
        return explain(self.features)
