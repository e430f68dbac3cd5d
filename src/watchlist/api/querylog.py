"""Screening and match requests into the audit trail, the records of concurrent requests grouped
into one commit; a request is answered only once its record is committed."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from watchlist.audit.log import AuditTrail, lock
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store, StoreUnavailable

log = logging.getLogger("watchlist.api")

#: Most records in one commit.
GROUP = 500
#: How long a request waits for its record before giving up with 503.
WAIT_SECONDS = 30.0


@dataclass
class Pending:
    actor: Actor
    action: str
    subject: str
    detail: dict[str, Any]
    classification: Classification
    done: Future[int] = field(default_factory=Future)
    #: Set when the record is committed (or failed), or when its request is to commit the
    #: next group.
    turn: threading.Event = field(default_factory=threading.Event)


class QueryLog:
    """Group commit with no writer thread of its own: a request that finds no commit under
    way commits its record itself; the records of requests arriving meanwhile queue, and when
    that commit ends the first of them commits them all, in one transaction.

    A request alone (the usual case while screening takes turns) thus never waits for another
    thread to wake: a writer thread cost two hand-overs a request (wake the writer, wake the
    request), each a wait for the interpreter on a busy machine.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._mutex = threading.Lock()
        self._queue: list[Pending] = []
        self._busy = False
        self._closed = False

    def write(
        self,
        actor: Actor,
        action: str,
        subject: str,
        detail: dict[str, Any],
        classification: Classification = Classification.PUBLIC,
    ) -> int:
        """Append a record and wait until it is committed; its audit sequence number."""
        item = Pending(actor, action, subject, detail, classification)
        with self._mutex:
            if self._closed:
                raise StoreUnavailable("the server is stopping; nothing was answered")
            self._queue.append(item)
            lead = not self._busy
            self._busy = True
        deadline = time.monotonic() + WAIT_SECONDS
        while not item.done.done():
            if not lead:
                if not item.turn.wait(max(0.0, deadline - time.monotonic())):
                    self._give_up(item)
                if item.done.done():
                    break
            self._lead()
            lead = False
        return item.done.result()

    def _give_up(self, item: Pending) -> None:
        """A request tired of waiting: its record leaves the queue and is never written, and
        the request is refused; unless the next commit was just handed to it."""
        with self._mutex:
            if item.turn.is_set():
                return
            if item in self._queue:
                self._queue.remove(item)
        raise StoreUnavailable(
            "the audit trail did not take the record in time; nothing was answered"
        )

    def close(self) -> None:
        """Take no more records; wait (bounded) for the commit under way."""
        with self._mutex:
            self._closed = True
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            with self._mutex:
                if not self._busy:
                    return
            time.sleep(0.01)

    def _lead(self) -> None:
        """Commit the records queued (the caller's first among them), then hand the next
        group to the first request still waiting, or end the run of commits."""
        with self._mutex:
            batch, self._queue = self._queue[:GROUP], self._queue[GROUP:]
        try:
            self._commit(batch)
        finally:
            for p in batch:
                if not p.done.done():  # a commit that neither answered nor failed them
                    p.done.set_exception(
                        StoreUnavailable("the audit trail cannot be written; nothing was answered")
                    )
                p.turn.set()
            with self._mutex:  # handed over under the lock: see _give_up
                following = self._queue[0] if self._queue else None
                self._busy = following is not None
                if following is not None:
                    following.turn.set()

    def _commit(self, batch: list[Pending]) -> None:
        try:
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
