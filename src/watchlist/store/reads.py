"""Reading the store as of a release: entities, history, diffs, exports; filtered by clearance."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, and_, func, not_, or_, select

from watchlist.errors import NotFound
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import SCHEMA_PROP, StoredEntity, pick_caption
from watchlist.model.results import ChangeResult, HistoryResult, ReleaseUsed
from watchlist.store.dialect import byte_order
from watchlist.store.lists import SourceRow, find_source, readable
from watchlist.store.tables import releases, sources, statements


@dataclass(frozen=True)
class ReleaseRef:
    seq: int
    published: date

    def result(self) -> ReleaseUsed:
        return ReleaseUsed(release=self.seq, published=self.published)


def releases_of(conn: Connection, actor: Actor, source: str) -> list[ReleaseRef]:
    """Every release of a list the actor may read (NotFound for one they may not, as for a
    missing one)."""
    return release_list(conn, find_source(conn, actor, source).name)


def first_published(conn: Connection, source: str, source_id: str) -> date | None:
    """The date of the release that first listed an entry (for the system: callers check the
    reader's clearance first, as `get_entity` does)."""
    first = conn.execute(
        select(func.min(statements.c.first_seq)).where(
            statements.c.source == source, statements.c.entity_id == source_id
        )
    ).scalar()
    if first is None:
        return None
    published: date | None = conn.execute(
        select(releases.c.published).where(releases.c.source == source, releases.c.seq == first)
    ).scalar()
    return published


def release_list(conn: Connection, source: str) -> list[ReleaseRef]:
    rows = conn.execute(
        select(releases.c.seq, releases.c.published)
        .where(releases.c.source == source)
        .order_by(releases.c.seq)
    )
    return [ReleaseRef(r.seq, r.published) for r in rows]


def release_at(conn: Connection, src: SourceRow, as_of: date | None) -> ReleaseRef:
    """The release current on `as_of` (the latest when None)."""
    rels = release_list(conn, src.name)
    if as_of is not None:
        rels = [r for r in rels if r.published <= as_of]
    if not rels:
        when = f" on or before {as_of.isoformat()}" if as_of else ""
        raise NotFound(f"list {src.name!r} has no release{when}")
    return rels[-1]


def _covers(seq: int) -> ColumnElement[bool]:
    return and_(statements.c.first_seq <= seq, statements.c.last_seq >= seq)


def _group(
    rows: Iterable[tuple[str, str, str, str]], classification: Classification
) -> Iterator[StoredEntity]:
    """Statements ordered by (source, entity) grouped into entities."""
    current: StoredEntity | None = None
    for source, entity_id, prop, value in rows:
        if current is None or current.source != source or current.source_id != entity_id:
            if current is not None and current.schema:
                yield current
            current = StoredEntity(source, entity_id, "", {}, classification)
        if prop == SCHEMA_PROP:
            current.schema = value
        else:
            current.properties.setdefault(prop, []).append(value)
    if current is not None and current.schema:
        yield current


def get_entity(
    conn: Connection, actor: Actor, source: str, entity_id: str, as_of: date | None = None
) -> tuple[StoredEntity, ReleaseRef]:
    """An entity as its list stood on `as_of`."""
    src = find_source(conn, actor, source)
    rel = release_at(conn, src, as_of)
    rows = conn.execute(
        select(statements.c.source, statements.c.entity_id, statements.c.prop, statements.c.value)
        .where(
            statements.c.source == src.name,
            statements.c.entity_id == entity_id,
            _covers(rel.seq),
        )
        .order_by(byte_order(statements.c.prop), byte_order(statements.c.value))
    )
    found = list(_group(((r[0], r[1], r[2], r[3]) for r in rows), src.classification))
    if not found:
        when = f" on {as_of.isoformat()}" if as_of else ""
        raise NotFound(
            f"no entry {source}:{entity_id} in the list{when}", record=f"{source}:{entity_id}"
        )
    return found[0], rel


class ChangeKind(StrEnum):
    """How an entry changed between two releases."""

    LISTED = "listed"
    AMENDED = "amended"
    DELISTED = "delisted"


@dataclass
class Change:
    """One entity's difference between two releases."""

    source_id: str
    kind: ChangeKind
    caption: str
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)

    def result(self) -> ChangeResult:
        return ChangeResult(
            source_id=self.source_id,
            change=self.kind.value,
            caption=self.caption,
            added=self.added,
            removed=self.removed,
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


@dataclass
class HistoryEvent:
    """A release in which an entity was listed, amended or delisted."""

    seq: int
    published: date
    change: Change

    def result(self) -> HistoryResult:
        return HistoryResult(
            release=self.seq,
            date=self.published,
            source_id=self.change.source_id,
            change=self.change.kind.value,
            caption=self.change.caption,
            added=self.change.added,
            removed=self.change.removed,
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


def _change(entity_id: str, before: set[tuple[str, str]], after: set[tuple[str, str]]) -> Change:
    if not before:
        kind = ChangeKind.LISTED
    else:
        kind = ChangeKind.DELISTED if not after else ChangeKind.AMENDED
    change = Change(entity_id, kind, "")
    for prop, value in sorted(after - before):
        if prop != SCHEMA_PROP or before:
            change.added.setdefault(prop, []).append(value)
    for prop, value in sorted(before - after):
        if prop != SCHEMA_PROP or after:
            change.removed.setdefault(prop, []).append(value)
    names: dict[str, list[str]] = defaultdict(list)
    for prop, value in after or before:
        names[prop].append(value)
    change.caption = pick_caption(names, entity_id)
    return change


def history(conn: Connection, actor: Actor, source: str, entity_id: str) -> list[HistoryEvent]:
    """Every release in which the entity's statements changed, oldest first."""
    src = find_source(conn, actor, source)
    rows = list(
        conn.execute(
            select(
                statements.c.prop, statements.c.value, statements.c.first_seq, statements.c.last_seq
            ).where(statements.c.source == src.name, statements.c.entity_id == entity_id)
        )
    )
    if not rows:
        raise NotFound(f"no entry {source}:{entity_id} in the list", record=f"{source}:{entity_id}")
    rels = {r.seq: r for r in release_list(conn, src.name)}
    points = sorted({r.first_seq for r in rows} | {r.last_seq + 1 for r in rows})
    events: list[HistoryEvent] = []
    before: set[tuple[str, str]] = set()
    for seq in points:
        if seq not in rels:
            continue
        after = {(r.prop, r.value) for r in rows if r.first_seq <= seq <= r.last_seq}
        if after != before:
            events.append(HistoryEvent(seq, rels[seq].published, _change(entity_id, before, after)))
        before = after
    return events


def diff(
    conn: Connection,
    actor: Actor,
    source: str,
    since: date | None = None,
    until: date | None = None,
) -> tuple[ReleaseRef | None, ReleaseRef, list[Change]]:
    """Entities added, removed and amended between the releases current on two dates.

    Without `since`, compares with the release before the `until` release.
    """
    src = find_source(conn, actor, source)
    new = release_at(conn, src, until)
    old: ReleaseRef | None
    if since is None:
        earlier = [r for r in release_list(conn, src.name) if r.seq < new.seq]
        old = earlier[-1] if earlier else None
    else:
        try:
            old = release_at(conn, src, since)
        except NotFound:
            old = None
    a = old.seq if old else 0
    b = new.seq
    in_a = _covers(a)
    in_b = _covers(b)
    rows = conn.execute(
        select(statements.c.entity_id, statements.c.prop, statements.c.value, in_a, in_b).where(
            statements.c.source == src.name,
            or_(in_a, in_b),
            not_(and_(in_a, in_b)),
        )
    )
    changed: dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]]]] = defaultdict(
        lambda: (set(), set())
    )
    for entity_id, prop, value, at_a, _at_b in rows:
        changed[entity_id][0 if at_a else 1].add((prop, value))
    if not changed:
        return old, new, []
    # An entity with unchanged statements on both sides still existed on both sides.
    unchanged = conn.execute(
        select(statements.c.entity_id, statements.c.prop, statements.c.value).where(
            statements.c.source == src.name,
            statements.c.entity_id.in_(list(changed)),
            in_a,
            in_b,
        )
    )
    common: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entity_id, prop, value in unchanged:
        common[entity_id].add((prop, value))
    changes = []
    for entity_id in sorted(changed):
        only_a, only_b = changed[entity_id]
        both = common.get(entity_id, set())
        changes.append(_change(entity_id, only_a | both, only_b | both))
    return old, new, changes


def entities_at(
    conn: Connection, actor: Actor, source: str, as_of: date | None = None
) -> Iterator[StoredEntity]:
    """Every entity of a list as it stood on `as_of` (latest when None)."""
    src = find_source(conn, actor, source)
    rel = release_at(conn, src, as_of)
    rows = conn.execute(
        select(statements.c.source, statements.c.entity_id, statements.c.prop, statements.c.value)
        .where(statements.c.source == src.name, _covers(rel.seq))
        .order_by(
            byte_order(statements.c.entity_id),
            byte_order(statements.c.prop),
            byte_order(statements.c.value),
        )
    )
    yield from _group(((r[0], r[1], r[2], r[3]) for r in rows), src.classification)


def current_entities(conn: Connection, actor: Actor | None = None) -> Iterator[StoredEntity]:
    """Every entity in the latest release of every list (the actor's lists only, if given)."""
    query = (
        select(
            statements.c.source,
            statements.c.entity_id,
            statements.c.prop,
            statements.c.value,
            sources.c.classification,
        )
        .join(sources, sources.c.name == statements.c.source)
        .where(statements.c.last_seq == sources.c.latest_seq)
        # the same order on every backend, so screening builds the same index from either
        .order_by(
            byte_order(statements.c.source),
            byte_order(statements.c.entity_id),
            byte_order(statements.c.prop),
            byte_order(statements.c.value),
        )
    )
    if actor is not None:
        query = query.where(readable(actor))
    classes: dict[str, Classification] = {}
    rows = []
    for source, entity_id, prop, value, cls in conn.execute(query):
        classes.setdefault(source, Classification(cls))
        rows.append((source, entity_id, prop, value))
    by_source: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for row in rows:
        by_source[row[0]].append(row)
    for source, source_rows in by_source.items():
        yield from _group(source_rows, classes[source])


def store_version(conn: Connection) -> tuple[tuple[str, int], ...]:
    """Which release of each list is current: a key for caches built from the store."""
    rows = conn.execute(select(sources.c.name, sources.c.latest_seq).order_by(sources.c.name))
    return tuple((r.name, r.latest_seq) for r in rows)


def version_key(conn: Connection, *extra: str) -> str:
    """A digest of which release of each list is current, their classifications and `extra`.

    The current releases' content hashes and import times are in it too: a database deleted and
    made again at the same URL numbers its releases from 1 again, with other content. `extra`
    lets a cache add what else its files depend on (an index format).
    """
    classes = conn.execute(
        select(sources.c.name, sources.c.classification).order_by(sources.c.name)
    )
    current = conn.execute(
        select(releases.c.source, releases.c.content_hash, releases.c.imported_at)
        .join(sources, sources.c.name == releases.c.source)
        .where(releases.c.seq == sources.c.latest_seq)
        .order_by(releases.c.source)
    )
    parts = [
        *extra,
        repr(store_version(conn)),
        repr([tuple(r) for r in classes]),
        repr([(r[0], r[1], str(r[2])) for r in current]),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def source_classifications(conn: Connection) -> dict[str, Classification]:
    """The classification of every list, by name."""
    rows = conn.execute(select(sources.c.name, sources.c.classification))
    return {r.name: Classification(r.classification) for r in rows}
