"""Migrations in production: `watchlist db upgrade`, several processes upgrading one database at
once, and the transaction modes the store relies on."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from watchlist.cli.app import app
from watchlist.settings import get_settings
from watchlist.store.db import Store, StoreUnavailable
from watchlist.store.dialect import make_engine


@pytest.fixture
def env_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("WATCHLIST_DB", raising=False)
    get_settings.cache_clear()


def upgrade(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("WATCHLIST_DB", url)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["db", "upgrade"])
    return result.exit_code, result.output


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_db_upgrade_migrates_an_empty_database_then_has_nothing_to_do(
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env_db: None,
    request: pytest.FixtureRequest,
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path}/new.db"
    else:
        url = request.getfixturevalue("pg_empty_url")
    head = Store.head_revision()
    code, out = upgrade(url, monkeypatch)
    assert code == 0, out
    assert f"migrated from an empty database to {head}" in out
    code, out = upgrade(url, monkeypatch)
    assert code == 0 and f"up to date at migration {head}" in out
    store = Store.open(url, migrate=False)
    try:
        assert store.revision() == head
    finally:
        store.close()


def test_db_upgrade_reports_an_unreachable_server(
    monkeypatch: pytest.MonkeyPatch, env_db: None
) -> None:
    code, out = upgrade("postgresql://nobody@127.0.0.1:1/none", monkeypatch)
    assert code == 1, out
    assert (
        "error: cannot connect to the database postgresql+psycopg://nobody@127.0.0.1:1/none" in out
    )
    assert "Connection refused" in out


@pytest.mark.postgresql
def test_a_pool_with_every_connection_busy_says_which_setting_to_raise(pg_url: str) -> None:
    store = Store(make_engine(pg_url, pool_size=1, max_overflow=0, pool_timeout=0.1))
    try:
        with store.read():
            with pytest.raises(StoreUnavailable, match="WATCHLIST_POOL_SIZE"):
                with store.read():
                    pass
    finally:
        store.close()


# What each server does on start: open the store, which migrates it.
OPEN_STORE = """
import sys
from watchlist.store.db import Store
store = Store.open(sys.argv[1], migrate=False)
print(store.upgrade())
store.close()
"""


@pytest.mark.postgresql
def test_servers_started_at_once_migrate_a_new_database_once(pg_empty_url: str) -> None:
    """Separate processes, as separate servers would be, each opening the new database."""

    def run(_: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", OPEN_STORE, pg_empty_url],
            capture_output=True,
            text=True,
            timeout=120,
        )

    with ThreadPoolExecutor(3) as pool:
        procs = list(pool.map(run, range(3)))
    assert [p.returncode for p in procs] == [0] * 3, [p.stderr for p in procs]
    head = Store.head_revision()
    outcomes = sorted(p.stdout.strip() for p in procs)
    assert outcomes == [f"('{head}', '{head}')"] * 2 + [f"(None, '{head}')"], outcomes
    store = Store.open(pg_empty_url, migrate=False)
    try:
        with store.read() as conn:
            assert len(conn.execute(text("SELECT version_num FROM alembic_version")).all()) == 1
    finally:
        store.close()


@pytest.mark.postgresql
def test_reads_run_in_one_read_only_snapshot(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "repeatable read"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            with store.read() as conn:
                conn.exec_driver_sql("DELETE FROM sources")
        with store.begin() as conn:
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "read committed"
    finally:
        store.close()
