"""Native workflow: customers, screening runs, alerts and decisions (four eyes as the library
enforces them; confirming a true match is a supervisor's)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from watchlist.api.auth import CurrentUser
from watchlist.api.routes import Routes
from watchlist.api.services import ServicesDep
from watchlist.api.uploads import received
from watchlist.auth.roles import Role
from watchlist.errors import AccessDenied
from watchlist.model.results import (
    AlertPage,
    AlertResult,
    PortfolioImportResult,
    RunResult,
)
from watchlist.workflow import Decision, Status

#: A row's number: what a database INTEGER holds (a larger one is a 422, not a crash).
RowId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/v1", tags=["workflow"])
routes = Routes(router)


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full: bool = Field(False, description="Every customer against every list")


class DecisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision = Field(description="true, false or escalate")
    reason: str = Field(min_length=1, max_length=5000)


@routes.post(
    "/customers",
    Role.ADMIN,
    response_model=PortfolioImportResult,
    summary="Import customers (CSV or JSON lines)",
)
def import_customers(
    user: CurrentUser,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="CSV with a header, or JSON lines")],
) -> PortfolioImportResult:
    suffix = Path(file.filename or "customers.csv").suffix.lower()
    if suffix not in (".csv", ".jsonl", ".json"):
        file.filename = f"{file.filename or 'customers'}.csv"
    with received([file], "watchlist-customers-") as paths:
        result = services.as_actor(user.actor).import_customers(paths[0]).result()
    return result.model_copy(update={"path": file.filename or "upload"})


@routes.get(
    "/customers/{customer_id}",
    Role.ANALYST,
    response_model=dict[str, Any],
    summary="A customer with every version",
)
def customer(customer_id: str, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    versions = services.as_actor(user.actor).customer(customer_id)
    return {
        "customer_id": customer_id,
        "current": versions[-1].to_dict(),
        "versions": [v.to_dict() for v in versions],
    }


@routes.post(
    "/runs",
    Role.ADMIN,
    response_model=RunResult,
    status_code=201,
    summary="Start a screening run",
)
def start_run(body: RunRequest, user: CurrentUser, services: ServicesDep) -> RunResult:
    """An incremental run (what changed since the last) or, with `full`, everything."""
    return services.as_actor(user.actor).rescreen(full=body.full).result()


@routes.get("/runs/{run_id}", Role.ANALYST, response_model=dict[str, Any], summary="A run's record")
def run(run_id: RowId, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    return services.as_actor(user.actor).run(run_id)


@routes.get("/alerts", Role.ANALYST, response_model=AlertPage, summary="Alerts")
def alerts(
    user: CurrentUser,
    services: ServicesDep,
    status: Annotated[Status | None, Query()] = None,
    customer: Annotated[str | None, Query(max_length=255)] = None,
    source: Annotated[str | None, Query(max_length=100, description="Only this list")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AlertPage:
    """Alerts oldest first; those on lists above the caller's clearance come back restricted
    (and are left out when filtering by list or score, which they do not show)."""
    found = services.as_actor(user.actor).alerts(status, customer)
    if source is not None:
        found = [a for a in found if a.source == source]
    if min_score is not None:
        found = [a for a in found if a.score is not None and a.score >= min_score]
    page = found[offset : offset + limit]
    return AlertPage(
        total=len(found), limit=limit, offset=offset, alerts=[a.result() for a in page]
    )


@routes.get(
    "/alerts/{alert_id}",
    Role.ANALYST,
    response_model=AlertResult,
    summary="One alert with its decisions",
)
def alert(alert_id: RowId, user: CurrentUser, services: ServicesDep) -> AlertResult:
    return services.as_actor(user.actor).alert(alert_id).result()


@routes.post(
    "/alerts/{alert_id}/decisions",
    Role.ANALYST,
    response_model=AlertResult,
    summary="Decide an alert (four eyes on a true match)",
)
def decide(
    alert_id: RowId, body: DecisionRequest, user: CurrentUser, services: ServicesDep
) -> AlertResult:
    """true, false or escalate; a true match waits for a second person's true, which only a
    supervisor may give."""
    flow = services.as_actor(user.actor)
    if body.decision is Decision.TRUE and not user.role.allows(Role.SUPERVISOR):
        if flow.alert(alert_id).status is Status.AWAITING_CONFIRMATION:
            raise AccessDenied("confirming a true match needs the supervisor role")
    return flow.decide(alert_id, body.decision, body.reason).result()
