"""The library's one face: every capability of watchlist, as one actor uses it.

    from watchlist import Watchlist

    with Watchlist.open(settings) as watchlist:
        analyst = watchlist.for_actor(Actor("ana", Classification.CONFIDENTIAL))
        analyst.import_lists([Path("sdn.csv")])
        hits = analyst.screen(Query.from_fields(name="Pavel Karpov", birth_dates=["1977"]))

`Watchlist` holds the store, the settings and one long-lived screener, swapped for a new one
when a release lands (whoever imported it: this process, the CLI, another server). `for_actor`
gives every capability as one actor: each read filtered by the actor's clearance, each change
audited under the actor's name. The CLI's commands, the API's routes and the web UI's pages are
each one call here; the Spark engine screens with the same screener's index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from watchlist.errors import WatchlistError
from watchlist.model.access import Actor, Classification
from watchlist.screening.live import LiveScreener, Loaded
from watchlist.screening.model import Hit, Query
from watchlist.screening.refs import reference_key
from watchlist.settings import Settings
from watchlist.store.db import Store

# What screening does not use is imported where it is used: a CLI call that screens one name
# does not load the registry, the workflow, the audit, the updater or the users.
if TYPE_CHECKING:
    from watchlist.audit.verify import Anchor, Verdict
    from watchlist.auth.users import Users
    from watchlist.fetch.update import UpdateReport
    from watchlist.match.features import Feature
    from watchlist.registry.service import Diff, EntityView, Registry
    from watchlist.store.lists import ListSummary
    from watchlist.store.reads import HistoryEvent, ReleaseRef
    from watchlist.store.releases import ReleaseInfo
    from watchlist.workflow import Workflow
    from watchlist.workflow.alerts import AlertView, Decision, Status
    from watchlist.workflow.customers import Customer, PortfolioImport
    from watchlist.workflow.matching import Matchers
    from watchlist.workflow.runs import RunReport

__all__ = ["ActorWatchlist", "Screening", "Watchlist"]

#: What a caller is told when asking a server for screening before its index is loaded.
LOADING = "the screening index is loading; retry in a few seconds"


@dataclass(frozen=True)
class Screening:
    """One generation of the index as one actor screens against it: every answer taken from
    one `Screening` comes from the same releases, which `releases()` names."""

    loaded: Loaded
    actor: Actor

    def screen(self, query: Query, threshold: float | None = None, limit: int = 10) -> list[Hit]:
        """Ranked hits for one query; entries above the actor's clearance come back
        restricted."""
        return self.loaded.screener.screen(query, self.actor, threshold, limit)

    def compare(self, query: Query, name: str) -> tuple[float, Feature]:
        """Score and name feature of `name` as a name of the query's bearer."""
        return self.loaded.screener.compare(query, name)

    def releases(self) -> dict[str, dict[str, object]]:
        """The release of each list the actor may see that the answers came from."""
        return self.loaded.releases_for(self.actor)


class Watchlist:
    """A watchlist installation: its store, its settings and its live screener."""

    def __init__(self, store: Store, settings: Settings, *, serving: bool = False) -> None:
        """`serving`: a server, whose own thread keeps the screener fresh (a read takes the
        generation in force and never waits for a load) and which decodes each generation's
        whole index when it loads, where a CLI call decodes only the entries it meets."""
        self.store = store
        self.settings = settings
        self.serving = serving
        self._live: LiveScreener | None = None

    @classmethod
    def open(cls, settings: Settings, *, serving: bool = False) -> Watchlist:
        """The installation `settings` describe, its store opened (and migrated if new)."""
        return cls(Store.open(settings=settings), settings, serving=serving)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Watchlist:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def live(self) -> LiveScreener:
        """The long-lived screener, made at the first ask (its reference key read then)."""
        if self._live is None:
            key = reference_key(self.store, self.settings)
            self._live = LiveScreener(self.store, key, warm=self.serving)
        return self._live

    def current(self) -> Loaded:
        """The screener in force with the releases it was built from; reloaded if a release
        landed since (a server's: as it stands, and an error coded `not_ready` before the first
        load)."""
        if not self.serving:
            return self.live.get()
        loaded = self.live.loaded
        if loaded is None:
            raise WatchlistError(LOADING, code="not_ready")
        return loaded

    def for_actor(self, actor: Actor) -> ActorWatchlist:
        """Every capability as `actor` uses it."""
        return ActorWatchlist(self, actor)

    def operator(self) -> ActorWatchlist:
        """As the local operator the settings name (the CLI's actor)."""
        return self.for_actor(Actor(self.settings.operator, self.settings.clearance))


class ActorWatchlist:
    """Every capability of one installation as one actor uses it."""

    def __init__(self, watchlist: Watchlist, actor: Actor) -> None:
        self.watchlist = watchlist
        self.actor = actor

    @cached_property
    def registry(self) -> Registry:
        """The lists and their releases, as this actor reads and changes them."""
        from watchlist.registry.service import Registry

        return Registry(self.watchlist.store, self.actor)

    @cached_property
    def users(self) -> Users:
        """API users and keys, as this actor (an operator, an admin) manages them."""
        from watchlist.auth.users import Users

        return Users(self.watchlist.store, self.actor)

    @property
    def store(self) -> Store:
        return self.watchlist.store

    def _workflow(self, matchers: Matchers | None = None) -> Workflow:
        from watchlist.workflow import Workflow

        return Workflow(self.store, self.actor, matchers, self.watchlist.settings.alert_threshold)

    # Screening --------------------------------------------------------------------------------

    def screening(self) -> Screening:
        """The generation in force, held for several answers that must name one set of
        releases (a request of a batch, of several names)."""
        return Screening(self.watchlist.current(), self.actor)

    def screen(self, query: Query, threshold: float | None = None, limit: int = 10) -> list[Hit]:
        """Ranked hits for one query; entries above the actor's clearance come back restricted."""
        return self.screening().screen(query, threshold, limit)

    def screen_many(
        self,
        queries: Iterable[tuple[str, Query]],
        threshold: float | None = None,
        limit: int = 10,
        workers: int | None = None,
    ) -> Iterator[tuple[str, list[Hit]]]:
        """(query id, hits) for each query, in input order, on `workers` processes."""
        screener = self.watchlist.current().screener
        from watchlist.screening.batch import screen_many

        return screen_many(screener, queries, self.actor, threshold, limit, workers)

    def compare(self, pairs: Path, threshold: float | None = None) -> Iterator[dict[str, str]]:
        """Each row of a pairs CSV with its score, match and explanation."""
        from watchlist.screening.compare import compare_pairs

        return compare_pairs(self.watchlist.current().screener, pairs, threshold)

    # Registry ---------------------------------------------------------------------------------

    def import_lists(
        self,
        paths: Sequence[Path],
        source: str | None = None,
        published: date | None = None,
        origin: str | None = None,
    ) -> list[ReleaseInfo]:
        """Import list files as releases, each with its audit record in one transaction;
        `origin` is where the record says they came from (default: their paths)."""
        return self.registry.import_files(paths, source, published, origin)

    def create_list(self, name: str, title: str, classification: Classification) -> None:
        """An authority's own list, empty until its first import."""
        self.registry.create_list(name, title, classification)

    def lists(self) -> list[ListSummary]:
        return self.registry.lists()

    def releases(self, source: str) -> list[ReleaseRef]:
        """Every release of a list, oldest first."""
        return self.registry.releases(source)

    def entity(self, source: str, entity_id: str, as_of: date | None = None) -> EntityView:
        return self.registry.show(source, entity_id, as_of)

    def history(self, source: str, entity_id: str) -> list[HistoryEvent]:
        return self.registry.history(source, entity_id)

    def diff(self, source: str, since: date | None = None, until: date | None = None) -> Diff:
        return self.registry.diff(source, since, until)

    def export(self, source: str, as_of: date | None = None) -> Iterator[dict[str, Any]]:
        """The list as FollowTheMoney JSON objects, as it stood on `as_of` (default today)."""
        return self.registry.export(source, as_of)

    # Workflow ---------------------------------------------------------------------------------

    def import_customers(self, path: Path) -> PortfolioImport:
        return self._workflow().import_customers(path)

    def import_customer_records(
        self, rows: Iterable[Mapping[str, Any]], origin: str = "records"
    ) -> PortfolioImport:
        return self._workflow().import_customer_records(rows, origin)

    def rescreen(self, full: bool = False, matchers: Matchers | None = None) -> RunReport:
        """One screening run of the portfolio (what changed, or everything with `full`), at
        the settings' alert threshold; `matchers` screen elsewhere (on Spark)."""
        return self._workflow(matchers).rescreen(full=full)

    def customer(self, customer_id: str) -> list[Customer]:
        """Every version of a customer, oldest first (NotFound for an unknown id)."""
        with self.store.read() as conn:
            from watchlist.workflow.reads import customer_versions

            return customer_versions(conn, customer_id)

    def run(self, run_id: int) -> dict[str, Any]:
        """What a run screened and did; releases of lists above the actor's clearance unnamed."""
        with self.store.read() as conn:
            from watchlist.workflow.reads import run_record

            return run_record(conn, self.actor, run_id)

    def alerts(
        self, status: Status | None = None, customer_id: str | None = None
    ) -> list[AlertView]:
        return self._workflow().alerts(status, customer_id)

    def alert(self, alert_id: int) -> AlertView:
        return self._workflow().alert(alert_id)

    def decide(self, alert_id: int, decision: Decision, reason: str) -> AlertView:
        return self._workflow().decide(alert_id, decision, reason)

    def assign(self, alert_ids: Sequence[int], assignee: str) -> list[int]:
        """Assign alerts to an existing user (NotFound for another); the ids assigned."""
        self.users.get(assignee)
        from watchlist.workflow.alerts import assign

        return assign(self.store, self.actor, alert_ids, assignee)

    def update(self, only: Sequence[str] = ()) -> UpdateReport:
        """Fetch the official lists from their publishers (`only` these), import what changed,
        then screen the portfolio against the changes."""
        from watchlist.fetch.update import update

        return update(self.store, self.actor, only, self.watchlist.settings)

    # Users ------------------------------------------------------------------------------------

    def set_password(self, user: str, password: str) -> None:
        """A user's web UI password (the [ui] extra: argon2), audited."""
        from watchlist.auth.passwords import set_password

        set_password(self.store, self.actor, user, password)

    # Audit ------------------------------------------------------------------------------------

    def verify_audit(self, anchors: Sequence[Anchor] = ()) -> Verdict:
        from watchlist.audit.events import verify_store

        return verify_store(self.store, anchors)

    def export_audit(self) -> Iterator[dict[str, object]]:
        """The audit trail as JSON objects (secret clearance); the export is audited first."""
        from watchlist.audit.events import export_store

        return export_store(self.store, self.actor)
