"""Writers of one SQLite file take turns through an operating-system file lock.

SQLite lets one writer in at a time; a second one waits in its busy handler, which sleeps in
steps of up to 100 ms and checks again. Two server workers each committing audit records many
times a second then spend much of their time asleep while the lock is already free: on two
workers the API answered no more requests than on one, with a p99 of hundreds of
milliseconds. `flock` instead wakes the next writer the moment the lock is released (and is
released by the kernel if its holder dies), so SQLite's own lock is always free when
`BEGIN IMMEDIATE` asks for it.

Each turn opens the lock file anew: flock locks belong to an open file, so two threads of one
process each need their own to exclude each other. PostgreSQL needs none of this.

A writer also gets the interpreter back quickly while it holds its turn (`quick_hand_over`),
on either database.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: The switch interval while a thread of the process holds a write transaction (Python's
#: default is 5 ms); see `QuickHandOver`.
HELD_INTERVAL = 0.0005


class QuickHandOver:
    """While any thread of the process is in the block (holding the database's write lock, or
    waiting for it), the interpreter's switch interval is HELD_INTERVAL; outside, whatever the
    process set (Python's default 5 ms).

    A writer gives the interpreter up at each call into the database and needs it back after,
    while it holds the write lock. A thread screening beside it may keep it for a whole switch
    interval each time, and every other process's writer waits that long for the lock: at 5 ms
    for all, one commit of a server worker's audit records kept the other workers' writers
    waiting for tens of milliseconds. A switch interval of 0.5 ms for good cost a worker
    some 15% more CPU a screening request (the screening and the event loop taking turns ten
    times as often), so it is short only while a writer is in its transaction."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._holders = 0
        self._before = 0.0

    def __enter__(self) -> None:
        with self._mutex:
            if not self._holders:
                self._before = sys.getswitchinterval()
                if self._before > HELD_INTERVAL:
                    sys.setswitchinterval(HELD_INTERVAL)
            self._holders += 1

    def __exit__(self, *exc: object) -> None:
        with self._mutex:
            self._holders -= 1
            if not self._holders and self._before > HELD_INTERVAL:
                sys.setswitchinterval(self._before)


#: The process's one QuickHandOver.
quick_hand_over = QuickHandOver()


class WriterTurns:
    """Turns for writers of the SQLite file `database` (None: an in-memory or server
    database, where writers need no turns)."""

    def __init__(self, database: str | None) -> None:
        self.path = f"{database}-writers.lock" if database else None

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this writer's turn; it ends when the block does."""
        if self.path is None:
            yield
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the file releases its lock
