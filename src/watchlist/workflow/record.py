"""Recording a run: the run, its alerts and their events, and the audit trail, in one transaction.

`record_run(store, actor, plan, hits)` takes hits screened anywhere (this process, another,
a Spark cluster) and records them only if the store is where the plan found it: no run
recorded and no release landed since (the optimistic base check), else nothing is written and
the run is to be made again.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, select
from sqlalchemy.exc import IntegrityError

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import AuditTrail, lock
from watchlist.errors import Conflict
from watchlist.model.access import Actor
from watchlist.model.canonical import canonical_json
from watchlist.model.results import RunResult
from watchlist.store.current import ListChanges
from watchlist.store.db import Store
from watchlist.store.lists import readable_names
from watchlist.store.reads import store_version
from watchlist.workflow.alerts import ACTIVE, AlertAction, Status
from watchlist.workflow.changes import fingerprint, snapshot
from watchlist.workflow.customers import Customer
from watchlist.workflow.matching import Match
from watchlist.workflow.plan import RunMode, RunPlan
from watchlist.workflow.reconcile import Closed, Decisions, Opened, best_hits, reconcile
from watchlist.workflow.tables import alert_events, alerts, screening_runs

#: A hit of a run: the customer screened and what it matched.
RunHit = tuple[Customer, Match]


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

    def result(self) -> RunResult:
        return RunResult(
            **{**self.__dict__, "mode": self.mode.value, "seconds": round(self.seconds, 3)}
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()

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


def record_run(
    store: Store,
    actor: Actor,
    plan: RunPlan,
    hits: Sequence[RunHit],
    clock: float | None = None,
) -> RunReport:
    """Record a run planned by `plan_run` and screened into `hits`: alerts opened, reopened
    and closed, every step audited, in one transaction; Conflict if the store moved since the
    plan (nothing is recorded then). `clock` is the perf_counter the run's time counts from."""
    began = time.perf_counter() if clock is None else clock
    try:
        with store.begin() as conn:
            lock(conn)
            check_base(conn, actor, plan)
            return _record(conn, actor, plan, hits, began)
    except IntegrityError:
        raise Conflict(
            "another writer recorded alerts while this run screened; nothing was recorded: "
            "run it again",
            code="concurrent_change",
        ) from None


def check_base(conn: Connection, actor: Actor, plan: RunPlan) -> None:
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


def _record(
    conn: Connection, actor: Actor, plan: RunPlan, raw_hits: Sequence[RunHit], clock: float
) -> RunReport:
    hits = best_hits(raw_hits)
    todo = reconcile(conn, plan, hits)
    finished = datetime.now(UTC)
    run_id = _insert_run(conn, actor, plan, len(hits), todo, finished)
    trail = AuditTrail(conn, actor)
    _audit_settings_change(trail, plan, run_id)
    events = _insert_alerts(conn, trail, actor, todo, run_id, finished)
    events += _close_alerts(trail, actor, todo.closed, run_id, finished)
    _insert_events(conn, events)
    report = RunReport(
        run_id=run_id,
        mode=plan.mode,
        reason=plan.reason,
        customers_everything=len(plan.everything),
        customers_changed_entities=len(plan.against_changes) if plan.changed_entities else 0,
        changed_entities=len(plan.changed_entities),
        delisted=sum(len(c.delisted) for c in plan.changes),
        hits=len(hits),
        opened=sum(1 for o in todo.opened if o.previous is None),
        reopened=sum(1 for o in todo.opened if o.previous is not None),
        closed=len(todo.closed),
        unchanged=todo.unchanged,
        releases=plan.version,
        seconds=time.perf_counter() - clock,
    )
    trail.add(
        AuditAction.RUN_FINISH, f"run:{run_id}", report.to_dict() | {"matcher": plan.settings}
    )
    trail.flush()
    visible = readable_names(conn, actor)
    return report.seen_by(visible, plan.changes)


def _insert_run(
    conn: Connection, actor: Actor, plan: RunPlan, hits: int, todo: Decisions, at: datetime
) -> int:
    """The `screening_runs` row: what the run covered, with which releases and matcher."""
    superseded = {o.previous.id for o in todo.opened if o.previous and o.previous.status in ACTIVE}
    return _new_id(
        conn.execute(
            screening_runs.insert().values(
                started_at=plan.started,
                finished_at=at,
                actor=actor.name,
                mode=plan.mode.value,
                releases=canonical_json(plan.version),
                customers_upto=plan.newest,
                matcher=canonical_json(plan.settings),
                customers=len(plan.everything) + len(plan.against_changes),
                entities=len(plan.changed_entities),
                hits=hits,
                opened=len(todo.opened),
                closed=len(todo.closed) + len(superseded),
            )
        )
    )


def _audit_settings_change(trail: AuditTrail, plan: RunPlan, run_id: int) -> None:
    """A `settings.change` record when the matcher differs from the last run's."""
    before = plan.previous_settings
    if before is not None and canonical_json(before) != canonical_json(plan.settings):
        trail.add(
            AuditAction.SETTINGS_CHANGE,
            "matcher",
            {"before": before, "after": plan.settings, "run": run_id},
        )


def _insert_alerts(
    conn: Connection,
    trail: AuditTrail,
    actor: Actor,
    todo: Decisions,
    run_id: int,
    at: datetime,
) -> list[dict[str, Any]]:
    """The `alerts` rows opened, each audited; their first events returned. An active alert a
    new one supersedes joins `todo.closed`."""
    events: list[dict[str, Any]] = []
    for o in todo.opened:
        alert_id = _insert_alert(conn, o, run_id, at)
        prev, changes = o.previous, o.changes
        if prev is None:
            reason = f"raised by run {run_id}"
        else:
            reason = f"reopens alert {prev.id}: " + ", ".join(sorted(changes)) + " changed"
        events.append(
            _event(alert_id, 1, at, actor, AlertAction.OPENED, Status.OPEN, reason, run_id)
        )
        trail.add(
            AuditAction.ALERT_OPEN,
            f"alert:{alert_id}",
            {
                "alert": alert_id,
                "run": run_id,
                "customer_id": o.customer.customer_id,
                "customer_version": o.customer.version,
                "source": o.entity.source,
                "source_id": o.entity.source_id,
                "score": o.match.score,
                "previous": prev.id if prev else None,
                "changes": changes,
            },
            o.entity.classification,
        )
        if prev is not None and prev.status in ACTIVE:
            why = f"superseded by alert {alert_id}: " + ", ".join(sorted(changes)) + " changed"
            todo.closed.append(Closed(prev, AlertAction.CLOSED_SUPERSEDED, why))
    return events


def _insert_alert(conn: Connection, o: Opened, run_id: int, at: datetime) -> int:
    entity = o.entity
    return _new_id(
        conn.execute(
            alerts.insert().values(
                run_id=run_id,
                customer_id=o.customer.customer_id,
                customer_row=o.customer.row,
                customer_version=o.customer.version,
                source=entity.source,
                source_id=entity.source_id,
                classification=entity.classification.value,
                rank=entity.classification.rank,
                entity_hash=fingerprint(entity),
                entity=canonical_json(snapshot(entity)),
                score=o.match.score,
                explanation=o.match.explanation,
                previous_id=o.previous.id if o.previous else None,
                changes=canonical_json(o.changes),
                created_at=at,
            )
        )
    )


def _close_alerts(
    trail: AuditTrail, actor: Actor, closed: list[Closed], run_id: int, at: datetime
) -> list[dict[str, Any]]:
    """The closing events of the alerts closed, each audited."""
    events = []
    for c in closed:
        alert = c.alert
        events.append(
            _event(
                alert.id, alert.last_seq + 1, at, actor, c.action, Status.CLOSED, c.reason, run_id
            )
        )
        trail.add(
            AuditAction.ALERT_CLOSE,
            f"alert:{alert.id}",
            {"alert": alert.id, "run": run_id, "action": c.action.value, "reason": c.reason},
            alert.classification,
        )
    return events


def _insert_events(conn: Connection, events: list[dict[str, Any]]) -> None:
    """The `alert_events` rows, in one statement."""
    if events:
        conn.execute(alert_events.insert(), events)


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
