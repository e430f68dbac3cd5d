"""How a run asks the screening library about customers: the whole store, or a few entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from watchlist.model.access import SYSTEM
from watchlist.model.entity import StoredEntity
from watchlist.store.db import Store
from watchlist.workflow.customers import CustomerRecord

if TYPE_CHECKING:
    from watchlist.screening import Screener


@dataclass(frozen=True)
class Match:
    """A hit on a list entry at or above the alert threshold."""

    source: str
    source_id: str
    score: float
    explanation: str


class Matcher(Protocol):
    def match(self, customer: CustomerRecord) -> list[Match]: ...


@runtime_checkable
class BulkMatcher(Matcher, Protocol):
    """A matcher that screens many customers at once (on a cluster), as `match` would each."""

    def match_many(self, customers: Sequence[CustomerRecord]) -> list[list[Match]]: ...


class Matchers(Protocol):
    """Builds matchers for a run; `settings` is recorded with the run to explain it later."""

    def everything(self, store: Store) -> Matcher: ...

    def only(self, store: Store, entities: Sequence[StoredEntity]) -> Matcher: ...

    def settings(self) -> dict[str, object]: ...


class _Screening:
    def __init__(self, screener: Screener, threshold: float | None, limit: int) -> None:
        self.screener = screener
        self.threshold = threshold
        self.limit = limit

    def match(self, customer: CustomerRecord) -> list[Match]:
        query = customer.query()
        # Runs screen as the system: alerts are stored whole, and clearance applies when an
        # analyst reads them.
        hits = self.screener.screen(query, SYSTEM, threshold=self.threshold, limit=self.limit)
        return [
            Match(h.source, h.source_id, float(h.score), h.explanation)
            for h in hits
            if h.source is not None and h.source_id is not None and h.score is not None
        ]


class ScreeningMatchers:
    """The project's screening library (`watchlist.screening.Screener`)."""

    def __init__(self, threshold: float | None = None, limit: int = 10) -> None:
        self.threshold = threshold
        self.limit = limit

    def everything(self, store: Store) -> Matcher:
        from watchlist.screening import Screener

        return _Screening(Screener.from_store(store), self.threshold, self.limit)

    def only(self, store: Store, entities: Sequence[StoredEntity]) -> Matcher:
        from watchlist.screening import Screener

        # With the entries linked to them: a changed UN entry's new alias finds OFAC's too.
        return _Screening(Screener.around(store, entities), self.threshold, self.limit)

    def settings(self) -> dict[str, object]:
        from watchlist import __version__
        from watchlist.screening import DEFAULT_THRESHOLD

        threshold = DEFAULT_THRESHOLD if self.threshold is None else self.threshold
        return {
            "engine": "watchlist.screening",
            "version": __version__,
            "threshold": threshold,
            "limit": self.limit,
        }
