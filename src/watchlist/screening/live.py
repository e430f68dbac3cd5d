"""A long-lived screener over a store, swapped for a new one when a release lands.

A caller takes the `Loaded` generation in force when it starts and keeps it to the end, so a
reload never changes the index under work in flight; each generation names the releases it was
built from, so every answer can say which release of each list it used.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from watchlist.index.cache import cached_index, version_key
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityRecord
from watchlist.screening.screener import Screener
from watchlist.store.db import Store
from watchlist.store.releases import CurrentRelease, current_releases

__all__ = ["CurrentRelease", "LiveScreener", "Loaded"]


@dataclass
class Loaded:
    """One generation of the index with the releases it was built from."""

    screener: Screener
    key: str
    releases: tuple[CurrentRelease, ...]
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


class LiveScreener:
    """The current `Loaded` of a store: loaded at the first ask, reloaded when the store's
    version moves (a release imported by anyone: this process, the CLI, another server).

    `get()` checks the store's version at most every `recheck_seconds`; `refresh()` checks now.
    Safe to share between threads: one reload at a time, readers never wait for it.
    """

    def __init__(
        self,
        store: Store,
        reference_key: bytes,
        recheck_seconds: float = 1.0,
        *,
        warm: bool = False,
    ) -> None:
        """`warm`: make each generation ready when it loads (`Screener.warm`: the whole index
        decoded, every name table loaded), for a process that screens for long; otherwise
        entries are decoded and tables loaded as queries reach them."""
        self.store = store
        self.warm = warm
        self.reference_key = reference_key
        self.recheck_seconds = recheck_seconds
        self._loaded: Loaded | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    @property
    def loaded(self) -> Loaded | None:
        """The generation in force, or None before the first load."""
        return self._loaded

    def get(self) -> Loaded:
        """The generation in force, reloaded first if the store moved since the last check."""
        loaded = self._loaded
        if loaded is None or time.monotonic() - self._checked >= self.recheck_seconds:
            self.refresh()
            loaded = self._loaded
        assert loaded is not None
        return loaded

    def refresh(self) -> bool:
        """Load a new generation if a release landed since the last load; True if it did."""
        with self.store.read() as conn:
            key = version_key(conn)
        self._checked = time.monotonic()
        if self._loaded is not None and self._loaded.key == key:
            return False
        with self._lock:
            if self._loaded is not None and self._loaded.key == key:
                return False  # another thread loaded it meanwhile
            self._load()
        return True

    def _load(self) -> Loaded:
        """The store's current releases and their index, read as of one version of the store
        (read again if a release landed between the two reads)."""
        while True:
            with self.store.read() as conn:
                key = version_key(conn)
                used = current_releases(conn)
            screener = Screener(cached_index(self.store), self.reference_key)
            if self.warm:
                screener.warm()
            with self.store.read() as conn:
                if version_key(conn) == key:
                    loaded = Loaded(screener, key, used)
                    self._loaded = loaded
                    return loaded
