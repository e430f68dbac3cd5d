"""Re-computing the audit chain: names the first record altered, inserted or deleted; export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from watchlist.audit.log import GENESIS, AuditRecord
from watchlist.audit.tables import audit_log
from watchlist.errors import AccessDenied, InvalidInput
from watchlist.model.access import Actor
from watchlist.model.results import VerdictResult


@dataclass(frozen=True)
class Anchor:
    """A record's hash noted elsewhere (a ticket, an auditor's file): catches a cut-off tail."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, value: str) -> Anchor:
        seq, sep, digest = value.partition(":")
        if not sep or not seq.strip().isdigit() or len(digest.strip()) != 64:
            raise InvalidInput(
                f"an anchor is SEQ:SHA256 as the verification prints it, not {value!r}",
                field="anchor",
            )
        return cls(int(seq), digest.strip().lower())


@dataclass(frozen=True)
class Verdict:
    """The outcome of re-computing the chain."""

    records: int
    head_seq: int
    head_hash: str
    first_bad: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def summary(self) -> str:
        if self.problem:
            return f"audit log tampered: {self.problem}"
        return f"audit log intact: {self.records} records, head {self.head_seq}:{self.head_hash}"

    def result(self) -> VerdictResult:
        return VerdictResult(
            ok=self.ok,
            records=self.records,
            head=f"{self.head_seq}:{self.head_hash}",
            first_bad=self.first_bad,
            problem=self.problem,
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


def check_chain(records: Iterable[AuditRecord], anchors: Sequence[Anchor] = ()) -> Verdict:
    """Walk records in seq order; stop at the first that breaks the chain and say how.

    Each record's hash covers its seq, so a record moved by a renumbering is told apart from
    one whose content changed: the verifier tries the neighbouring seq before calling it altered.
    """
    wanted = {a.seq: a.hash for a in anchors}
    seen: dict[int, str] = {}
    prev: AuditRecord | None = None
    count = 0
    for rec in records:
        count += 1
        expected_seq = prev.seq + 1 if prev else 1
        expected_prev = prev.hash if prev else GENESIS
        if rec.seq > expected_seq:
            gap = (
                f"record {expected_seq} was"
                if rec.seq == expected_seq + 1
                else f"records {expected_seq} to {rec.seq - 1} were"
            )
            return _bad(
                count,
                prev,
                expected_seq,
                f"{gap} deleted (record {rec.seq} follows record {expected_seq - 1})",
            )
        own_ok = rec.computed_hash() == rec.hash
        if rec.prev_hash == expected_prev:
            if not own_ok:
                return _bad(
                    count,
                    prev,
                    rec.seq,
                    f"record {rec.seq} was altered (its content no longer matches its hash)",
                )
        elif prev is not None and own_ok:
            # Both records are whole but not linked: the earlier one was rewritten with a fresh
            # hash, or the later one was forged. The chain cannot tell which; name the earlier.
            return _bad(
                count,
                prev,
                prev.seq,
                f"record {prev.seq} was altered and re-hashed, or record {rec.seq} was inserted "
                f"(record {rec.seq} is chained to a different record {prev.seq})",
            )
        elif prev is not None and rec.computed_hash(rec.seq - 1) == rec.hash:
            return _bad(
                count,
                prev,
                prev.seq,
                f"record {prev.seq} was inserted (record {rec.seq} was "
                f"record {rec.seq - 1} before and is chained to the record before it)",
            )
        elif rec.computed_hash(rec.seq + 1) == rec.hash:
            return _bad(
                count,
                prev,
                rec.seq,
                f"record {rec.seq} was deleted (the records after it were renumbered)",
            )
        else:
            return _bad(
                count,
                prev,
                rec.seq,
                f"record {rec.seq} was altered or inserted (it neither "
                f"matches its hash nor follows record {rec.seq - 1})",
            )
        if rec.seq in wanted:
            seen[rec.seq] = rec.hash
        prev = rec
    head_seq, head_hash = (prev.seq, prev.hash) if prev else (0, GENESIS)
    for seq, digest in sorted(wanted.items()):
        if seq > head_seq:
            return Verdict(
                count,
                head_seq,
                head_hash,
                seq,
                f"record {seq} was deleted (the log ends at record {head_seq}, "
                f"an anchor names record {seq})",
            )
        if seen.get(seq) != digest:
            return Verdict(
                count,
                head_seq,
                head_hash,
                seq,
                f"record {seq} was altered or replaced (its hash differs from the anchor)",
            )
    return Verdict(count, head_seq, head_hash)


def _bad(count: int, prev: AuditRecord | None, seq: int, problem: str) -> Verdict:
    head_seq, head_hash = (prev.seq, prev.hash) if prev else (0, GENESIS)
    return Verdict(count, head_seq, head_hash, seq, problem)


def stored_records(conn: Connection) -> Iterator[AuditRecord]:
    rows = conn.execution_options(yield_per=5000).execute(
        select(audit_log).order_by(audit_log.c.seq)
    )
    for r in rows:
        yield AuditRecord(
            seq=r.seq,
            at=str(r.at),
            actor=str(r.actor),
            action=str(r.action),
            subject=str(r.subject),
            classification=str(r.classification),
            detail=str(r.detail),
            prev_hash=str(r.prev_hash),
            hash=str(r.hash),
        )


def verify(conn: Connection, anchors: Sequence[Anchor] = ()) -> Verdict:
    """Re-compute the stored chain. Reveals no record's content, so any actor may run it."""
    return check_chain(stored_records(conn), anchors)


def verify_lines(lines: Iterable[str], anchors: Sequence[Anchor] = ()) -> Verdict:
    """Re-compute the chain of an export (JSON lines), as an auditor would on their own copy."""

    def parse() -> Iterator[AuditRecord]:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield AuditRecord.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                raise InvalidInput(f"line {number} of the export is not an audit record") from None

    return check_chain(parse(), anchors)


def require_clearance(actor: Actor) -> None:
    """Refuse an actor not cleared for every classification, whatever the log holds: a refusal
    that depended on its records would tell an uncleared actor that lists above them exist."""
    if not actor.cleared_for_all:
        raise AccessDenied(
            "exporting the audit log needs secret clearance, the highest: its records may be "
            "about lists of any classification"
        )


def export(conn: Connection, actor: Actor) -> Iterator[dict[str, object]]:
    """Every record as a JSON object, oldest first; needs clearance for every record's list."""
    require_clearance(actor)
    for rec in stored_records(conn):
        yield rec.to_dict()


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())
