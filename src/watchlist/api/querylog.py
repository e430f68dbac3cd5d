"""Screening and match requests into the audit trail, the records of concurrent requests grouped
into one commit; a request is answered only once its record is committed."""

from __future__ import annotations

import logging
import queue
import threading
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


class QueryLog:
    """A writer thread: takes every record queued, appends them in one transaction, commits,
    then tells each waiting request the sequence number of its record."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._queue: queue.Queue[Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

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
        self._queue.put(item)
        try:
            return item.done.result(timeout=WAIT_SECONDS)
        except TimeoutError:
            raise StoreUnavailable(
                "the audit trail did not take the record in time; nothing was answered"
            ) from None

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=WAIT_SECONDS)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < GROUP:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._commit(batch)
            if stop:
                return

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
