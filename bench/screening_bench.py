"""Screening micro-benchmark: index build and load time, queries/s per core, latency of one call.

    .venv/bin/python bench/screening_bench.py [--queries N] [--files LIST_FILE ...] [--cli N]

Imports the bundled OFAC SDN 2021-07 and UN sample lists (or the list files given with
--files, each detected as `watchlist import` does) into a fresh SQLite store, then screens
(in this one process, so per core) two query sets: listed names as the store holds them,
with a letter changed and their words reordered, and ordinary names drawn from the reference
corpus. Each set is drawn by a generator of its own, seeded, from a population sorted by
what the lists say (entry, then name), never from the index: a change to the index or to
the name pipeline screens the same queries. The build is reported as wall and CPU time (CPU
holds on a shared machine; linking scores name pairs on one forked process per core, their
CPU apart) with the peak RSS of a process. With --cli N it also times N runs of `watchlist
screen NAME` on that store, each a process of its own with the index cached: what a user at
a shell waits for, end to end, wall and CPU.
Reports figures only; not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from watchlist.index.cache import cached_index
from watchlist.model.access import SYSTEM
from watchlist.model.records import entity_names
from watchlist.names.rarity import reference_frequencies
from watchlist.registry import Registry
from watchlist.screening import Query, Screener
from watchlist.store.db import Store
from watchlist.store.reads import current_entities

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "watchlist" / "data" / "samples"


def listed_names(store: Store) -> list[str]:
    """Every name of every current entry (entity_names: aliases and weak ones too), ordered by
    list, entry id and name: what the lists say, whatever the index makes of it."""
    with store.read() as conn:
        found = {
            (entity.source, entity.source_id, name)
            for entity in current_entities(conn)
            for name, _ in entity_names(entity)
        }
    return [name for _, _, name in sorted(found)]


def listed_variants(listed: list[str], n: int, rng: random.Random) -> list[str]:
    names = []
    for name in rng.sample(listed, min(n, len(listed))):
        tokens = name.split()
        rng.shuffle(tokens)
        i = rng.randrange(len(tokens))
        if len(tokens[i]) > 4:
            j = rng.randrange(1, len(tokens[i]))
            tokens[i] = tokens[i][:j] + rng.choice("aeiou") + tokens[i][j + 1 :]
        names.append(" ".join(tokens))
    return names


def ordinary(n: int, rng: random.Random) -> list[str]:
    tokens = [t for t, share in reference_frequencies().items() if share > 1e-4 and t.isalpha()]
    return [" ".join(rng.sample(tokens, rng.choice((2, 2, 3)))) for _ in range(n)]


def measure(screener: Screener, names: list[str]) -> tuple[float, float, float]:
    latencies = []
    start = time.perf_counter()
    for name in names:
        t = time.perf_counter()
        screener.screen(Query(name), SYSTEM)
        latencies.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return len(names) / total, statistics.median(latencies) * 1000, p99 * 1000


BUILD = """
import os, sys, time
from watchlist.index.build import NameIndex
from watchlist.store.db import Store
from watchlist.store.reads import current_entities
store = Store.open(sys.argv[1])
with store.read() as conn:
    entities = list(current_entities(conn))
before, wall = os.times(), time.perf_counter()
NameIndex.build(entities)
after = os.times()
print(
    time.perf_counter() - wall,
    after.user - before.user + after.system - before.system,
    after.children_user - before.children_user + after.children_system - before.children_system,
)
"""


def build_apart(url: str) -> tuple[float, float, float, float]:
    """(wall s, CPU s of this process, CPU s of the processes linking scores names on, peak
    RSS MB of any one process) of an index build in a process of its own, as a command that
    finds no cached index does it: the store read, then the build (times of the build alone;
    the peak of the whole process)."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, url], check=True, capture_output=True, text=True
    )
    wall, cpu, scoring = map(float, done.stdout.split())
    return wall, cpu, scoring, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cli_times(url: str, work: str, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU user+system) seconds of `watchlist screen` in a process of its own, the index
    already cached: a person's name, an ordinary one and a company's in turn."""
    exe = shutil.which("watchlist", path=str(Path(sys.executable).parent)) or "watchlist"
    env = dict(os.environ, WATCHLIST_DB=url, XDG_DATA_HOME=work, XDG_CACHE_HOME=work)
    times = []
    for i in range(runs):
        name = ("Vladimir Putin", "Maria Lopez Garcia", "Bank Melli Iran")[i % 3]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([exe, "screen", name], env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        times.append((wall, cpu))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--queries", type=int, default=5000, help="queries per set")
    ap.add_argument("--files", nargs="+", type=Path, help="list files to import instead")
    ap.add_argument("--cli", type=int, default=0, help="time this many CLI screens too")
    args = ap.parse_args()
    files = sorted((SAMPLES / "us_ofac_sdn-2021-07").glob("*.csv"))
    files += [SAMPLES / "un_sc_sanctions-2026-02" / "consolidated.xml"]
    cli: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as work:
        store = Store.open(f"sqlite:///{work}/bench.db")
        Registry(store, SYSTEM).import_files(args.files or files)
        build, build_cpu, scoring, peak = build_apart(f"sqlite:///{work}/bench.db")
        index = cached_index(store)  # built again here, and written to the cache file
        listed = listed_names(store)
        start = time.perf_counter()
        cached_index(store)
        load = time.perf_counter() - start
        store.close()
        if args.cli:
            cli = cli_times(f"sqlite:///{work}/bench.db", work, args.cli)
    print(f"{'entities':28} {len(index.entities)}  ({len(index.forms)} name forms)")
    print(
        f"{'index build':28} {build:6.2f} s wall, {build_cpu:.2f} s CPU"
        f" + {scoring:.2f} s CPU of the processes scoring name pairs for links"
    )
    print(f"{'index build, peak RSS':28} {peak:6.0f} MB (a process reading the store, building)")
    print(f"{'index load from cache':28} {load:6.2f} s")
    if cli:
        walls, cpus = [w for w, _ in cli], [c for _, c in cli]
        print(
            f"{'watchlist screen, end to end':28} {statistics.median(walls):6.2f} s median wall,"
            f" {max(walls):.2f} s slowest of {len(cli)}; CPU {statistics.median(cpus):.2f} s"
            " median"
        )
    for label, names in (
        ("listed names, varied", listed_variants(listed, args.queries, random.Random(7))),
        ("ordinary names", ordinary(args.queries, random.Random(7))),
    ):
        screener = Screener(index)  # a fresh process-level cache for each set
        qps, p50, p99 = measure(screener, names)
        per_query = screener.candidates_seen / max(screener.queries_seen, 1)
        print(
            f"{label:28} {qps:7.0f} queries/s per core   p50 {p50:5.2f} ms   p99 {p99:5.2f} ms"
            f"   {per_query:.1f} candidates/query"
        )


if __name__ == "__main__":
    sys.exit(main())
