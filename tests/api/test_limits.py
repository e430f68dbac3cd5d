"""The limits a worker puts on every request, driven at the ASGI level so that concurrency is
real and nothing is timed: requests in flight (503 at once when full, never queued), a body
without Content-Length over the limit (413), a request over the rate limit refused before the
route (429; the limit itself in test_rate_limit.py)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import make_api
from watchlist.api.limits import Limits
from watchlist.audit.tables import audit_log

Message = dict[str, Any]


class Blocking:
    """An app that answers 200 only once `release` is set (or fails if told to)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.entered = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.entered += 1
        while (await receive()).get("more_body"):
            pass
        if scope["path"] == "/fail":
            raise RuntimeError("the route failed")
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


async def call(
    app: Any, path: str, chunks: tuple[bytes, ...] = (b"",), length: bool = True
) -> Message:
    """One request through `app`; the answer's status, headers and body."""
    body = b"".join(chunks)
    headers = [(b"content-length", str(len(body)).encode())] if length else []
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    pending = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    answer: Message = {"body": b""}

    async def receive() -> Message:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = dict(message["headers"])
        else:
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer


def test_a_full_worker_refuses_at_once_and_frees_its_places() -> None:
    async def scenario() -> None:
        inner = Blocking()
        limits = Limits(inner, max_body=1024, max_upload=4096, max_in_flight=2)
        held = [asyncio.create_task(call(limits, "/v1/screen")) for _ in range(2)]
        while inner.entered < 2:
            await asyncio.sleep(0)
        # two answering: a third is refused before it reaches the app, not queued
        refused = await call(limits, "/v1/screen")
        assert refused["status"] == 503 and refused["headers"][b"retry-after"] == b"1"
        assert "capacity" in json.loads(refused["body"])["detail"]
        assert inner.entered == 2
        # the probes of a balancer are never refused for load
        health = asyncio.create_task(call(limits, "/healthz"))
        while inner.entered < 3:
            await asyncio.sleep(0)
        inner.release.set()
        assert [(await t)["status"] for t in (*held, health)] == [200, 200, 200]
        assert limits.in_flight == 0
        # a route that fails gives its place back too
        with pytest.raises(RuntimeError):
            await call(limits, "/fail")
        assert limits.in_flight == 0
        assert (await call(limits, "/v1/screen"))["status"] == 200

    asyncio.run(scenario())


def test_a_body_without_length_is_cut_at_the_limit() -> None:
    async def scenario() -> None:
        limits = Limits(Blocking(), max_body=1024, max_upload=4096, max_in_flight=2)
        limits.app.release.set()  # type: ignore[attr-defined]
        chunks = (b"x" * 600, b"x" * 600)
        # declared too long: refused before a byte is read
        early = await call(limits, "/v1/screen", chunks)
        assert early["status"] == 413 and "1024 bytes" in json.loads(early["body"])["detail"]
        # not declared: the reading stops at the limit, the same 413
        cut = await call(limits, "/v1/screen", chunks, length=False)
        assert cut["status"] == 413 and "1024 bytes" in json.loads(cut["body"])["detail"]
        assert limits.in_flight == 0
        # an upload of a list file has the larger limit
        ok = await call(limits, "/v1/lists/own/releases", chunks * 3, length=False)
        assert ok["status"] == 200

    asyncio.run(scenario())


def test_a_chunked_body_over_the_limit_is_413_through_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/a.db", api_max_body=2048):
        big = json.dumps({"name": "x" * 4000}).encode()
        r = api.client.post(
            "/v1/screen",
            content=iter([big[i : i + 1000] for i in range(0, len(big), 1000)]),
            headers={**api.headers("screener"), "Content-Type": "application/json"},
        )
        assert r.status_code == 413 and "limit of 2048 bytes" in r.json()["detail"]
        assert "Traceback" not in r.text


def test_a_request_over_the_rate_is_refused_before_it_is_screened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 429 screens nothing and writes no audit record: it is refused before the route."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/a.db", api_rate_limit=1):
        api.client.app.state.services.rate.clock = lambda: 600.0  # no minute ends meanwhile
        codes = [
            api.client.post(
                "/v1/screen", json={"name": "Pavel Karpov"}, headers=api.headers("screener")
            ).status_code
            for _ in range(3)
        ]
        assert codes == [200, 429, 429]
        with api.store.read() as conn:
            records = conn.execute(audit_log.select()).all()
        screened = [r for r in records if "screen" in str(r.action)]
        assert len(screened) == 1
