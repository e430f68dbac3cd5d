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
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager


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
