"""Features: pure functions of a query and a listed entity, each with a readable explanation.

Each returns a Feature: an adjustment added to the name score (or, for the name, the score
itself) and a line an analyst can read. The weights live in WEIGHTS, as data.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchlist.index.records import EntityRecord
from watchlist.match.dates import compare_dates
from watchlist.match.weights import WEIGHTS

_RANK = {"exact": 5, "swapped": 4, "month": 3, "year": 2, "near": 1, "differ": 0, "unknown": -1}


@dataclass(frozen=True)
class Feature:
    """One feature's contribution to a score, and why."""

    name: str
    value: float
    explanation: str


def birth_date(query_dates: tuple[str, ...], entity: EntityRecord) -> Feature | None:
    """Best agreement between the query's and the entity's birth dates."""
    if not query_dates or not entity.birth_dates:
        return None
    best, pair = "unknown", ("", "")
    for q in query_dates:
        for c in entity.birth_dates:
            kind = compare_dates(q, c)
            if _RANK[kind] > _RANK[best]:
                best, pair = kind, (q, c)
    if best == "unknown":
        return None
    value = WEIGHTS[f"dob_{best}"]
    q, c = pair
    text = {
        "exact": f"born {c}, as the query",
        "swapped": f"born {c}, the query's {q} with day and month swapped",
        "month": f"born {c}, same month as the query's {q}",
        "year": f"born {c}, same year as the query's {q}",
        "near": f"born {c}, a year from the query's {q}",
        "differ": f"born {', '.join(entity.birth_dates)}, not {', '.join(query_dates)}",
    }[best]
    return Feature("birth_date", value, f"birth date: {text}")


def country(query_countries: tuple[str, ...], entity: EntityRecord) -> Feature | None:
    """Whether the query's countries are among the entity's nationalities and addresses."""
    if not query_countries or not entity.countries:
        return None
    shared = sorted(set(query_countries) & entity.countries)
    if shared:
        return Feature("country", WEIGHTS["country_match"], f"country: {', '.join(shared)}")
    listed = ", ".join(sorted(entity.countries))
    return Feature("country", WEIGHTS["country_mismatch"], f"country: listed {listed}, not query's")


def identifier(query_ids: tuple[str, ...], entity: EntityRecord) -> Feature | None:
    """An identifier number in common is strong evidence; only different ones count against."""
    if not query_ids or not entity.identifiers:
        return None
    shared = sorted(set(query_ids) & entity.identifiers)
    if shared:
        return Feature("identifier", WEIGHTS["id_match"], f"identifier {shared[0]} matches")
    return Feature("identifier", WEIGHTS["id_mismatch"], "identifier: listed numbers differ")


def gender(query_gender: str | None, entity: EntityRecord) -> Feature | None:
    """A different gender counts against."""
    if not query_gender or not entity.gender or query_gender == entity.gender:
        return None
    return Feature("gender", WEIGHTS["gender_mismatch"], f"gender: listed {entity.gender}")


_KINDS = {
    "Person": "person",
    "Organization": "org",
    "Company": "org",
    "LegalEntity": "any",
    "Vessel": "vessel",
    "Airplane": "airplane",
}


def schema_compatible(query_schema: str | None, entity_schema: str, born: bool = False) -> bool:
    """A Person query does not hit a Vessel; LegalEntity may be a person or an organisation.

    A query with a birth date (`born`) is about a person whatever its schema says.
    """
    if born and not query_schema:
        query_schema = "Person"
    if not query_schema:
        return True
    q, c = _KINDS.get(query_schema, "any"), _KINDS.get(entity_schema, "any")
    if q == c:
        return True
    if "any" in (q, c):
        return {q, c} <= {"any", "person", "org"}
    return False
