"""Prometheus metrics of the worker that answers: for a scraper holding a screener's key, the
least a key can be (nothing in them depends on a list's contents; see watchlist.api.metrics)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from watchlist.api.metrics import Metrics
from watchlist.api.routes import Routes
from watchlist.auth import Role

router = APIRouter(tags=["system"])
routes = Routes(router)


@routes.get(
    "/metrics",
    Role.SCREENER,
    response_class=Response,
    summary="Prometheus metrics of this worker",
    responses={
        200: {
            "description": "The Prometheus text format",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
def metrics(request: Request) -> Response:
    found: Metrics = request.app.state.metrics
    return Response(found.render(), media_type=CONTENT_TYPE_LATEST)
