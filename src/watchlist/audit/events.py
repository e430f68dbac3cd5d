"""Audit entry points that open their own transaction: imports, verification, export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import AuditTrail, lock
from watchlist.audit.verify import Anchor, Verdict, export, require_clearance, verify
from watchlist.errors import WatchlistError
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.store.db import Store
from watchlist.store.lists import find_source
from watchlist.store.releases import ReleaseInfo


def import_detail(info: ReleaseInfo, origin: str) -> dict[str, object]:
    return {
        "source": info.source,
        "release": info.seq,
        "published": info.published.isoformat(),
        "unchanged": info.unchanged,
        "entities": info.entities,
        "statements_added": info.added,
        "statements_ended": info.removed,
        "origin": origin,
    }


def record_import(conn: Connection, actor: Actor, info: ReleaseInfo, origin: str) -> None:
    """Append the `list.import` record of a release an import produced (or found unchanged),
    in the import's own transaction."""
    lock(conn)
    trail = AuditTrail(conn, actor)
    cls = find_source(conn, SYSTEM, info.source).classification
    trail.add(AuditAction.LIST_IMPORT, f"list:{info.source}", import_detail(info, origin), cls)
    trail.flush()


def record(
    store: Store,
    actor: Actor,
    action: str,
    subject: str,
    detail: dict[str, object],
    classification: Classification = Classification.PUBLIC,
) -> None:
    """Append one record in a transaction of its own."""
    with store.begin() as conn:
        lock(conn)
        trail = AuditTrail(conn, actor)
        trail.add(action, subject, detail, classification)
        trail.flush()


def verify_store(store: Store, anchors: Sequence[Anchor] = ()) -> Verdict:
    with store.read() as conn:
        return verify(conn, anchors)


def export_store(store: Store, actor: Actor) -> Iterator[dict[str, object]]:
    """The audit log as JSON objects; the export itself is audited first.

    Clearance is checked before anything is recorded or yielded.
    """
    require_clearance(actor)
    record(store, actor, AuditAction.AUDIT_EXPORT, "audit", {})
    return _stream(store, actor)


def _stream(store: Store, actor: Actor) -> Iterator[dict[str, object]]:
    with store.read() as conn:
        yield from export(conn, actor)


def source_classification(store: Store, source: str) -> Classification:
    """The list's classification, public for a list the store does not hold yet."""
    with store.read() as conn:
        try:
            return find_source(conn, SYSTEM, source).classification
        except WatchlistError:
            return Classification.PUBLIC
