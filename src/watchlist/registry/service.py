"""The registry's library entry points, each read filtered by the acting user's clearance."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from watchlist.audit.actions import AuditAction
from watchlist.audit.events import record
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.model.results import DiffResult, EntityResult
from watchlist.registry.imports import import_files
from watchlist.store import reads
from watchlist.store.db import Store
from watchlist.store.lists import ListSummary, create_source, summaries
from watchlist.store.reads import ChangeKind
from watchlist.store.releases import ReleaseInfo


@dataclass(frozen=True)
class EntityView:
    """An entity as a list stood on a date, with the release it comes from."""

    entity: StoredEntity
    release: reads.ReleaseRef

    def result(self) -> EntityResult:
        return EntityResult(
            source=self.entity.source,
            source_id=self.entity.source_id,
            schema=self.entity.schema,
            caption=self.entity.caption,
            release=self.release.seq,
            release_date=self.release.published,
            properties={k: sorted(v) for k, v in sorted(self.entity.properties.items())},
        )

    def to_dict(self) -> dict[str, Any]:
        return self.result().data()


@dataclass(frozen=True)
class Diff:
    source: str
    old: reads.ReleaseRef | None
    new: reads.ReleaseRef
    changes: list[reads.Change]

    def result(self) -> DiffResult:
        return DiffResult(
            source=self.source,
            **{"from": self.old.published if self.old else None},
            to=self.new.published,
            listed=sum(c.kind is ChangeKind.LISTED for c in self.changes),
            amended=sum(c.kind is ChangeKind.AMENDED for c in self.changes),
            delisted=sum(c.kind is ChangeKind.DELISTED for c in self.changes),
            changes=[c.result() for c in self.changes],
        )

    def to_dict(self) -> dict[str, Any]:
        return self.result().data()


class Registry:
    """Lists, releases and entities, as one actor may see them."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    def import_files(
        self,
        paths: Sequence[Path],
        source: str | None = None,
        published: date | None = None,
        origin: str | None = None,
    ) -> list[ReleaseInfo]:
        """Import list files as releases, each with its audit record in one transaction;
        `origin` is where the audit record says they came from (default: their paths)."""
        return import_files(self.store, self.actor, paths, source, published, origin)

    def create_list(self, name: str, title: str, classification: Classification) -> None:
        with self.store.begin() as conn:
            create_source(conn, self.actor, name, title, classification)
        detail: dict[str, object] = {"title": title, "classification": classification.value}
        record(
            self.store, self.actor, AuditAction.LIST_CREATE, f"list:{name}", detail, classification
        )

    def lists(self) -> list[ListSummary]:
        with self.store.read() as conn:
            return summaries(conn, self.actor)

    def releases(self, source: str) -> list[reads.ReleaseRef]:
        """Every release of a list, oldest first."""
        with self.store.read() as conn:
            return reads.releases_of(conn, self.actor, source)

    def show(self, source: str, entity_id: str, as_of: date | None = None) -> EntityView:
        with self.store.read() as conn:
            entity, release = reads.get_entity(conn, self.actor, source, entity_id, as_of)
            return EntityView(entity, release)

    def history(self, source: str, entity_id: str) -> list[reads.HistoryEvent]:
        with self.store.read() as conn:
            return reads.history(conn, self.actor, source, entity_id)

    def diff(self, source: str, since: date | None = None, until: date | None = None) -> Diff:
        with self.store.read() as conn:
            old, new, changes = reads.diff(conn, self.actor, source, since, until)
            return Diff(source, old, new, changes)

    def export(self, source: str, as_of: date | None = None) -> Iterator[dict[str, Any]]:
        """The list as FollowTheMoney JSON objects."""
        with self.store.read() as conn:
            for entity in reads.entities_at(conn, self.actor, source, as_of):
                yield entity.to_ftm()
