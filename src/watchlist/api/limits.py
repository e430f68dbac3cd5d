"""Limits every request meets before a route: the body size (413) and the requests a worker
handles at once (503 at once when full, never an unbounded queue)."""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from watchlist.errors import ErrorCode, WatchlistError

#: Routes that take a list file, with the larger upload limit.
UPLOADS = re.compile(r"^(/v1|/ui)/lists/[^/]+/releases$")
#: Never refused for load: a balancer must see the worker alive.
EXEMPT = frozenset({"/healthz", "/readyz"})


class PayloadTooLarge(WatchlistError):
    code: ErrorCode = "payload_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body over the limit of {limit} bytes")


async def _answer(send: Send, status: int, detail: str, headers: dict[str, str]) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Capacity:
    """The requests a worker is answering now, and the most it answers at once: shared by the
    limits and the fast way of `POST /v1/screen` (`api.hot`), which answers before them."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.now = 0

    def full(self) -> bool:
        return self.now >= self.most


class Limits:
    """ASGI middleware: cheap enough for every request (no per-request task or copy)."""

    def __init__(
        self,
        app: ASGIApp,
        max_body: int,
        max_upload: int,
        max_in_flight: int = 0,
        capacity: Capacity | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload
        self.capacity = capacity if capacity is not None else Capacity(max_in_flight)

    @property
    def in_flight(self) -> int:
        return self.capacity.now

    @in_flight.setter
    def in_flight(self, value: int) -> None:
        self.capacity.now = value

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.max_upload if UPLOADS.match(path) else self.max_body
        length = _content_length(scope)
        if length is not None and length > limit:
            await _answer(send, 413, f"request body over the limit of {limit} bytes", {})
            return
        if path in EXEMPT:
            await self.app(scope, receive, send)
            return
        capacity = self.capacity
        if capacity.now >= capacity.most:
            await _answer(
                send, 503, "the server is at capacity; retry shortly", {"Retry-After": "1"}
            )
            return
        capacity.now += 1
        seen = 0
        too_large = started = False

        async def counted() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    too_large = True
                    raise PayloadTooLarge(limit)
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return  # the app's answer to a body it could not read: replaced by the 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except Exception:
            if not too_large or started:
                raise
        finally:
            capacity.now -= 1
        if too_large and not started:
            # a body sent without Content-Length (chunked) cut at the limit: 413, whatever the
            # framework made of the read that failed (FastAPI answers it 400)
            await _answer(send, 413, f"request body over the limit of {limit} bytes", {})


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
