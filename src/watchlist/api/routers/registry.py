"""Native registry: lists, releases, uploads of list files, entities as of a date, history,
diffs and FtM exports streamed as JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from watchlist.api.auth import CurrentUser
from watchlist.api.routes import Routes
from watchlist.api.services import ServicesDep
from watchlist.api.uploads import received
from watchlist.auth.roles import Role
from watchlist.model.access import Classification
from watchlist.model.results import (
    DiffResult,
    EntityResult,
    HistoryResult,
    ImportResult,
    ListResult,
    NewListResult,
    ReleaseUsed,
)

router = APIRouter(prefix="/v1", tags=["registry"])
routes = Routes(router)

JSON_LINES = "application/x-ndjson"


class NewList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["own_watch"])
    title: str = Field(min_length=1, max_length=500)
    classification: Classification = Classification.PUBLIC


def _lines(rows: Iterator[dict[str, Any]]) -> StreamingResponse:
    """JSON lines, the first row read before answering so an error is still a plain error."""
    try:
        first = next(rows)
    except StopIteration:
        return StreamingResponse(iter(()), media_type=JSON_LINES)

    def body() -> Iterator[bytes]:
        yield (json.dumps(first, ensure_ascii=False, sort_keys=True) + "\n").encode()
        for row in rows:
            yield (json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n").encode()

    return StreamingResponse(body(), media_type=JSON_LINES)


@routes.get("/lists", Role.SCREENER, response_model=list[ListResult], summary="Lists")
def lists(user: CurrentUser, services: ServicesDep) -> list[ListResult]:
    """Every list the caller may see: classification, releases, current entity count."""
    return [r.result() for r in services.as_actor(user.actor).lists()]


@routes.post(
    "/lists",
    Role.ADMIN,
    status_code=201,
    response_model=NewListResult,
    summary="Create an authority's own list",
)
def create_list(body: NewList, user: CurrentUser, services: ServicesDep) -> NewListResult:
    services.as_actor(user.actor).create_list(body.name, body.title, body.classification)
    return NewListResult(name=body.name, title=body.title, classification=body.classification.value)


@routes.get(
    "/lists/{name}/releases",
    Role.ANALYST,
    response_model=list[ReleaseUsed],
    summary="Releases of a list",
)
def releases(name: str, user: CurrentUser, services: ServicesDep) -> list[ReleaseUsed]:
    return [r.result() for r in services.as_actor(user.actor).releases(name)]


@routes.post(
    "/lists/{name}/releases",
    Role.ADMIN,
    response_model=list[ImportResult],
    summary="Upload list files as a new release",
)
def upload(
    name: str,
    user: CurrentUser,
    services: ServicesDep,
    files: Annotated[list[UploadFile], File(description="The list's file(s), e.g. OFAC's CSVs")],
    published: Annotated[date | None, Form(description="Publication date")] = None,
) -> list[ImportResult]:
    """The same import as the CLI's: format detected from content, all or nothing, and
    "unchanged" when a release already holds exactly these files."""
    with received(files, "watchlist-upload-") as paths:
        origin = ", ".join(f.filename or "upload" for f in files)
        infos = services.as_actor(user.actor).import_lists(paths, name, published, origin)
    return [i.result() for i in infos]


@routes.get(
    "/entities/{source}/{source_id}",
    Role.ANALYST,
    response_model=EntityResult,
    summary="An entity as its list stood on a date",
)
def entity(
    source: str,
    source_id: str,
    user: CurrentUser,
    services: ServicesDep,
    as_of: Annotated[date | None, Query(description="YYYY-MM-DD; default now")] = None,
) -> EntityResult:
    return services.as_actor(user.actor).entity(source, source_id, as_of).result()


@routes.get(
    "/entities/{source}/{source_id}/history",
    Role.ANALYST,
    response_model=list[HistoryResult],
    summary="Listed, amended, delisted",
)
def history(
    source: str, source_id: str, user: CurrentUser, services: ServicesDep
) -> list[HistoryResult]:
    return [e.result() for e in services.as_actor(user.actor).history(source, source_id)]


@routes.get(
    "/lists/{name}/diff",
    Role.ANALYST,
    response_model=DiffResult,
    summary="Entries listed, amended and delisted between two releases",
)
def diff(
    name: str,
    user: CurrentUser,
    services: ServicesDep,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
) -> DiffResult:
    return services.as_actor(user.actor).diff(name, since, until).result()


@routes.get(
    "/lists/{name}/export",
    Role.ANALYST,
    summary="The list as FtM JSON lines",
    response_class=StreamingResponse,
    responses={200: {"content": {JSON_LINES: {}}, "description": "FtM entities"}},
)
def export(
    name: str,
    user: CurrentUser,
    services: ServicesDep,
    as_of: Annotated[date | None, Query()] = None,
) -> StreamingResponse:
    return _lines(services.as_actor(user.actor).export(name, as_of))
