"""Native audit: verify the chain, export it, read the query log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from watchlist.api.auth import CurrentUser
from watchlist.api.routers.registry import JSON_LINES, _lines
from watchlist.api.routes import Routes
from watchlist.api.services import ServicesDep
from watchlist.audit.queries import query_log
from watchlist.auth.roles import Role
from watchlist.model.results import VerdictResult

router = APIRouter(prefix="/v1/audit", tags=["audit"])
routes = Routes(router)

STAMP = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?$"


@routes.get(
    "/verify", Role.SUPERVISOR, response_model=VerdictResult, summary="Re-compute the hash chain"
)
def verify(user: CurrentUser, services: ServicesDep) -> VerdictResult:
    return services.as_actor(user.actor).verify_audit().result()


@routes.get(
    "/export",
    Role.SUPERVISOR,
    summary="The audit log as JSON lines",
    response_class=StreamingResponse,
    responses={200: {"content": {JSON_LINES: {}}, "description": "Audit records"}},
)
def export(user: CurrentUser, services: ServicesDep) -> StreamingResponse:
    return _lines(services.as_actor(user.actor).export_audit())


@routes.get(
    "/queries",
    Role.SUPERVISOR,
    response_model=list[dict[str, Any]],
    summary="Screening requests, filtered by user, time and route",
)
def queries(
    user: CurrentUser,
    services: ServicesDep,
    by: Annotated[str | None, Query(alias="user", max_length=255)] = None,
    since: Annotated[str | None, Query(pattern=STAMP, description="UTC, ISO 8601")] = None,
    until: Annotated[str | None, Query(pattern=STAMP)] = None,
    route: Annotated[str | None, Query(max_length=300, examples=["/match/default"])] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    with services.store.read() as conn:
        return query_log(conn, user.actor, by, since, until, route, limit, offset)
