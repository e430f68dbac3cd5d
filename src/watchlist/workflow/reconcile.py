"""Reconciling a run's hits with the alerts already raised: what opens, reopens and closes.

A pair (customer, list entry) already alerted is alerted again only if the customer or the
entry changed since (or it was closed as delisted or no longer matching): a false positive stays
one. An active alert whose pair the run no longer hits is closed if the entry was delisted, or
the customer or the entry changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from watchlist.model.access import Classification
from watchlist.model.entity import StoredEntity
from watchlist.store.current import load_current
from watchlist.workflow.alerts import ACTIVE, AlertAction, Status, current_status
from watchlist.workflow.changes import describe_change, fingerprint, snapshot
from watchlist.workflow.customers import Customer, versions_by_row
from watchlist.workflow.customers import describe_change as describe_customer_change
from watchlist.workflow.matching import Match
from watchlist.workflow.plan import RunMode, RunPlan
from watchlist.workflow.tables import alert_events, alerts

PairKey = tuple[str, str, str]  # (customer_id, source, source_id)


@dataclass
class PriorAlert:
    """The latest alert of a (customer, entry) pair, as the run needs it."""

    id: int
    customer_id: str
    customer_row: int
    source: str
    source_id: str
    entity_hash: str
    entity: dict[str, Any]
    classification: Classification
    status: Status
    last_seq: int
    last_action: AlertAction


@dataclass(frozen=True)
class Opened:
    """An alert to open: a new pair, or a pair alerted before whose customer or entry changed."""

    customer: Customer
    match: Match
    entity: StoredEntity
    previous: PriorAlert | None
    changes: dict[str, Any]


@dataclass(frozen=True)
class Closed:
    """An active alert to close, with the action that says why and the reason in words."""

    alert: PriorAlert
    action: AlertAction
    reason: str


@dataclass
class Decisions:
    opened: list[Opened] = field(default_factory=list)
    closed: list[Closed] = field(default_factory=list)
    unchanged: int = 0  # hits on pairs already alerted with nothing changed


def latest_alerts(conn: Connection) -> dict[PairKey, PriorAlert]:
    """The latest alert of every (customer, entry) pair, with its status and last action."""
    cur = current_status()
    ev = alert_events.alias("ev")
    rows = conn.execute(
        select(alerts, cur.c.status, cur.c.seq.label("last_seq"), ev.c.action.label("last_action"))
        .join(cur, cur.c.alert_id == alerts.c.id)
        .join(ev, (ev.c.alert_id == cur.c.alert_id) & (ev.c.seq == cur.c.seq))
        .order_by(alerts.c.id)
    )
    found: dict[PairKey, PriorAlert] = {}
    for r in rows:
        found[(r.customer_id, r.source, r.source_id)] = PriorAlert(
            r.id,
            r.customer_id,
            r.customer_row,
            r.source,
            r.source_id,
            r.entity_hash,
            json.loads(r.entity),
            Classification(r.classification),
            Status(r.status),
            r.last_seq,
            AlertAction(r.last_action),
        )
    return found


def best_hits(hits: Iterable[tuple[Customer, Match]]) -> dict[PairKey, tuple[Customer, Match]]:
    """The best-scoring hit of each (customer, entry) pair."""
    best: dict[PairKey, tuple[Customer, Match]] = {}
    for customer, match in hits:
        key = (customer.customer_id, match.source, match.source_id)
        if key not in best or match.score > best[key][1].score:
            best[key] = (customer, match)
    return best


def reconcile(
    conn: Connection, plan: RunPlan, hits: dict[PairKey, tuple[Customer, Match]]
) -> Decisions:
    """The alerts a run's best hits open or reopen, and the active alerts they close."""
    latest = latest_alerts(conn)
    fresh = {c.customer_id: c for c in plan.everything + plan.against_changes}
    changed_customers = {c.customer_id for c in plan.everything}
    changed_keys = plan.changed_keys
    in_scope = [
        a
        for a in latest.values()
        if a.status in ACTIVE
        and (
            plan.mode is RunMode.FULL
            or a.customer_id in changed_customers
            or (a.source, a.source_id) in changed_keys
        )
    ]
    entities = load_current(
        conn,
        [(s, i) for _, s, i in hits] + [(a.source, a.source_id) for a in in_scope],
    )
    old_rows = versions_by_row(conn, [a.customer_row for a in latest.values()])
    out = Decisions()
    for key, (customer, match) in sorted(hits.items()):
        entity = entities.get((match.source, match.source_id))
        if entity is None:
            continue  # the screener knew an entry the latest releases no longer hold
        prev = latest.get(key)
        if prev is None:
            out.opened.append(Opened(customer, match, entity, None, {}))
            continue
        changes: dict[str, Any] = {}
        old_customer = old_rows[prev.customer_row].record
        if old_customer.match_hash != customer.record.match_hash:
            changes["customer"] = describe_customer_change(old_customer, customer.record)
        if prev.entity_hash != fingerprint(entity):
            changes["entity"] = describe_change(prev.entity, snapshot(entity))
        if not changes and prev.last_action == AlertAction.CLOSED_DELISTED:
            changes["relisted"] = True
        elif not changes and prev.last_action == AlertAction.CLOSED_NO_MATCH:
            changes["matches_again"] = True  # e.g. a customer edit undone
        if not changes:
            out.unchanged += 1  # the same pair again: no new alert, a false positive stays one
            continue
        out.opened.append(Opened(customer, match, entity, prev, changes))
    for alert in in_scope:
        key = (alert.customer_id, alert.source, alert.source_id)
        if key in hits:
            continue
        entity = entities.get((alert.source, alert.source_id))
        if entity is None:
            out.closed.append(
                Closed(
                    alert,
                    AlertAction.CLOSED_DELISTED,
                    f"{alert.source}:{alert.source_id} is no longer on the list (delisted)",
                )
            )
            continue
        now_customer = fresh.get(alert.customer_id)
        what = []
        if (
            now_customer is not None
            and old_rows[alert.customer_row].record.match_hash != now_customer.record.match_hash
        ):
            what.append(f"customer {alert.customer_id} changed")
        if alert.entity_hash != fingerprint(entity):
            what.append(f"{alert.source}:{alert.source_id} was amended")
        if what:
            out.closed.append(
                Closed(
                    alert,
                    AlertAction.CLOSED_NO_MATCH,
                    " and ".join(what) + "; the pair no longer matches",
                )
            )
    return out
