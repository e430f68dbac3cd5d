"""Features: pure functions of a query and a listed entity, each with a readable explanation.

Each returns a Feature: an adjustment added to the name score (or, for the name, the score
itself), what of the query and of the entry it compared, and a sentence an analyst can read.
Each feature is declared once (`FACT_FEATURES` here, the name in `match.score.FEATURES`) with
the weights it uses and a description, as nomenklatura declares `Feature(func, weight)`. The
weights live in WEIGHTS, as data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from watchlist.match.dates import compare_dates
from watchlist.match.weights import WEIGHTS
from watchlist.model.records import EntityRecord
from watchlist.model.schemata import SCHEMA_KINDS

if TYPE_CHECKING:
    from watchlist.match.score import PreparedQuery

_RANK = {"exact": 5, "swapped": 4, "month": 3, "year": 2, "near": 1, "differ": 0, "unknown": -1}


@dataclass(frozen=True)
class Feature:
    """One feature's contribution to a score, what it compared, and why.

    `query` holds what of the query was compared (a spelling of the name, birth dates,
    countries...) and `listed` what of the listed entry it was compared with.
    """

    name: str
    value: float
    explanation: str
    query: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    #: For the name, the share of the query's weight its best alignment explains.
    cover: float = 1.0

    def render(self) -> str:
        """The feature as one line of text: the sentence and its value."""
        value = f"{self.value:.2f}" if self.name == "name" else f"{self.value:+.2f}"
        return f"{self.explanation} [{value}]"


@dataclass(frozen=True)
class FeatureSpec:
    """A feature as declared: its name, the weights (keys of WEIGHTS) it may add, what it
    means, and the function comparing a prepared query with an entry (None for the name,
    which `match.score.name_score` scores over every spelling)."""

    name: str
    weights: tuple[str, ...]
    description: str
    compare: Callable[[PreparedQuery, EntityRecord], Feature | None] | None = None


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
    if best == "differ":
        compared = tuple(query_dates), tuple(entity.birth_dates)
    else:
        compared = (q,), (c,)
    return Feature("birth_date", value, f"birth date: {text}", *compared)


def country(query_countries: tuple[str, ...], entity: EntityRecord) -> Feature | None:
    """Whether the query's countries are among the entity's nationalities and addresses."""
    if not query_countries or not entity.countries:
        return None
    shared = sorted(set(query_countries) & entity.countries)
    listed = tuple(sorted(entity.countries))
    if shared:
        return Feature(
            "country",
            WEIGHTS["country_match"],
            f"country: {', '.join(shared)}",
            tuple(shared),
            tuple(shared),
        )
    return Feature(
        "country",
        WEIGHTS["country_mismatch"],
        f"country: listed {', '.join(listed)}, not query's",
        tuple(query_countries),
        listed,
    )


def identifier(query_ids: tuple[str, ...], entity: EntityRecord) -> Feature | None:
    """An identifier number in common is strong evidence; only different ones count against."""
    if not query_ids or not entity.identifiers:
        return None
    shared = sorted(set(query_ids) & entity.identifiers)
    if shared:
        return Feature(
            "identifier",
            WEIGHTS["id_match"],
            f"identifier {shared[0]} matches",
            (shared[0],),
            (shared[0],),
        )
    return Feature(
        "identifier",
        WEIGHTS["id_mismatch"],
        "identifier: listed numbers differ",
        tuple(query_ids),
        tuple(sorted(entity.identifiers)),
    )


def gender(query_gender: str | None, entity: EntityRecord) -> Feature | None:
    """A different gender counts against."""
    if not query_gender or not entity.gender or query_gender == entity.gender:
        return None
    return Feature(
        "gender",
        WEIGHTS["gender_mismatch"],
        f"gender: listed {entity.gender}",
        (query_gender,),
        (entity.gender,),
    )


#: The features beside the name, in the order they are scored and explained.
FACT_FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "birth_date",
        ("dob_exact", "dob_swapped", "dob_month", "dob_year", "dob_near", "dob_differ"),
        "Best agreement between the query's and the entry's birth dates: the same day, day "
        "and month swapped, the same month or year, a year apart, or different.",
        lambda q, e: birth_date(q.birth_dates, e),
    ),
    FeatureSpec(
        "country",
        ("country_match", "country_mismatch"),
        "Whether the query's countries are among the entry's nationalities and addresses.",
        lambda q, e: country(q.countries, e),
    ),
    FeatureSpec(
        "identifier",
        ("id_match", "id_mismatch"),
        "An identifier number (passport, registration, IMO) in common is strong evidence; "
        "only different ones count against.",
        lambda q, e: identifier(q.identifiers, e),
    ),
    FeatureSpec(
        "gender",
        ("gender_mismatch",),
        "A gender different from the listed one counts against.",
        lambda q, e: gender(q.gender, e),
    ),
)


def schema_compatible(query_schema: str | None, entity_schema: str, born: bool = False) -> bool:
    """A Person query does not hit a Vessel; LegalEntity may be a person or an organisation.

    A query with a birth date (`born`) is about a person whatever its schema says.
    """
    if born and not query_schema:
        query_schema = "Person"
    if not query_schema:
        return True
    q, c = SCHEMA_KINDS.get(query_schema, "any"), SCHEMA_KINDS.get(entity_schema, "any")
    if q == c:
        return True
    if "any" in (q, c):
        return {q, c} <= {"any", "person", "org"}
    return False
