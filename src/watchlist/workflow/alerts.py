"""Alerts and decisions: the state machine, four eyes on true matches, clearance-aware views."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Subquery, func, select
from sqlalchemy.exc import IntegrityError

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import AuditTrail, lock
from watchlist.errors import AccessDenied, Conflict, InvalidInput, NotFound
from watchlist.model.access import Actor, Classification
from watchlist.model.results import AlertResult, EventResult
from watchlist.store.db import Store
from watchlist.workflow.tables import alert_events, alerts


class Status(StrEnum):
    """Where an alert stands; the last three are final."""

    OPEN = "open"
    ESCALATED = "escalated"
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # a true match waits for a second analyst
    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"
    ASSIGNED = "assigned"  # an analyst took it or was given it; the status is unchanged
    CLOSED = "closed"  # by the system: delisted, superseded, no longer matching

    @classmethod
    def parse(cls, value: str) -> Status:
        try:
            return cls(value.strip().lower().replace("-", "_"))
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise InvalidInput(
                f"unknown alert status {value!r}; use one of {names}",
                code="unknown_value",
                field="status",
            ) from None


ACTIVE = frozenset({Status.OPEN, Status.ESCALATED, Status.AWAITING_CONFIRMATION})


class AlertAction(StrEnum):
    """What an event did to an alert: a run opened or closed it, or an analyst decided."""

    OPENED = "opened"
    PROPOSED_TRUE = "proposed_true"  # the first of the four eyes
    CONFIRMED_TRUE = "confirmed_true"
    ESCALATED = "escalated"
    FALSE_POSITIVE = "false_positive"
    CLOSED_DELISTED = "closed_delisted"
    CLOSED_NO_MATCH = "closed_no_match"
    CLOSED_SUPERSEDED = "closed_superseded"
    ASSIGNED = "assigned"  # an analyst took it or was given it; the status is unchanged
    CLOSED = "closed"  # a system close as a reader below the alert's list sees it: no cause


class Decision(StrEnum):
    """What an analyst may decide about an alert."""

    TRUE = "true"
    FALSE = "false"
    ESCALATE = "escalate"

    @classmethod
    def parse(cls, value: str) -> Decision:
        word = value.strip().lower().replace("-", "_")
        word = {"true_match": "true", "false_positive": "false"}.get(word, word)
        try:
            return cls(word)
        except ValueError:
            raise InvalidInput(
                f"decide an alert as true, false or escalate, not {value!r}",
                code="unknown_value",
                field="decision",
            ) from None


#: Actions whose names say no more than the status they leave (an analyst's decisions, a new
#: alert); a run's closing actions say why (closed_delisted...), so a restricted view has none.
_PLAIN_ACTIONS = frozenset(
    {
        AlertAction.OPENED,
        AlertAction.PROPOSED_TRUE,
        AlertAction.CONFIRMED_TRUE,
        AlertAction.FALSE_POSITIVE,
        AlertAction.ESCALATED,
    }
)


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    actor: str
    action: AlertAction
    status: Status
    reason: str
    assignee: str | None = None  # of an "assigned" event

    def restricted(self) -> Event:
        """The event as a reader below the alert's list sees it: when, who and the status it
        left, not why (a reason names the entry) nor a system action's cause (delisted...)."""
        action = self.action if self.action in _PLAIN_ACTIONS else AlertAction.CLOSED
        return Event(self.seq, self.at, self.actor, action, self.status, "")

    def result(self) -> EventResult:
        return EventResult(
            seq=self.seq,
            at=self.at.isoformat(),
            actor=self.actor,
            action=self.action.value,
            status=self.status.value,
            reason=self.reason,
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


@dataclass(frozen=True)
class AlertView:
    """An alert as one actor may see it: in full, or restricted to its existence."""

    id: int
    customer_id: str
    customer_version: int
    status: Status
    restricted: bool
    created_at: datetime
    source: str | None = None
    source_id: str | None = None
    caption: str | None = None
    schema: str | None = None
    score: float | None = None
    explanation: str = ""
    previous_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    #: The listed entry's properties as the alert was raised (empty when restricted).
    properties: dict[str, list[str]] = field(default_factory=dict)

    @property
    def assignee(self) -> str | None:
        """Who the alert is assigned to (its latest "assigned" event), if anyone."""
        return next(
            (e.assignee for e in reversed(self.events) if e.action == AlertAction.ASSIGNED), None
        )

    def result(self) -> AlertResult:
        return AlertResult(
            id=self.id,
            customer_id=self.customer_id,
            customer_version=self.customer_version,
            source=self.source,
            source_id=self.source_id,
            caption=self.caption,
            schema=self.schema,
            score=self.score,
            status=self.status.value,
            restricted=self.restricted,
            ref=f"alert:{self.id}",
            explanation=self.explanation,
            previous_id=self.previous_id,
            changes=self.changes,
            created_at=self.created_at.isoformat(),
            assignee=self.assignee,
            events=[e.result() for e in self.events],
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


def transition(
    status: Status, decision: Decision, analyst: str, events: Sequence[Event]
) -> tuple[AlertAction, Status]:
    """The (action, new status) a decision makes, or a clear error when it is not allowed."""
    if status not in ACTIVE:
        raise Conflict(
            f"the alert is closed ({status.value}); it takes no more decisions",
            code="alert_closed",
        )
    if status is Status.AWAITING_CONFIRMATION:
        proposer = next(e.actor for e in reversed(events) if e.action == AlertAction.PROPOSED_TRUE)
        if analyst == proposer:
            raise AccessDenied(
                f"four eyes: {proposer} proposed this true match; a second analyst must confirm "
                "or escalate it",
                code="four_eyes",
            )
        if decision is Decision.TRUE:
            return AlertAction.CONFIRMED_TRUE, Status.TRUE_MATCH
        if decision is Decision.ESCALATE:
            return AlertAction.ESCALATED, Status.ESCALATED
        raise Conflict(
            "a proposed true match is confirmed or escalated, not dismissed: "
            "escalate it to disagree",
            code="confirm_or_escalate",
        )
    if decision is Decision.TRUE:
        return AlertAction.PROPOSED_TRUE, Status.AWAITING_CONFIRMATION
    if decision is Decision.FALSE:
        return AlertAction.FALSE_POSITIVE, Status.FALSE_POSITIVE
    if status is Status.ESCALATED:
        raise Conflict("the alert is escalated already", code="already_escalated")
    return AlertAction.ESCALATED, Status.ESCALATED


def _events(conn: Connection, ids: Sequence[int]) -> dict[int, list[Event]]:
    found: dict[int, list[Event]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(alert_events)
            .where(alert_events.c.alert_id.in_(list(ids[start : start + 500])))
            .order_by(alert_events.c.alert_id, alert_events.c.seq)
        )
        for r in rows:
            found[r.alert_id].append(
                Event(
                    r.seq,
                    _aware(r.at),
                    r.actor,
                    AlertAction(r.action),
                    Status(r.status),
                    r.reason,
                    r.assignee,
                )
            )
    return found


def _aware(value: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def current_status() -> Subquery:
    """A (alert_id, seq, status) subquery: each alert's latest event."""
    last = (
        select(alert_events.c.alert_id, func.max(alert_events.c.seq).label("seq"))
        .group_by(alert_events.c.alert_id)
        .subquery()
    )
    ev = alert_events.alias("latest_event")
    return (
        select(ev.c.alert_id, ev.c.seq, ev.c.status)
        .join(last, (last.c.alert_id == ev.c.alert_id) & (last.c.seq == ev.c.seq))
        .subquery()
    )


def _view(row: Any, events: Sequence[Event], actor: Actor) -> AlertView:
    status = events[-1].status
    common = {
        "id": row.id,
        "customer_id": row.customer_id,
        "customer_version": row.customer_version,
        "status": status,
        "created_at": _aware(row.created_at),
    }
    if not actor.may_read(Classification(row.classification)):
        # The alert's existence is the customer's business; the list entry is not, nor
        # anything said about it: reasons, system actions, changes, the alert it reopens.
        return AlertView(restricted=True, events=tuple(e.restricted() for e in events), **common)
    entity = json.loads(row.entity)
    return AlertView(
        restricted=False,
        source=row.source,
        source_id=row.source_id,
        caption=entity.get("caption"),
        schema=entity.get("schema"),
        score=round(float(row.score), 4),
        explanation=row.explanation,
        previous_id=row.previous_id,
        changes=json.loads(row.changes),
        events=tuple(events),
        properties=entity.get("properties", {}),
        **common,
    )


def list_alerts(
    conn: Connection,
    actor: Actor,
    status: Status | None = None,
    customer_id: str | None = None,
) -> list[AlertView]:
    """Alerts, oldest first; those on lists above the actor's clearance come back restricted."""
    cur = current_status()
    query = select(alerts).join(cur, cur.c.alert_id == alerts.c.id).order_by(alerts.c.id)
    if status is not None:
        query = query.where(cur.c.status == status.value)
    if customer_id is not None:
        query = query.where(alerts.c.customer_id == customer_id)
    rows = list(conn.execute(query))
    events = _events(conn, [r.id for r in rows])
    return [_view(r, events[r.id], actor) for r in rows]


def get_alert(conn: Connection, actor: Actor, alert_id: int) -> AlertView:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFound(f"no alert {alert_id}")
    return _view(row, _events(conn, [alert_id])[alert_id], actor)


def decide(store: Store, actor: Actor, alert_id: int, decision: Decision, reason: str) -> AlertView:
    """Record an analyst's decision, audited; an invalid one changes nothing."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a decision needs a written reason", code="required", field="reason")
    try:
        with store.begin() as conn:
            lock(conn)
            row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
            if row is None:
                raise NotFound(f"no alert {alert_id}", record=f"alert {alert_id}")
            events = _events(conn, [alert_id])[alert_id]
            status = events[-1].status
            classification = Classification(row.classification)
            if not actor.may_read(classification) and decision is not Decision.ESCALATE:
                raise AccessDenied(
                    f"alert {alert_id} is on a list above your clearance: escalate it to a "
                    "cleared officer",
                    record=f"alert {alert_id}",
                )
            try:
                action, new = transition(status, decision, actor.name, events)
            except (Conflict, AccessDenied) as exc:
                raise type(exc)(
                    f"alert {alert_id}: {exc.message}", code=exc.code, record=f"alert {alert_id}"
                ) from None
            conn.execute(
                alert_events.insert().values(
                    alert_id=alert_id,
                    seq=events[-1].seq + 1,
                    at=datetime.now(UTC),
                    actor=actor.name,
                    action=action.value,
                    status=new.value,
                    reason=reason,
                    run_id=None,
                )
            )
            trail = AuditTrail(conn, actor)
            trail.add(
                AuditAction.ALERT_DECIDE,
                f"alert:{alert_id}",
                {
                    "alert": alert_id,
                    "customer_id": row.customer_id,
                    "source": row.source,
                    "source_id": row.source_id,
                    "decision": decision.value,
                    "action": action.value,
                    "status_before": status.value,
                    "status": new.value,
                    "reason": reason,
                },
                classification,
            )
            trail.flush()
            return get_alert(conn, actor, alert_id)
    except IntegrityError:
        raise Conflict(
            f"alert {alert_id} was decided by someone else at the same moment; nothing was "
            "recorded: look at it again",
            code="concurrent_change",
            record=f"alert {alert_id}",
        ) from None


def assign(store: Store, actor: Actor, alert_ids: Sequence[int], assignee: str) -> list[int]:
    """Assign active alerts to an analyst (an `assigned` event each, audited); all or nothing.

    An alert on a list above the actor's clearance is refused, as is a closed one."""
    assignee = assignee.strip()
    if not assignee:
        raise InvalidInput("assignee: name the analyst to assign the alerts to")
    ids = sorted(set(alert_ids))
    if not ids:
        raise InvalidInput("choose at least one alert to assign")
    now = datetime.now(UTC)
    try:
        with store.begin() as conn:
            lock(conn)
            rows = {r.id: r for r in conn.execute(select(alerts).where(alerts.c.id.in_(ids)))}
            events = _events(conn, ids)
            trail = AuditTrail(conn, actor)
            for alert_id in ids:
                row = rows.get(alert_id)
                if row is None:
                    raise NotFound(f"no alert {alert_id}")
                classification = Classification(row.classification)
                if not actor.may_read(classification):
                    raise AccessDenied(f"alert {alert_id} is on a list above your clearance")
                status = events[alert_id][-1].status
                if status not in ACTIVE:
                    raise Conflict(f"alert {alert_id} is closed ({status.value}); not assigned")
                conn.execute(
                    alert_events.insert().values(
                        alert_id=alert_id,
                        seq=events[alert_id][-1].seq + 1,
                        at=now,
                        actor=actor.name,
                        action=AlertAction.ASSIGNED.value,
                        status=status.value,
                        reason=f"assigned to {assignee}",
                        run_id=None,
                        assignee=assignee,
                    )
                )
                trail.add(
                    AuditAction.ALERT_ASSIGN,
                    f"alert:{alert_id}",
                    {"alert": alert_id, "assignee": assignee},
                    classification,
                )
            trail.flush()
    except IntegrityError:
        raise Conflict(
            "an alert was decided by someone else at the same moment; nothing was assigned: "
            "look at them again"
        ) from None
    return ids
