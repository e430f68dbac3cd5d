"""The PostgreSQL server of a test session: started by scripts/pg.sh or given by URL, a migrated
template database made once, and a fresh database cloned from it for each test."""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from watchlist.store.db import Store
from watchlist.store.dialect import normalise_url

PG_SH = Path(__file__).resolve().parent.parent / "scripts" / "pg.sh"
# Another script in pg.sh's place, for the tests of what happens when it fails.
PG_SH_ENV = "WATCHLIST_TEST_PG_SH"
#: An existing server to use (a developer without root); the session makes and drops databases.
URL_ENV = "WATCHLIST_TEST_PG_URL"
# Set by the session's first process for the xdist workers it starts.
TEMPLATE_ENV = "WATCHLIST_TEST_PG_TEMPLATE"
SKIP_ENV = "WATCHLIST_TEST_PG_SKIP"
NOT_INSTALLABLE = 3  # pg.sh's exit status when PostgreSQL is missing and cannot be installed
#: Set to true by CI services (and by .ci/run): there, skipping the PostgreSQL variants fails.
CI_ENV = "CI"


def in_ci() -> bool:
    return os.environ.get(CI_ENV, "").strip().lower() in ("true", "1", "yes")


class ServerError(Exception):
    """PostgreSQL should run here but would not start."""


@dataclass
class Session:
    """What the session's first process set up, and must tear down."""

    admin_url: str | None
    template: str | None
    skip_reason: str | None
    data_dir: str | None = None


def start_session() -> Session:
    """Find or start the server and make the template database; or say why PostgreSQL is off."""
    url = os.environ.get(URL_ENV)
    data_dir = None
    if not url:
        data_dir = tempfile.mkdtemp(prefix="watchlist-test-pg.")
        os.rmdir(data_dir)  # pg.sh hands the directory to the postgres user itself
        proc = subprocess.run(
            ["bash", os.environ.get(PG_SH_ENV, str(PG_SH)), "start", data_dir, str(os.getpid())],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode == NOT_INSTALLABLE:
            if in_ci():
                raise ServerError(
                    f"{CI_ENV}=true: the PostgreSQL variants must run, but PostgreSQL is not "
                    f"installed and cannot be installed here:\n{proc.stderr}"
                )
            return Session(None, None, _skip_reason(proc.stderr.strip()))
        if proc.returncode != 0:
            raise ServerError(f"scripts/pg.sh could not start PostgreSQL:\n{proc.stderr}")
        url = proc.stdout.strip().splitlines()[-1]
    template = f"wl_template_{uuid.uuid4().hex[:12]}"
    session = Session(url, template, None, data_dir)
    try:
        with _autocommit(url) as engine, engine.connect() as conn:
            _create_template(conn, template)
        Store.open(database_url(url, template)).close()
    except Exception as exc:
        end_session(session)
        raise ServerError(f"cannot prepare a test database on {url}: {exc}") from exc
    os.environ[URL_ENV] = url
    os.environ[TEMPLATE_ENV] = template
    return session


def _create_template(conn: Connection, name: str) -> None:
    """The template sorts text like a typical production database (ICU en-US), whatever the
    server's default, so that tests behave the same on any server; before PostgreSQL 15, or
    without ICU, it takes the server's default."""
    try:
        conn.exec_driver_sql(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
        )
    except DBAPIError:  # autocommit: the failed statement leaves the connection usable
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')


def _skip_reason(why: str) -> str:
    return (
        "PostgreSQL variants SKIPPED: PostgreSQL is not installed and cannot be installed here "
        f"({why or 'not root, or no apt-get'}); set {URL_ENV} to a server to run them"
    )


def end_session(session: Session) -> None:
    """Drop the template database and stop the server if this session started it."""
    if session.admin_url and session.template:
        with _autocommit(session.admin_url) as engine, engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{session.template}" WITH (FORCE)')
    if session.data_dir:
        script = os.environ.get(PG_SH_ENV, str(PG_SH))
        subprocess.run(["bash", script, "stop", session.data_dir], check=False)


def skip_reason() -> str | None:
    """Why this process has no PostgreSQL to test on, or None."""
    if os.environ.get(SKIP_ENV):
        return os.environ[SKIP_ENV]
    if not os.environ.get(URL_ENV) or not os.environ.get(TEMPLATE_ENV):
        return "PostgreSQL variants SKIPPED: the test session set up no server"
    return None


def database_url(server_url: str, name: str) -> str:
    url = make_url(normalise_url(server_url)).set(database=name)
    return url.render_as_string(hide_password=False)


@contextmanager
def _autocommit(url: str) -> Iterator[Engine]:
    # CREATE and DROP DATABASE cannot run inside a transaction.
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


@cache
def _admin() -> Engine:
    return create_engine(normalise_url(os.environ[URL_ENV]), isolation_level="AUTOCOMMIT")


@contextmanager
def fresh_database(migrated: bool = True) -> Iterator[str]:
    """A new database, dropped afterwards: migrated (a copy of the template) or empty."""
    # Never a name an earlier session used: caches keyed by the database URL (the screening
    # index) must not find another database's files.
    name = f"wl_test_{uuid.uuid4().hex[:16]}"
    template = os.environ[TEMPLATE_ENV] if migrated else "template0"
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield database_url(os.environ[URL_ENV], name)
    finally:
        # FORCE: a test that failed may have left connections open in threads.
        with _admin().connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
