"""Screening runs: the whole portfolio, or only what changed since the last run; alerts follow.

An incremental run screens customers added or edited since the last run against every list,
and every other customer against only the list entries listed or amended since the releases
the last run used. Runs are recorded with those releases and the matcher settings.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, CursorResult, select
from sqlalchemy.exc import IntegrityError

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import AuditTrail, lock
from watchlist.errors import Conflict
from watchlist.model.access import Actor, Classification
from watchlist.model.canonical import canonical_json
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityKey
from watchlist.store.current import ListChanges, changes_since, load_current
from watchlist.store.db import Store
from watchlist.store.lists import readable_names
from watchlist.store.reads import store_version
from watchlist.workflow.alerts import ACTIVE, AlertAction, Status, current_status
from watchlist.workflow.changes import describe_change, fingerprint, snapshot
from watchlist.workflow.customers import (
    Customer,
    newest_row,
    portfolio,
    versions_by_row,
)
from watchlist.workflow.customers import (
    describe_change as describe_customer_change,
)
from watchlist.workflow.matching import (
    BulkMatcher,
    Match,
    Matcher,
    Matchers,
    ScreeningMatchers,
)
from watchlist.workflow.tables import alert_events, alerts, screening_runs

PairKey = tuple[str, str, str]  # (customer_id, source, source_id)


class RunMode(StrEnum):
    """A full run screens everyone against everything; an incremental one what changed."""

    FULL = "full"
    INCREMENTAL = "incremental"


@dataclass(frozen=True)
class RunReport:
    """What a run screened and what it did to the alerts."""

    run_id: int
    mode: RunMode
    reason: str
    customers_everything: int  # customers screened against every list
    customers_changed_entities: int  # customers screened against the changed entries only
    changed_entities: int
    delisted: int
    hits: int
    opened: int
    reopened: int
    closed: int
    unchanged: int  # hits on pairs already alerted with nothing changed
    releases: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        scope = (
            f"{self.customers_everything} customers against every list"
            if self.mode is RunMode.FULL
            else f"{self.customers_everything} new or edited customers against every list, "
            f"{self.customers_changed_entities} against {self.changed_entities} changed entries"
        )
        return (
            f"run {self.run_id} ({self.mode}: {self.reason}): {scope}; {self.hits} hits, "
            f"{self.opened} alerts opened, {self.reopened} reopened, {self.closed} closed, "
            f"{self.unchanged} unchanged ({self.seconds:.1f}s)"
        )

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "mode": self.mode.value, "seconds": round(self.seconds, 3)}

    def seen_by(self, visible: set[str], changes: list[ListChanges]) -> RunReport:
        """The report as a reader who knows only the lists `visible` sees it: other lists'
        releases and their changed and delisted entries are neither named nor counted.

        Hits and alerts stay counted: an alert on a hidden list shows that it exists.
        """
        seen = [c for c in changes if c.source in visible]
        changed = sum(len(c.current) for c in seen)
        return replace(
            self,
            changed_entities=changed,
            customers_changed_entities=self.customers_changed_entities if changed else 0,
            delisted=sum(len(c.delisted) for c in seen),
            releases={s: n for s, n in self.releases.items() if s in visible},
        )


@dataclass
class _Plan:
    mode: RunMode
    reason: str
    base_run: int | None
    version: dict[str, int]
    newest: int
    previous_settings: dict[str, Any] | None
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


@dataclass
class _Alert:
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


def _plan(conn: Connection, full: bool, settings: dict[str, Any]) -> _Plan:
    last = conn.execute(
        select(screening_runs).order_by(screening_runs.c.id.desc()).limit(1)
    ).first()
    version = dict(store_version(conn))
    previous = json.loads(last.matcher) if last else None
    plan = _Plan(RunMode.FULL, "", last.id if last else None, version, newest_row(conn), previous)
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
    started = datetime.now(UTC)
    clock = time.perf_counter()
    if matchers is None:
        matchers = ScreeningMatchers(threshold=alert_threshold)
    settings = matchers.settings()
    with store.read() as conn:
        plan = _plan(conn, full, settings)
    if skip_idle and plan.mode is RunMode.INCREMENTAL and not plan.everything and not plan.changes:
        return None
    hits: list[tuple[Customer, Match]] = []
    if plan.everything:
        hits += _match_all(matchers.everything(store), plan.everything)
    changed = plan.changed_entities
    if plan.against_changes and changed:
        hits += _match_all(matchers.only(store, changed), plan.against_changes)
    try:
        with store.begin() as conn:
            lock(conn)
            _check_base(conn, actor, plan)
            return _record(conn, actor, plan, hits, settings, started, clock)
    except IntegrityError:
        raise Conflict(
            "another writer recorded alerts while this run screened; nothing was recorded: "
            "run it again",
            code="concurrent_change",
        ) from None


def _match_all(matcher: Matcher, customers: list[Customer]) -> list[tuple[Customer, Match]]:
    """Every customer's matches: all at once where the matcher screens in bulk (on Spark)."""
    records = [c.record for c in customers]
    found = matcher.match_many(records) if isinstance(matcher, BulkMatcher) else None
    if found is None:
        found = [matcher.match(r) for r in records]
    return [(c, m) for c, ms in zip(customers, found, strict=True) for m in ms]


def _check_base(conn: Connection, actor: Actor, plan: _Plan) -> None:
    """Refuse to record a run whose starting point moved: one of two concurrent runs wins."""
    last = conn.execute(
        select(screening_runs.c.id).order_by(screening_runs.c.id.desc()).limit(1)
    ).scalar()
    if last != plan.base_run:
        raise Conflict(
            f"another screening run (run {last}) finished while this one ran; nothing was "
            "recorded: run it again",
            code="concurrent_change",
        )
    now = dict(store_version(conn))
    if now != plan.version:
        visible = readable_names(conn, actor)
        moved = sorted(s for s in now if now[s] != plan.version.get(s) and s in visible)
        what = f"of {', '.join(moved)}" if moved else "of a list"
        raise Conflict(
            f"a new release {what} landed while this run screened; nothing was recorded: run it "
            "again",
            code="concurrent_change",
        )


def _latest_alerts(conn: Connection) -> dict[PairKey, _Alert]:
    cur = current_status()
    ev = alert_events.alias("ev")
    rows = conn.execute(
        select(alerts, cur.c.status, cur.c.seq.label("last_seq"), ev.c.action.label("last_action"))
        .join(cur, cur.c.alert_id == alerts.c.id)
        .join(ev, (ev.c.alert_id == cur.c.alert_id) & (ev.c.seq == cur.c.seq))
        .order_by(alerts.c.id)
    )
    found: dict[PairKey, _Alert] = {}
    for r in rows:
        found[(r.customer_id, r.source, r.source_id)] = _Alert(
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


def _best(hits: Iterable[tuple[Customer, Match]]) -> dict[PairKey, tuple[Customer, Match]]:
    best: dict[PairKey, tuple[Customer, Match]] = {}
    for customer, match in hits:
        key = (customer.customer_id, match.source, match.source_id)
        if key not in best or match.score > best[key][1].score:
            best[key] = (customer, match)
    return best


@dataclass
class _Decisions:
    opened: list[tuple[Customer, Match, StoredEntity, _Alert | None, dict[str, Any]]] = field(
        default_factory=list
    )
    closed: list[tuple[_Alert, AlertAction, str]] = field(
        default_factory=list
    )  # alert, action, reason
    unchanged: int = 0


def _decide(
    conn: Connection, plan: _Plan, hits: dict[PairKey, tuple[Customer, Match]]
) -> _Decisions:
    latest = _latest_alerts(conn)
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
    out = _Decisions()
    for key, (customer, match) in sorted(hits.items()):
        entity = entities.get((match.source, match.source_id))
        if entity is None:
            continue  # the screener knew an entry the latest releases no longer hold
        prev = latest.get(key)
        if prev is None:
            out.opened.append((customer, match, entity, None, {}))
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
        out.opened.append((customer, match, entity, prev, changes))
    for alert in in_scope:
        key = (alert.customer_id, alert.source, alert.source_id)
        if key in hits:
            continue
        entity = entities.get((alert.source, alert.source_id))
        if entity is None:
            out.closed.append(
                (
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
                (
                    alert,
                    AlertAction.CLOSED_NO_MATCH,
                    " and ".join(what) + "; the pair no longer matches",
                )
            )
    return out


def _record(
    conn: Connection,
    actor: Actor,
    plan: _Plan,
    raw_hits: list[tuple[Customer, Match]],
    settings: dict[str, Any],
    started: datetime,
    clock: float,
) -> RunReport:
    hits = _best(raw_hits)
    todo = _decide(conn, plan, hits)
    closed_by_new = {prev.id for _, _, _, prev, _ in todo.opened if prev and prev.status in ACTIVE}
    n_closed = len(todo.closed) + len(closed_by_new)
    finished = datetime.now(UTC)
    run_id = _new_id(
        conn.execute(
            screening_runs.insert().values(
                started_at=started,
                finished_at=finished,
                actor=actor.name,
                mode=plan.mode.value,
                releases=canonical_json(plan.version),
                customers_upto=plan.newest,
                matcher=canonical_json(settings),
                customers=len(plan.everything) + len(plan.against_changes),
                entities=len(plan.changed_entities),
                hits=len(hits),
                opened=len(todo.opened),
                closed=n_closed,
            )
        )
    )
    trail = AuditTrail(conn, actor)
    if plan.previous_settings is not None and canonical_json(
        plan.previous_settings
    ) != canonical_json(settings):
        trail.add(
            AuditAction.SETTINGS_CHANGE,
            "matcher",
            {"before": plan.previous_settings, "after": settings, "run": run_id},
        )
    events: list[dict[str, Any]] = []
    for customer, match, entity, prev, changes in todo.opened:
        alert_id = _new_id(
            conn.execute(
                alerts.insert().values(
                    run_id=run_id,
                    customer_id=customer.customer_id,
                    customer_row=customer.row,
                    customer_version=customer.version,
                    source=entity.source,
                    source_id=entity.source_id,
                    classification=entity.classification.value,
                    rank=entity.classification.rank,
                    entity_hash=fingerprint(entity),
                    entity=canonical_json(snapshot(entity)),
                    score=match.score,
                    explanation=match.explanation,
                    previous_id=prev.id if prev else None,
                    changes=canonical_json(changes),
                    created_at=finished,
                )
            )
        )
        if prev is None:
            reason = f"raised by run {run_id}"
        else:
            reason = f"reopens alert {prev.id}: " + ", ".join(sorted(changes)) + " changed"
        events.append(
            _event(alert_id, 1, finished, actor, AlertAction.OPENED, Status.OPEN, reason, run_id)
        )
        trail.add(
            AuditAction.ALERT_OPEN,
            f"alert:{alert_id}",
            {
                "alert": alert_id,
                "run": run_id,
                "customer_id": customer.customer_id,
                "customer_version": customer.version,
                "source": entity.source,
                "source_id": entity.source_id,
                "score": match.score,
                "previous": prev.id if prev else None,
                "changes": changes,
            },
            entity.classification,
        )
        if prev is not None and prev.status in ACTIVE:
            why = f"superseded by alert {alert_id}: " + ", ".join(sorted(changes)) + " changed"
            todo.closed.append((prev, AlertAction.CLOSED_SUPERSEDED, why))
    for alert, action, why in todo.closed:
        events.append(
            _event(
                alert.id, alert.last_seq + 1, finished, actor, action, Status.CLOSED, why, run_id
            )
        )
        trail.add(
            AuditAction.ALERT_CLOSE,
            f"alert:{alert.id}",
            {"alert": alert.id, "run": run_id, "action": action.value, "reason": why},
            alert.classification,
        )
    if events:
        conn.execute(alert_events.insert(), events)
    report = RunReport(
        run_id=run_id,
        mode=plan.mode,
        reason=plan.reason,
        customers_everything=len(plan.everything),
        customers_changed_entities=len(plan.against_changes) if plan.changed_entities else 0,
        changed_entities=len(plan.changed_entities),
        delisted=sum(len(c.delisted) for c in plan.changes),
        hits=len(hits),
        opened=sum(1 for o in todo.opened if o[3] is None),
        reopened=sum(1 for o in todo.opened if o[3] is not None),
        closed=len(todo.closed),
        unchanged=todo.unchanged,
        releases=plan.version,
        seconds=time.perf_counter() - clock,
    )
    trail.add(AuditAction.RUN_FINISH, f"run:{run_id}", report.to_dict() | {"matcher": settings})
    trail.flush()
    visible = readable_names(conn, actor)
    return report.seen_by(visible, plan.changes)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _event(
    alert_id: int,
    seq: int,
    at: datetime,
    actor: Actor,
    action: AlertAction,
    status: Status,
    reason: str,
    run_id: int,
) -> dict[str, Any]:
    return {
        "alert_id": alert_id,
        "seq": seq,
        "at": at,
        "actor": actor.name,
        "action": action.value,
        "status": status.value,
        "reason": reason,
        "run_id": run_id,
    }
