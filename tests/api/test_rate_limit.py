"""The per-key rate limit is kept in the store: every worker and every server on one store share
it, on SQLite and PostgreSQL. Time is a clock the test sets, never waited for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import add_users, load_lists
from watchlist.api import create_app
from watchlist.api.auth import MAX_LEASE, RateLimit
from watchlist.api.errors import RateLimited
from watchlist.api.settings import ApiSettings
from watchlist.audit.tables import audit_log
from watchlist.settings import Settings
from watchlist.store.db import Store
from watchlist.store.tables import rate_windows


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def counts(store: Store) -> dict[tuple[str, int], int]:
    with store.read() as conn:
        return {(r.key_id, r.minute): r.used for r in conn.execute(rate_windows.select())}


def test_two_workers_share_one_keys_limit_in_the_store(store: Store) -> None:
    clock = Clock(60 * 1000 + 15.2)  # 15.2 s into minute 1000
    first, second = RateLimit(store, 10, clock), RateLimit(store, 10, clock)
    assert first.lease == 1  # a small limit is counted one request at a time
    for i in range(10):
        (first if i % 2 else second).take("k1")
    for worker in (first, second):
        with pytest.raises(RateLimited) as refused:
            worker.take("k1")
        assert refused.value.status == 429
        assert refused.value.headers == {"Retry-After": "45"}  # the minute ends in 44.8 s
    second.take("k2")  # another key has its own count
    assert counts(store) == {("k1", 1000): 12, ("k2", 1000): 1}  # each worker asked once more

    clock.now += 45  # the next minute: the key may again, and the store forgets old minutes
    first.take("k1")
    clock.now += 60
    second.take("k1")
    assert counts(store) == {("k1", 1001): 1, ("k1", 1002): 1}


def test_leased_places_never_let_a_key_past_its_limit(store: Store) -> None:
    clock = Clock(60 * 2000.0)
    first, second = RateLimit(store, 500, clock), RateLimit(store, 500, clock)
    assert first.lease == 10 and RateLimit(store, 10**6, clock).lease == MAX_LEASE
    first.take("k")  # leases 10 places, uses one
    assert counts(store) == {("k", 2000): 10}
    admitted = 1
    while True:
        try:
            second.take("k")
        except RateLimited:
            break
        admitted += 1
    for _ in range(9):  # the first worker's lease still holds its places
        first.take("k")
        admitted += 1
    assert admitted == 500
    with pytest.raises(RateLimited):
        first.take("k")
    # one write to the store per lease, not per request: 50 leases and the refusals
    assert counts(store)[("k", 2000)] == 500 + 2 * 10


def test_held_places_admit_without_the_store_and_never_past_the_lease(store: Store) -> None:
    """`take_held` (what the event loop tries before handing `take` to a thread) admits only
    from places already leased for this minute: it never asks the store, never admits more
    than the lease, and leaves a new minute to `take`."""
    clock = Clock(60 * 3000.0 + 1)
    worker = RateLimit(store, 500, clock)  # leases 10 places at a time
    assert not worker.take_held("k")  # nothing held yet: the store must be asked
    worker.take("k")  # leases 10, uses one
    admitted = sum(worker.take_held("k") for _ in range(20))
    assert admitted == 9
    assert counts(store) == {("k", 3000): 10}  # no lease taken by take_held
    worker.take("k")  # the next lease, through the store
    assert counts(store) == {("k", 3000): 20}
    clock.now += 60  # a new minute: held places of the last are gone
    assert not worker.take_held("k")


@pytest.fixture(params=[0, 60], ids=["keys checked by the route", "cached: the fast way"])
def two_workers(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[tuple[TestClient, TestClient, dict[str, str], Store]]:
    """Two apps on one store, as two workers (or two servers) would be; with keys cached, a
    worker's requests after its first go the fast way (`api.hot`), which leases places of the
    limit on its screening thread."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store.open(db_url)
    load_lists(store)
    keys = add_users(store)
    settings = Settings(db=db_url)
    api = ApiSettings(api_key_cache=request.param, api_rate_limit=4)
    clock = Clock(60 * 3000 + 30.0)
    apps = [create_app(settings, api), create_app(settings, api)]
    with TestClient(apps[0]) as one, TestClient(apps[1]) as two:
        for app in apps:
            app.state.services.index.refresh()
            app.state.services.rate.clock = clock
        yield one, two, keys, store
    store.close()


def test_workers_on_one_store_answer_429_past_the_shared_limit_and_audit_none(
    two_workers: tuple[TestClient, TestClient, dict[str, str], Store],
) -> None:
    one, two, keys, store = two_workers
    headers = {"Authorization": f"ApiKey {keys['screener']}"}
    answers = [
        (one if i % 2 else two).post("/v1/screen", json={"name": "Pavel Karpov"}, headers=headers)
        for i in range(6)
    ]
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 429, 429]
    for refused in answers[4:]:
        assert refused.headers["Retry-After"] == "30"
        assert "rate limit" in refused.json()["detail"]
    with store.read() as conn:
        screened = [r for r in conn.execute(audit_log.select()) if "screen" in str(r.action)]
    assert len(screened) == 4  # the two 429s wrote nothing
    other = {"Authorization": f"ApiKey {keys['analyst']}"}
    assert one.post("/v1/screen", json={"name": "Pavel Karpov"}, headers=other).is_success
