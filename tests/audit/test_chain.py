"""The audit hash chain: verify passes untouched and names the first altered, inserted or
deleted record after the database is tampered with directly, on SQLite and on PostgreSQL (where
the tamperer owns the tables and switches the append-only triggers off first)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.pool import NullPool

from watchlist.audit import (
    GENESIS,
    Anchor,
    AuditRecord,
    append,
    check_chain,
    export_store,
    record,
    verify_lines,
    verify_store,
)
from watchlist.audit.tables import audit_log
from watchlist.errors import AccessDenied, InvalidInput
from watchlist.model.access import Actor, Classification
from watchlist.model.canonical import canonical_json
from watchlist.store.db import Store
from watchlist.store.dialect import normalise_url

OFFICER = Actor("officer", Classification.SECRET)
CLERK = Actor("clerk", Classification.PUBLIC)

Logged = tuple[Store, str]


@pytest.fixture
def logged(db_url: str) -> Iterator[Logged]:
    """A store with five audit records, and its URL for the tamperer's own connection."""
    store = Store.open(db_url)
    for n in range(1, 6):
        record(store, OFFICER, "test.event", f"thing:{n}", {"n": n, "note": f"event {n}"})
    try:
        yield store, db_url
    finally:
        store.close()


@contextmanager
def raw(url: str) -> Iterator[Connection]:
    """A connection of the tamperer's own, in one transaction; on PostgreSQL the table owner's,
    with the append-only triggers switched off for the edit and back on afterwards."""
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            pg = conn.dialect.name == "postgresql"
            if pg:
                conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
            yield conn
            if pg:
                conn.exec_driver_sql("ALTER TABLE audit_log ENABLE TRIGGER USER")
    finally:
        engine.dispose()


def tamper(url: str, *sql: str) -> None:
    with raw(url) as conn:
        for statement in sql:
            conn.exec_driver_sql(statement)


def rows(url: str) -> list[AuditRecord]:
    with raw(url) as conn:
        found = conn.execute(text("select * from audit_log order by seq")).mappings().all()
    return [AuditRecord(**dict(r)) for r in found]


def forged(seq: int, prev_hash: str) -> AuditRecord:
    draft = AuditRecord(
        seq, "2026-01-01T00:00:00+00:00", "mallory", "test.event", "thing:x", "public",
        canonical_json({"forged": True}), prev_hash, "",
    )  # fmt: skip
    return replace(draft, hash=draft.computed_hash())


def insert(url: str, rec: AuditRecord) -> None:
    with raw(url) as conn:
        conn.execute(audit_log.insert().values(**rec.__dict__))


def documented_hash(prev_hash: str, rec: AuditRecord) -> str:
    """docs/workflow.md's formula, spelt out here rather than taken from the code under test:
    SHA-256 of prev_hash followed by the canonical JSON (sorted keys, no spaces, UTF-8 as is)
    of seq, at, actor, action, subject, classification and detail (its JSON text)."""
    content = json.dumps(
        {
            "seq": rec.seq,
            "at": rec.at,
            "actor": rec.actor,
            "action": rec.action,
            "subject": rec.subject,
            "classification": rec.classification,
            "detail": rec.detail,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def test_untouched_log_verifies_and_chains_from_genesis(logged: Logged) -> None:
    store, url = logged
    record(store, OFFICER, "test.event", "thing:ü", {"note": "Жуков, 15%"})
    verdict = verify_store(store)
    assert verdict.ok and verdict.records == 6 and verdict.head_seq == 6
    recs = rows(url)
    assert recs[0].prev_hash == GENESIS == "0" * 64
    assert recs[-1].detail == '{"note":"Жуков, 15%"}'  # canonical: UTF-8 kept, no spaces
    prev = "0" * 64
    for rec in recs:
        assert rec.prev_hash == prev
        assert rec.hash == documented_hash(prev, rec), rec.seq
        prev = rec.hash
    assert verdict.head_hash == prev


def test_altered_detail_is_named(logged: Logged) -> None:
    store, url = logged
    tamper(url, """update audit_log set detail = '{"n":3,"note":"nothing happened"}' where seq=3""")
    verdict = verify_store(store)
    assert not verdict.ok and verdict.first_bad == 3
    assert "record 3 was altered" in verdict.summary


def test_altered_first_column_like_the_contract_check(logged: Logged) -> None:
    store, url = logged
    with raw(url) as conn:
        cols = [c["name"] for c in inspect(conn).get_columns("audit_log")]
    col = next(c for c in cols if c not in ("id", "seq", "hash", "prev_hash"))
    tamper(url, f"update audit_log set {col} = {col} || 'x' where seq = 1")
    assert verify_store(store).first_bad == 1


def test_altered_and_rehashed_record_is_named_by_its_successor(
    logged: Logged,
) -> None:
    store, url = logged
    rec = rows(url)[1]
    fake = replace(rec, actor="mallory")
    tamper(url, f"update audit_log set actor='mallory', hash='{fake.computed_hash()}' where seq=2")
    verdict = verify_store(store)
    assert verdict.first_bad == 2 and "record 2 was altered and re-hashed" in verdict.summary


def test_deleted_record_is_named(logged: Logged) -> None:
    store, url = logged
    tamper(url, "delete from audit_log where seq = 3")
    verdict = verify_store(store)
    assert verdict.first_bad == 3 and "record 3 was deleted" in verdict.summary


def test_deleted_record_with_renumbered_successors_is_named(logged: Logged) -> None:
    store, url = logged
    tamper(
        url,
        "delete from audit_log where seq = 2",
        # one by one, lowest first: the key never clashes on either database
        *(f"update audit_log set seq = {n - 1} where seq = {n}" for n in (3, 4, 5)),
    )
    verdict = verify_store(store)
    assert verdict.first_bad == 2 and "record 2 was deleted" in verdict.summary


def test_record_inserted_in_the_middle_is_named(logged: Logged) -> None:
    store, url = logged
    recs = rows(url)
    # Make room at seq 3 (highest first, so the primary key never clashes), then forge a record
    # correctly chained to record 2.
    tamper(url, *(f"update audit_log set seq = {n + 1} where seq = {n}" for n in (5, 4, 3)))
    insert(url, forged(3, recs[1].hash))
    verdict = verify_store(store)
    assert verdict.first_bad == 3 and "record 3 was inserted" in verdict.summary


def test_record_appended_with_a_wrong_link_is_named(logged: Logged) -> None:
    store, url = logged
    insert(url, forged(6, "f" * 64))
    verdict = verify_store(store)
    # A whole record that links to nothing: forged here, or record 5 rewritten before it.
    assert verdict.first_bad == 5 and "record 6 was inserted" in verdict.summary
    tamper(url, "update audit_log set detail = '{}' where seq = 6")
    verdict = verify_store(store)
    assert verdict.first_bad == 6 and "altered or inserted" in verdict.summary


def test_cut_off_tail_is_caught_by_an_anchor(logged: Logged) -> None:
    store, url = logged
    head = verify_store(store)
    anchor = Anchor.parse(f"{head.head_seq}:{head.head_hash}")
    assert verify_store(store, [anchor]).ok
    tamper(url, "delete from audit_log where seq = 5")
    assert verify_store(store).ok  # without an anchor a cut tail looks like a shorter log
    verdict = verify_store(store, [anchor])
    assert verdict.first_bad == 5 and "deleted" in verdict.summary


def test_anchor_parsing_refuses_garbage() -> None:
    for garbage in ("5:abc", "five:" + "a" * 64, "5" + "a" * 64):
        with pytest.raises(InvalidInput, match="an anchor is SEQ:SHA256") as refused:
            Anchor.parse(garbage)
        assert repr(garbage) in refused.value.message
    assert Anchor.parse(" 5:" + "A" * 64) == Anchor(5, "a" * 64)


def test_export_round_trips_and_verifies_offline(logged: Logged) -> None:
    store, _ = logged
    lines = [json.dumps(r) for r in export_store(store, OFFICER)]
    assert len(lines) == 6  # five events and the export itself
    first = json.loads(lines[0])
    assert first["detail"] == {"n": 1, "note": "event 1"} and first["prev_hash"] == GENESIS
    assert json.loads(lines[-1])["action"] == "audit.export"
    assert verify_lines(lines).ok
    edited = json.loads(lines[2])
    edited["detail"]["note"] = "edited"
    lines[2] = json.dumps(edited)
    assert verify_lines(lines).first_bad == 3


def test_export_needs_the_highest_clearance_whatever_the_log_holds(store: Store) -> None:
    record(store, OFFICER, "test.event", "x", {})  # a public record only
    answers = set()
    for level in ("public", "restricted", "confidential"):
        with pytest.raises(AccessDenied) as refused:
            export_store(store, Actor("clerk", Classification(level)))
        answers.add(refused.value.message)
    record(store, OFFICER, "test.event", "y", {}, Classification.CONFIDENTIAL)
    with pytest.raises(AccessDenied) as refused:
        export_store(store, CLERK)
    answers.add(refused.value.message)
    assert len(answers) == 1 and "secret clearance" in answers.pop()
    assert verify_store(store).records == 2  # the refused exports were not recorded
    assert [r["subject"] for r in export_store(store, OFFICER)] == ["x", "y", "audit"]


def test_append_in_a_rolled_back_transaction_leaves_no_record(logged: Logged) -> None:
    store, _ = logged
    with pytest.raises(RuntimeError):
        with store.begin() as conn:
            append(conn, OFFICER, "test.event", "lost", {})
            raise RuntimeError("the action failed")
    assert verify_store(store).records == 5


FIELDS = ("at", "actor", "action", "subject", "classification", "detail", "hash", "prev_hash")


def _chain(n: int) -> list[AuditRecord]:
    recs: list[AuditRecord] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        draft = AuditRecord(seq, f"t{seq}", "a", "act", f"s{seq}", "public", f'{{"n":{seq}}}',
                            prev, "")  # fmt: skip
        recs.append(replace(draft, hash=draft.computed_hash()))
        prev = recs[-1].hash
    return recs


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=8),
    data=st.data(),
)
def test_any_single_edit_is_caught_at_or_before_the_edited_record(
    n: int, data: st.DataObject
) -> None:
    recs = _chain(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    name = data.draw(st.sampled_from(FIELDS))
    value = data.draw(st.text(min_size=1, max_size=10))
    if getattr(recs[index], name) == value:
        return
    recs[index] = replace(recs[index], **{name: value})
    verdict = check_chain(recs)
    assert not verdict.ok
    assert verdict.first_bad == index + 1  # the edited record itself, never an earlier one
