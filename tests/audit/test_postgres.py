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


APPEND_ONLY = ("audit_log", "alerts", "alert_events", "screening_runs")
# An UPDATE that changes nothing and a DELETE that matches no row are refused too: the trigger
# is per statement.
REWRITES = (
    "UPDATE {table} SET id = id WHERE false",
    "DELETE FROM {table}",
    "TRUNCATE {table} CASCADE",
)
CASES = [
    statement.format(table=table).replace("SET id = id", "SET seq = seq")
    if table == "audit_log"
    else statement.format(table=table)
    for table in APPEND_ONLY
    for statement in REWRITES
]


def assert_append_only(url: str) -> None:
    """Each of the 12 rewrites (3 statements on 4 tables) fails on the database's own trigger."""
    # a plain connection, as a person with database access would use, not the store's
    engine = create_engine(normalise_url(url))
    try:
        for statement in CASES:
            with pytest.raises(DBAPIError, match="append-only"):
                with engine.begin() as conn:
                    conn.execute(text(statement))
    finally:
        engine.dispose()


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


def test_every_rewrite_of_every_append_only_table_is_refused(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        record(store, OFFICER, "test.event", "x", {})
        assert len(CASES) == 12
        assert_append_only(pg_url)
        assert verify_store(store).records == 1
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
