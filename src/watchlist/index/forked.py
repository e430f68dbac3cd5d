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

#: The calls forked processes run, by position, and which of them a process has taken (under
#: the lock): set just before the processes fork, cleared after.
_CALLS: Sequence[Callable[[], Any]] | None = None
_TAKEN: Any = None
_LOCK: Any = None


def fork_workers() -> int:
    """Processes a build may fork: one per core where this process may fork safely (a fork
    copies the calling thread only: a server's worker, which has several, forks none), else
    one (the build's own)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return os.cpu_count() or 1


def _take(i: int) -> bool:
    """Whether this process takes call i (no other has)."""
    with _LOCK:
        if _TAKEN[i]:
            return False
        _TAKEN[i] = 1
        return True


def _call(i: int) -> tuple[bool, Any]:
    """(taken, result) of call i in a forked process: not taken if the caller ran it."""
    assert _CALLS is not None, "a build's process forked without its calls"
    if not _take(i):
        return False, None
    return True, _CALLS[i]()


class ForkedCalls:
    """`calls` run on `workers - 1` forked processes, in order as they come free, while the
    caller goes on; when the caller asks for the results, it runs the calls no process has
    started yet itself, from the last one back. So `workers` processes work in all, the
    caller's one of them: on two cores, one process is forked (each forked process holds
    copies of the pages it touches, so fewer of them keep a build's memory down). With one
    worker (or no fork), every call runs here. The results are the same either way. A process
    that dies (out of memory) costs time, not the build: what it did not return is computed
    here. One at a time in a process."""

    def __init__(self, calls: Sequence[Callable[[], Any]], workers: int) -> None:
        global _CALLS, _TAKEN, _LOCK
        self._calls = calls
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[tuple[bool, Any]]] = []
        if workers <= 1 or not calls or _CALLS is not None:
            return
        # Set until the processes are done: one that replaces a dead one forks later.
        context = multiprocessing.get_context("fork")
        _CALLS, _TAKEN, _LOCK = calls, context.RawArray("b", len(calls)), context.Lock()
        try:
            self._pool = ProcessPoolExecutor(min(workers - 1, len(calls)), mp_context=context)
            self._futures = [self._pool.submit(_call, i) for i in range(len(calls))]
        except (OSError, BrokenProcessPool):
            self.close()

    def results(self) -> list[Any]:
        """Each call's result, in the calls' order."""
        done: dict[int, Any] = {}
        if self._pool is not None:
            try:
                # The calls no process has taken, from the last back: the processes take
                # them from the first on, so the two meet in the middle.
                for i in range(len(self._futures) - 1, -1, -1):
                    if not _take(i):
                        break
                    done[i] = self._calls[i]()
                for i, future in enumerate(self._futures):
                    if i not in done:
                        taken, value = future.result()
                        if taken:
                            done[i] = value
            except BrokenProcessPool:
                pass
            finally:
                self.close()
        return [done[i] if i in done else self._calls[i]() for i in range(len(self._calls))]

    def close(self) -> None:
        """Stop the processes (a build that failed meanwhile)."""
        global _CALLS, _TAKEN, _LOCK
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            _CALLS = _TAKEN = _LOCK = None
