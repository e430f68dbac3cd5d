"""The query log: screening and match requests in the audit trail, filtered for a supervisor."""

from __future__ import annotations

from sqlalchemy import Connection, select

from watchlist.audit.log import AuditRecord
from watchlist.audit.tables import audit_log
from watchlist.model.access import Actor, Classification

#: Actions the API records for each screening request.
QUERY_ACTIONS = (
    "screening.screen",
    "screening.batch",
    "screening.match",
    "screening.search",
    "screening.compare",
)


def query_log(
    conn: Connection,
    actor: Actor,
    user: str | None = None,
    since: str | None = None,
    until: str | None = None,
    route: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, object]]:
    """Query records, newest first; those about lists above the actor's clearance are left out.

    `since` and `until` are ISO timestamps (UTC), compared as the trail writes them.
    """
    allowed = [c.value for c in Classification if actor.may_read(c)]
    query = (
        select(audit_log)
        .where(
            audit_log.c.action.in_(QUERY_ACTIONS),
            audit_log.c.classification.in_(allowed),
        )
        .order_by(audit_log.c.seq.desc())
        .limit(limit)
        .offset(offset)
    )
    if user:
        query = query.where(audit_log.c.actor == user)
    if since:
        query = query.where(audit_log.c.at >= since)
    if until:
        query = query.where(audit_log.c.at < until)
    if route:
        query = query.where(audit_log.c.subject == f"route:{route}")
    return [
        AuditRecord(**{c: getattr(r, c) for c in AuditRecord.__dataclass_fields__}).to_dict()
        for r in conn.execute(query)
    ]


def search(
    conn: Connection,
    actor: Actor,
    user: str | None = None,
    since: str | None = None,
    until: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    limit: int = 100,
    offset: int = 0,
    newest_first: bool = True,
) -> list[dict[str, object]]:
    """Audit records of any action, filtered by user, time (ISO, UTC), action (a whole action,
    or its family with a trailing dot: "alert.") and subject; records about lists above the
    actor's clearance are left out."""
    allowed = [c.value for c in Classification if actor.may_read(c)]
    order = audit_log.c.seq.desc() if newest_first else audit_log.c.seq
    query = (
        select(audit_log)
        .where(audit_log.c.classification.in_(allowed))
        .order_by(order)
        .limit(limit)
        .offset(offset)
    )
    if user:
        query = query.where(audit_log.c.actor == user)
    if since:
        query = query.where(audit_log.c.at >= since)
    if until:
        query = query.where(audit_log.c.at < until)
    if action:
        if action.endswith("."):
            query = query.where(audit_log.c.action.startswith(action, autoescape=True))
        else:
            query = query.where(audit_log.c.action == action)
    if subject:
        query = query.where(audit_log.c.subject == subject)
    return [
        AuditRecord(**{c: getattr(r, c) for c in AuditRecord.__dataclass_fields__}).to_dict()
        for r in conn.execute(query)
    ]
