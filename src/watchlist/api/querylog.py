"""Screening and match requests into the audit trail, the records of concurrent requests grouped
into one commit; a request is answered only once its record is committed."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from watchlist.audit.log import AuditTrail, Entry, append_dbapi, lock
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store, StoreUnavailable
from watchlist.store.dialect import is_sqlite
from watchlist.store.turns import quick_hand_over

log = logging.getLogger("watchlist.api")

#: Most records in one commit.
GROUP = 500
#: Longest a record waits for the queries being screened before the writer commits it anyway.
HOLD_SECONDS = 0.005
#: How long a request waits for its record before giving up with 503.
WAIT_SECONDS = 30.0


@dataclass(slots=True)
class Record:
    """A record to write, with no one waiting for it (`QueryLog.write_group`)."""

    actor: Actor
    action: str
    subject: str
    detail: dict[str, Any]
    classification: Classification


@dataclass
class Pending:
    actor: Actor
    action: str
    subject: str
    detail: dict[str, Any]
    classification: Classification
    #: The record's audit sequence number once committed, or why it was not.
    done: Future[int] = field(default_factory=Future)
    #: When it was handed over (time.monotonic).
    at: float = field(default_factory=time.monotonic)


class QueryLog:
    """Group commit by a writer thread of the worker's own: a request hands its record over
    and waits for it; the writer commits every record handed over since its last commit in
    one transaction, then answers each.

    The writer commits when the worker has no query to screen (`screening`), or when the
    oldest record has waited HOLD_SECONDS: under load a worker screens the queries in hand
    one after the other, then commits their records together, and the commit's fixed cost
    (the writers' turn, the transaction, the chain's head) is shared. When a request committed
    its own record (the group being whatever came in meanwhile, one or two), the commits ran
    beside the screening of the next queries, and the two took turns with the interpreter
    every switch interval: a worker spent about as much CPU on a record as on screening.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._mutex = threading.Lock()
        self._wake = threading.Condition(self._mutex)
        self._queue: list[Pending] = []
        self._closed = False
        self._writer: threading.Thread | None = None
        #: Queries being screened now (see `screening`).
        self._screening = 0
        #: On a SQLite file, each thread that writes records has a connection of its own.
        self._sqlite = is_sqlite(store.engine) and store.turns.path is not None
        self._own = threading.local()
        self._connections: list[SqliteWriter] = []

    @contextmanager
    def screening(self) -> Iterator[None]:
        """Around the screening of a query whose record will follow: records handed over
        meanwhile wait for it (HOLD_SECONDS at most), so that the writer commits while the
        worker has no query to screen, and takes more records in one commit. The writer
        working beside the screening would make both take turns with the interpreter."""
        with self._mutex:
            self._screening += 1
        try:
            yield
        finally:
            with self._mutex:
                self._screening -= 1
                if not self._screening and self._queue:
                    self._wake.notify()

    def submit(
        self,
        actor: Actor,
        action: str,
        subject: str,
        detail: dict[str, Any],
        classification: Classification = Classification.PUBLIC,
    ) -> Pending:
        """Hand a record to the writer without waiting: its `done` gives the record's audit
        sequence number once committed (or StoreUnavailable). Nothing may be answered before."""
        item = Pending(actor, action, subject, detail, classification)
        with self._mutex:
            if self._closed:
                raise StoreUnavailable("the server is stopping; nothing was answered")
            self._queue.append(item)
            if self._writer is None:
                self._writer = threading.Thread(target=self._run, name="audit-writer", daemon=True)
                self._writer.start()
            elif len(self._queue) == 1:  # the writer waits for none, or for the one before
                self._wake.notify()
        return item

    def write(
        self,
        actor: Actor,
        action: str,
        subject: str,
        detail: dict[str, Any],
        classification: Classification = Classification.PUBLIC,
    ) -> int:
        """Append a record and wait until it is committed; its audit sequence number."""
        return self.wait(self.submit(actor, action, subject, detail, classification))

    def wait(self, item: Pending, seconds: float | None = None) -> int:
        """The record's sequence number once committed. A record still waiting for a commit
        after `seconds` (WAIT_SECONDS) is taken off the queue and never written, and its
        request refused; one the writer is committing is waited for to the end."""
        try:
            return item.done.result(WAIT_SECONDS if seconds is None else seconds)
        except FutureTimeout:
            self._withdraw(item)
            return item.done.result()

    async def committed(self, item: Pending) -> int:
        """`wait` for a request on the event loop, which goes on serving other requests
        meanwhile: no thread of the pool is held waiting."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[int] = loop.create_future()

        def settle(done: Future[int]) -> None:
            if not answer.done():
                if done.exception() is not None:
                    answer.set_exception(done.exception())  # type: ignore[arg-type]
                else:
                    answer.set_result(done.result())

        item.done.add_done_callback(lambda done: loop.call_soon_threadsafe(settle, done))
        try:
            async with asyncio.timeout(WAIT_SECONDS):
                return await asyncio.shield(answer)
        except TimeoutError:
            self._withdraw(item)
            return await answer

    def _withdraw(self, item: Pending) -> None:
        """After a wait timed out: a record still queued is taken off and never written, and
        its request refused; one the writer has taken is waited for to the end (the caller
        goes on waiting)."""
        with self._mutex:
            queued = item in self._queue
            if queued:
                self._queue.remove(item)
        if queued:
            raise StoreUnavailable(
                "the audit trail did not take the record in time; nothing was answered"
            ) from None

    def close(self) -> None:
        """Take no more records; commit those handed over (bounded wait)."""
        with self._mutex:
            self._closed = True
            self._wake.notify()
            writer = self._writer
        if writer is not None:
            writer.join(WAIT_SECONDS)
        with self._mutex:
            connections, self._connections = self._connections, []
        for c in connections:
            c.close()

    def _run(self) -> None:
        """The writer: commit what is queued, in groups of up to GROUP, until closed."""
        while True:
            with self._mutex:
                while True:
                    if not self._queue:
                        if self._closed:
                            return  # closed, and nothing left to write
                        self._wake.wait()
                        continue
                    waited = time.monotonic() - self._queue[0].at
                    if self._closed or not self._screening or waited >= HOLD_SECONDS:
                        break
                    self._wake.wait(HOLD_SECONDS - waited)
                batch, self._queue = self._queue[:GROUP], self._queue[GROUP:]
            try:
                self._commit(batch)
            except Exception as exc:  # a bug: answer 503 rather than leave requests hanging
                log.exception("audit writer failed")
                problem = StoreUnavailable(
                    f"the audit trail cannot be written ({type(exc).__name__}); "
                    "nothing was answered"
                )
                for p in batch:
                    if not p.done.done():
                        p.done.set_exception(problem)
            finally:
                for p in batch:
                    if not p.done.done():  # a commit that neither answered nor failed them
                        p.done.set_exception(
                            StoreUnavailable(
                                "the audit trail cannot be written; nothing was answered"
                            )
                        )

    def write_group(self, records: list[Record]) -> list[int]:
        """Commit `records` in one transaction, in the calling thread, and return their audit
        sequence numbers; StoreUnavailable (nothing written) when they cannot be. For a thread
        that makes records and answers their requests itself (`api.hot`)."""
        with self._mutex:
            if self._closed:
                raise StoreUnavailable("the server is stopping; nothing was answered")
        try:
            return self._insert(records)
        except Exception as exc:
            log.warning("audit records not written: %s", exc)
            if isinstance(exc, StoreUnavailable):
                raise
            raise StoreUnavailable(
                "the audit trail cannot be written; nothing was answered"
            ) from exc

    def _insert(self, batch: list[Record] | list[Pending]) -> list[int]:
        """Chain and insert `batch` in one transaction; their sequence numbers."""
        if self._sqlite:
            return self._insert_sqlite(
                [(p.actor.name, p.action, p.subject, p.detail, p.classification) for p in batch]
            )
        seqs: list[int] = []
        with self.store.begin() as conn:
            lock(conn)
            start = 0
            while start < len(batch):
                # one trail per run of records by the same actor
                end = start + 1
                while end < len(batch) and batch[end].actor == batch[start].actor:
                    end += 1
                trail = AuditTrail(conn, batch[start].actor)
                for p in batch[start:end]:
                    trail.add(p.action, p.subject, p.detail, p.classification)
                seqs.extend(r.seq for r in trail.flush())
                start = end
        return seqs

    def _insert_sqlite(self, entries: list[Entry]) -> list[int]:
        """`_insert` on this thread's own connection (SQLite)."""
        own: SqliteWriter | None = getattr(self._own, "writer", None)
        if own is None:
            with self._mutex:
                if self._closed:
                    raise StoreUnavailable("the server is stopping; nothing was answered")
                own = self._own.writer = SqliteWriter(self.store)
                self._connections.append(own)
        try:
            return own.write(entries)
        except BaseException:
            self._own.writer = None  # a new connection next time
            with self._mutex:
                if own in self._connections:
                    self._connections.remove(own)
            own.close()
            raise

    def _commit(self, batch: list[Pending]) -> None:
        try:
            seqs = self._insert(batch)
        except Exception as exc:
            log.warning("audit records not written: %s", exc)
            problem = (
                exc
                if isinstance(exc, StoreUnavailable)
                else StoreUnavailable("the audit trail cannot be written; nothing was answered")
            )
            for p in batch:
                p.done.set_exception(problem)
            return
        for p, seq in zip(batch, seqs, strict=True):
            p.done.set_result(seq)


class SqliteWriter:
    """A connection to a SQLite file and a writers' lock file of one thread's own, to write
    audit records without SQLAlchemy's work per transaction and statement (a pooled
    connection's checkout and return, its events, each statement's execution context): the
    records of a group of screening requests cost their worker a good part of what screening
    them did. The transaction is the one `Store.begin` makes: the writers' turn (`WriterTurns`),
    then `BEGIN IMMEDIATE`, the interpreter handed back quickly meanwhile (`quick_hand_over`)."""

    def __init__(self, store: Store) -> None:
        path = store.turns.path
        if path is None:
            raise ValueError("a SQLite file only")
        self._fairy = store.engine.raw_connection()  # with the store's pragmas
        self._turns = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._lock = threading.Lock()

    def write(self, entries: list[Entry]) -> list[int]:
        """Chain and insert `entries` in one transaction; their sequence numbers."""
        with self._lock, quick_hand_over:
            conn: Any = self._fairy.driver_connection
            fcntl.flock(self._turns, fcntl.LOCK_EX)
            try:
                cursor = conn.cursor()
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    try:
                        records = append_dbapi(cursor, "qmark", entries)
                        cursor.execute("COMMIT")
                    except BaseException:
                        if conn.in_transaction:
                            conn.rollback()
                        raise
                finally:
                    cursor.close()
            finally:
                fcntl.flock(self._turns, fcntl.LOCK_UN)
        return [r.seq for r in records]

    def close(self) -> None:
        with self._lock:
            if self._turns >= 0:
                os.close(self._turns)
                self._turns = -1
                self._fairy.invalidate()  # closed, not handed back to the pool
