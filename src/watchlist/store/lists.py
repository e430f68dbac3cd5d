"""Sources (lists) in the store: creation, lookup filtered by clearance, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, and_, func, select

from watchlist.errors import Conflict, InvalidInput, NotFound
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import SCHEMA_PROP
from watchlist.store.tables import releases, sources, statements


@dataclass(frozen=True)
class SourceRow:
    name: str
    title: str
    classification: Classification
    latest_seq: int


@dataclass(frozen=True)
class ListSummary:
    """What `watchlist lists` shows of one source."""

    source: str
    title: str
    classification: str
    releases: int
    entities: int
    last_release: date | None

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "title": self.title,
            "classification": self.classification,
            "releases": self.releases,
            "entities": self.entities,
            "last_release": self.last_release.isoformat() if self.last_release else None,
        }


def valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or not all(c.isalnum() or c in "_-." for c in name):
        raise InvalidInput(f"invalid source name {name!r}: use letters, digits, '_', '-' or '.'")
    return name


def find_source(conn: Connection, actor: Actor, name: str) -> SourceRow:
    """The source `name`, if the actor may read it; otherwise NotFound, whether or not it exists."""
    row = conn.execute(
        select(sources).where(sources.c.name == name, sources.c.rank <= actor.clearance.rank)
    ).first()
    if row is None:
        raise NotFound(f"no list named {name!r}")
    return SourceRow(row.name, row.title, Classification(row.classification), row.latest_seq)


def source_exists(conn: Connection, name: str) -> bool:
    return conn.execute(select(sources.c.name).where(sources.c.name == name)).first() is not None


def create_source(
    conn: Connection, actor: Actor, name: str, title: str, classification: Classification
) -> SourceRow:
    """Add a list; an actor may not create a list classified above its own clearance."""
    name = valid_name(name)
    if not actor.may_read(classification):
        raise InvalidInput(f"cannot create a {classification.value} list above your clearance")
    if source_exists(conn, name):
        raise Conflict(f"a list named {name!r} exists already")
    conn.execute(
        sources.insert().values(
            name=name,
            title=title,
            classification=classification.value,
            rank=classification.rank,
            created_at=datetime.now(UTC),
            latest_seq=0,
        )
    )
    return SourceRow(name, title, classification, 0)


def summaries(conn: Connection, actor: Actor) -> list[ListSummary]:
    """Every list the actor may see, with its release and current entity counts."""
    rel = (
        select(
            releases.c.source,
            func.count().label("n"),
            func.max(releases.c.published).label("last"),
        )
        .group_by(releases.c.source)
        .subquery()
    )
    ent = (
        select(statements.c.source, func.count(statements.c.entity_id.distinct()).label("n"))
        .join(sources, sources.c.name == statements.c.source)
        .where(
            statements.c.prop == SCHEMA_PROP,
            statements.c.last_seq == sources.c.latest_seq,
            sources.c.rank <= actor.clearance.rank,
        )
        .group_by(statements.c.source)
        .subquery()
    )
    query = (
        select(sources, rel.c.n.label("n_rel"), rel.c.last, ent.c.n.label("n_ent"))
        .outerjoin(rel, rel.c.source == sources.c.name)
        .outerjoin(ent, and_(ent.c.source == sources.c.name))
        .where(sources.c.rank <= actor.clearance.rank)
        .order_by(sources.c.name)
    )
    return [
        ListSummary(
            source=row.name,
            title=row.title,
            classification=row.classification,
            releases=row.n_rel or 0,
            entities=row.n_ent or 0,
            last_release=row.last,
        )
        for row in conn.execute(query)
    ]
