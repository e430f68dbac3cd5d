"""Liveness and readiness, the only routes that need no key."""

from __future__ import annotations

from fastapi import APIRouter

from watchlist.api.errors import NotReady
from watchlist.api.models import Problem, Status
from watchlist.api.services import ServicesDep

router = APIRouter(tags=["system"])


@router.get("/healthz", response_model=Status, summary="The process is alive")
def healthz() -> Status:
    return Status(status="ok")


@router.get(
    "/readyz",
    response_model=Status,
    summary="The screening index is loaded",
    responses={503: {"model": Problem, "description": "Still loading"}},
)
def readyz(services: ServicesDep) -> Status:
    if not services.index.ready:
        raise NotReady()
    return Status(status="ok")
