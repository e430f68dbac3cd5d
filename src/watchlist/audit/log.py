"""The append-only audit trail: records chained by SHA-256, appended in the writer's transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, select

from watchlist.audit.tables import audit_log
from watchlist.model.access import Actor, Classification
from watchlist.model.canonical import canonical_json
from watchlist.store.dialect import WORKFLOW_LOCK_KEY, advisory_lock

#: The previous hash of the first record.
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    """One audited event as stored: its content, its predecessor's hash and its own."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    classification: str
    detail: str  # canonical JSON of an object (text, so a tampered value still reads)
    prev_hash: str
    hash: str

    def content(self, seq: int | None = None) -> str:
        """The canonical JSON the hash covers; `seq` lets the verifier try a renumbering."""
        return _content(
            self.seq if seq is None else seq,
            self.at,
            self.actor,
            self.action,
            self.subject,
            self.classification,
            self.detail,
        )

    def computed_hash(self, seq: int | None = None) -> str:
        return chain_hash(self.prev_hash, self.content(seq))

    def to_dict(self) -> dict[str, Any]:
        """The record for an auditor: detail as a JSON object when it still parses."""
        try:
            detail: Any = json.loads(self.detail)
        except ValueError:
            detail = self.detail
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "classification": self.classification,
            "detail": detail,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditRecord:
        detail = data.get("detail")
        return cls(
            seq=int(data["seq"]),
            at=str(data["at"]),
            actor=str(data["actor"]),
            action=str(data["action"]),
            subject=str(data["subject"]),
            classification=str(data["classification"]),
            detail=detail if isinstance(detail, str) else canonical_json(detail),
            prev_hash=str(data["prev_hash"]),
            hash=str(data["hash"]),
        )


def _content(
    seq: int, at: str, actor: str, action: str, subject: str, classification: str, detail: str
) -> str:
    """The canonical JSON a record's hash covers (`AuditRecord.content`)."""
    return canonical_json(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "subject": subject,
            "classification": classification,
            "detail": detail,
        }
    )


def chain_hash(prev_hash: str, content: str) -> str:
    """SHA-256 of the previous record's hash followed by this record's canonical JSON."""
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


#: The columns an insert writes, in the order of `_row`.
_COLUMNS = (
    "seq",
    "prev_hash",
    "hash",
    "at",
    "actor",
    "action",
    "subject",
    "classification",
    "detail",
)
#: A placeholder of each driver's parameter style that takes parameters by position.
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


@cache
def _driver_sql(paramstyle: str) -> tuple[str, str] | None:
    """The head's select and the insert as the driver's own SQL (its parameter style), or None
    for a driver whose style takes no positional parameters.

    Sent with `exec_driver_sql`, they skip what SQLAlchemy does for a statement at every call
    (its cache key, its compiled form's lookup, the parameters' processing): a screening
    request's record costs the server as much as a small part of screening it.
    """
    mark = _PLACEHOLDERS.get(paramstyle)
    if mark is None:
        return None
    table = audit_log.name
    head = f"SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1"
    insert = (
        f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({', '.join([mark] * len(_COLUMNS))})"
    )
    return head, insert


def _row(r: AuditRecord) -> tuple[object, ...]:
    return (
        r.seq,
        r.prev_hash,
        r.hash,
        r.at,
        r.actor,
        r.action,
        r.subject,
        r.classification,
        r.detail,
    )


def lock(conn: Connection) -> None:
    """Serialise writers of workflow state and the audit log, so the chain has one head."""
    advisory_lock(conn, WORKFLOW_LOCK_KEY)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class AuditTrail:
    """Records gathered during one write transaction, chained and inserted by `flush`.

    Call `lock(conn)` when the transaction starts, before reading the state it changes, so the
    head read here is still the head when the insert lands.
    """

    def __init__(self, conn: Connection, actor: Actor) -> None:
        self.conn = conn
        self.actor = actor
        self.pending: list[tuple[str, str, dict[str, Any], Classification]] = []

    def add(
        self,
        action: str,
        subject: str,
        detail: dict[str, Any],
        classification: Classification = Classification.PUBLIC,
    ) -> None:
        self.pending.append((action, subject, detail, classification))

    def flush(self) -> list[AuditRecord]:
        if not self.pending:
            return []
        sql = _driver_sql(self.conn.dialect.paramstyle)
        if sql is None:
            head = self.conn.execute(
                select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
            ).first()
        else:
            head = self.conn.exec_driver_sql(sql[0]).first()
        name = self.actor.name
        records = chained(
            (head.seq, head.hash) if head else None, [(name, *p) for p in self.pending]
        )
        if sql is None:
            self.conn.execute(audit_log.insert(), [r.__dict__ for r in records])
        else:
            self.conn.exec_driver_sql(sql[1], [_row(r) for r in records])
        self.pending = []
        return records


#: What a record is made of: the actor's name, the action, the subject, the detail, the
#: classification.
Entry = tuple[str, str, str, dict[str, Any], Classification]


def chained(head: tuple[int, str] | None, entries: Sequence[Entry]) -> list[AuditRecord]:
    """`entries` as records following `head` (the last record's sequence number and hash; None
    for an empty trail), all at this moment."""
    seq, prev = head if head else (0, GENESIS)
    at = now()
    records = []
    for actor, action, subject, detail, classification in entries:
        seq += 1
        fields = (
            seq,
            at,
            actor,
            str(action),
            subject,
            classification.value,
            canonical_json(detail),
        )
        digest = chain_hash(prev, _content(*fields))
        records.append(AuditRecord(*fields, prev_hash=prev, hash=digest))
        prev = digest
    return records


def append_dbapi(cursor: Any, paramstyle: str, entries: Sequence[Entry]) -> list[AuditRecord]:
    """Chain `entries` after the head and insert them with a DB-API cursor, in the write
    transaction the caller began (and locked, see `AuditTrail`): none of SQLAlchemy's work
    per statement, for a writer of many small groups (the API's screening records)."""
    sql = _driver_sql(paramstyle)
    if sql is None:
        raise ValueError(f"no positional parameters in the paramstyle {paramstyle!r}")
    cursor.execute(sql[0])
    head = cursor.fetchone()
    records = chained((int(head[0]), str(head[1])) if head else None, entries)
    cursor.executemany(sql[1], [_row(r) for r in records])
    return records


def append(
    conn: Connection,
    actor: Actor,
    action: str,
    subject: str,
    detail: dict[str, Any],
    classification: Classification = Classification.PUBLIC,
) -> AuditRecord:
    """Append one record in the caller's write transaction."""
    lock(conn)
    trail = AuditTrail(conn, actor)
    trail.add(action, subject, detail, classification)
    return trail.flush()[0]
