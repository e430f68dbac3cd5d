"""Writing a release: one transaction that extends, closes and opens statement intervals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import Connection, select, update

from watchlist.errors import Conflict
from watchlist.model.access import Actor, Classification
from watchlist.model.results import ImportResult, ReleaseUsed
from watchlist.store.lists import SourceRow, create_source, import_target, readable
from watchlist.store.tables import releases, sources, statements

Key = tuple[str, str, str]  # (entity_id, prop, value)
T = TypeVar("T")
CHUNK = 5000


@dataclass(frozen=True)
class ReleaseContent:
    """A parsed release ready to store."""

    source: str
    title: str
    published: date
    content_hash: str
    files: str
    format: str
    statements: frozenset[Key]
    #: whether `published` came from the file or the caller, not from today's date
    dated: bool = True

    @property
    def entity_count(self) -> int:
        return len({k[0] for k in self.statements})


@dataclass(frozen=True)
class CurrentRelease:
    """The latest release of one list, as an answer names the releases it used."""

    source: str
    classification: Classification
    seq: int
    published: date

    def result(self) -> ReleaseUsed:
        return ReleaseUsed(release=self.seq, published=self.published)

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


def current_releases(conn: Connection) -> tuple[CurrentRelease, ...]:
    """The latest release of every list, by list name (for the system: callers filter)."""
    rows = conn.execute(
        select(sources.c.name, sources.c.classification, releases.c.seq, releases.c.published)
        .join(releases, releases.c.source == sources.c.name)
        .where(releases.c.seq == sources.c.latest_seq)
        .order_by(sources.c.name)
    )
    return tuple(CurrentRelease(r[0], Classification(r[1]), r[2], r[3]) for r in rows)


@dataclass(frozen=True)
class ReleaseInfo:
    """What an import did: a new release, or nothing because the content was known."""

    source: str
    seq: int
    published: date
    unchanged: bool
    entities: int
    added: int = 0
    removed: int = 0

    def result(self) -> ImportResult:
        return ImportResult(
            source=self.source,
            release=self.seq,
            published=self.published,
            unchanged=self.unchanged,
            entities=self.entities,
            statements_added=self.added,
            statements_ended=self.removed,
            summary=self.summary,
        )

    @property
    def summary(self) -> str:
        if self.unchanged:
            return f"{self.source}: unchanged (release {self.seq} has this content)"
        return (
            f"{self.source}: release {self.seq} of {self.published.isoformat()}, "
            f"{self.entities} entities, {self.added} statements added, {self.removed} ended"
        )


def _release_rows(conn: Connection, source: str) -> list[tuple[int, date, str]]:
    rows = conn.execute(
        select(releases.c.seq, releases.c.published, releases.c.content_hash)
        .where(releases.c.source == source)
        .order_by(releases.c.seq)
    )
    return [(r.seq, r.published, r.content_hash) for r in rows]


def latest_release(conn: Connection, source: str) -> tuple[int, str] | None:
    """The (seq, content hash) of a list's latest release, whatever the reader's clearance."""
    row = conn.execute(
        select(releases.c.seq, releases.c.content_hash)
        .where(releases.c.source == source)
        .order_by(releases.c.seq.desc())
        .limit(1)
    ).first()
    return (row.seq, row.content_hash) if row else None


def find_release_by_hash(
    conn: Connection, actor: Actor, source: str, digest: str
) -> ReleaseInfo | None:
    """The latest release of `source`, if it has this content and the actor may see it."""
    row = conn.execute(
        select(releases.c.seq, releases.c.published, releases.c.entities)
        .join(sources, sources.c.name == releases.c.source)
        .where(
            releases.c.source == source,
            releases.c.seq == sources.c.latest_seq,
            releases.c.content_hash == digest,
            readable(actor),
        )
    ).first()
    if row is None:
        return None
    return ReleaseInfo(source, row.seq, row.published, True, row.entities)


def _writable_source(conn: Connection, actor: Actor, content: ReleaseContent) -> SourceRow:
    target = import_target(conn, actor, content.source)
    if target is not None:
        return target
    return create_source(conn, actor, content.source, content.title, Classification.PUBLIC)


def concurrent_import(source: str) -> Conflict:
    """The error of an import that lost a race with another import of the same list."""
    return Conflict(
        f"{source}: another import of this list ran at the same time; "
        "nothing was changed, try again",
        code="concurrent_change",
    )


def write_release(conn: Connection, actor: Actor, content: ReleaseContent) -> ReleaseInfo:
    """Store `content` as the next release of its source, in the caller's transaction (which
    also writes its audit record: the import and its record commit together or not at all).
    """
    src = _writable_source(conn, actor, content)
    history = _release_rows(conn, src.name)
    if history and history[-1][2] == content.content_hash:
        seq, published, _ = history[-1]
        return ReleaseInfo(src.name, seq, published, True, content.entity_count)
    earlier = [(seq, day) for seq, day, digest in history if digest == content.content_hash]
    if earlier and (not content.dated or content.published <= history[-1][1]):
        # An old file imported again, unless a later date says the list returned to it.
        seq, day = earlier[-1]
        return ReleaseInfo(src.name, seq, day, True, content.entity_count)
    prev = src.latest_seq
    if history and content.published < history[-1][1]:
        raise Conflict(
            f"{src.name}: release dated {content.published.isoformat()} is older than the latest "
            f"release ({history[-1][1].isoformat()}); import releases in date order"
        )
    seq = prev + 1
    moved = conn.execute(
        update(sources)
        .where(sources.c.name == src.name, sources.c.latest_seq == prev)
        .values(latest_seq=seq)
    )
    if moved.rowcount != 1:
        raise Conflict(
            f"{src.name}: another import added a release meanwhile; try again",
            code="concurrent_change",
        )
    conn.execute(
        releases.insert().values(
            source=src.name,
            seq=seq,
            published=content.published,
            imported_at=datetime.now(UTC),
            content_hash=content.content_hash,
            files=content.files,
            format=content.format,
            entities=content.entity_count,
            statements=len(content.statements),
        )
    )
    current: dict[Key, int] = {}
    if prev:
        rows = conn.execute(
            select(
                statements.c.id, statements.c.entity_id, statements.c.prop, statements.c.value
            ).where(statements.c.source == src.name, statements.c.last_seq == prev)
        )
        current = {(r.entity_id, r.prop, r.value): r.id for r in rows}
        # Extend every current statement, then close those the new release no longer has.
        conn.execute(
            update(statements)
            .where(statements.c.source == src.name, statements.c.last_seq == prev)
            .values(last_seq=seq)
        )
    ended = [sid for key, sid in current.items() if key not in content.statements]
    for ids in _chunks(ended):
        conn.execute(update(statements).where(statements.c.id.in_(ids)).values(last_seq=prev))
    new = [k for k in content.statements if k not in current]
    new.sort()
    for chunk in _chunks(new):
        conn.execute(
            statements.insert(),
            [
                {
                    "source": src.name,
                    "entity_id": e,
                    "prop": p,
                    "value": v,
                    "first_seq": seq,
                    "last_seq": seq,
                }
                for e, p, v in chunk
            ],
        )
    return ReleaseInfo(
        src.name, seq, content.published, False, content.entity_count, len(new), len(ended)
    )


def _chunks(items: Iterable[T]) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch
