"""Prometheus metrics of one worker: requests by route template and status, their latency, the
requests in flight, and the screening index's generation and age.

Labels are only a method, a route *template* (`/v1/lists/{name}`, never the path a caller sent)
and a status; the index is described by when it was loaded, never by its lists or entries. So
nothing a caller could not see (a list's name, an entity's id, a count of a list's entries) can
reach the metrics, whoever made the requests they count.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Latency buckets in seconds: a screen takes milliseconds, an upload may take minutes.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The route label of a request no route answered (unknown path, or refused before routing).
UNROUTED = "unrouted"


def route_template(scope: Scope) -> str:
    """The template of the route that answered, as the spec names it; never the path itself."""
    route = scope.get("route")
    if route is None and "endpoint" in scope:  # a plain Starlette route: /openapi.json, /docs
        routes = getattr(scope.get("app"), "routes", ())
        route = next((r for r in routes if getattr(r, "endpoint", None) is scope["endpoint"]), None)
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) else UNROUTED


class IndexCollector(Collector):
    """The screening index as the worker holds it at each scrape: ready or not, how many
    generations it has loaded, and the seconds since the one in force was first seen."""

    def __init__(self, current: Callable[[], object | None]) -> None:
        self.current = current
        self._seen: object | None = None
        self._seen_at = 0.0
        self._generation = 0

    def collect(self) -> Iterator[Metric]:
        loaded = self.current()
        if loaded is not None and loaded is not self._seen:
            self._seen, self._seen_at = loaded, time.time()
            self._generation += 1
        yield GaugeMetricFamily(
            "watchlist_index_ready", "1 once the screening index is loaded", value=int(bool(loaded))
        )
        yield GaugeMetricFamily(
            "watchlist_index_generation",
            "Generations of the screening index this worker has loaded (one per new release)",
            value=self._generation,
        )
        if loaded is not None:
            yield GaugeMetricFamily(
                "watchlist_index_age_seconds",
                "Seconds since the index in force was loaded (as seen at a scrape)",
                value=time.time() - self._seen_at,
            )


class Metrics:
    """One registry per app, so that two apps in one process (tests) never share counts."""

    def __init__(self) -> None:
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
            "Requests this worker is answering now",
            registry=self.registry,
        )
        self._index: IndexCollector | None = None

    def watch_index(self, current: Callable[[], object | None]) -> None:
        """Report the index that `current()` returns (None while not loaded)."""
        if self._index is None:
            self._index = IndexCollector(current)
            self.registry.register(self._index)
        else:
            self._index.current = current

    def render(self) -> bytes:
        return generate_latest(self.registry)


class RequestMetrics:
    """ASGI middleware, outermost: counts every answer, those the limits refuse included."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
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
