"""Screening runs in three public steps: plan, screen, record.

`plan_run` reads what to screen against what; `screen_run` screens the plan's customers with
matchers over an index (no store: it may run in another process or on a cluster);
`record_run` records the hits, alerts and audit in one transaction if the store has not moved
since the plan. `rescreen` does the three here, one after the other.
"""

from __future__ import annotations

import time

from watchlist.model.access import Actor
from watchlist.store.db import Store
from watchlist.workflow.customers import Customer
from watchlist.workflow.matching import BulkMatcher, Matcher, Matchers, ScreeningMatchers
from watchlist.workflow.plan import RunMode, RunPlan, plan_run
from watchlist.workflow.record import RunHit, RunReport, record_run

__all__ = [
    "RunHit",
    "RunMode",
    "RunPlan",
    "RunReport",
    "plan_run",
    "record_run",
    "rescreen",
    "rescreen_if_pending",
    "screen_run",
]


def screen_run(
    plan: RunPlan, everything: Matcher | None, changed: Matcher | None = None
) -> list[RunHit]:
    """The hits of a plan: its new and edited customers by `everything` (a matcher over every
    list), the others by `changed` (a matcher over the changed entries and their links).

    A pure function of the plan and the matchers: no store is read.
    """
    hits: list[RunHit] = []
    if plan.everything and everything is not None:
        hits += _match_all(everything, plan.everything)
    if plan.against_changes and plan.changed_entities and changed is not None:
        hits += _match_all(changed, plan.against_changes)
    return hits


def _match_all(matcher: Matcher, customers: list[Customer]) -> list[RunHit]:
    """Every customer's matches: all at once where the matcher screens in bulk (on Spark)."""
    records = [c.record for c in customers]
    found = matcher.match_many(records) if isinstance(matcher, BulkMatcher) else None
    if found is None:
        found = [matcher.match(r) for r in records]
    return [(c, m) for c, ms in zip(customers, found, strict=True) for m in ms]


def rescreen(
    store: Store,
    actor: Actor,
    full: bool = False,
    matchers: Matchers | None = None,
    alert_threshold: float | None = None,
) -> RunReport:
    """Screen the portfolio (or what changed) and open, reopen and close alerts: one run.

    Without `matchers`, the screening library's, opening alerts at `alert_threshold` (default:
    its calibrated threshold).
    """
    report = _run(store, actor, full, matchers, alert_threshold, skip_idle=False)
    assert report is not None
    return report


def rescreen_if_pending(
    store: Store,
    actor: Actor,
    matchers: Matchers | None = None,
    alert_threshold: float | None = None,
) -> RunReport | None:
    """An incremental run, unless no list moved and no customer changed since the last one."""
    return _run(store, actor, False, matchers, alert_threshold, skip_idle=True)


def _run(
    store: Store,
    actor: Actor,
    full: bool,
    matchers: Matchers | None,
    alert_threshold: float | None,
    skip_idle: bool,
) -> RunReport | None:
    clock = time.perf_counter()
    if matchers is None:
        matchers = ScreeningMatchers(threshold=alert_threshold)
    plan = plan_run(store, matchers.settings(), full)
    if skip_idle and plan.idle:
        return None
    everything = matchers.everything(store) if plan.everything else None
    wanted = plan.against_changes and plan.changed_entities
    changed = matchers.only(store, plan.changed_entities) if wanted else None
    hits = screen_run(plan, everything, changed)
    return record_run(store, actor, plan, hits, clock)
