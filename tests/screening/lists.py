"""Small lists written straight into a store, for screening tests."""

from __future__ import annotations

import hashlib
from datetime import date

from tests.store.releases import store_release
from watchlist.model.access import SYSTEM, Classification
from watchlist.model.entity import SCHEMA_PROP, StoredEntity
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.store.releases import ReleaseContent

PUBLIC = [
    StoredEntity(
        "public_list",
        "P1",
        "Person",
        {"name": ["Georgy Zhukov"], "birthDate": ["1896-12-01"], "passportNumber": ["AB123456"]},
    ),
    StoredEntity("public_list", "P2", "Person", {"name": ["Ayman al-Zawahiri"]}),
    StoredEntity(
        "public_list", "V1", "Vessel", {"name": ["Zhukov Star"], "imoNumber": ["9123456"]}
    ),
]
SECRET = [
    StoredEntity(
        "secret_list", "S1", "Person", {"name": ["Bartholomew Quixley"]}, Classification.SECRET
    )
]


def release(
    store: Store,
    source: str,
    entities: list[StoredEntity],
    published: date = date(2024, 1, 1),
    classification: Classification = Classification.PUBLIC,
) -> None:
    """Store `entities` as a release of `source`, creating the list with its classification."""
    if classification is not Classification.PUBLIC:
        Registry(store, SYSTEM).create_list(source, source, classification)
    statements = set()
    for e in entities:
        statements.add((e.source_id, SCHEMA_PROP, e.schema))
        for prop, values in e.properties.items():
            statements.update((e.source_id, prop, v) for v in values)
    digest = hashlib.sha256(repr(sorted(statements)).encode()).hexdigest()
    content = ReleaseContent(
        source, source, published, digest, "test", "test", frozenset(statements)
    )
    store_release(store, SYSTEM, content)


def fill(store: Store) -> None:
    release(store, "public_list", PUBLIC)
    release(store, "secret_list", SECRET, classification=Classification.SECRET)
