"""HTTP API load benchmark: `watchlist serve --workers 2` on 127.0.0.1, driven by wrk (a load
generator in its own process), beside the library's in-process rate in the same run.

    .venv/bin/python bench/api_bench.py [--seconds 60] [--soak 120] [--workers 2]
        [--runs plain,mix,match10,overload,open,open2x,kill,soak,distinct] [--capacity REQ/S]
        [--max-in-flight 16]

Needs wrk (`bash scripts/benchdeps.sh` installs it from Debian). Imports the bundled OFAC SDN
and UN sample lists into a SQLite store in a temporary folder, creates a key, starts the server
and runs, one after the other:

1. ordinary names, one per POST /v1/screen;
2. a 90/10 mix of ordinary names and listed names (a letter changed, tokens reordered);
3. POST /match/default with 10 queries per request;
4. overload: twice as many connections as the workers may have requests in flight: the excess
   gets 503 at once, then a short run at the normal load shows the server recovered;
5. open loop (bench/open_loop.py, a process of its own sending at a fixed rate whatever the
   answers, each request timed from when it was due): the mix at 70% of the capacity the
   ordinary-names run measured (or `--capacity`), the rate a server should be run at;
6. open loop at twice that rate for 30 s: the share refused (503/429), the latency of the
   requests admitted (200s only), then 15 s at the sustainable rate again to show recovery;
7. a worker killed (SIGKILL) mid-load: every request answered 200 has its audit record;
8. a soak at the mix, with the workers' memory sampled every 10 s (at ready, 1, 5, 10 min);
9. the same soak with a stream of distinct names (`distinct`, as long as `--soak`): no name is
   sent twice, so the name pipeline's caches fill to their limits and memory must stay
   bounded by them, not grow with the names seen.

Runs 1 and 2 are compared with the library's in-process rate: one thread in a process of its
own, over as many of the same names as each worker answered, in the same order (in_process).
Reports requests/s, p50/p95/p99 latency and errors for each, and the load average of the
machine before and after. Figures, not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from screening_bench import listed_names, listed_variants, ordinary

from watchlist.audit import verify_store
from watchlist.auth import Role, Users
from watchlist.index.cache import cached_index
from watchlist.model.access import SYSTEM, Classification
from watchlist.registry import Registry
from watchlist.screening import Query, Screener
from watchlist.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "watchlist" / "data" / "samples"
LUA = Path(__file__).resolve().parent / "wrk_bodies.lua"
BIN = Path(sys.executable).parent
#: Requests one worker takes at once in this benchmark (more are refused with 503).
IN_FLIGHT = 16
WORKERS = 2
RUNS = ("plain", "mix", "match10", "overload", "open", "open2x", "kill", "soak", "distinct")
#: Requests a second the distinct-names soak is sized for (the file then lasts the soak).
DISTINCT_RATE = 1_000
OPEN_LOOP = Path(__file__).resolve().parent / "open_loop.py"
#: The share of the measured capacity an open-loop run sends at (the sustainable rate).
SUSTAINABLE = 0.7
#: Connections of the normal load: a few per worker, well inside IN_FLIGHT.
CONNECTIONS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_lines(path: Path, bodies: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in bodies))
    return path


def person(name: str) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": [name]}}


def in_process(db: str, runs: list[tuple[list[str], int]]) -> list[float]:
    """Screens a second in the library, one thread, in a process of its own, for each
    (names, count) in turn: the index loaded and warmed as a server's worker does it, the
    name pipeline's caches cold at the first run and kept from one run to the next, as a
    worker's are; `count` names of each set, cycling, where `count` is the requests of the
    HTTP run over the number of workers. So each name is seen as often as in a worker: a
    rate taken over a fixed time would see the names more often the faster it went, and
    answer them from its caches."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        rates: list[float] = pool.apply(_in_process, (db, runs))
        return rates


def _in_process(db: str, runs: list[tuple[list[str], int]]) -> list[float]:
    store = Store.open(db)
    try:
        screener = Screener(cached_index(store))
    finally:
        store.close()
    screener.warm()
    rates = []
    for names, count in runs:
        start = time.perf_counter()
        for name in itertools.islice(itertools.cycle(names), count):
            screener.screen(Query(name), SYSTEM)
        rates.append(count / (time.perf_counter() - start))
    return rates


def wrk(port: int, bodies: Path, key: str, path: str, seconds: int, connections: int) -> Any:
    cmd = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(bodies),
        key,
        path,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    figures = json.loads(next(ln for ln in reversed(out.splitlines()) if ln.startswith("{")))
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = figures["socket_errors"] + sum(
        n for status, n in figures["statuses"].items() if status != "200"
    )
    figures["command"] = " ".join(cmd[:9]) + " -- BODIES KEY " + path
    return figures


def open_loop(port: int, bodies: Path, key: str, path: str, rate: float, seconds: int) -> Any:
    """Figures of bench/open_loop.py sending `rate` requests a second for `seconds`."""
    cmd = [sys.executable, str(OPEN_LOOP), f"http://127.0.0.1:{port}{path}", key, str(bodies)]
    cmd += ["--rate", f"{rate:.0f}", "--seconds", str(seconds)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["command"] = f"python bench/open_loop.py URL KEY BODIES --rate {rate:.0f} " + (
        f"--seconds {seconds}"
    )
    return figures


def report_open(label: str, f: Any) -> None:
    refused = sum(n for s, n in f["statuses"].items() if s in ("429", "503"))
    print(
        f"{label:34} {f['rate']:5.0f}/s asked, {f['sent_rate']}/s sent  p50 {f['p50_ms']:6.1f}  "
        f"p95 {f['p95_ms']:6.1f}  p99 {f['p99_ms']:6.1f} ms  200s only: p50 {f['ok_p50_ms']} "
        f"p99 {f['ok_p99_ms']} ms  refused {refused / f['sent']:.1%} (p99 "
        f"{f['refused_p99_ms']} ms)  statuses {f['statuses']}  sender late <= "
        f"{f['sender_late_ms']} ms"
    )


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def report(label: str, f: Any, extra: str = "") -> None:
    print(
        f"{label:34} {f['rps']:7.0f} req/s  p50 {f['p50_ms']:6.1f}  p95 {f['p95_ms']:6.1f}  "
        f"p99 {f['p99_ms']:6.1f} ms  errors {f['errors']}  statuses {f['statuses']}{extra}"
    )


def worker_pids(server: subprocess.Popen[bytes]) -> list[int]:
    """uvicorn's worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True
    ).stdout
    pids = []
    for pid in (int(p) for p in found.split()):
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                pids.append(pid)
        except OSError:
            continue
    return pids


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system, every thread) of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class WorkerCpu:
    """Each worker's CPU over a run: the workers share one listening socket and a worker may
    accept all of a few connections opened at once (one worker idle, the rate halved), which
    a run's figures alone do not show."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        self.pids = worker_pids(server)
        self.start = [cpu_seconds(p) for p in self.pids]

    def __str__(self) -> str:
        try:
            spent = [cpu_seconds(p) - s for p, s in zip(self.pids, self.start, strict=True)]
        except OSError:
            return ""
        return f"  workers' CPU s {[round(x, 1) for x in spent]}"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def audit_count(db: str) -> int:
    store = Store.open(db)
    try:
        with store.read() as conn:
            from sqlalchemy import func, select

            from watchlist.audit.tables import audit_log

            n: int = conn.execute(
                select(func.count()).where(audit_log.c.action == "screening.screen")
            ).scalar_one()
            return n
    finally:
        store.close()


def listeners(port: int) -> int:
    """Sockets listening on `port` (/proc/net/tcp and tcp6; 0 where there are none)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


def wait_ready(
    port: int, server: subprocess.Popen[bytes], workers: int = WORKERS, timeout: float = 300
) -> None:
    """Until every worker listens (each opens a socket of its own once it is ready, so the
    first ready worker alone answers /readyz meanwhile, and would take every connection
    opened then) and /readyz has answered 200 twenty times in a row."""
    own_sockets = workers > 1 and hasattr(socket, "SO_REUSEPORT")
    deadline = time.monotonic() + timeout
    ok = 0
    while time.monotonic() < deadline and ok < 20:
        if server.poll() is not None:
            raise SystemExit("the server stopped before it was ready")
        try:
            ok = ok + 1 if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200 else 0
        except httpx.TransportError:
            ok = 0
        if own_sockets and 0 < listeners(port) < workers:  # 0: no /proc to look in
            ok = 0
        time.sleep(0.2)
    if ok < 20:
        raise SystemExit("the server was not ready in time")


def killed_mid_load(
    port: int, server: subprocess.Popen[bytes], bodies: Path, key: str, db: str
) -> None:
    """A worker killed (SIGKILL) 10 s into a 20 s load: every request answered 200 has its
    audit record, and uvicorn starts a new worker."""
    before = audit_count(db)
    victim = worker_pids(server)[0]
    killer = subprocess.Popen(
        [sys.executable, "-c", f"import os,time; time.sleep(10); os.kill({victim}, 9)"]
    )
    killed = wrk(port, bodies, key, "/v1/screen", 20, CONNECTIONS)
    killer.wait()
    time.sleep(1)
    recorded = audit_count(db) - before
    answered = killed["statuses"].get("200", 0)
    report("worker killed mid-load", killed)
    print(
        f"{'':34} answered 200: {answered}, audit records written: {recorded}, "
        f"lost: {max(0, answered - recorded)}; workers now {worker_pids(server)}"
    )


def soak(
    port: int,
    server: subprocess.Popen[bytes],
    bodies: Path,
    key: str,
    seconds: int,
    label: str = "soak",
    split: bool = False,
) -> Any:
    """`bodies` (the mix) at 4 connections for `seconds`, each worker's RSS sampled every 10 s:
    printed at the start (before this load), after 1, 5 and 10 minutes, and at the end. With
    `split`, wrk's two threads take the two halves of the file (no body sent twice)."""
    samples: list[tuple[float, list[float]]] = [(0.0, [rss_mb(p) for p in worker_pids(server)])]
    cpu = WorkerCpu(server)
    cmd = ["wrk", "-t2", "-c4", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    cmd += [f"http://127.0.0.1:{port}", "--", str(bodies), key, "/v1/screen"]
    load = subprocess.Popen([*cmd, "2"] if split else cmd, stdout=subprocess.PIPE, text=True)
    start = time.monotonic()
    while load.poll() is None:
        time.sleep(10)
        samples.append((time.monotonic() - start, [rss_mb(p) for p in worker_pids(server)]))
    out = load.communicate()[0]
    soak_f = json.loads(next(ln for ln in reversed(out.splitlines()) if ln.startswith("{")))
    soak_f["rps"] = soak_f["requests"] / soak_f["seconds"]
    soak_f["errors"] = soak_f["socket_errors"] + sum(
        n for s, n in soak_f["statuses"].items() if s != "200"
    )
    report(f"{label} {seconds} s, 4 connections", soak_f, str(cpu))
    marks = [0.0, 60.0, 300.0, 600.0, samples[-1][0]]
    if split:  # distinct names: whether memory levels off, minute by minute
        marks = sorted({*marks, *(60.0 * m for m in range(1, int(seconds // 60) + 1))})
    shown = []
    for mark in marks:
        at, rss = min(samples, key=lambda s: abs(s[0] - mark))
        if mark <= samples[-1][0] + 5 and at not in shown:
            shown.append(at)
            label = "at the soak's start" if at == 0 else f"at {at:4.0f} s"
            print(f"{'':34} worker RSS MB {label}: {[round(x) for x in rss]}")
    peak = [max(rss[i] for _, rss in samples if len(rss) > i) for i in range(len(samples[0][1]))]
    print(f"{'':34} worker RSS MB, highest sample: {[round(x) for x in peak]}")
    return soak_f


def distinct_names(n: int, rng: random.Random) -> list[str]:
    """`n` ordinary names, no two alike."""
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < n:
        for name in ordinary(n - len(names), rng):
            if name not in seen:
                seen.add(name)
                names.append(name)
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=60, help="length of each load run")
    ap.add_argument("--soak", type=int, default=120, help="length of the soak (the issue: 600)")
    ap.add_argument("--workers", type=int, default=WORKERS, help="worker processes")
    ap.add_argument("--connections", type=int, default=CONNECTIONS, help="of the normal load")
    ap.add_argument("--runs", default=",".join(RUNS), help="which runs, comma-separated")
    ap.add_argument(
        "--max-in-flight",
        type=int,
        default=IN_FLIGHT,
        help="requests one worker takes at once (WATCHLIST_API_MAX_IN_FLIGHT)",
    )
    ap.add_argument(
        "--capacity",
        type=float,
        default=None,
        help="req/s the open-loop runs take as capacity (default: the ordinary-names run's)",
    )
    args = ap.parse_args()
    runs = set(args.runs.split(","))
    if runs - set(RUNS):
        raise SystemExit(f"--runs takes some of {','.join(RUNS)}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: bash scripts/benchdeps.sh")
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="watchlist-api-bench."))
    db = f"sqlite:///{work}/bench.db"
    env = {
        **os.environ,
        "WATCHLIST_DB": db,
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_DATA_HOME": str(work / "data"),
        "WATCHLIST_API_RATE_LIMIT": "100000000",
        "WATCHLIST_API_MAX_IN_FLIGHT": str(args.max_in_flight),
    }
    os.environ.update({k: env[k] for k in ("XDG_CACHE_HOME", "XDG_DATA_HOME")})
    server = None
    try:
        files = sorted((SAMPLES / "us_ofac_sdn-2021-07").glob("*.csv"))
        files += [SAMPLES / "un_sc_sanctions-2026-02" / "consolidated.xml"]
        store = Store.open(db)
        Registry(store, SYSTEM).import_files(files)
        users = Users(store, SYSTEM)
        users.add("bench", Role.SCREENER, Classification.PUBLIC)
        key = users.create_key("bench").secret
        cached_index(store)  # built once here, loaded by each worker
        store_names = listed_names(store)
        store.close()

        plain = ordinary(20_000, rng)
        listed = listed_variants(store_names, 2_000, rng)
        mix = [listed[i // 10 % len(listed)] if i % 10 == 9 else n for i, n in enumerate(plain)]
        match10 = [
            {"queries": {f"q{j}": person(mix[(i * 10 + j) % len(mix)]) for j in range(10)}}
            for i in range(2_000)
        ]
        bodies = {
            "plain": write_lines(work / "plain.jsonl", [{"name": n} for n in plain]),
            "mix": write_lines(work / "mix.jsonl", [{"name": n} for n in mix]),
            "match10": write_lines(work / "match10.jsonl", match10),
        }
        print(f"load average before the server: {load_average()}")

        port = free_port()
        cmd = [str(BIN / "watchlist"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--workers", str(args.workers)]
        print("$ " + " ".join(cmd[1:]))
        server = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
        wait_ready(port, server, args.workers)
        ready_rss = [round(rss_mb(p)) for p in worker_pids(server)]
        print(f"worker RSS MB at ready: {ready_rss}")

        done: dict[str, Any] = {}
        if "plain" in runs:
            cpu = WorkerCpu(server)
            plain_f = wrk(port, bodies["plain"], key, "/v1/screen", args.seconds, args.connections)
            print(f"$ {plain_f['command']}")
            report("ordinary names /v1/screen", plain_f, str(cpu))
            done["plain"] = plain_f
        if "mix" in runs:
            cpu = WorkerCpu(server)
            mix_f = wrk(port, bodies["mix"], key, "/v1/screen", args.seconds, args.connections)
            report("90/10 mix /v1/screen", mix_f, str(cpu))
            done["mix"] = mix_f
        # The library alone over as many names as each worker answered, in the same order of
        # runs (the mix after the ordinary names, as the server met them).
        same = [(n, f) for n, f in ((plain, "plain"), (mix, "mix")) if f in runs]
        if same:
            counts = [-(-done[f]["requests"] // args.workers) for _, f in same]
            rates = in_process(db, [(n, c) for (n, _), c in zip(same, counts, strict=True)])
            for (_, f), c, rate in zip(same, counts, rates, strict=True):
                print(
                    f"{'':34} {f}: the library in-process, one thread, over the same {c} "
                    f"names a worker answered: {rate:.0f}/s; HTTP {done[f]['rps'] / rate:.0%} of it"
                )
        if "match10" in runs:
            cpu = WorkerCpu(server)
            m10 = wrk(
                port, bodies["match10"], key, "/match/default", args.seconds, args.connections
            )
            report("/match/default, 10 queries", m10, f"  = {m10['rps'] * 10:.0f} queries/s{cpu}")
        if "overload" in runs:
            many = 2 * args.max_in_flight * args.workers
            over = wrk(port, bodies["mix"], key, "/v1/screen", 30, many)
            report(f"overload, {many} connections", over)
            after = wrk(port, bodies["mix"], key, "/v1/screen", 10, CONNECTIONS)
            report("after the overload", after)
        capacity = args.capacity or (plain_f["rps"] if "plain" in runs else None)
        if runs & {"open", "open2x"} and capacity is None:
            raise SystemExit("the open-loop runs need the plain run or --capacity")
        if "open" in runs and capacity:
            rate = SUSTAINABLE * capacity
            f = open_loop(port, bodies["mix"], key, "/v1/screen", rate, args.seconds)
            print(f"$ {f['command']}")
            report_open(f"open loop, {SUSTAINABLE:.0%} of {capacity:.0f}/s", f)
        if "open2x" in runs and capacity:
            rate = 2 * SUSTAINABLE * capacity
            f = open_loop(port, bodies["mix"], key, "/v1/screen", rate, 30)
            report_open("open loop, twice that, 30 s", f)
            f = open_loop(port, bodies["mix"], key, "/v1/screen", rate / 2, 15)
            report_open("right after, the sustainable rate", f)
        if "kill" in runs:
            killed_mid_load(port, server, bodies["mix"], key, db)
        if "soak" in runs:
            soak(port, server, bodies["mix"], key, args.soak)
        if "distinct" in runs:
            names = distinct_names(DISTINCT_RATE * args.soak, rng)
            path = write_lines(work / "distinct.jsonl", [{"name": n} for n in names])
            f = soak(port, server, path, key, args.soak, "soak, distinct names", split=True)
            if f["requests"] > len(names):
                print(f"{'':34} (the {len(names)} names ran out: some were sent twice)")
        store = Store.open(db)
        print(f"audit verify: {'ok' if verify_store(store).ok else 'FAILED'}")
        print(f"load average after: {load_average()}")
        store.close()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
