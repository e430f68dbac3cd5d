"""The query audit trail: concurrent requests' records grouped into one commit, each request
answered only once its record is committed, and `audit verify` covering every record."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import Api
from watchlist.api.querylog import Pending, QueryLog, Record
from watchlist.audit import verify_store
from watchlist.audit.log import append
from watchlist.audit.verify import stored_records
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store, StoreUnavailable

BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Pavel Karpov"]}}}}


def test_concurrent_records_are_grouped_into_few_commits(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_url)
    batches: list[int] = []
    commit = QueryLog._commit

    def slow_commit(self: QueryLog, batch: list[Pending]) -> None:
        batches.append(len(batch))
        time.sleep(0.2)  # the records of requests arriving meanwhile queue up
        commit(self, batch)

    monkeypatch.setattr(QueryLog, "_commit", slow_commit)
    log = QueryLog(store)
    seqs: list[int] = []
    actors = [Actor("ana", Classification.PUBLIC), Actor("bob", Classification.SECRET)]

    def one(n: int) -> None:
        seqs.append(log.write(actors[n % 2], "screening.screen", f"q:{n}", {"n": n}))

    try:
        threads = [threading.Thread(target=one, args=(n,)) for n in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        log.close()
    assert sum(batches) == 40 and len(batches) < 10 and max(batches) > 1
    assert len(set(seqs)) == 40
    with store.read() as conn:
        records = {r.seq: r for r in stored_records(conn) if r.action == "screening.screen"}
    assert set(records) == set(seqs)
    assert {records[s].actor for s in seqs} == {"ana", "bob"}
    assert verify_store(store).ok
    store.close()


def test_records_wait_for_the_query_being_screened_then_go_in_one_commit(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_url)
    batches: list[int] = []
    commit = QueryLog._commit

    def counted(self: QueryLog, batch: list[Pending]) -> None:
        batches.append(len(batch))
        commit(self, batch)

    monkeypatch.setattr(QueryLog, "_commit", counted)
    monkeypatch.setattr("watchlist.api.querylog.HOLD_SECONDS", 30.0)
    log = QueryLog(store)
    actor = Actor("ana", Classification.PUBLIC)
    with log.screening():  # another query is being screened
        items = [log.submit(actor, "screening.screen", f"q:{n}", {"n": n}) for n in range(5)]
        time.sleep(0.2)
        assert not any(p.done.done() for p in items)  # nothing committed, nothing answered
    seqs = [log.wait(p, 10) for p in items]
    log.close()
    assert batches == [5] and len(set(seqs)) == 5 and verify_store(store).ok
    store.close()


def test_a_long_screening_holds_the_records_no_longer_than_the_hold(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_url)
    monkeypatch.setattr("watchlist.api.querylog.HOLD_SECONDS", 0.05)
    log = QueryLog(store)
    actor = Actor("ana", Classification.PUBLIC)
    with log.screening():
        item = log.submit(actor, "screening.screen", "q:held", {})
        assert log.wait(item, 10) > 0  # committed while the screening goes on
    log.close()
    store.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_no_answer_without_its_record(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record that cannot be committed: the request is refused (503), not answered."""

    def broken(self: QueryLog, batch: list[Pending]) -> None:
        for p in batch:
            p.done.set_exception(StoreUnavailable("the audit trail cannot be written"))

    with api.store.read() as conn:
        before = len(list(stored_records(conn)))
    monkeypatch.setattr(QueryLog, "_commit", broken)
    for url, body in (("/match/default", BODY), ("/v1/screen", {"name": "Pavel Karpov"})):
        r = api.client.post(url, json=body, headers=api.headers("screener"))
        assert r.status_code == 503 and "nothing was answered" in r.json()["detail"]
        assert "results" not in r.text and "hits" not in r.text
    with api.store.read() as conn:
        assert len(list(stored_records(conn))) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_concurrent_http_requests_each_have_their_record(api: Api, tmp_path: Path) -> None:
    answers: list[Any] = []

    def one() -> None:
        r = api.client.post("/match/default", json=BODY, headers=api.headers("screener"))
        answers.append(r)

    threads = [threading.Thread(target=one) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in answers] == [200] * 16
    ids = {r.json()["audit_id"] for r in answers}
    assert len(ids) == 16
    with api.store.read() as conn:
        records = {r.seq: r for r in stored_records(conn) if r.action == "screening.match"}
    assert ids == set(records)
    detail = records[min(ids)].to_dict()["detail"]
    assert detail["releases"] == {"us_ofac_sdn": 1}
    assert detail["queries"]["q"]["results"][0]["id"] == "us_ofac_sdn:15880"
    assert verify_store(api.store).ok


def test_a_request_tired_of_waiting_is_refused_and_its_record_never_written(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one commit hangs, a request that gives up is refused (503) and its record is
    taken off the queue; the next request still gets its record committed."""
    store = Store.open(db_url)
    release = threading.Event()
    commit = QueryLog._commit

    def hanging_commit(self: QueryLog, batch: list[Pending]) -> None:
        if any(p.subject == "q:first" for p in batch):
            release.wait(10)
        commit(self, batch)

    monkeypatch.setattr(QueryLog, "_commit", hanging_commit)
    monkeypatch.setattr("watchlist.api.querylog.WAIT_SECONDS", 0.3)
    log = QueryLog(store)
    actor = Actor("ana", Classification.PUBLIC)
    seqs: list[int] = []
    first = threading.Thread(
        target=lambda: seqs.append(log.write(actor, "screening.screen", "q:first", {}))
    )
    first.start()
    time.sleep(0.1)  # the first request is committing: the next one queues behind it
    with pytest.raises(StoreUnavailable, match="nothing was answered"):
        log.write(actor, "screening.screen", "q:tired", {})
    release.set()
    first.join()
    seqs.append(log.write(actor, "screening.screen", "q:later", {}))
    log.close()
    with store.read() as conn:
        subjects = [r.subject for r in stored_records(conn) if r.action == "screening.screen"]
    assert subjects == ["q:first", "q:later"]
    assert len(set(seqs)) == 2 and verify_store(store).ok
    store.close()


def test_two_workers_logs_and_other_writers_keep_one_chain(db_url: str) -> None:
    """Records written by two workers' logs at once, from several threads each (on SQLite each
    thread on a connection of its own), between other writers' transactions: every record
    written once, one chain that verifies."""
    store = Store.open(db_url)
    logs = [QueryLog(store), QueryLog(Store.open(db_url))]
    actor = Actor("ana", Classification.PUBLIC)
    seqs: list[int] = []

    def one(n: int) -> None:
        log = logs[n % 2]
        for k in range(5):
            record = Record(actor, "screening.screen", f"q:{n}:{k}", {}, Classification.PUBLIC)
            records = [record] * (1 + k % 3)
            seqs.extend(log.write_group(records))
            if k == 2:  # another writer of the trail, through SQLAlchemy
                with store.begin() as conn:
                    seqs.append(append(conn, actor, "other", f"o:{n}", {}).seq)

    try:
        threads = [threading.Thread(target=one, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for log in logs:
            log.close()
    with store.read() as conn:
        stored = [r.seq for r in stored_records(conn)]
    assert len(seqs) == 6 * (1 + 2 + 3 + 1 + 2 + 1)  # five groups and one other each
    assert sorted(seqs) == sorted(set(seqs)) and set(seqs) <= set(stored)
    assert verify_store(store).ok
    logs[1].store.close()
    store.close()
