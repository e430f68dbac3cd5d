"""Threads sharing a screener take turns, one query at a time (Screener.scored): under one
interpreter lock, concurrent queries would each be stretched by the others."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.screening.lists import PUBLIC
from watchlist.screening import DEFAULT_THRESHOLD, Query, Screener

NAMES = ["Ivan Petrov", "Maria Lopez", "Kim Jong Un", "Ahmad Hassan", "Acme Trading Company"]


def test_concurrent_queries_take_turns_and_answer_as_alone() -> None:
    screener = Screener.build(PUBLIC)
    alone = {n: screener.scored(Query(n), DEFAULT_THRESHOLD) for n in NAMES}
    inner = screener._scored
    active, most = 0, 0
    count = threading.Lock()
    all_in = threading.Barrier(4, timeout=30)

    def watched(query: Query, threshold: float) -> Any:
        nonlocal active, most
        with count:
            active += 1
            most = max(most, active)
        try:
            time.sleep(0.002)  # gives the interpreter lock away: others would get in now
            return inner(query, threshold)
        finally:
            with count:
                active -= 1

    screener._scored = watched  # type: ignore[method-assign]

    def run(name: str) -> Any:
        all_in.wait()  # four threads ask at once
        return [screener.scored(Query(name), DEFAULT_THRESHOLD) for _ in range(20)]

    with ThreadPoolExecutor(4) as pool:
        answers = dict(zip(NAMES, pool.map(run, NAMES[:4]), strict=False))
    assert most == 1, f"{most} queries ran at once"
    for name, runs in answers.items():
        assert all(r == alone[name] for r in runs), name
