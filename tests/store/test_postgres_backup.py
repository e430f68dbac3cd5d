"""Backup and restore of a PostgreSQL store with pg_dump and pg_restore, exactly as
docs/operations.md tells an operator to run them: the restored store holds the same rows, its
audit chain verifies, and it takes the next import."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.audit.test_postgres import assert_append_only
from tests.postgres import PG_SH
from tests.store.releases import store_release
from tests.store.test_concurrency import content
from watchlist.audit import record, verify_store
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.store.dialect import normalise_url

pytestmark = pytest.mark.postgresql

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
OFFICER = Actor("officer", Classification.SECRET)
DUMP = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
RESTORE = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]


@cache
def bindir() -> Path:
    out = subprocess.run(
        ["bash", str(PG_SH), "bindir"], capture_output=True, text=True, check=True
    ).stdout
    return Path(out.strip())


def libpq(url: str) -> str:
    """The URL as libpq tools take it: no SQLAlchemy driver name."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(False)


def tool(args: list[str], *rest: str) -> None:
    proc = subprocess.run(
        [str(bindir() / args[0]), *args[1:], *rest], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a fixed order."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return {
                table: sorted(
                    (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),
                    key=repr,
                )
                for table in sorted(inspect(conn).get_table_names())
            }
    finally:
        engine.dispose()


def test_the_documented_commands_are_the_tested_ones() -> None:
    doc = OPERATIONS.read_text()
    assert " ".join(DUMP) + " --file=" in doc
    assert " ".join(RESTORE) + " --dbname=" in doc


def test_pg_dump_then_pg_restore_round_trips_the_store(
    pg_url: str, pg_empty_url: str, tmp_path: Path
) -> None:
    store = Store.open(pg_url)
    try:
        Registry(store, OFFICER).create_list("own", "Own list", Classification.CONFIDENTIAL)
        store_release(store, OFFICER, content("first"))
        store_release(store, OFFICER, content("second", entities=25))
        store_release(store, OFFICER, content("Павел Карпов", source="own"))
        for n in range(3):
            record(store, OFFICER, "test.event", f"thing:{n}", {"n": n})
    finally:
        store.close()

    dump = tmp_path / "watchlist.dump"
    tool(DUMP, f"--file={dump}", libpq(pg_url))
    tool(RESTORE, f"--dbname={libpq(pg_empty_url)}", str(dump))

    before, after = snapshot(pg_url), snapshot(pg_empty_url)
    assert after == before
    # the list creation and the three events
    assert len(after["statements"]) > 100 and len(after["audit_log"]) == 4

    restored = Store.open(pg_empty_url)
    try:
        assert restored.revision() == Store.head_revision()
        assert verify_store(restored).ok
        registry = Registry(restored, OFFICER)
        assert [(s.source, s.classification, s.releases) for s in registry.lists()] == [
            ("demo", "public", 2),
            ("own", "confidential", 1),
        ]
        shown = registry.show("own", "e0")
        assert shown.entity.properties["name"] == ["Person 0 Павел Карпов"]
        # Sequences came back too: new rows take fresh ids instead of colliding.
        info = store_release(restored, OFFICER, content("third"))
        assert info.seq == 3 and info.added > 0
        record(restored, OFFICER, "test.event", "after-restore", {})
        assert verify_store(restored).records == 5
    finally:
        restored.close()
    # pg_restore brought the append-only triggers back, not only the rows
    assert_append_only(pg_empty_url)
