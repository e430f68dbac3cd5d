"""Listed entities in yente's shape, read once per index generation and kept for the next ask."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from watchlist.api.index import Loaded
from watchlist.api.screening import entity_id
from watchlist.model.access import Actor
from watchlist.model.entity import StoredEntity
from watchlist.store import reads
from watchlist.store.db import Store

#: Entities kept per index generation.
KEEP = 20_000

_lock = threading.Lock()


def _iso(day: date | None) -> str | None:
    return f"{day.isoformat()}T00:00:00" if day else None


def lookup(
    loaded: Loaded, store: Store, actor: Actor, source: str, source_id: str
) -> dict[str, Any]:
    """The entity as its list stands now, in yente's EntityResponse shape; NotFound when it is
    not there or on a list the actor may not see (the same answer for both)."""
    key = (source, source_id)
    cached = loaded.entities.get(key)
    if cached is not None and actor.may_read(cached[0].classification):
        return cached[1]
    with store.read() as conn:
        entity, release = reads.get_entity(conn, actor, source, source_id)
        first = reads.first_published(conn, source, source_id)
    data = to_response(entity, first, release.published)
    with _lock:
        loaded.entities[key] = (entity, data)
        while len(loaded.entities) > KEEP:
            loaded.entities.popitem(last=False)
    return data


def to_response(entity: StoredEntity, first: date | None, current: date | None) -> dict[str, Any]:
    return {
        "id": entity_id(entity.source, entity.source_id),
        "caption": entity.caption,
        "schema": entity.schema,
        "properties": {k: sorted(v) for k, v in sorted(entity.properties.items())},
        "datasets": [entity.source],
        "referents": [],
        "target": True,
        "first_seen": _iso(first),
        "last_seen": _iso(current),
        "last_change": _iso(current),
    }
