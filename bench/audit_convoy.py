"""How long a server worker's audit record takes to commit while queries are screened beside
its writer thread, at Python's default switch interval and at the server's own.

    .venv/bin/python bench/audit_convoy.py [--workers 2] [--busy 1] [--records 150]

Starts `--workers` processes on one fresh SQLite store, as `watchlist serve --workers N`
does; in each, `--busy` threads run pure-Python work (a query being screened) while the
audit writer (api.querylog.QueryLog) commits a record every 2 ms. The writer holds the
database's write lock while it commits and needs the interpreter back after each call into
the database: at the default interval (5 ms) every such wait can cost a whole interval, and
the other workers' writers wait behind it. Reports the latency of `QueryLog.write` (queue,
commit, answer) at each interval. Figures only; not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import threading
import time
from pathlib import Path

from watchlist.api.app import SWITCH_INTERVAL
from watchlist.api.querylog import QueryLog
from watchlist.model.access import SYSTEM
from watchlist.store.db import Store

DEFAULT_INTERVAL = 0.005


def busy(stop: threading.Event) -> None:
    x = 0
    while not stop.is_set():
        for i in range(1000):
            x += i


def worker(url: str, records: int, threads: int, interval: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    sys.setswitchinterval(interval)
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
    out.put(took)


def run(workers: int, threads: int, records: int, interval: float) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="watchlist-convoy.") as work:
        url = f"sqlite:///{Path(work) / 'convoy.db'}"
        Store.open(url).close()
        ctx = mp.get_context("fork")
        out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        procs = [
            ctx.Process(target=worker, args=(url, records, threads, interval, out))
            for _ in range(workers)
        ]
        for p in procs:
            p.start()
        took = sorted(t for _ in procs for t in out.get())
        for p in procs:
            p.join()
        return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2, help="processes sharing the store")
    ap.add_argument("--busy", type=int, default=1, help="screening threads beside each writer")
    ap.add_argument("--records", type=int, default=150, help="records each worker writes")
    a = ap.parse_args()
    for interval in (DEFAULT_INTERVAL, SWITCH_INTERVAL, DEFAULT_INTERVAL, SWITCH_INTERVAL):
        took = run(a.workers, a.busy, a.records, interval)

        def ms(q: float) -> float:
            return took[int(q * (len(took) - 1))] * 1000  # noqa: B023

        print(
            f"switch interval {interval * 1000:.1f} ms: {len(took)} records, write p50 "
            f"{ms(0.5):.1f} p90 {ms(0.9):.1f} p99 {ms(0.99):.1f} max {took[-1] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
