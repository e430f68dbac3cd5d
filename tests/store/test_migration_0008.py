"""Migration 0008: the audit log's hashes lose their unique index, and the trail a store had
before is kept whole (it still verifies, and records follow it)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from watchlist.audit import record, verify_store
from watchlist.model.access import SYSTEM
from watchlist.store.db import Store, alembic_config


def unique_on_hash(store: Store) -> bool:
    with store.read() as conn:
        found = inspect(conn)
        uniques = [u["column_names"] for u in found.get_unique_constraints("audit_log")]
        uniques += [i["column_names"] for i in found.get_indexes("audit_log") if i["unique"]]
    return ["hash"] in uniques


def test_the_audit_hash_loses_its_unique_index_and_the_trail_is_kept(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        assert not unique_on_hash(store)
        with store.begin() as conn:
            command.downgrade(alembic_config(conn), "0007")
        assert unique_on_hash(store)
        for n in range(3):
            record(store, SYSTEM, "test.before", f"s{n}", {"n": n})
        with store.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        assert store.revision() == Store.head_revision()
        assert not unique_on_hash(store)
        record(store, SYSTEM, "test.after", "s3", {"n": 3})
        verdict = verify_store(store)
        assert verdict.ok and verdict.records == 4, verdict
    finally:
        store.close()
