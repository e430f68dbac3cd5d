"""The audit hash chain: verify passes untouched and names the first altered, inserted or
deleted record after the SQLite file is tampered with directly."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from watchlist.audit.log import canonical_json, chain_hash
from watchlist.errors import AccessDenied, InvalidInput
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store

OFFICER = Actor("officer", Classification.SECRET)
CLERK = Actor("clerk", Classification.PUBLIC)


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    """A SQLite store with five audit records (tests edit the file with sqlite3)."""
    path = tmp_path / "audit.db"
    store = Store.open(f"sqlite:///{path}")
    for n in range(1, 6):
        record(store, OFFICER, "test.event", f"thing:{n}", {"n": n, "note": f"event {n}"})
    try:
        yield store, path
    finally:
        store.close()


def tamper(path: Path, *sql: str) -> None:
    db = sqlite3.connect(path)
    for statement in sql:
        db.execute(statement)
    db.commit()
    db.close()


def rows(path: Path) -> list[AuditRecord]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    found = [
        AuditRecord(**{k: r[k] for k in r.keys()})
        for r in db.execute("select * from audit_log order by seq")
    ]
    db.close()
    return found


def forged(seq: int, prev_hash: str) -> AuditRecord:
    draft = AuditRecord(
        seq, "2026-01-01T00:00:00+00:00", "mallory", "test.event", "thing:x", "public",
        canonical_json({"forged": True}), prev_hash, "",
    )  # fmt: skip
    return replace(draft, hash=draft.computed_hash())


def insert(path: Path, rec: AuditRecord) -> None:
    db = sqlite3.connect(path)
    db.execute(
        "insert into audit_log (seq, prev_hash, hash, at, actor, action, subject, "
        "classification, detail) values (?,?,?,?,?,?,?,?,?)",
        (rec.seq, rec.prev_hash, rec.hash, rec.at, rec.actor, rec.action, rec.subject,
         rec.classification, rec.detail),
    )  # fmt: skip
    db.commit()
    db.close()


def test_untouched_log_verifies_and_chains_from_genesis(logged: tuple[Store, Path]) -> None:
    store, path = logged
    verdict = verify_store(store)
    assert verdict.ok and verdict.records == 5 and verdict.head_seq == 5
    recs = rows(path)
    assert recs[0].prev_hash == GENESIS
    for before, after in zip(recs, recs[1:], strict=False):
        assert after.prev_hash == before.hash
    assert recs[2].hash == chain_hash(recs[1].hash, recs[2].content())


def test_altered_detail_is_named(logged: tuple[Store, Path]) -> None:
    store, path = logged
    tamper(
        path, """update audit_log set detail = '{"n":3,"note":"nothing happened"}' where seq=3"""
    )
    verdict = verify_store(store)
    assert not verdict.ok and verdict.first_bad == 3
    assert "record 3 was altered" in verdict.summary


def test_altered_first_column_like_the_contract_check(logged: tuple[Store, Path]) -> None:
    store, path = logged
    db = sqlite3.connect(path)
    cols = [r[1] for r in db.execute("pragma table_info(audit_log)")]
    db.close()
    col = next(c for c in cols if c not in ("id", "seq", "hash", "prev_hash"))
    tamper(path, f"update audit_log set {col} = {col} || 'x' where seq = 1")
    assert verify_store(store).first_bad == 1


def test_altered_and_rehashed_record_is_named_by_its_successor(
    logged: tuple[Store, Path],
) -> None:
    store, path = logged
    rec = rows(path)[1]
    fake = replace(rec, actor="mallory")
    tamper(path, f"update audit_log set actor='mallory', hash='{fake.computed_hash()}' where seq=2")
    verdict = verify_store(store)
    assert verdict.first_bad == 2 and "record 2 was altered and re-hashed" in verdict.summary


def test_deleted_record_is_named(logged: tuple[Store, Path]) -> None:
    store, path = logged
    tamper(path, "delete from audit_log where seq = 3")
    verdict = verify_store(store)
    assert verdict.first_bad == 3 and "record 3 was deleted" in verdict.summary


def test_deleted_record_with_renumbered_successors_is_named(logged: tuple[Store, Path]) -> None:
    store, path = logged
    tamper(
        path,
        "delete from audit_log where seq = 2",
        "update audit_log set seq = seq - 1 where seq > 2",
    )
    verdict = verify_store(store)
    assert verdict.first_bad == 2 and "record 2 was deleted" in verdict.summary


def test_record_inserted_in_the_middle_is_named(logged: tuple[Store, Path]) -> None:
    store, path = logged
    recs = rows(path)
    # Make room at seq 3 (highest first, so the primary key never clashes), then forge a record
    # correctly chained to record 2.
    tamper(path, *(f"update audit_log set seq = {n + 1} where seq = {n}" for n in (5, 4, 3)))
    insert(path, forged(3, recs[1].hash))
    verdict = verify_store(store)
    assert verdict.first_bad == 3 and "record 3 was inserted" in verdict.summary


def test_record_appended_with_a_wrong_link_is_named(logged: tuple[Store, Path]) -> None:
    store, path = logged
    insert(path, forged(6, "f" * 64))
    verdict = verify_store(store)
    # A whole record that links to nothing: forged here, or record 5 rewritten before it.
    assert verdict.first_bad == 5 and "record 6 was inserted" in verdict.summary
    tamper(path, "update audit_log set detail = '{}' where seq = 6")
    verdict = verify_store(store)
    assert verdict.first_bad == 6 and "altered or inserted" in verdict.summary


def test_cut_off_tail_is_caught_by_an_anchor(logged: tuple[Store, Path]) -> None:
    store, path = logged
    head = verify_store(store)
    anchor = Anchor.parse(f"{head.head_seq}:{head.head_hash}")
    assert verify_store(store, [anchor]).ok
    tamper(path, "delete from audit_log where seq = 5")
    assert verify_store(store).ok  # without an anchor a cut tail looks like a shorter log
    verdict = verify_store(store, [anchor])
    assert verdict.first_bad == 5 and "deleted" in verdict.summary


def test_anchor_parsing_refuses_garbage() -> None:
    with pytest.raises(InvalidInput):
        Anchor.parse("5:abc")


def test_export_round_trips_and_verifies_offline(logged: tuple[Store, Path]) -> None:
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


def test_export_needs_clearance_for_every_list_it_mentions(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/c.db")
    try:
        record(store, OFFICER, "test.event", "x", {}, Classification.CONFIDENTIAL)
        with pytest.raises(AccessDenied):
            export_store(store, CLERK)
        assert verify_store(store).records == 1  # the refused export was not recorded
    finally:
        store.close()


def test_append_in_a_rolled_back_transaction_leaves_no_record(logged: tuple[Store, Path]) -> None:
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
    assert verdict.first_bad is not None and verdict.first_bad <= index + 1
