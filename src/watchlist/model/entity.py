"""FollowTheMoney entities as parsers produce them and the store returns them.

FollowTheMoney's model (its schema YAML, a second to read) is loaded only where an entity is
built or exported, not by screening, which reads the store's own `StoredEntity`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

from watchlist.errors import InvalidInput
from watchlist.model.access import Classification

#: The schemata a list entry may have.
SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")

#: The statement property that carries an entity's schema.
SCHEMA_PROP = "$schema"


def new_entity(schema: str, source_id: str) -> EntityProxy:
    """A fresh FtM entity of `schema` whose id is the list's own identifier."""
    if schema not in SCHEMATA:
        raise InvalidInput(
            f"unsupported schema {schema!r}; use one of {', '.join(SCHEMATA)}",
            code="unknown_schema",
            field="schema",
        )
    from followthemoney import model

    entity = model.make_entity(schema)
    entity.id = str(source_id).strip()
    return entity


def add(entity: EntityProxy, prop: str, values: Any) -> None:
    """Add values to a property, skipping empty ones and properties the schema lacks."""
    if values is None:
        return
    if isinstance(values, str | date):
        values = [values]
    for value in values:
        if value is None:
            continue
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        if text:
            entity.add(prop, text, quiet=True, fuzzy=True)


@dataclass
class ParsedList:
    """What a parser read from a list file: its publication date and a stream of entities."""

    entities: Iterable[EntityProxy]
    published: date | None = None
    title: str | None = None


@dataclass
class StoredEntity:
    """An entity as the store holds it at one release, with its source."""

    source: str
    source_id: str
    schema: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    classification: Classification = Classification.PUBLIC

    @property
    def caption(self) -> str:
        return pick_caption(self.properties, self.source_id)

    def to_ftm(self) -> dict[str, Any]:
        """The entity as a FollowTheMoney JSON object."""
        return {
            "id": self.source_id,
            "schema": self.schema,
            "properties": {k: sorted(v) for k, v in sorted(self.properties.items())},
            "datasets": [self.source],
        }

    def proxy(self) -> EntityProxy:
        from followthemoney import model

        return model.get_proxy(self.to_ftm(), cleaned=True)


def pick_caption(properties: dict[str, list[str]], fallback: str) -> str:
    """The fullest primary name: lists often give a short form beside the full one."""
    for prop in ("name", "alias", "lastName"):
        values = properties.get(prop)
        if values:
            return max(values, key=lambda v: (len(v), v))
    return fallback


def entity_statements(entity: EntityProxy) -> Iterator[tuple[str, str]]:
    """The (property, value) statements of an entity, its schema first."""
    yield SCHEMA_PROP, entity.schema.name
    for prop, value in entity.itervalues():
        yield prop.name, value
