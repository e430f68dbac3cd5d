"""Reads of the workflow for the API: one customer's versions, one run's record."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from watchlist.errors import NotFound
from watchlist.model.access import Actor, Classification
from watchlist.store.reads import source_classifications
from watchlist.workflow.customers import Customer, _customer
from watchlist.workflow.tables import customers, screening_runs


def customer_versions(conn: Connection, customer_id: str) -> list[Customer]:
    """Every stored version of a customer, oldest first."""
    rows = conn.execute(
        select(customers)
        .where(customers.c.customer_id == customer_id)
        .order_by(customers.c.version)
    )
    found = [_customer(r) for r in rows]
    if not found:
        raise NotFound(f"no customer {customer_id!r}", record=f"customer {customer_id}")
    return found


def _iso(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def run_record(conn: Connection, actor: Actor, run_id: int) -> dict[str, Any]:
    """What a run screened and did; releases of lists above the actor's clearance unnamed."""
    row = conn.execute(select(screening_runs).where(screening_runs.c.id == run_id)).first()
    if row is None:
        raise NotFound(f"no screening run {run_id}", record=f"run {run_id}")
    classes = source_classifications(conn)
    used = json.loads(row.releases)
    visible = {
        s: seq for s, seq in used.items() if actor.may_read(classes.get(s, Classification.SECRET))
    }
    return {
        "run_id": row.id,
        "started_at": _iso(row.started_at),
        "finished_at": _iso(row.finished_at),
        "actor": row.actor,
        "mode": row.mode,
        "releases": visible,
        "customers": row.customers,
        "hits": row.hits,
        "opened": row.opened,
        "closed": row.closed,
    }
