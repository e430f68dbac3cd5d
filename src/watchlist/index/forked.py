"""Parts of an index build done on forked processes while the build goes on.

A build of every bundled list spends most of its time in parts that need nothing of each other
(linking's name pairs, the key table, the packed records): each core can take one. The
processes are forked, so the calls and everything they read are handed over as they are in
memory, nothing pickled on the way there; only their results are pickled back.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

#: The calls forked processes run, by position; set just before they fork, cleared after.
_CALLS: Sequence[Callable[[], Any]] | None = None


def fork_workers() -> int:
    """Processes a build may fork: one per core where this process may fork safely (a fork
    copies the calling thread only: a server's worker, which has several, forks none), else
    one (the build's own)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return os.cpu_count() or 1


def _call(i: int) -> Any:
    assert _CALLS is not None, "a build's process forked without its calls"
    return _CALLS[i]()


class ForkedCalls:
    """`calls` run on `workers` forked processes, in order as processes come free, while the
    caller goes on; with one worker (or no fork), each runs here when results() asks. The
    results are the same either way. A process that dies (out of memory) costs time, not the
    build: what it did not return is computed here. One at a time in a process."""

    def __init__(self, calls: Sequence[Callable[[], Any]], workers: int) -> None:
        global _CALLS
        self._calls = calls
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[Any]] = []
        if workers <= 1 or not calls or _CALLS is not None:
            return
        # Set until the processes are done: one that replaces a dead one forks later.
        _CALLS = calls
        try:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(min(workers, len(calls)), mp_context=context)
            self._futures = [self._pool.submit(_call, i) for i in range(len(calls))]
        except (OSError, BrokenProcessPool):
            self.close()

    def results(self) -> list[Any]:
        """Each call's result, in the calls' order."""
        done: list[Any] = []
        if self._pool is not None:
            try:
                for future in self._futures:
                    done.append(future.result())
            except BrokenProcessPool:
                pass
            finally:
                self.close()
        return done + [call() for call in self._calls[len(done) :]]

    def close(self) -> None:
        """Stop the processes (a build that failed meanwhile)."""
        global _CALLS
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            _CALLS = None
