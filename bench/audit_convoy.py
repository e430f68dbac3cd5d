"""How long a server worker's audit record takes to commit while queries are screened beside
its writer thread, at Python's default switch interval, at a short one for good, and at the
default with the short one only while a writer is in its transaction (the server's way).

    .venv/bin/python bench/audit_convoy.py [--workers 2] [--busy 1] [--records 150]

Starts `--workers` processes on one fresh SQLite store, as `watchlist serve --workers N`
does; in each, `--busy` threads run pure-Python work (a query being screened) while the
audit writer (api.querylog.QueryLog) commits a record every 2 ms. The writer holds the
database's write lock while it commits and needs the interpreter back after each call into
the database: at the default interval (5 ms) every such wait can cost a whole interval, and
the other workers' writers wait behind it. Reports, for each way, the writers' turns (waiting
for the write lock and holding it: `SqliteWriter.write`), where the workers wait for each
other, and the latency of `QueryLog.write` (queue, commit, answer), which also waits for the
interpreter outside the turn. Figures only; not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from watchlist.api import querylog
from watchlist.api.querylog import QueryLog, SqliteWriter
from watchlist.model.access import SYSTEM
from watchlist.store import turns
from watchlist.store.db import Store

DEFAULT_INTERVAL = 0.005
#: (name, the process's switch interval, the interval while a writer is in its transaction)
WAYS = (
    ("5 ms", DEFAULT_INTERVAL, DEFAULT_INTERVAL),
    ("0.5 ms for good", turns.HELD_INTERVAL, turns.HELD_INTERVAL),
    ("5 ms, 0.5 ms in a transaction", DEFAULT_INTERVAL, turns.HELD_INTERVAL),
)


def busy(stop: threading.Event) -> None:
    x = 0
    while not stop.is_set():
        for i in range(1000):
            x += i


def worker(url: str, records: int, threads: int, way: tuple[str, float, float], out: Any) -> None:
    _, interval, held = way
    sys.setswitchinterval(interval)
    turns.HELD_INTERVAL = held
    turn_took: list[float] = []
    write = SqliteWriter.write

    def timed(self: SqliteWriter, entries: Any) -> list[int]:
        start = time.perf_counter()
        try:
            return write(self, entries)
        finally:
            turn_took.append(time.perf_counter() - start)

    querylog.SqliteWriter.write = timed  # type: ignore[method-assign]
    log = QueryLog(Store.open(url, migrate=False))
    stop = threading.Event()
    spinners = [threading.Thread(target=busy, args=(stop,)) for _ in range(threads)]
    for t in spinners:
        t.start()
    took = []
    for i in range(records):
        time.sleep(0.002)
        start = time.perf_counter()
        log.write(SYSTEM, "screening.screen", "route:/v1/screen", {"query": i, "results": []})
        took.append(time.perf_counter() - start)
    stop.set()
    for t in spinners:
        t.join()
    log.close()
    out.put((took, turn_took))


def run(
    workers: int, threads: int, records: int, way: tuple[str, float, float]
) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory(prefix="watchlist-convoy.") as work:
        url = f"sqlite:///{Path(work) / 'convoy.db'}"
        Store.open(url).close()
        ctx = mp.get_context("fork")
        out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        procs = [
            ctx.Process(target=worker, args=(url, records, threads, way, out))
            for _ in range(workers)
        ]
        for p in procs:
            p.start()
        got = [out.get() for _ in procs]
        for p in procs:
            p.join()
        return sorted(t for w, _ in got for t in w), sorted(t for _, w in got for t in w)


def figures(took: list[float]) -> str:
    def ms(q: float) -> float:
        return took[int(q * (len(took) - 1))] * 1000

    return f"p50 {ms(0.5):.1f} p90 {ms(0.9):.1f} p99 {ms(0.99):.1f} max {took[-1] * 1000:.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2, help="processes sharing the store")
    ap.add_argument("--busy", type=int, default=1, help="screening threads beside each writer")
    ap.add_argument("--records", type=int, default=150, help="records each worker writes")
    a = ap.parse_args()
    for way in WAYS + WAYS:
        took, turn_took = run(a.workers, a.busy, a.records, way)
        print(f"{way[0]}: {len(took)} records")
        print(f"    writers' turns (wait + hold) {figures(turn_took)}")
        print(f"    QueryLog.write               {figures(took)}")


if __name__ == "__main__":
    main()
