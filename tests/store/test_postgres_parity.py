"""The same releases stored in SQLite and in PostgreSQL read back the same, order included.

The test server sorts text like a production database (ICU en-US: case and punctuation count
less than letters), while SQLite compares bytes; identifiers such as "a-1", "A2" and "a_0" tell
the two apart wherever the store lets the database decide an order that users see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.store.releases import store_release
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.store import reads
from watchlist.store.db import Store
from watchlist.store.dialect import byte_order
from watchlist.store.releases import Key, ReleaseContent
from watchlist.store.tables import statements

pytestmark = pytest.mark.postgresql

OFFICER = Actor("officer", Classification.SECRET)
IDS = ["a-1", "a1", "A2", "a_0", "B", "b", "Émile", "z"]
VALUES = ["Karpov", "karpov", "KARPOV, Pavel", "Karpow", "Карпов", "Kárpov", "_x", "-y"]


def release(day: str, ids: list[str], extra: str = "") -> ReleaseContent:
    keys: set[Key] = set()
    for i, eid in enumerate(ids):
        keys.add((eid, "$schema", "Person"))
        for value in VALUES[: 2 + i % 6]:
            keys.add((eid, "name", value + extra))
        keys.add((eid, "alias", VALUES[i % len(VALUES)]))
    digest = hashlib.sha256(repr(sorted(keys)).encode()).hexdigest()
    return ReleaseContent(
        "mixed", "Mixed", date.fromisoformat(day), digest, "m.csv", "test", frozenset(keys)
    )


RELEASES = [
    release("2024-01-01", IDS),
    release("2024-02-01", IDS[1:], extra=" Jr"),
]


@pytest.fixture
def both(tmp_path: Path, pg_url: str) -> Iterator[dict[str, Store]]:
    stores = {"sqlite": Store.open(f"sqlite:///{tmp_path}/p.db"), "postgresql": Store.open(pg_url)}
    try:
        for store in stores.values():
            for content in RELEASES:
                store_release(store, OFFICER, content)
        yield stores
    finally:
        for store in stores.values():
            store.close()


def entities(items: Any) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    return [(e.source_id, e.schema, list(e.properties.items())) for e in items]


def test_history_diff_and_show_agree(both: dict[str, Store]) -> None:
    def views(store: Store) -> dict[str, Any]:
        registry = Registry(store, OFFICER)
        return {
            "lists": [s.to_dict() for s in registry.lists()],
            "diff": registry.diff("mixed").to_dict(),
            "history": {eid: [e.to_dict() for e in registry.history("mixed", eid)] for eid in IDS},
            "show": registry.show("mixed", "a-1", date(2024, 1, 15)).to_dict(),
        }

    assert views(both["sqlite"]) == views(both["postgresql"])


def test_byte_order_sorts_like_python_on_both(both: dict[str, Store]) -> None:
    def ordered(store: Store, column: Any) -> list[str]:
        query = select(statements.c.entity_id).order_by(column)
        with store.read() as conn:
            return list(dict.fromkeys(conn.execute(query).scalars()))

    expected = sorted(IDS)
    for store in both.values():
        assert ordered(store, byte_order(statements.c.entity_id)) == expected
    # what byte_order is for: the plain column sorts otherwise on a PostgreSQL database whose
    # collation is linguistic (the test databases' ICU en-US, when the server has ICU)
    assert ordered(both["sqlite"], statements.c.entity_id) == expected
    with both["postgresql"].read() as conn:
        linguistic = conn.exec_driver_sql("SELECT 'a_0' < 'A2'").scalar()
    if not linguistic:
        pytest.skip(
            "the PostgreSQL server has no ICU: the test database sorts bytewise, so it cannot "
            "show what byte_order is for (byte order itself was checked above)"
        )
    assert ordered(both["postgresql"], statements.c.entity_id) != expected


def test_entity_reads_come_back_in_the_same_order(both: dict[str, Store]) -> None:
    def read(store: Store) -> dict[str, Any]:
        with store.read() as conn:
            return {
                "as_of": entities(reads.entities_at(conn, OFFICER, "mixed", date(2024, 1, 1))),
                "latest": entities(reads.entities_at(conn, OFFICER, "mixed")),
                "current": entities(reads.current_entities(conn, OFFICER)),
            }

    assert read(both["sqlite"]) == read(both["postgresql"])


def test_entity_reads_hold_the_same_content(both: dict[str, Store]) -> None:
    """Whatever the order, both backends return the same entities with the same values."""

    def content(store: Store) -> dict[str, Any]:
        with store.read() as conn:
            found = {}
            for e in reads.current_entities(conn, OFFICER):
                found[e.source_id] = {p: sorted(v) for p, v in e.properties.items()}
            return found

    sqlite, postgresql = content(both["sqlite"]), content(both["postgresql"])
    assert sqlite == postgresql
    assert sorted(sqlite) == sorted(IDS[1:])
