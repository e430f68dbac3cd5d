"""Roles of API users, each allowed what the one below it may do and more."""

from __future__ import annotations

from enum import StrEnum

from watchlist.errors import InvalidInput


class Role(StrEnum):
    """screener < analyst < supervisor < admin."""

    SCREENER = "screener"  # screen, match, search
    ANALYST = "analyst"  # + alerts, decisions, entities, registry reads
    SUPERVISOR = "supervisor"  # + four-eyes confirmation, audit
    ADMIN = "admin"  # + users, keys, lists, imports

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        """Whether a user of this role may do what `needed` may."""
        return self.rank >= needed.rank

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise InvalidInput(
                f"unknown role {value!r}; use one of {names}", code="unknown_value", field="role"
            ) from None


_RANKS = {Role.SCREENER: 0, Role.ANALYST: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}
