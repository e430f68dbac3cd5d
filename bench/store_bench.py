"""Store benchmark: the full OFAC SDN set imported, and a batch of names screened, on SQLite and
on PostgreSQL side by side in one run.

    .venv/bin/python bench/store_bench.py [--names N] [--workers W] [--workflow] [--pg-url URL]
                                          [SDN_CSV_FILES...]

Files default to the bundled 2021-07 SDN CSV set (a developer may pass e.g.
/work/shared/data/us_ofac_sdn-2021-07/*.csv). PostgreSQL is the server at --pg-url, or
WATCHLIST_PG_URL, or else a throwaway one started with scripts/pg.sh in its durable
configuration (fsync on), so that it is measured as it would run in production. Each backend
gets fresh databases; parsing is shared and timed once.

Batch screening is the path of `watchlist batch`: the index built from the store's current
entities in one read, then N names (default 100,000) screened on W processes. With --workflow
the N names are also imported as customers and screened by one full workflow run, which
records its alerts in the store (sequential, so it takes longest). Not a test: figures only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from watchlist.model.access import SYSTEM
from watchlist.model.entity import StoredEntity
from watchlist.registry.imports import read_job
from watchlist.sources.formats import plan
from watchlist.store import reads
from watchlist.store.db import Store
from watchlist.store.dialect import normalise_url
from watchlist.store.releases import ReleaseContent, write_release

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "watchlist" / "data" / "samples" / "us_ofac_sdn-2021-07"
PG_SH = ROOT / "scripts" / "pg.sh"

Row = dict[str, str]


def timed(label: str, results: dict[str, Any], action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = action()
    results[label] = time.perf_counter() - start
    return value


@contextmanager
def postgres_server(url: str | None) -> Iterator[str]:
    """The server to measure: given, or a durable throwaway one."""
    if url:
        yield url
        return
    # A directory of its own in /tmp: as root, pg.sh hands it to the postgres user, who could
    # not enter a private temporary directory around it.
    data = tempfile.mkdtemp(prefix="watchlist-bench-pg.")
    os.rmdir(data)
    proc = subprocess.run(
        ["bash", str(PG_SH), "start", data, str(os.getpid())],
        env=dict(os.environ, PG_SH_DURABLE="1"),
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        sys.exit(f"could not start PostgreSQL: {proc.stderr}")
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(PG_SH), "stop", data], check=False)


@contextmanager
def fresh_database(backend: str, server: str) -> Iterator[str]:
    """An empty database on the backend, dropped afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as work:
            yield f"sqlite:///{work}/bench.db"
        return
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield str(admin.url.set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


def portfolio(entities: list[StoredEntity], size: int, seed: int = 7) -> list[Row]:
    """Customer names: 1% listed names as written, 4% with a typo, the rest made of first and
    last names taken from different listed people (plausible, and mostly not listed)."""
    rng = random.Random(seed)
    people = [e for e in entities if e.schema == "Person"]
    listed = [e.caption for e in entities]
    firsts = [v for e in people for v in e.properties.get("firstName", [])] or ["John"]
    lasts = [v for e in people for v in e.properties.get("lastName", [])] or ["Smith"]
    rows = []
    for i in range(size):
        roll = rng.random()
        if roll < 0.01:
            name = rng.choice(listed)
        elif roll < 0.05:
            name = rng.choice(listed)
            cut = rng.randrange(len(name))
            name = name[:cut] + name[cut + 1 :]
        else:
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        rows.append({"id": f"C{i:07d}", "name": name})
    return rows


def write_portfolio(rows: list[Row], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "name"])
        writer.writeheader()
        writer.writerows(rows)


def import_phases(url: str, content: ReleaseContent, results: dict[str, Any]) -> None:
    store = Store.open(url)
    try:
        info = timed("import SDN", results, lambda: write_release(store, SYSTEM, content))
        again = timed(
            "re-import (unchanged)", results, lambda: write_release(store, SYSTEM, content)
        )
        assert not info.unchanged and again.unchanged

        def load() -> int:
            with store.read() as conn:
                return sum(1 for _ in reads.current_entities(conn, SYSTEM))

        results["entities read"] = timed("read all entities", results, load)
    finally:
        store.close()


def batch_phases(
    url: str,
    content: ReleaseContent,
    rows: list[Row],
    workers: int,
    results: dict[str, Any],
) -> None:
    from watchlist.index.cache import cache_dir
    from watchlist.screening import Query, Screener
    from watchlist.screening.batch import screen_many

    store = Store.open(url)
    try:
        write_release(store, SYSTEM, content)
        screener = timed("index from the store", results, lambda: Screener.from_store(store))
        queries = [(row["id"], Query(row["name"])) for row in rows]

        def screen() -> int:
            results_ = screen_many(screener, queries, SYSTEM, workers=workers)
            return sum(len(hits) for _, hits in results_)

        results["batch hits"] = timed("batch screening", results, screen)
        folder, prefix = cache_dir(store)
        for cached in folder.glob(f"{prefix}*.pickle"):
            cached.unlink()
    finally:
        store.close()


def workflow_phases(
    url: str, content: ReleaseContent, customers: Path, results: dict[str, Any]
) -> None:
    from watchlist.workflow import Workflow

    store = Store.open(url)
    try:
        write_release(store, SYSTEM, content)
        flow = Workflow(store, SYSTEM)
        timed("customers import", results, lambda: flow.import_customers(customers))
        report = timed("workflow run", results, lambda: flow.rescreen(full=True))
        results["alerts opened"] = report.opened
    finally:
        store.close()


def measure(args: argparse.Namespace, files: list[Path]) -> None:
    """One backend's phases, in a process of its own, so that neither backend runs with the
    caches the other warmed; prints the figures as JSON for the parent."""
    (job,) = plan(files)
    content = read_job(job, None, None)
    with open(args.customers, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    results: dict[str, Any] = {}
    with fresh_database(args.backend, args.server) as url:
        import_phases(url, content, results)
    with fresh_database(args.backend, args.server) as url:
        batch_phases(url, content, rows, args.workers, results)
    if args.workflow:
        with fresh_database(args.backend, args.server) as url:
            workflow_phases(url, content, args.customers, results)
    print(json.dumps(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="OFAC SDN CSV files (one set)")
    parser.add_argument("--names", type=int, default=100_000, help="names to screen")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workflow", action="store_true", help="also a full workflow run")
    parser.add_argument("--pg-url", default=os.environ.get("WATCHLIST_PG_URL"))
    # set by the parent for the process that measures one backend
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--server", help=argparse.SUPPRESS)
    parser.add_argument("--customers", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = [p.resolve() for p in args.files] or sorted(SAMPLES.glob("*.csv"))
    if args.backend:
        measure(args, files)
        return

    start = time.perf_counter()
    (job,) = plan(files)
    content = read_job(job, None, None)
    parse = time.perf_counter() - start
    print(
        f"parsed {job.label}: {content.entity_count} entities, "
        f"{len(content.statements)} statements in {parse:.1f} s (the same for both backends)"
    )
    rows = portfolio(list(_entities(content)), args.names)
    with tempfile.TemporaryDirectory() as work:
        customers = Path(work) / "customers.csv"
        write_portfolio(rows, customers)
        figures: dict[str, dict[str, Any]] = {}
        with postgres_server(args.pg_url) as server:
            for backend in ("sqlite", "postgresql"):
                print(f"{backend}: import, then {args.names} names screened", flush=True)
                command = [sys.executable, __file__, "--backend", backend, "--server", server]
                command += ["--customers", str(customers), "--workers", str(args.workers)]
                command += ["--workflow"] if args.workflow else []
                proc = subprocess.run(
                    [*command, *map(str, files)], stdout=subprocess.PIPE, text=True, check=True
                )
                figures[backend] = json.loads(proc.stdout.strip().splitlines()[-1])
    report(figures, args.names, args.workers)


def _entities(content: ReleaseContent) -> Iterator[StoredEntity]:
    """The release's entities, grouped from its statements (names for the portfolio)."""
    from watchlist.model.access import Classification
    from watchlist.model.entity import SCHEMA_PROP

    grouped: dict[str, StoredEntity] = {}
    for entity_id, prop, value in sorted(content.statements):
        entity = grouped.setdefault(
            entity_id, StoredEntity(content.source, entity_id, "", {}, Classification.PUBLIC)
        )
        if prop == SCHEMA_PROP:
            entity.schema = value
        else:
            entity.properties.setdefault(prop, []).append(value)
    return iter(grouped.values())


def report(figures: dict[str, dict[str, Any]], names: int, workers: int) -> None:
    print(f"\n{'phase':28} {'SQLite':>12} {'PostgreSQL':>12}")
    for row in figures["sqlite"]:
        cells = []
        for backend in ("sqlite", "postgresql"):
            value = figures[backend].get(row)
            cells.append(f"{value:10.2f} s" if isinstance(value, float) else f"{value:>12}")
        print(f"{row:28} {cells[0]:>12} {cells[1]:>12}")
    for backend in ("sqlite", "postgresql"):
        batch = figures[backend]["batch screening"]
        line = f"{backend}: {names / batch:,.0f} names/s in batch ({workers} processes)"
        if "workflow run" in figures[backend]:
            line += f", {names / figures[backend]['workflow run']:,.0f} customers/s in a run"
        print(line)


if __name__ == "__main__":
    main()
