"""Shared fixtures: a fresh store per test, on SQLite and on a real PostgreSQL server.

The session's first process starts PostgreSQL with scripts/pg.sh (installing it with apt-get when
missing and running as root) or uses WATCHLIST_TEST_PG_URL; xdist workers inherit the server.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests import postgres
from watchlist.store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"

# Two cores shared by several jobs: an example slowed by the machine's load is not a failure.
# Speed is measured by the benchmarks in bench/, never by a test's clock.
hypothesis_settings.register_profile("watchlist", deadline=None)
hypothesis_settings.load_profile("watchlist")

_session: postgres.Session | None = None
_cache_home: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: the test runs on the PostgreSQL server")
    global _session, _cache_home
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the first process set the server up before starting it
    # Files that code under test keeps per user (the screening index in the cache, the
    # screening key and the default store in the data directory) go to a folder of this
    # session, removed at the end: never into the real home directory.
    _cache_home = tempfile.mkdtemp(prefix="watchlist-test-home.")
    os.environ["XDG_CACHE_HOME"] = os.path.join(_cache_home, "cache")
    os.environ["XDG_DATA_HOME"] = os.path.join(_cache_home, "data")
    try:
        _session = postgres.start_session()
    except postgres.ServerError as exc:
        raise pytest.UsageError(str(exc)) from None
    if _session.skip_reason:
        os.environ[postgres.SKIP_ENV] = _session.skip_reason
        # in the warnings summary, and again as the run's last line (pytest_terminal_summary)
        config.issue_config_time_warning(pytest.PytestWarning(_session.skip_reason), 2)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session, _cache_home
    if _session is not None:
        postgres.end_session(_session)
        _session = None
    if _cache_home is not None:
        shutil.rmtree(_cache_home, ignore_errors=True)
        _cache_home = None


def pytest_report_header(config: pytest.Config) -> str:
    reason = postgres.skip_reason()
    if reason:
        return f"!!! {reason}"
    template = os.environ[postgres.TEMPLATE_ENV]
    return f"postgresql: {os.environ[postgres.URL_ENV]} (template database {template})"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reason = postgres.skip_reason()
    if reason:
        terminalreporter.write_sep("!", reason, red=True, bold=True)
    reason = spark_skip_reason()
    if reason:
        terminalreporter.write_sep("!", reason, red=True, bold=True)


@functools.cache
def spark_skip_reason() -> str | None:
    """Why the Spark tests cannot run here (no [spark] extra, no Java 17+), or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "Spark tests skipped: pyspark is not installed (the [spark] extra)"
    from watchlist.engines.spark.session import SparkUnavailable, java_version

    try:
        java_version()
    except SparkUnavailable as exc:
        return f"Spark tests skipped: {exc}"
    return None


def _need_postgres() -> None:
    reason = postgres.skip_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test (skipped, loudly, without a server)."""
    _need_postgres()
    with postgres.fresh_database() as url:
        yield url


@pytest.fixture
def pg_empty_url() -> Iterator[str]:
    """A fresh PostgreSQL database with no tables at all (not migrated)."""
    _need_postgres()
    with postgres.fresh_database(migrated=False) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/test.db"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    try:
        yield s
    finally:
        s.close()
