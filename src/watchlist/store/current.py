"""Current list entries read by key, and what changed in a list since a release."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from watchlist.model.access import Classification
from watchlist.model.entity import SCHEMA_PROP, StoredEntity
from watchlist.model.records import EntityKey
from watchlist.store.tables import sources, statements


@dataclass
class ListChanges:
    """Entities of one list listed or amended (current versions) and delisted since a release."""

    source: str
    since_seq: int
    until_seq: int
    current: list[StoredEntity] = field(default_factory=list)
    delisted: list[str] = field(default_factory=list)


def _classifications(conn: Connection) -> dict[str, tuple[Classification, int]]:
    rows = conn.execute(select(sources.c.name, sources.c.classification, sources.c.latest_seq))
    return {r.name: (Classification(r.classification), r.latest_seq) for r in rows}


def _group(
    rows: Iterable[Any], classes: dict[str, tuple[Classification, int]]
) -> dict[EntityKey, StoredEntity]:
    found: dict[EntityKey, StoredEntity] = {}
    for source, entity_id, prop, value in rows:
        key = (source, entity_id)
        entity = found.get(key)
        if entity is None:
            entity = found[key] = StoredEntity(source, entity_id, "", {}, classes[source][0])
        if prop == SCHEMA_PROP:
            entity.schema = value
        else:
            entity.properties.setdefault(prop, []).append(value)
    return {k: e for k, e in found.items() if e.schema}


def changes_since(conn: Connection, source: str, since_seq: int) -> ListChanges:
    """What changed in `source` after release `since_seq` up to its latest release.

    Works on release numbers, not dates, so several releases imported between two runs are
    covered at once and none is skipped.
    """
    classes = _classifications(conn)
    until = classes[source][1]
    result = ListChanges(source, since_seq, until)
    if until <= since_seq:
        return result
    # A statement that began after `since_seq`, or ended before `until`, marks its entity.
    changed = set(
        conn.execute(
            select(statements.c.entity_id)
            .distinct()
            .where(
                statements.c.source == source,
                or_(
                    and_(statements.c.first_seq > since_seq, statements.c.first_seq <= until),
                    and_(statements.c.last_seq >= since_seq, statements.c.last_seq < until),
                ),
            )
        ).scalars()
    )
    if not changed:
        return result
    current = load_current(conn, [(source, e) for e in changed], classes)
    result.current = sorted(current.values(), key=lambda e: e.source_id)
    result.delisted = sorted(changed - {e.source_id for e in result.current})
    return result


def load_current(
    conn: Connection,
    keys: Iterable[EntityKey],
    classes: dict[str, tuple[Classification, int]] | None = None,
) -> dict[EntityKey, StoredEntity]:
    """The latest-release version of each entity named; a delisted one is absent."""
    classes = classes or _classifications(conn)
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, entity_id in set(keys):
        if source in classes:
            by_source[source].append(entity_id)
    found: dict[EntityKey, StoredEntity] = {}
    for source, ids in by_source.items():
        latest = classes[source][1]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = conn.execute(
                select(
                    statements.c.source,
                    statements.c.entity_id,
                    statements.c.prop,
                    statements.c.value,
                )
                .where(
                    statements.c.source == source,
                    statements.c.last_seq == latest,
                    statements.c.entity_id.in_(chunk),
                )
                .order_by(statements.c.entity_id, statements.c.prop, statements.c.value)
            )
            found.update(_group(rows, classes))
    return found
