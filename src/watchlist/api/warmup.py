"""What a worker's first requests would pay for, paid at start-up, before it takes any.

A worker's first request to a router made FastAPI build that router's routes (their
dependencies and models: tens of milliseconds), and its first key check and rate-limit lease
compiled their statements; under load the requests arriving meanwhile queued behind them, and
an open loop at a sustainable rate saw refusals in the server's first seconds that it did not
see later. Each worker now sends one request without a key to each route a screening client
calls (answered 401, into nothing, and left out of the metrics) and runs the key lookup and
the lease once in a transaction it rolls back, before it accepts connections (uvicorn accepts
only once the app's start-up is done). The screener is warmed apart (`Screener.warm`).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive

from watchlist.api.metrics import UNCOUNTED
from watchlist.api.services import Services
from watchlist.auth.keys import Unauthenticated, authenticate
from watchlist.store import rates

log = logging.getLogger("watchlist.api")

#: The routes a screening client calls (yente's and the native ones).
ROUTES = (
    ("POST", "/v1/screen"),
    ("POST", "/v1/screen/batch"),
    ("POST", "/v1/compare"),
    ("POST", "/match/default"),
    ("GET", "/search/default"),
    ("GET", "/entities/warm-up:0"),
    ("GET", "/catalog"),
)


async def warm(app: ASGIApp, services: Services) -> None:
    """Build the routes' state and compile the store's per-request statements; a failure
    (the database away at start-up) leaves the first requests to do it, as before."""
    for method, path in ROUTES:
        try:
            await app(_scope(method, path), _body(), _discard)
        except Exception as exc:  # pragma: no cover - a route that fails without a key
            log.info("warm-up of %s %s: %s", method, path, exc)
    try:
        _warm_store(services)
    except Exception as exc:
        log.info("warm-up of the store: %s", exc)


def _warm_store(services: Services) -> None:
    with services.store.read() as conn:
        try:
            authenticate(conn, "wl_warm-up_none")
        except Unauthenticated:
            pass
    with services.store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            rates.take(conn, "warm-up", 0, 1, 1)
        finally:
            transaction.rollback()


def _scope(method: str, path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
        "state": {},
        UNCOUNTED: True,
    }


def _body() -> Receive:
    """A body of `{}`, then the client gone."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": b"{}", "more_body": False}

    return receive


async def _discard(message: Message) -> None:
    pass
