"""Every difference between SQLite and PostgreSQL lives here: URLs, engines, transactions,
locking, and which database errors mean "another transaction got there first"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from watchlist.errors import InvalidInput


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and route them to psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(
    url: str,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 30,
    pool_recycle: int = 1800,
) -> Engine:
    """An engine for `url`; SQLite gets WAL and a busy timeout, PostgreSQL a sized pool.

    On PostgreSQL, `pool_size` connections stay open, up to `max_overflow` more are opened
    under load, a caller waits `pool_timeout` seconds for a free one, and connections older than
    `pool_recycle` seconds are replaced (servers and proxies close idle ones).
    """
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(f"WATCHLIST_DB is not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise InvalidInput(
                "PostgreSQL needs the postgres extra: pip install 'watchlist[postgres]'"
            ) from None
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_recycle=pool_recycle,
            pool_pre_ping=True,
        )
    raise InvalidInput(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is switched off so that `_sqlite_begin` decides
    # how each transaction starts (SQLAlchemy's documented recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE) so two writers queue on the busy
    # timeout instead of one failing when it upgrades a read lock.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


#: Execution options for a connection that will write (SQLite; see `write_options`).
WRITE_OPTIONS: dict[str, Any] = {"sqlite_begin": "IMMEDIATE"}


def write_options(engine: Engine) -> dict[str, Any]:
    """How a write transaction starts.

    PostgreSQL writes run in READ COMMITTED whatever the server's default: the optimistic lock on
    `sources.latest_seq` relies on it (the second writer's UPDATE waits for the first to commit,
    then re-reads the row, matches nothing and reports a conflict, instead of failing with a
    serialization error). SQLite writers queue for the write lock.
    """
    if is_postgresql(engine):
        return {"isolation_level": "READ COMMITTED"}
    return dict(WRITE_OPTIONS)


def read_options(engine: Engine) -> dict[str, Any]:
    """How a read transaction starts: every query in it sees one snapshot of the store.

    PostgreSQL's default READ COMMITTED takes a new snapshot per statement, so a read of several
    queries during an import could mix the old release and the new; REPEATABLE READ holds the
    first query's snapshot to the end, and READ ONLY makes a write by mistake fail at once rather
    than under concurrency. A SQLite read transaction in WAL mode already sees one snapshot.
    """
    if is_postgresql(engine):
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    return {}


#: Keys of the advisory locks: numbers that are the same for every watchlist process.
MIGRATION_LOCK_KEY = 0x77617463686C6973  # "watchlis"
WORKFLOW_LOCK_KEY = 0x5741544348  # "WATCH"


def advisory_lock(conn: Connection, key: int) -> None:
    """Hold a lock named by `key` across processes until the transaction ends.

    PostgreSQL only: on SQLite a write transaction (BEGIN IMMEDIATE) already excludes every
    other writer.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def lock_for_migrations(conn: Connection) -> None:
    """Serialise migrations of one database across processes, until the transaction ends.

    Several servers started at once each open the store and upgrade it; without the lock two
    would create the same tables.
    """
    advisory_lock(conn, MIGRATION_LOCK_KEY)


# SQLSTATEs of PostgreSQL errors that mean a concurrent transaction won: retrying may succeed.
_PG_RETRYABLE = {
    "40001": "another transaction changed the same rows at the same time",  # serialization
    "40P01": "a concurrent transaction deadlocked with this one",  # deadlock_detected
    "55P03": "the rows are locked by another transaction",  # lock_not_available
}


def concurrency_problem(exc: DBAPIError) -> str | None:
    """Why `exc` means another transaction got in the way, or None for any other error."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate in _PG_RETRYABLE:
        return _PG_RETRYABLE[sqlstate]
    # pysqlite reports an expired busy timeout as OperationalError("database is locked").
    if "database is locked" in str(exc.orig):
        return "the database stayed locked by another writer"
    return None


def byte_order(column: ColumnElement[str]) -> ColumnElement[str]:
    """A text column to ORDER BY in the same order on every backend: Python's, by code point.

    SQLite compares text byte by byte; PostgreSQL uses the database's collation, which on most
    servers sorts like a dictionary ("a_0" < "a-1" < "A2" < "b"), so the same query would list
    entities in another order. `COLLATE "C"` makes PostgreSQL compare bytes too.
    """
    return ByteOrder(column)


class ByteOrder(ColumnElement[str]):
    """See `byte_order`."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[str]) -> None:
        self.column = column
        self.type = column.type


@compiles(ByteOrder)
def _byte_order(element: ByteOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(ByteOrder, "postgresql")
def _byte_order_postgresql(element: ByteOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'
