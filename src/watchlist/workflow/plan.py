"""A run's plan: which customers to screen against every list, which against the changed entries.

An incremental run screens customers added or edited since the last run against every list,
and every other customer against only the list entries listed or amended since the releases
the last run used. A full run (the first, one asked for, or one after the matcher changed)
screens everyone against everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select

from watchlist.model.canonical import canonical_json
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityKey
from watchlist.store.current import ListChanges, changes_since
from watchlist.store.db import Store
from watchlist.store.reads import store_version
from watchlist.workflow.customers import Customer, newest_row, portfolio
from watchlist.workflow.tables import screening_runs


class RunMode(StrEnum):
    """A full run screens everyone against everything; an incremental one what changed."""

    FULL = "full"
    INCREMENTAL = "incremental"


@dataclass
class RunPlan:
    """What a run screens against what: made by `plan_run`, screened anywhere (this process,
    another, a cluster), recorded by `record_run` if the store has not moved meanwhile."""

    mode: RunMode
    reason: str
    base_run: int | None
    version: dict[str, int]
    newest: int
    previous_settings: dict[str, Any] | None
    settings: dict[str, Any] = field(default_factory=dict)  # the matcher's, recorded
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    everything: list[Customer] = field(default_factory=list)
    against_changes: list[Customer] = field(default_factory=list)
    changes: list[ListChanges] = field(default_factory=list)

    @property
    def changed_entities(self) -> list[StoredEntity]:
        return [e for c in self.changes for e in c.current]

    @property
    def changed_keys(self) -> set[EntityKey]:
        keys = {(e.source, e.source_id) for e in self.changed_entities}
        return keys | {(c.source, d) for c in self.changes for d in c.delisted}

    @property
    def idle(self) -> bool:
        """An incremental run with nothing to do: no list moved and no customer changed."""
        return self.mode is RunMode.INCREMENTAL and not self.everything and not self.changes


def plan_run(store: Store, settings: dict[str, Any], full: bool = False) -> RunPlan:
    """Plan a run with the matcher described by `settings` (recorded with the run)."""
    with store.read() as conn:
        return read_plan(conn, full, settings)


def read_plan(conn: Connection, full: bool, settings: dict[str, Any]) -> RunPlan:
    """The plan of a run as the store stands in `conn`."""
    last = conn.execute(
        select(screening_runs).order_by(screening_runs.c.id.desc()).limit(1)
    ).first()
    version = dict(store_version(conn))
    previous = json.loads(last.matcher) if last else None
    base = last.id if last else None
    plan = RunPlan(RunMode.FULL, "", base, version, newest_row(conn), previous, settings)
    everyone = portfolio(conn)
    if last is None or full or canonical_json(previous) != canonical_json(settings):
        plan.reason = (
            "first run" if last is None else "full run" if full else "matcher settings changed"
        )
        plan.everything = everyone
        return plan
    plan.mode = RunMode.INCREMENTAL
    plan.reason = f"changes since run {last.id}"
    covered: dict[str, int] = json.loads(last.releases)
    plan.everything = [c for c in everyone if c.row > last.customers_upto]
    fresh = {c.customer_id for c in plan.everything}
    plan.against_changes = [c for c in everyone if c.customer_id not in fresh]
    plan.changes = [
        changes_since(conn, source, covered.get(source, 0))
        for source, seq in sorted(version.items())
        if seq > covered.get(source, 0)
    ]
    return plan
