"""The app factory: `create_app(settings)` builds the FastAPI application of one worker."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from watchlist.api.errors import HANDLERS
from watchlist.api.hot import HotScreen
from watchlist.api.limits import Capacity, Limits
from watchlist.api.metrics import Metrics, RequestMetrics
from watchlist.api.routers import (
    admin,
    audit,
    health,
    metrics,
    registry,
    screening,
    workflow,
    yente,
)
from watchlist.api.services import Services
from watchlist.api.settings import ApiSettings
from watchlist.api.warmup import warm
from watchlist.settings import Settings, get_settings

DESCRIPTION = (
    "Sanctions-list registry and screening over HTTP. Every route but /healthz and /readyz "
    "needs an API key (`Authorization: ApiKey <key>` or `Bearer <key>`); each declares the "
    "role it needs in `x-role`. yente's /match, /search, /entities, /catalog and /algorithms "
    "are served with yente's shapes."
)


class WatchlistApi(FastAPI):
    """The application: `POST /v1/screen` goes the fast way (`api.hot`) before anything of
    FastAPI's, which answers every other request (and those the fast way leaves to it)."""

    hot: HotScreen | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hot = self.hot
        if (
            hot is not None
            and scope["type"] == "http"
            and scope["path"] == hot.path
            and scope["method"] == "POST"
        ):
            await hot(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, api: ApiSettings | None = None) -> FastAPI:
    """The application; the store is opened and the screening index loaded at start-up."""
    settings = settings or get_settings()
    api = api or ApiSettings()
    measured = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services.start(settings, api)
        app.state.services = services
        measured.watch_index(lambda: services.index.current() if services.index.ready else None)
        await warm(app, services)  # before uvicorn accepts a connection
        try:
            yield
        finally:
            measured.close()
            services.stop()

    app = WatchlistApi(
        title="watchlist",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        exception_handlers=HANDLERS,
        # yente answers a /match without a Content-Type header: so do we
        strict_content_type=False,
        docs_url="/docs",
        redoc_url=None,
    )
    for module in (health, screening, registry, workflow, audit, admin, yente, metrics):
        app.include_router(module.router)
    # The web UI (extra [ui]) under /ui: pages over the same services, outside the spec.
    from watchlist.ui import mount

    mount(app)
    capacity = Capacity(api.api_max_in_flight)
    app.add_middleware(
        Limits, max_body=api.api_max_body, max_upload=api.api_max_upload, capacity=capacity
    )
    # outermost, so that the answers the limits give (413, 503) are counted too
    app.state.metrics = measured
    app.add_middleware(RequestMetrics, metrics=measured)
    # before all of it: POST /v1/screen without FastAPI's machinery when nothing needs it,
    # within the same limits and counted in the same metrics (api.hot)
    app.hot = HotScreen(app, measured, capacity, api.api_max_body)
    logging.getLogger("watchlist.api").setLevel(logging.INFO)
    return app


def serve_app() -> FastAPI:
    """The factory uvicorn calls in each worker: settings from the environment."""
    return create_app()
