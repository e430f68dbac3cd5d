"""Re-screening benchmark: a full run over a large portfolio, then the incremental run after a
typical daily release (about 20 changed entries), on the bundled sample lists.

    .venv/bin/python bench/rescreen_bench.py                 # 100,000 customers, 20 changes
    .venv/bin/python bench/rescreen_bench.py --customers 20000 --changed 20 --json out.json

The portfolio is synthetic (seeded) apart from a few dozen customers named as listed people,
so that both runs open alerts; the daily release amends, delists and lists real entries.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import tempfile
import time
from datetime import timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import select

from watchlist.model.access import SYSTEM
from watchlist.model.entity import SCHEMA_PROP
from watchlist.registry.imports import import_files
from watchlist.store.db import Store
from watchlist.store.reads import current_entities
from watchlist.store.releases import Key, ReleaseContent, write_release
from watchlist.store.tables import releases, sources, statements
from watchlist.workflow import Workflow

FIRST = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Anna Ivan Olga Dmitri Ahmed Fatima "
    "Wei Li Juan Maria Sofia Lucas Mateo Emma Noah Olivia Liam Mia Yuki Hiroshi Priya Arjun "
    "Kwame Amara Lars Ingrid Pierre Claire Giulia Marco Jan Eva Piotr Zofia Omar Leila"
).split()
SYLLABLES = "ka lo mi ra ten vor sul bra ne dis ko ur an el ma ti pe qu ol sten berg wick".split()
COMPANY = "Northern Blue Granite Harbour Summit Meadow Silver Oak River Pine Atlas Orion".split()
SUFFIX = ("Ltd", "GmbH", "S.A.", "LLC", "Holdings", "Trading Co.", "AB", "Sp. z o.o.")


def samples() -> Path:
    return Path(str(resources.files("watchlist") / "data" / "samples"))


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def write_portfolio(path: Path, n: int, listed: list[str], rng: random.Random) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "type", "dob", "country", "segment"])
        for i in range(n):
            if i % 7 == 0:
                name = f"{rng.choice(COMPANY)} {rng.choice(COMPANY)} {rng.choice(SUFFIX)}"
                out.writerow([f"C{i:07d}", name, "company", "", "GB", "corporate"])
                continue
            dob = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            name = f"{rng.choice(FIRST)} {surname(rng)}"
            out.writerow([f"C{i:07d}", name, "person", dob, "", "retail"])
        for j, name in enumerate(listed):
            out.writerow([f"L{j:05d}", name, "person", "", "", "watch"])


def daily_release(
    store: Store, source: str, changed: int, watched: set[str], rng: random.Random
) -> dict[str, int]:
    """Write the next release of `source`: a few entries amended, delisted and newly listed.

    Half the changed entries are people some customers are named after, so the incremental
    run has alerts to reopen, close and open, as a real day would.
    """
    with store.read() as conn:
        latest, published = conn.execute(
            select(sources.c.latest_seq, releases.c.published)
            .join(releases, releases.c.source == sources.c.name)
            .where(sources.c.name == source, releases.c.seq == sources.c.latest_seq)
        ).one()
        rows = conn.execute(
            select(statements.c.entity_id, statements.c.prop, statements.c.value).where(
                statements.c.source == source, statements.c.last_seq == latest
            )
        ).all()
    keys: set[Key] = {(r[0], r[1], r[2]) for r in rows}
    people = sorted({e for e, p, v in keys if p == SCHEMA_PROP and v == "Person"})
    named = sorted({e for e, p, v in keys if p == "name" and v in watched} & set(people))
    half = rng.sample(named, min(len(named), changed // 2))
    others = rng.sample(sorted(set(people) - set(half)), changed - len(half))
    picked = [x for pair in zip(half, others, strict=False) for x in pair]
    picked += [x for x in half + others if x not in picked]
    amend, delist, relist = (
        picked[: changed // 2],
        picked[changed // 2 : changed * 3 // 4],
        picked[changed * 3 // 4 :],
    )
    for entity_id in amend:
        keys.add((entity_id, "alias", f"Bench Alias {entity_id}"))
    for entity_id in delist:
        keys = {k for k in keys if k[0] != entity_id}
    for entity_id in relist:  # the same people listed again under new numbers
        keys |= {(f"NEW-{e}", p, v) for e, p, v in keys if e == entity_id}
    digest = hashlib.sha256(repr(sorted(keys)).encode()).hexdigest()
    content = ReleaseContent(
        source=source,
        title=source,
        published=published + timedelta(days=1),
        content_hash=digest,
        files="bench",
        format="bench",
        statements=frozenset(keys),
    )
    write_release(store, SYSTEM, content)
    return {"amended": len(amend), "delisted": len(delist), "listed": len(relist)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--changed", type=int, default=20, help="entries changed by the release")
    ap.add_argument("--listed", type=int, default=40, help="customers named as listed people")
    ap.add_argument("--db", help="store URL (default: a SQLite file in a temporary folder)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    rng = random.Random(20240101)
    work = Path(tempfile.mkdtemp(prefix="rescreen-bench-"))
    store = Store.open(args.db or f"sqlite:///{work}/bench.db")
    wf = Workflow(store, SYSTEM)
    figures: dict[str, object] = {"customers": args.customers + args.listed}

    data = samples()
    files = sorted((data / "us_ofac_sdn-2021-07").glob("*.csv"))
    files += [data / "un_sc_sanctions-2026-02" / "consolidated.xml"]
    clock = time.perf_counter()
    import_files(store, SYSTEM, files)
    figures["list_import_s"] = round(time.perf_counter() - clock, 2)
    with store.read() as conn:
        entities = list(current_entities(conn))
    figures["list_entities"] = len(entities)
    sdn_people = sorted(
        e.caption for e in entities if e.schema == "Person" and e.source == "us_ofac_sdn"
    )
    listed = rng.sample(sdn_people, args.listed)
    portfolio = work / "portfolio.csv"
    write_portfolio(portfolio, args.customers, listed, rng)
    clock = time.perf_counter()
    wf.import_customers(portfolio)
    figures["portfolio_import_s"] = round(time.perf_counter() - clock, 2)

    clock = time.perf_counter()
    full = wf.rescreen(full=True)
    figures["full_run_s"] = round(time.perf_counter() - clock, 2)
    figures["full_run_alerts"] = full.opened

    figures["release"] = daily_release(store, "us_ofac_sdn", args.changed, set(listed), rng)
    clock = time.perf_counter()
    incremental = wf.rescreen()
    figures["incremental_run_s"] = round(time.perf_counter() - clock, 2)
    figures["incremental_mode"] = incremental.mode
    figures["incremental_changed_entities"] = incremental.changed_entities
    figures["incremental_alerts"] = {
        "opened": incremental.opened,
        "reopened": incremental.reopened,
        "closed": incremental.closed,
    }
    figures["incremental_share_of_full"] = round(
        float(figures["incremental_run_s"]) / max(float(figures["full_run_s"]), 1e-9), 4
    )
    store.close()
    for key, value in figures.items():
        print(f"{key:32} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
