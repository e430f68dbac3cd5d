"""Opening a store: the engine from settings, migrations applied on open.

A store already at the newest migration is opened without loading Alembic (a command's start
would otherwise pay for it every time); Alembic runs only when there is something to apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from watchlist.errors import Conflict, ErrorCode, WatchlistError
from watchlist.settings import Settings

if TYPE_CHECKING:
    from alembic.config import Config

from watchlist.store.dialect import (
    concurrency_problem,
    is_sqlite,
    lock_for_migrations,
    make_engine,
    read_options,
    write_options,
)
from watchlist.store.turns import WriterTurns, quick_hand_over

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


class StoreUnavailable(WatchlistError):
    """The database cannot be reached, or every pooled connection stayed busy."""

    code: ErrorCode = "store_unavailable"


def _current(conn: Connection) -> str | None:
    """The revision the database is at, read from Alembic's own table (None before any)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    heads = sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    return ",".join(heads) if heads else None


@cache
def _head() -> str:
    """The newest migration, read from the migration files: the revision none revises."""
    found: dict[str, str | None] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision = "([^"]+)"', source, re.M)
        down = re.search(r'^down_revision = (?:"([^"]+)"|None)', source, re.M)
        if rev and down:
            found[rev.group(1)] = down.group(1)
    heads = sorted(set(found) - {d for d in found.values() if d})
    return ",".join(heads)


class Store:
    """A watchlist database: registry, screening state, workflow and audit log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        database = engine.url.database if is_sqlite(engine) else None
        self.turns = WriterTurns(database if database not in (None, "", ":memory:") else None)

    @classmethod
    def open(
        cls,
        url: str | None = None,
        settings: Settings | None = None,
        *,
        migrate: bool = True,
    ) -> Store:
        """Open the store at `url` (else the settings' `db`) and bring its schema up to date
        (unless `migrate` is False: `watchlist db upgrade` reports the revision before).

        The settings are the caller's (the CLI or the API reads them); without any, a store
        needs its `url` and gets the default pool.
        """
        if settings is None:
            if url is None:
                raise ValueError("Store.open needs a URL or the settings that name one")
            settings = Settings.model_construct(db=url)  # the defaults; no environment read
        engine = make_engine(
            url or settings.db,
            pool_size=settings.pool_size,
            max_overflow=settings.pool_max_overflow,
        )
        store = cls(engine)
        if migrate:
            store.upgrade()
        return store

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    def upgrade(self) -> tuple[str | None, str | None]:
        """Apply every pending migration; safe when several processes open the store at once.

        Returns the revisions before and after, the first read under the migration lock.
        """
        with self.begin() as conn:
            lock_for_migrations(conn)
            before = _current(conn)
            if before == _head():
                return before, before
            from alembic import command

            command.upgrade(alembic_config(conn), "head")
            return before, _current(conn)

    def revision(self) -> str | None:
        """The migration the database is at (None before the first)."""
        with self.read() as conn:
            return _current(conn)

    @staticmethod
    def head_revision() -> str:
        """The newest migration this version of watchlist knows."""
        return _head()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on any error.

        A database error that means a concurrent transaction won (PostgreSQL serialization
        failure or deadlock, SQLite still locked after the busy timeout) becomes Conflict.
        """
        try:
            with (
                quick_hand_over,
                self.turns.turn(),
                self._connect().execution_options(**write_options(self.engine)) as conn,
            ):
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            problem = concurrency_problem(exc)
            if problem is None:
                raise
            raise Conflict(
                f"{problem}; nothing was changed, try again", code="concurrent_change"
            ) from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction whose queries all see one consistent snapshot.

        So a reader sees an import's release entirely or not at all, never a mix of the old
        release and the new (see `dialect.read_options`).
        """
        with self._connect().execution_options(**read_options(self.engine)) as conn:
            with conn.begin():
                yield conn

    def _connect(self) -> Connection:
        """A connection from the pool; failing to get one is the user's problem to fix (server
        down, wrong URL, pool too small), so it becomes a message, not a traceback."""
        try:
            return self.engine.connect()
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreUnavailable(f"cannot connect to the database {self.url}: {reason}") from None
        except PoolTimeout:
            raise StoreUnavailable(
                f"every connection to {self.url} stayed busy; raise WATCHLIST_POOL_SIZE or "
                "WATCHLIST_POOL_MAX_OVERFLOW"
            ) from None

    def close(self) -> None:
        self.engine.dispose()
