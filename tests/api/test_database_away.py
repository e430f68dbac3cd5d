"""The database going away under a running server: 503 with a clear detail, never a 500 or a
traceback, /healthz still alive, and service back by itself once the database returns; every
answered request has its audit record, and no refused one has."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests import postgres
from tests.api.conftest import make_api
from watchlist.audit import verify_store
from watchlist.audit.verify import stored_records

BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Pavel Karpov"]}}}}


@contextmanager
def database_away(url: str) -> Iterator[None]:
    """No new connection to the database, and every open one cut, until the block ends."""
    name = make_url(url).database
    admin = postgres._admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        conn.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
    try:
        yield
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@pytest.mark.postgresql
def test_database_away_gives_503_and_service_resumes(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(pg_url):
        headers = api.headers("screener")
        assert api.client.post("/match/default", json=BODY, headers=headers).status_code == 200
        with database_away(pg_url):
            for url, body in (("/match/default", BODY), ("/v1/screen", {"name": "Jane Doe"})):
                r = api.client.post(url, json=body, headers=headers)
                assert r.status_code == 503, (url, r.status_code, r.text)
                detail = r.json()["detail"]
                assert "database" in detail and "Traceback" not in detail
                assert "retry" in detail
                assert "postgresql" not in detail and "@" not in detail  # no server address
                assert r.headers["retry-after"]
            r = api.client.get("/v1/lists", headers=api.headers("analyst"))
            assert r.status_code == 503 and "database" in r.json()["detail"]
            assert api.client.get("/healthz").status_code == 200
        answered = 1
        for _ in range(3):
            r = api.client.post("/match/default", json=BODY, headers=headers)
            assert r.status_code == 200, r.text
            answered += 1
        assert verify_store(api.store).ok
        with api.store.read() as conn:
            matches = [x for x in stored_records(conn) if x.action == "screening.match"]
        assert len(matches) == answered
