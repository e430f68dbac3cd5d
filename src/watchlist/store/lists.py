"""Sources (lists) in the store: creation, lookup filtered by clearance, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Connection, and_, func, select

from watchlist.errors import AccessDenied, Conflict, InvalidInput, NotFound
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import SCHEMA_PROP
from watchlist.model.results import ListResult
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

    def result(self) -> ListResult:
        return ListResult(
            source=self.source,
            title=self.title,
            classification=self.classification,
            releases=self.releases,
            entities=self.entities,
            last_release=self.last_release,
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


def valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or not all(c.isalnum() or c in "_-." for c in name):
        raise InvalidInput(
            f"invalid source name {name!r}: use letters, digits, '_', '-' or '.'", field="source"
        )
    return name


def readable(actor: Actor) -> ColumnElement[bool]:
    """The lists the actor may know of: those classified at or below its clearance."""
    return sources.c.rank <= actor.clearance.rank


def readable_names(conn: Connection, actor: Actor) -> set[str]:
    """The names of the lists the actor may know of."""
    return set(conn.execute(select(sources.c.name).where(readable(actor))).scalars())


def find_source(conn: Connection, actor: Actor, name: str) -> SourceRow:
    """The source `name`, if the actor may read it; otherwise NotFound, whether or not it exists."""
    row = conn.execute(select(sources).where(sources.c.name == name, readable(actor))).first()
    if row is None:
        raise NotFound(f"no list named {name!r}")
    return SourceRow(row.name, row.title, Classification(row.classification), row.latest_seq)


def source_exists(conn: Connection, name: str) -> bool:
    return conn.execute(select(sources.c.name).where(sources.c.name == name)).first() is not None


CREATOR = Classification.SECRET
#: The one answer to anyone else who would create a list, whatever the name and the store hold.
CREATE_REFUSED = (
    f"creating a list needs {CREATOR.value} clearance, the highest: below it, which lists "
    "exist is not yours to learn"
)


def require_creator(actor: Actor) -> None:
    """Refuse list creation to an actor not cleared for every list: a name that clashed with a
    hidden list would otherwise tell them it exists."""
    if not actor.cleared_for_all:
        raise AccessDenied(CREATE_REFUSED)


def import_target(conn: Connection, actor: Actor, name: str) -> SourceRow | None:
    """The list an import writes to, or None when the import is to create it.

    An actor who may not create lists gets the same refusal for a hidden list as for a missing
    one, so the answer never depends on what is above their clearance.
    """
    try:
        return find_source(conn, actor, name)
    except NotFound:
        if not actor.cleared_for_all:
            raise AccessDenied(f"no list named {name!r} to import into; {CREATE_REFUSED}") from None
        return None


def create_source(
    conn: Connection, actor: Actor, name: str, title: str, classification: Classification
) -> SourceRow:
    """Add a list; only an actor cleared for every classification may (`require_creator`)."""
    name = valid_name(name)
    require_creator(actor)
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
            readable(actor),
        )
        .group_by(statements.c.source)
        .subquery()
    )
    query = (
        select(sources, rel.c.n.label("n_rel"), rel.c.last, ent.c.n.label("n_ent"))
        .outerjoin(rel, rel.c.source == sources.c.name)
        .outerjoin(ent, and_(ent.c.source == sources.c.name))
        .where(readable(actor))
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
