"""The screening index of one worker: loaded at start-up, replaced when a new release lands.

A request takes the `Loaded` in force when it starts and keeps it to the end, so a reload never
changes the index under a request in flight; each answer names the releases it used.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from watchlist.api.errors import NotReady
from watchlist.index.cache import cached_index, version_key
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityRecord
from watchlist.screening import Screener
from watchlist.store.db import Store
from watchlist.store.tables import releases, sources

log = logging.getLogger("watchlist.api")


@dataclass(frozen=True)
class ReleaseUsed:
    source: str
    classification: Classification
    seq: int
    published: date

    def to_dict(self) -> dict[str, object]:
        return {"release": self.seq, "published": self.published.isoformat()}


def current_releases(conn: Connection) -> tuple[ReleaseUsed, ...]:
    rows = conn.execute(
        select(sources.c.name, sources.c.classification, releases.c.seq, releases.c.published)
        .join(releases, releases.c.source == sources.c.name)
        .where(releases.c.seq == sources.c.latest_seq)
        .order_by(sources.c.name)
    )
    return tuple(ReleaseUsed(r[0], Classification(r[1]), r[2], r[3]) for r in rows)


@dataclass
class Loaded:
    """One generation of the index with the releases it was built from."""

    screener: Screener
    key: str
    releases: tuple[ReleaseUsed, ...]
    entities: OrderedDict[tuple[str, str], tuple[StoredEntity, dict[str, Any]]] = field(
        default_factory=OrderedDict
    )
    _records: dict[tuple[str, str], EntityRecord] | None = None

    def records(self) -> dict[tuple[str, str], EntityRecord]:
        """The index's entities by (list, id), in list order; built at the first ask."""
        found = self._records
        if found is None:
            found = {(e.source, e.source_id): e for e in self.screener.index.entities}
            self._records = found
        return found

    def releases_for(self, actor: Actor) -> dict[str, dict[str, object]]:
        """The release of each list the actor may see (others are not named)."""
        return {r.source: r.to_dict() for r in self.releases if actor.may_read(r.classification)}

    def visible_sources(self, actor: Actor) -> list[str]:
        return [r.source for r in self.releases if actor.may_read(r.classification)]

    def most_sensitive(self, names: Iterable[str]) -> Classification:
        """The highest classification among the lists named (public for none)."""
        level = Classification.PUBLIC
        for name in names:
            cls = self.classification(name)
            if cls.rank > level.rank:
                level = cls
        return level

    def classification(self, source: str) -> Classification:
        for r in self.releases:
            if r.source == source:
                return r.classification
        return Classification.SECRET


class ScreeningIndex:
    """Holds the current `Loaded`; a daemon thread loads it and polls for new releases."""

    def __init__(self, store: Store, refresh_seconds: float, reference_key: bytes) -> None:
        self.store = store
        self.reference_key = reference_key
        self.refresh_seconds = refresh_seconds
        self._loaded: Loaded | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        return self._loaded is not None

    def current(self) -> Loaded:
        loaded = self._loaded
        if loaded is None:
            raise NotReady()
        return loaded

    def load(self) -> Loaded:
        """Read the store's current releases and their index (from the cache when it is fresh)."""
        while True:
            with self.store.read() as conn:
                key = version_key(conn)
                used = current_releases(conn)
            index = cached_index(self.store)
            with self.store.read() as conn:
                if version_key(conn) == key:
                    loaded = Loaded(Screener(index, self.reference_key), key, used)
                    self._loaded = loaded
                    return loaded

    def refresh(self) -> bool:
        """Load a new index if a release landed since the last load; True if it did."""
        with self.store.read() as conn:
            key = version_key(conn)
        if self._loaded is not None and self._loaded.key == key:
            return False
        self.load()
        return True

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="screening-index", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.refresh():
                    log.info("screening index loaded: %s", self._loaded and self._loaded.key)
                self.error = None
            except Exception as exc:  # the database away: keep serving the index we have
                self.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                log.warning("screening index not refreshed: %s", self.error)
            self._stop.wait(self.refresh_seconds)
