"""A worker's warm-up at start-up (`api.warmup`) leaves no trace a caller or an auditor could
see: no request in the metrics, no audit record, no count of the rate limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.api.conftest import Api, make_api
from watchlist.api import warmup
from watchlist.audit.tables import audit_log
from watchlist.store.tables import rate_windows


def test_warm_up_is_neither_counted_nor_recorded(api: Api) -> None:
    with api.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(rate_windows)).scalar_one() == 0
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
    assert not any(a.startswith("screening") for a in actions), actions
    metrics = api.client.get("/metrics", headers=api.headers("screener")).text
    counted = [ln for ln in metrics.splitlines() if ln.startswith("watchlist_http_requests_total")]
    assert counted == [], counted  # a scrape counts once it is answered


@pytest.fixture
def failing_store_warm_up(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Api]:
    def away(services: object) -> None:
        raise ConnectionError("the database is away")

    monkeypatch.setattr(warmup, "_warm_store", away)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield from make_api(db_url)


def test_a_failed_warm_up_leaves_the_worker_serving(failing_store_warm_up: Api) -> None:
    api = failing_store_warm_up
    r = api.client.post(
        "/v1/screen", json={"name": "Pavel Karpov"}, headers=api.headers("screener")
    )
    assert r.status_code == 200, r.text
