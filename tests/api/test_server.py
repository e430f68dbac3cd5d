"""The server around the routes: health, readiness, keys, errors, limits, reloads."""

from __future__ import annotations

import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PUBLIC, Api, make_api
from tests.screening.lists import release
from watchlist.api import querylog
from watchlist.api.exposure import check_exposure, is_loopback
from watchlist.api.index import ScreeningIndex
from watchlist.audit.log import append_dbapi
from watchlist.auth import Users
from watchlist.errors import WatchlistError
from watchlist.model.access import SYSTEM
from watchlist.model.entity import StoredEntity
from watchlist.store.db import Store
from watchlist.store.turns import HELD_INTERVAL

BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Pavel Karpov"]}}}}


def test_health_needs_no_key_and_other_routes_do(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    assert api.client.get("/readyz").status_code == 200
    r = api.client.post("/match/default", json=BODY)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "ApiKey"
    assert "API key" in r.json()["detail"]
    for header in ("Basic abc", "ApiKey", "ApiKey wl_nope", "Bearer nope"):
        r = api.client.post("/match/default", json=BODY, headers={"Authorization": header})
        assert r.status_code == 401, header
    key = api.keys["screener"]
    for scheme in ("ApiKey", "Bearer", "bearer"):
        r = api.client.post(
            "/match/default", json=BODY, headers={"Authorization": f"{scheme} {key}"}
        )
        assert r.status_code == 200, scheme


def test_a_revoked_key_is_refused_at_once_without_cache(api: Api) -> None:
    users = Users(api.store, SYSTEM)
    key_id = users.keys("screener")[0].id
    users.revoke(key_id)
    r = api.client.post("/match/default", json=BODY, headers=api.headers("screener"))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_not_ready_until_the_index_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ScreeningIndex, "start", lambda self: None)
    monkeypatch.setattr(ScreeningIndex, "refresh", lambda self: False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/a.db"):
        assert api.client.get("/healthz").status_code == 200
        r = api.client.get("/readyz")
        assert r.status_code == 503 and r.json()["detail"].startswith("the screening index")
        r = api.client.post("/match/default", json=BODY, headers=api.headers("screener"))
        assert r.status_code == 503 and r.headers["retry-after"]


def test_a_new_release_is_used_without_restart(sqlite_api: Api) -> None:
    api = sqlite_api
    first = api.client.post("/match/default", json=BODY, headers=api.headers("screener")).json()
    assert first["releases"]["us_ofac_sdn"]["release"] == 1
    extra = StoredEntity("us_ofac_sdn", "9", "Person", {"name": ["Ivan Petrov"]})
    release(api.store, "us_ofac_sdn", [*PUBLIC, extra], published=date(2024, 2, 1))
    services = api.client.app.state.services  # type: ignore[attr-defined]
    services.index.refresh()
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}
    after = api.client.post("/match/default", json=body, headers=api.headers("screener")).json()
    assert after["releases"]["us_ofac_sdn"] == {"release": 2, "published": "2024-02-01"}
    assert after["responses"]["q"]["results"][0]["id"] == "us_ofac_sdn:9"


def test_body_size_in_flight_and_rate_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/a.db", api_max_body=2048, api_rate_limit=3):
        services = api.client.app.state.services  # type: ignore[attr-defined]
        services.rate.clock = lambda: 60 * 100 + 50.5  # 9.5 s before the minute ends
        big = {"queries": {"q": {"schema": "Person", "properties": {"name": ["x" * 4000]}}}}
        r = api.client.post("/match/default", json=big, headers=api.headers("screener"))
        assert r.status_code == 413 and "limit of 2048 bytes" in r.json()["detail"]
        codes = [
            api.client.post("/match/default", json=BODY, headers=api.headers("analyst")).status_code
            for _ in range(5)
        ]
        # the minute's allowance (3), then 429 with Retry-After: the seconds to the next minute
        assert codes == [200, 200, 200, 429, 429]
        r = api.client.post("/match/default", json=BODY, headers=api.headers("analyst"))
        assert r.status_code == 429 and r.headers["retry-after"] == "10"
        # another key has its own allowance
        r = api.client.post("/match/default", json=BODY, headers=api.headers("supervisor"))
        assert r.status_code == 200
    for api in make_api(f"sqlite:///{tmp_path}/b.db", api_max_in_flight=1):
        limits = api.client.app.middleware_stack  # type: ignore[attr-defined]
        while not hasattr(limits, "in_flight"):
            limits = limits.app
        limits.in_flight = 1  # as if one request were being answered
        r = api.client.post("/match/default", json=BODY, headers=api.headers("screener"))
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert api.client.get("/healthz").status_code == 200
        limits.in_flight = 0
        r = api.client.post("/match/default", json=BODY, headers=api.headers("screener"))
        assert r.status_code == 200


def test_refuses_to_listen_beyond_loopback_without_keys(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    store = Store.open(f"sqlite:///{tmp_path}/s.db")
    try:
        check_exposure(store, "127.0.0.1")
        with pytest.raises(WatchlistError, match="refusing to listen on 0.0.0.0"):
            check_exposure(store, "0.0.0.0")
        from watchlist.auth import Role
        from watchlist.model.access import Classification

        Users(store, SYSTEM).add("ana", Role.ADMIN, Classification.PUBLIC)
        with pytest.raises(WatchlistError):
            check_exposure(store, "0.0.0.0")
        Users(store, SYSTEM).create_key("ana")
        check_exposure(store, "0.0.0.0")
    finally:
        store.close()


def test_every_worker_picks_up_a_release_by_itself_without_failing_a_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No refresh() called by the test: the worker's own thread sees the new release, while
    requests keep being answered from the index they started with."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/r.db", api_index_refresh=0.2):
        reload_while_serving(api)


def reload_while_serving(api: Api) -> None:
    petrov = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}
    codes: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            r = api.client.post("/match/default", json=BODY, headers=api.headers("admin"))
            codes.append(r.status_code)

    thread = threading.Thread(target=hammer)
    thread.start()
    try:
        extra = StoredEntity("us_ofac_sdn", "9", "Person", {"name": ["Ivan Petrov"]})
        release(api.store, "us_ofac_sdn", [*PUBLIC, extra], published=date(2024, 2, 1))
        deadline = time.monotonic() + 30
        seen = None
        while time.monotonic() < deadline:
            r = api.client.post("/match/default", json=petrov, headers=api.headers("screener"))
            assert r.status_code == 200, r.text
            if r.json()["releases"]["us_ofac_sdn"]["release"] == 2:
                seen = r.json()
                break
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join()
    assert seen is not None, "the new release was not loaded within 30 s"
    assert seen["responses"]["q"]["results"][0]["id"] == "us_ofac_sdn:9"
    assert codes and set(codes) == {200}


def test_a_worker_hands_the_interpreter_over_quickly_while_it_writes_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its audit records' writer, holding the database's write lock, gets the interpreter back
    from a query being screened within a short interval, not Python's default 5 ms; the
    screening and the event loop keep the default between writes."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    seen: list[float] = []

    def append(*args: Any) -> Any:
        seen.append(sys.getswitchinterval())
        return append_dbapi(*args)

    monkeypatch.setattr(querylog, "append_dbapi", append)
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        for api in make_api(f"sqlite:///{tmp_path}/a.db"):
            r = api.client.post(
                "/v1/screen",
                json={"name": "Pavel Karpov"},
                headers={"Authorization": f"ApiKey {api.keys['screener']}"},
            )
            assert r.status_code == 200
            assert seen and all(i == pytest.approx(HELD_INTERVAL) for i in seen)
            assert HELD_INTERVAL < 0.005
            assert sys.getswitchinterval() == pytest.approx(0.005)
    finally:
        sys.setswitchinterval(before)
