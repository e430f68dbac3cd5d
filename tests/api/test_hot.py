"""POST /v1/screen's fast way (`api.hot`) answers exactly as the FastAPI route does: the same
status, body and audit record, and every request it should not answer goes on to the route."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.api.conftest import Api, make_api
from watchlist.api import hot
from watchlist.api.auth import checked_key
from watchlist.api.models import ScreenQuery
from watchlist.api.querylog import QueryLog, Record
from watchlist.audit import verify_store
from watchlist.audit.tables import audit_log
from watchlist.store.db import StoreUnavailable


@pytest.fixture
def cached_api(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """Keys cached, as a server runs (the other API tests check every key in the store)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield from make_api(db_url, api_key_cache=60)


# (caller, body, whether the fast way answers it, why)
CASES: list[tuple[str, Any, bool, str]] = [
    ("screener", {"name": "Pavel Karpov"}, True, "a hit, its features and the releases"),
    (
        "screener",
        {"name": "Павел Карпов", "birth_dates": ["1977-08-27"], "schema": "Person"},
        True,
        "a birth date adds a feature; another script",
    ),
    ("screener", {"name": "Zhukov", "limit": 1, "threshold": 0.1}, True, "limit and threshold"),
    ("screener", {"name": "Nobody Atall Here"}, True, "no hit"),
    ("screener", {"name": "Bartholomew Quixley"}, True, "a confidential entry: restricted"),
    ("officer", {"name": "Bartholomew Quixley"}, True, "the same, for a cleared caller"),
    ("analyst", {"name": "Georgy Zhukov", "countries": ["ru"]}, True, "any role above screener"),
    ("screener", {"name": "A", "schema": "Banana"}, True, "the library's 400, by its handler"),
    ("screener", {"name": "A", "birth_dates": ["1999-99-99"]}, True, "the library's 400"),
    ("screener", {"name": ""}, False, "FastAPI's 422 naming the field"),
    ("screener", {"name": "A", "limit": 0}, False, "a bound: FastAPI's 422"),
    ("screener", {"name": "A", "colour": "red"}, False, "an unknown field: 422"),
    ("screener", ["Pavel Karpov"], False, "not an object: 422"),
    ("screener", "{not json", False, "not JSON: FastAPI's answer"),
    ("screener", "", False, "no body: FastAPI's answer"),
]
#: Content types FastAPI reads as JSON, or not (then the route refuses the body).
CONTENT_TYPES: list[tuple[str | None, bool, str]] = [
    (None, True, "no Content-Type: read as JSON (the app is not strict)"),
    ("application/json; charset=utf-8", True, "JSON with a charset"),
    ("application/vnd.api+json", True, "a +json type"),
    ("text/plain", False, "not JSON: FastAPI's 422"),
    ("application/x-www-form-urlencoded", False, "a form: FastAPI's 422"),
]


def ask(api: Api, who: str, body: Any, content_type: str | None = "application/json") -> Any:
    content = body if isinstance(body, str) else json.dumps(body)
    headers = dict(api.headers(who))
    if content_type is not None:
        headers["Content-Type"] = content_type
    return api.client.post("/v1/screen", content=content, headers=headers)


def last_record(api: Api) -> dict[str, Any]:
    with api.store.read() as conn:
        row = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).one()
    return {k: v for k, v in row._mapping.items() if k not in ("seq", "at", "prev_hash", "hash")}


@pytest.mark.parametrize("who,body,fast,why", CASES, ids=[c[3] for c in CASES])
def test_fast_way_answers_as_the_route(
    cached_api: Api, monkeypatch: pytest.MonkeyPatch, who: str, body: Any, fast: bool, why: str
) -> None:
    both_ways(cached_api, monkeypatch, who, body, fast, why)


@pytest.mark.parametrize("content_type,fast,why", CONTENT_TYPES, ids=[c[2] for c in CONTENT_TYPES])
def test_content_types_as_the_route(
    cached_api: Api, monkeypatch: pytest.MonkeyPatch, content_type: str | None, fast: bool, why: str
) -> None:
    body = {"name": "Pavel Karpov"}
    both_ways(cached_api, monkeypatch, "screener", body, fast, why, content_type)


def both_ways(
    api: Api,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
    body: Any,
    fast: bool,
    why: str,
    content_type: str | None = "application/json",
) -> None:
    """The same request answered by the route (its key not cached) and then, if `fast`, by
    the fast way: the same status, body and audit record."""
    services = api.client.app.state.services  # type: ignore[attr-defined]
    answered: list[object] = []
    answer = hot._answer

    def counted(*args: Any) -> bytes:
        answered.append(args)
        return answer(*args)

    monkeypatch.setattr(hot, "_answer", counted)

    services.keys._found.clear()  # a key not checked lately: the route answers and checks it
    slow = ask(api, who, body, content_type)
    slow_record = last_record(api)
    assert not answered
    quick = ask(api, who, body, content_type)  # the key cached, a rate-limit place held
    assert bool(answered) == fast, why

    assert quick.status_code == slow.status_code, (why, slow.text, quick.text)
    assert quick.headers["content-type"] == slow.headers["content-type"]
    got, expected = quick.json(), slow.json()
    if slow.status_code == 200:
        assert got.pop("audit_id") == expected.pop("audit_id") + 1
        assert last_record(api) == slow_record  # the same record, the next in the chain
    assert got == expected, why


def test_no_key_or_an_unknown_one_is_the_routes_401(cached_api: Api) -> None:
    r = cached_api.client.post("/v1/screen", json={"name": "Pavel Karpov"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "ApiKey"
    headers = {"Authorization": "ApiKey wl_nothing_here"}
    r = cached_api.client.post("/v1/screen", json={"name": "Pavel Karpov"}, headers=headers)
    assert r.status_code == 401


def test_counted_in_the_metrics_under_the_routes_template(cached_api: Api) -> None:
    api = cached_api
    for _ in range(3):
        assert ask(api, "screener", {"name": "Pavel Karpov"}).status_code == 200
    text = api.client.get("/metrics", headers=api.headers("screener")).text
    line = next(
        ln
        for ln in text.splitlines()
        if ln.startswith("watchlist_http_requests_total")
        and 'route="/v1/screen"' in ln
        and 'status="200"' in ln
    )
    assert float(line.rsplit(" ", 1)[1]) == 3


def lane_answers(api: Api, names: list[str], hold: threading.Event | None = None) -> list[Any]:
    """The fast way's lane given `names` at once: each answer's JSON, or the error it raised."""
    services = api.client.app.state.services  # type: ignore[attr-defined]
    caller = checked_key(services, api.keys["screener"])
    lane = hot.Lane()

    async def main() -> list[Any]:
        answers = [lane.submit(services, caller, ScreenQuery(name=n)) for n in names]
        if hold is not None:
            hold.set()
        return await asyncio.gather(*answers, return_exceptions=True)

    return [a if isinstance(a, Exception) else json.loads(a) for a in asyncio.run(main())]


def test_requests_screened_together_are_committed_together(
    cached_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    groups: list[int] = []
    write = QueryLog.write_group
    submitted = threading.Event()

    def counted(self: QueryLog, records: list[Record]) -> list[int]:
        submitted.wait(10)  # the first group waits until every request is in the lane
        groups.append(len(records))
        return write(self, records)

    monkeypatch.setattr(QueryLog, "write_group", counted)
    names = ["Pavel Karpov", "Georgy Zhukov", "Nobody Atall Here", "Zhukov", "Karpov"]
    answers = lane_answers(cached_api, names, submitted)
    assert sum(groups) == len(names) and len(groups) <= 2, groups
    with cached_api.store.read() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == "screening.screen"))
        recorded = {row.seq: json.loads(row.detail)["query"]["name"] for row in rows}
    # each answer names its own record, committed before it was answered
    assert [recorded[a["audit_id"]] for a in answers] == names
    assert verify_store(cached_api.store).ok


def test_the_lane_goes_on_once_the_loop_has_taken_its_answers() -> None:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever)
    thread.start()
    try:
        answer: asyncio.Future[bytes] = asyncio.run_coroutine_threadsafe(_future(), loop).result()
        loop.call_soon_threadsafe(time.sleep, hot.HANDOFF_SECONDS / 5)  # the loop busy
        job: Any = (loop, answer, None, None, None, True, 0.0)
        hot._settle([job], [(answer, b"{}", None)])
        # the loop took the answer before the lane went on (it would screen the next group)
        assert answer.done() and answer.result() == b"{}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
    hot._settle([job], [(answer, b"{}", None)])  # a closed loop: nothing to hand it


async def _future() -> asyncio.Future[bytes]:
    return asyncio.get_running_loop().create_future()


def test_a_group_whose_records_cannot_be_written_is_refused_whole(
    cached_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(self: QueryLog, records: list[Record]) -> list[int]:
        raise StoreUnavailable("the database is away")

    monkeypatch.setattr(QueryLog, "write_group", failing)
    answers = lane_answers(cached_api, ["Pavel Karpov", "Georgy Zhukov"])
    assert all(isinstance(a, StoreUnavailable) for a in answers), answers
    r = ask(cached_api, "screener", {"name": "Pavel Karpov"})  # through the app
    assert r.status_code == 503 and "database" in r.json()["detail"]


def test_a_worker_at_capacity_refuses_as_the_limits_do(cached_api: Api) -> None:
    api = cached_api
    assert ask(api, "screener", {"name": "Pavel Karpov"}).status_code == 200
    capacity = api.client.app.hot.capacity  # type: ignore[attr-defined]
    capacity.now = capacity.most  # as if that many requests were being answered
    r = ask(api, "screener", {"name": "Pavel Karpov"})
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    capacity.now = 0
    assert ask(api, "screener", {"name": "Pavel Karpov"}).status_code == 200
    assert capacity.now == 0  # every place given back
    text = api.client.get("/metrics", headers=api.headers("screener")).text
    counted = {
        (ln.split('route="')[1].split('"')[0], ln.split('status="')[1][:3]): float(ln.split()[-1])
        for ln in text.splitlines()
        if ln.startswith("watchlist_http_requests_total")
    }
    # the 503 as the limits count it, before any route was found
    assert counted[("/v1/screen", "200")] == 2 and counted[("unrouted", "503")] == 1
