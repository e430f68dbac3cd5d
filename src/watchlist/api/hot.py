"""`POST /v1/screen` answered without FastAPI's middleware, routing, dependency solving and
second hand-over to a thread, when nothing about the request needs them.

A screening request is the one a server answers by the thousand, and what FastAPI does around
the route (match the path, solve four dependencies, validate the body, run the route in a thread
of the pool, then validate the answer in another hand-over to the pool, serialize it) cost a
worker about a third as much as screening the name. Here, a request whose key is in the key
cache, whose role allows screening and whose body is a valid `ScreenQuery` is answered by the
route's own function (`screen_recorded`) on the worker's screening thread (one: the screener
takes queries one at a time anyway; reached without anyio's machinery), its answer validated and
serialized there as the route's `response_model` would, and its audit record committed there
too, with those of the requests screened with it (`Lane`). Its place in the rate limit is taken
on the event loop from those the worker holds or, when none is held, leased from the store on
the screening thread, as the route's dependency does in the pool (a refusal is the route's
429). Any other request (no key or one not checked lately, a role below screener, a body
FastAPI would refuse or not read as JSON, a body of no declared length or over the limit, a
worker at capacity) goes on to FastAPI untouched (the body read here is
handed on as it came), so every refusal is the route's own. The route stays declared in FastAPI,
for the spec and for those requests.
"""

from __future__ import annotations

import asyncio
import json
import logging
import queue
import threading
import time
from collections import defaultdict
from typing import Any

from fastapi import FastAPI
from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from watchlist.api.auth import key_in
from watchlist.api.errors import HANDLERS
from watchlist.api.limits import Capacity
from watchlist.api.metrics import UNCOUNTED, Metrics
from watchlist.api.models import ScreenQuery, ScreenResult
from watchlist.api.querylog import WAIT_SECONDS, Record
from watchlist.api.routers.screening import screen_recorded
from watchlist.api.services import Services
from watchlist.auth.keys import Caller, Unauthenticated
from watchlist.auth.roles import Role
from watchlist.store.db import StoreUnavailable

try:  # the HTTP/1.1 protocol `watchlist serve` runs (uvicorn[standard]): one write an answer
    from uvicorn.protocols.http import httptools_impl as _uvicorn
    from uvicorn.protocols.utils import get_client_addr, get_path_with_query_string
except ImportError:  # pragma: no cover - another server, or uvicorn without httptools
    _uvicorn = None  # type: ignore[assignment]

log = logging.getLogger("watchlist.api")

PATH = "/v1/screen"
#: The answer as the route's response_model validates and serializes it.
RESULT = TypeAdapter(ScreenResult)


class HotScreen:
    """The fast way for `POST /v1/screen` (see the module's docstring), taken by the app before
    anything of FastAPI's (`api.app.WatchlistApi`): no middleware, routing or dependency runs
    for a request it answers. It keeps what those do for it: the worker's capacity (a request
    that would find it full goes on to the limits, which refuse it), the body limit (a body of
    no declared length, or over the limit, goes on too) and the metrics, under the route's
    template, with the metric's children looked up once."""

    path = PATH

    def __init__(self, app: FastAPI, metrics: Metrics, capacity: Capacity, max_body: int) -> None:
        self.app = app
        self.metrics = metrics
        self.capacity = capacity
        self.max_body = max_body
        #: The thread these requests are screened on, one at a time, as the screener takes
        #: them anyway (`Screener.scored`), and their records committed.
        self.lane = Lane()
        self._latency = metrics.latency.labels("POST", PATH)
        self._answers: dict[int, Any] = {}
        #: uvicorn's default headers last seen, and the head of a 200 made of them.
        self._defaults: list[tuple[bytes, bytes]] | None = None
        self._head = b""

    async def _fastapi(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The request as FastAPI answers it, through its middleware and the route."""
        await FastAPI.__call__(self.app, scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        services: Services | None = getattr(self.app.state, "services", None)
        caller = None if services is None else _cached_caller(services, scope)
        if (
            services is None
            or caller is None
            or not caller.role.allows(Role.SCREENER)
            or UNCOUNTED in scope
            or self.capacity.full()
            or not _json_body(scope)
            or not 0 < _content_length(scope) <= self.max_body
        ):
            await self._fastapi(scope, receive, send)
            return
        capacity = self.capacity
        metrics = self.metrics
        capacity.now += 1
        metrics.in_flight.inc()
        start = time.perf_counter()
        status = 500
        try:
            body, replay = await _read_body(receive)
            query = _query(body)
            if query is None:
                status = 0  # FastAPI's to answer and count
                capacity.now -= 1
                metrics.in_flight.dec()
                await self._fastapi(scope, replay, send)
                return
            status = await self._answer(scope, replay, send, services, caller, query)
        finally:
            if status:
                capacity.now -= 1
                metrics.in_flight.dec()
                self._latency.observe(time.perf_counter() - start)
                answers = self._answers.get(status)
                if answers is None:
                    answers = self._answers[status] = metrics.requests.labels(
                        "POST", PATH, str(status)
                    )
                answers.inc()

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        services: Services,
        caller: Caller,
        query: ScreenQuery,
    ) -> int:
        """Answer the request; its status."""
        held = services.rate.take_held(caller.key_id)
        try:
            content = await self.lane.submit(services, caller, query, held)
        except Exception as exc:
            handler = _handler(exc)
            response = await handler(Request(scope, receive), exc)
            await response(scope, receive, send)
            status: int = response.status_code
            return status
        if self._sent_whole(send, content):
            return 200
        headers = [
            (b"content-length", b"%d" % len(content)),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})
        return 200

    def _sent_whole(self, send: Send, content: bytes) -> bool:
        """Whether the answer went out in one write to the socket: the bytes uvicorn's
        httptools protocol (`watchlist serve`) writes for the two messages of an answer (its
        status line, default headers, the answer's headers; its body), written as the second
        message leaves that protocol. Two writes cost the worker a system call, the TCP
        stack's work on a segment and the client a wake-up more. False (nothing written: the
        two messages' turn) under any other server, or when that protocol would not write at
        once (writing paused, a response already begun). Its access log line, if it keeps one,
        is written as it writes it."""
        cycle: Any = getattr(send, "__self__", None)
        if (
            _uvicorn is None
            or type(cycle) is not _uvicorn.RequestResponseCycle
            or cycle.response_started
            or cycle.disconnected
            or cycle.flow.write_paused
        ):
            return False
        if cycle.access_log:
            scope = cycle.scope
            cycle.access_logger.info(
                '%s - "%s %s HTTP/%s" %d',
                get_client_addr(scope),
                scope["method"],
                get_path_with_query_string(scope),
                scope["http_version"],
                200,
            )
        defaults = cycle.default_headers
        if defaults is not self._defaults:  # uvicorn sets new ones (their date) every second
            self._head = _head(defaults)
            self._defaults = defaults
        parts = [self._head, b"content-length: %d\r\n" % len(content)]
        parts.append(b"content-type: application/json\r\n")
        if not cycle.keep_alive:
            parts.append(b"connection: close\r\n")
        parts += [b"\r\n", content]
        cycle.response_started = True
        cycle.waiting_for_100_continue = False
        cycle.transport.write(b"".join(parts))
        cycle.response_complete = True
        cycle.message_event.set()
        if not cycle.keep_alive:
            cycle.transport.close()
        cycle.on_response()
        return True


def _head(defaults: list[tuple[bytes, bytes]]) -> bytes:
    """The status line of a 200 and uvicorn's default headers, as its protocol writes them;
    a default it would refuse is a RuntimeError (a 500), as there."""
    assert _uvicorn is not None
    parts = [_uvicorn.STATUS_LINE[200]]
    for name, value in defaults:
        if _uvicorn.HEADER_RE.search(name):
            raise RuntimeError("Invalid HTTP header name.")
        if _uvicorn.HEADER_VALUE_RE.search(value):
            raise RuntimeError("Invalid HTTP header value.")
        parts += [name.lower(), b": ", value, b"\r\n"]
    return b"".join(parts)


def _cached_caller(services: Services, scope: Scope) -> Caller | None:
    """The caller of a well-formed key checked lately; None otherwise (FastAPI's turn)."""
    header = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            header = value.decode("latin-1")
            break
    try:
        key = key_in(header)
    except Unauthenticated:
        return None
    return services.keys.get(key)


def _json_body(scope: Scope) -> bool:
    """Whether FastAPI reads the body as JSON: no Content-Type (the app is not strict about
    it), or application/json or application/*+json. Any other is FastAPI's to refuse."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            media: str = value.decode("latin-1").split(";", 1)[0].strip().lower()
            main, _, sub = media.partition("/")
            return main == "application" and (sub == "json" or sub.endswith("+json"))
    return True


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body, and a `receive` that hands the same messages on to whoever reads next."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return b"".join(chunks), replay


def _query(body: bytes) -> ScreenQuery | None:
    """The body as the route's `ScreenQuery`, read as FastAPI reads it (JSON, then the model in
    Python mode); None where FastAPI would refuse it, so that it does."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return ScreenQuery.model_validate(data)
    except ValidationError:
        return None


#: How the answer's JSON ends, its audit id (the model's last field) set to 0.
_TAIL = b'"audit_id":0}'


def _answer(services: Services, caller: Caller, query: ScreenQuery) -> tuple[bytes, Record]:
    """The route's answer as JSON bytes, as its response_model makes them, up to its audit id
    (the record's, once committed, and a closing brace follow); and the record."""
    content: Any
    content, record = screen_recorded(services, caller, query)
    content["audit_id"] = 0
    raw = RESULT.dump_json(RESULT.validate_python(content), by_alias=True)
    if not raw.endswith(_TAIL):  # the model changed: audit_id is no longer its last field
        raise AssertionError(f"the answer of {PATH} does not end with its audit id")
    return raw[: -len(b"0}")], record


def _handler(exc: Exception) -> Any:
    """The app's handler of an error the route may raise (the store away, a refusal of the
    library), or of a bug (a 500, logged), as for any route."""
    for cls in type(exc).__mro__:
        if cls in HANDLERS:
            return HANDLERS[cls]
    return HANDLERS[Exception]


def _content_length(scope: Scope) -> int:
    """The body's declared length; -1 if none (or not a number)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return -1


#: A request in the lane: its loop and the future its answer settles, what to screen, whether
#: its place in the rate limit is taken already, when it came.
_Job = tuple[
    asyncio.AbstractEventLoop, "asyncio.Future[bytes]", Services, Caller, ScreenQuery, bool, float
]
#: A request's outcome: its future, and its answer or why there is none.
_Outcome = tuple["asyncio.Future[bytes]", bytes | None, BaseException | None]


class Lane:
    """One thread that screens the requests handed to it and commits their audit records: it
    takes every request waiting, screens them one after the other, commits their records in
    one transaction (`QueryLog.write_group`), then hands the answers back to the event loop in
    one call. So a request costs no hand-over to another thread for its record, no future of
    its own to wait for it and no wake-up of the loop of its own: under load, the requests that
    came in while a group was screened make the next group; the lane screens on once the
    loop has taken the answers (`_settle`). No answer goes out before its
    record is committed; a request that waited WAIT_SECONDS for the lane is refused (503)
    unscreened, as one whose record waited that long for the audit writer."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(
        self, services: Services, caller: Caller, query: ScreenQuery, held: bool = True
    ) -> asyncio.Future[bytes]:
        """The answer's JSON bytes once screened and its record committed; unless `held`,
        its place in the rate limit is taken first (RateLimited when none is left)."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[bytes] = loop.create_future()
        self._jobs.put((loop, answer, services, caller, query, held, time.monotonic()))
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="hot-screen", daemon=True
                    )
                    self._thread.start()
        return answer

    def _run(self) -> None:
        jobs = self._jobs
        while True:
            group = [jobs.get()]
            while True:
                try:
                    group.append(jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                outcomes = _serve(group)
            except Exception as exc:  # a bug: answer the group rather than leave it hanging
                log.exception("screening lane failed")
                outcomes = [(j[1], None, exc) for j in group]
            _settle(group, outcomes)


def _serve(group: list[_Job]) -> list[_Outcome]:
    """Screen each request of the group, commit the records of those answered, in one
    transaction per worker's services; each request's outcome, in the group's order."""
    heads: list[bytes | None] = []
    failed: list[BaseException | None] = []
    records: dict[int, list[tuple[int, Record]]] = defaultdict(list)
    late = time.monotonic() - WAIT_SECONDS
    for i, (_loop, answer, services, caller, query, held, at) in enumerate(group):
        heads.append(None)
        failed.append(None)
        if answer.cancelled():
            continue
        if at < late:
            failed[i] = StoreUnavailable("the server is overloaded; nothing was answered")
            continue
        try:
            if not held:
                services.rate.take(caller.key_id)
            head, record = _answer(services, caller, query)
        except Exception as exc:
            failed[i] = exc
            continue
        heads[i] = head
        records[id(services)].append((i, record))
    contents: list[bytes | None] = [None] * len(group)
    for written in records.values():
        services = group[written[0][0]][2]
        try:
            seqs = services.audit.write_group([r for _, r in written])
        except Exception as exc:
            for i, _ in written:
                failed[i] = exc
            continue
        for (i, _), seq in zip(written, seqs, strict=True):
            screened = heads[i]
            assert screened is not None
            contents[i] = screened + b"%d}" % seq
    return [(job[1], contents[i], failed[i]) for i, job in enumerate(group)]


#: Longest the lane waits for an event loop to take the answers it was handed.
HANDOFF_SECONDS = 0.05


def _settle(group: list[_Job], outcomes: list[_Outcome]) -> None:
    """Hand the outcomes to their event loops, one call for each loop, and wait until each
    loop has taken them (HANDOFF_SECONDS at most) before the lane goes on.

    A loop needs the interpreter to take the answers and send them, and to read the requests
    that came in meanwhile. A lane that went straight on to screen the next group kept it
    from the loop for as long as the switch interval (5 ms) each time the loop asked: the
    answers waited for the next group to be screened, and their clients' next requests with
    them, while the worker's CPU went to the two threads' taking turns (plain names through
    two workers: some 30% more requests a second, each with 10-30% less worker CPU, with the
    lane waiting; prof.py-style, alternated)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Outcome]] = defaultdict(list)
    for job, outcome in zip(group, outcomes, strict=True):
        by_loop[job[0]].append(outcome)
    handed: list[threading.Event] = []
    for loop, some in by_loop.items():
        taken = threading.Event()
        try:
            loop.call_soon_threadsafe(_answered, some, taken)
        except RuntimeError:  # the loop is closed: no one waits for these any more
            continue
        handed.append(taken)
    for taken in handed:
        taken.wait(HANDOFF_SECONDS)


def _answered(outcomes: list[_Outcome], taken: threading.Event) -> None:
    for answer, content, exc in outcomes:
        if answer.done():
            continue
        if exc is not None:
            answer.set_exception(exc)
        else:
            assert content is not None
            answer.set_result(content)
    taken.set()
