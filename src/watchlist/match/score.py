"""A query scored against one listed entity: the name, then every other feature, explained."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from watchlist.index.records import EntityRecord
from watchlist.match.features import Feature, birth_date, country, gender, identifier
from watchlist.match.names import align
from watchlist.match.weights import WEIGHTS
from watchlist.names.forms import NameForm


@dataclass(frozen=True)
class PreparedQuery:
    """A query's name forms with token weights, and its other facts cleaned."""

    forms: tuple[NameForm, ...]
    weights: tuple[tuple[float, ...], ...]
    schema: str | None
    birth_dates: tuple[str, ...]
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]
    gender: str | None


def name_score(
    query: PreparedQuery,
    candidates: Sequence[tuple[NameForm, bool, Sequence[float]]],
) -> Feature:
    """The best match between any spelling of the query and any name of the entity."""
    best = Feature("name", 0.0, "name: no match")
    floor = WEIGHTS["candidate_floor"]
    for form, weak, cweights in candidates:
        for qform, qweights in zip(query.forms, query.weights, strict=True):
            abjad = qform.abjad or form.abjad
            al = align(qform.tokens, form.tokens, qweights, cweights, abjad)
            if not al.pairs:
                continue
            score = al.query_cover ** WEIGHTS["query_power"] * (
                floor + (1 - floor) * al.candidate_cover
            )
            info = al.matched_weight / WEIGHTS["min_information"]
            if info < 1.0:
                lo = WEIGHTS["information_floor"]
                score *= lo + (1 - lo) * info
            if weak:
                score *= WEIGHTS["weak_alias"]
            if score > best.value:
                kind = "weak alias" if weak else "name"
                text = (
                    f"{kind}: {' '.join(form.tokens)} ({al.describe(qform.tokens, form.tokens)}; "
                    f"{al.query_cover:.0%} of the query, {al.candidate_cover:.0%} of the name)"
                )
                best = Feature("name", score, text)
    return best


def other_features(query: PreparedQuery, entity: EntityRecord) -> list[Feature]:
    found = [
        birth_date(query.birth_dates, entity),
        country(query.countries, entity),
        identifier(query.identifiers, entity),
        gender(query.gender, entity),
    ]
    return [f for f in found if f is not None]


def combine(name: Feature, others: Sequence[Feature]) -> float:
    """The name score moved by each other feature, kept in [0, 1]."""
    return min(1.0, max(0.0, name.value + sum(f.value for f in others)))
