"""Opening a store: the engine from settings, migrations applied on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from watchlist.settings import Settings, get_settings
from watchlist.store.dialect import WRITE_OPTIONS, is_sqlite, make_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


class Store:
    """A watchlist database: registry, screening state, workflow and audit log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None, settings: Settings | None = None) -> Store:
        """Open the store at `url` (default: WATCHLIST_DB) and bring its schema up to date."""
        settings = settings or get_settings()
        engine = make_engine(
            url or settings.db,
            pool_size=settings.pool_size,
            max_overflow=settings.pool_max_overflow,
        )
        store = cls(engine)
        store.upgrade()
        return store

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    def upgrade(self) -> None:
        """Apply every pending migration."""
        with self.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        with self.engine.connect().execution_options(**WRITE_OPTIONS) as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads that see one consistent snapshot."""
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.engine.dispose()
