"""Classifications of lists and the actors who read them, with their clearance."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Classification(StrEnum):
    """How sensitive a list is, from public to secret; ordered by `rank`."""

    PUBLIC = "public"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @classmethod
    def parse(cls, value: str) -> Classification:
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(c.value for c in cls)
            from watchlist.errors import InvalidInput

            raise InvalidInput(
                f"unknown classification {value!r}; use one of {names}",
                code="unknown_value",
                field="classification",
            ) from None


_RANKS = {
    Classification.PUBLIC: 0,
    Classification.RESTRICTED: 1,
    Classification.CONFIDENTIAL: 2,
    Classification.SECRET: 3,
}


@dataclass(frozen=True)
class Actor:
    """Who is reading: a CLI operator, an API user or a UI user, with a clearance.

    Checked once, when built: every action is recorded under a name, so an actor has one.
    """

    name: str
    clearance: Classification = Classification.PUBLIC

    def __post_init__(self) -> None:
        if not self.name.strip():
            from watchlist.errors import InvalidInput

            raise InvalidInput(
                "who acts needs a name, not an empty one", code="required", field="actor"
            )

    def may_read(self, classification: Classification) -> bool:
        return self.clearance.rank >= classification.rank

    @property
    def cleared_for_all(self) -> bool:
        """Cleared for every classification there is, so no list is hidden from this actor.

        What only such an actor may do (create a list, export the whole audit log) is refused
        to everyone else whatever the store holds: a refusal that depended on the lists above
        someone's clearance would tell them those lists exist.
        """
        return self.clearance.rank == max(_RANKS.values())


SYSTEM = Actor("system", Classification.SECRET)
