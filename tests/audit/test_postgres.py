"""On PostgreSQL the database itself refuses to rewrite history: UPDATE, DELETE and TRUNCATE on
the audit log, alerts, alert events and runs fail with a trigger's error, whoever connects."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from watchlist.audit import record, verify_store
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store
from watchlist.store.dialect import normalise_url

pytestmark = pytest.mark.postgresql

OFFICER = Actor("officer", Classification.SECRET)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 2",
        "TRUNCATE audit_log",
        "UPDATE alerts SET score = 0",
        "DELETE FROM alert_events",
        "TRUNCATE screening_runs CASCADE",
    ],
)
def test_history_cannot_be_rewritten(pg_url: str, statement: str) -> None:
    store = Store.open(pg_url)
    try:
        for n in range(3):
            record(store, OFFICER, "test.event", f"thing:{n}", {"n": n})
        # a plain connection, as a person with database access would use, not the store's
        engine = create_engine(normalise_url(pg_url))
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(statement))
        engine.dispose()
        verdict = verify_store(store)
        assert verdict.ok and verdict.records == 3
    finally:
        store.close()


def test_inserting_still_works(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        record(store, OFFICER, "test.event", "x", {})
        record(store, OFFICER, "test.event", "y", {})
        assert verify_store(store).records == 2
    finally:
        store.close()
