"""What a screening call takes and gives: a Query, and Hits with their explanation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """A name to screen, with whatever else is known about its bearer."""

    name: str
    schema: str | None = None
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None


@dataclass(frozen=True)
class Hit:
    """A listed entity the query may be; restricted hits reveal nothing but a reference."""

    source: str | None
    source_id: str | None
    caption: str | None
    schema: str | None
    score: float | None
    explanation: str
    restricted: bool = False
    ref: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "source_id": self.source_id,
            "caption": self.caption,
            "schema": self.schema,
            "score": None if self.score is None else round(self.score, 4),
            "explanation": self.explanation,
            "restricted": self.restricted,
            "ref": self.ref,
        }
