"""Prometheus metrics: requests by route template and status, their latency, the requests in
flight, and the screening index's generation and age.

Under `watchlist serve --workers N` every worker writes its figures where all are summed
(prometheus-client's multiprocess mode, in a fresh folder `shared_metrics` makes for the
server's life), so a scrape answered by any worker gives the whole server: requests and latency
summed over every worker (those of a worker that died included), requests in flight summed over
the live ones, and the index of each live worker by its `pid`. One worker alone answers its own.

Labels are only a method, a route *template* (`/v1/lists/{name}`, never the path a caller sent)
and a status; the index is described by when it was loaded, never by its lists or entries. So
nothing a caller could not see (a list's name, an entity's id, a count of a list's entries) can
reach the metrics, whoever made the requests they count.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Latency buckets in seconds: a screen takes milliseconds, an upload may take minutes.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The route label of a request no route answered (unknown path, or refused before routing).
UNROUTED = "unrouted"
#: Where prometheus-client's multiprocess mode keeps every worker's figures.
SHARED_DIR = "PROMETHEUS_MULTIPROC_DIR"
#: Seconds between two updates of a worker's index figures in multiprocess mode.
INDEX_EVERY = 2.0
#: In a request's scope: the worker's own (its warm-up, `api.warmup`), not counted.
UNCOUNTED = "watchlist.uncounted"


@contextmanager
def shared_metrics(workers: int) -> Iterator[str | None]:
    """For a server of several workers: a fresh folder where they all write their figures, named
    to them by the environment they inherit, and removed with what is in it when the server
    stops. One worker keeps its figures in memory (None)."""
    if workers < 2:
        yield None
        return
    folder = tempfile.mkdtemp(prefix="watchlist-metrics.")
    before = os.environ.get(SHARED_DIR)
    os.environ[SHARED_DIR] = folder
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop(SHARED_DIR, None)
        else:
            os.environ[SHARED_DIR] = before
        shutil.rmtree(folder, ignore_errors=True)


def multiprocess() -> bool:
    """Whether this process writes its figures where every worker's are summed: the folder is
    named and prometheus-client chose its file-backed values when it was first imported."""
    return bool(os.environ.get(SHARED_DIR)) and values.ValueClass is not values.MutexValue


def route_template(scope: Scope) -> str:
    """The template of the route that answered, as the spec names it; never the path itself."""
    route = scope.get("route")
    if route is None and "endpoint" in scope:  # a plain Starlette route: /openapi.json, /docs
        routes = getattr(scope.get("app"), "routes", ())
        route = next((r for r in routes if getattr(r, "endpoint", None) is scope["endpoint"]), None)
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) else UNROUTED


class IndexWatch:
    """The screening index as the worker holds it: ready or not, how many generations it has
    loaded, and the seconds since the one in force was first seen."""

    def __init__(self, current: Callable[[], object | None]) -> None:
        self.current = current
        self._seen: object | None = None
        self._seen_at = 0.0
        self._generation = 0

    def observe(self) -> tuple[bool, int, float | None]:
        loaded = self.current()
        if loaded is not None and loaded is not self._seen:
            self._seen, self._seen_at = loaded, time.time()
            self._generation += 1
        age = time.time() - self._seen_at if loaded is not None else None
        return loaded is not None, self._generation, age


READY = ("watchlist_index_ready", "1 once the screening index is loaded")
GENERATION = (
    "watchlist_index_generation",
    "Generations of the screening index this worker has loaded (one per new release)",
)
AGE = (
    "watchlist_index_age_seconds",
    "Seconds since the index in force was loaded (as seen at a scrape)",
)


class IndexCollector(Collector):
    """The index of this worker, read at each scrape (one worker alone)."""

    def __init__(self, watch: IndexWatch) -> None:
        self.watch = watch

    def collect(self) -> Iterator[Metric]:
        ready, generation, age = self.watch.observe()
        yield GaugeMetricFamily(*READY, value=int(ready))
        yield GaugeMetricFamily(*GENERATION, value=generation)
        if age is not None:
            yield GaugeMetricFamily(*AGE, value=age)


class SharedIndexGauges:
    """The index of this worker where every worker's figures are kept (multiprocess mode),
    labelled by the worker's pid and written every `INDEX_EVERY` seconds by a thread of its
    own, since a scrape is answered by one worker only."""

    def __init__(self, watch: IndexWatch, registry: CollectorRegistry) -> None:
        self.watch = watch
        # one sample per live worker, labelled by its pid
        self.ready = Gauge(*READY, registry=registry, multiprocess_mode="liveall")
        self.generation = Gauge(*GENERATION, registry=registry, multiprocess_mode="liveall")
        self.age = Gauge(*AGE, registry=registry, multiprocess_mode="liveall")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="index-metrics", daemon=True)
        self._thread.start()

    def update(self) -> None:
        ready, generation, age = self.watch.observe()
        self.ready.set(int(ready))
        self.generation.set(generation)
        if age is not None:
            self.age.set(age)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.update()
            self._stop.wait(INDEX_EVERY)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


class Metrics:
    """One registry per app, so that two apps in one process (tests) never share counts; under
    several workers, every worker's figures summed (see the module's docstring)."""

    def __init__(self) -> None:
        self.shared = multiprocess()
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "watchlist_http_requests",
            "Requests answered, by method, route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "watchlist_http_request_duration_seconds",
            "Seconds from a request's arrival to the end of its answer",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "watchlist_http_requests_in_flight",
            "Requests the server's live workers are answering now",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self._watch: IndexWatch | None = None
        self._shared_index: SharedIndexGauges | None = None

    def watch_index(self, current: Callable[[], object | None]) -> None:
        """Report the index that `current()` returns (None while not loaded)."""
        if self._watch is not None:
            self._watch.current = current
            return
        self._watch = IndexWatch(current)
        if self.shared:
            self._shared_index = SharedIndexGauges(self._watch, self.registry)
        else:
            self.registry.register(IndexCollector(self._watch))

    def render(self) -> bytes:
        if not self.shared:
            return generate_latest(self.registry)
        if self._shared_index is not None:
            self._shared_index.update()  # this worker's own index as it is now
        every = CollectorRegistry()
        MultiProcessCollector(every)  # type: ignore[no-untyped-call]
        return generate_latest(every)

    def close(self) -> None:
        """This worker stops: its live figures (in flight, its index) leave the sum."""
        if self._shared_index is not None:
            self._shared_index.stop()
        if self.shared:
            mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


class RequestMetrics:
    """ASGI middleware, outermost: counts every answer, those the limits refuse included."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or UNCOUNTED in scope:
            await self.app(scope, receive, send)
            return
        status = 500  # unless an answer starts: the app failed before answering

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        metrics = self.metrics
        start = time.perf_counter()
        metrics.in_flight.inc()
        try:
            await self.app(scope, receive, sending)
        finally:
            metrics.in_flight.dec()
            method: Any = scope.get("method", "")
            method = method if method in METHODS else "other"
            route = route_template(scope)
            metrics.latency.labels(method, route).observe(time.perf_counter() - start)
            metrics.requests.labels(method, route, str(status)).inc()
