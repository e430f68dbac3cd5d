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
from watchlist.registry import Registry
from watchlist.store.lists import find_source
from watchlist.store.reads import release_list

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


@routes.get("/lists", Role.SCREENER, response_model=list[dict[str, Any]], summary="Lists")
def lists(user: CurrentUser, services: ServicesDep) -> list[dict[str, Any]]:
    """Every list the caller may see: classification, releases, current entity count."""
    return [r.to_dict() for r in Registry(services.store, user.actor).lists()]


@routes.post(
    "/lists",
    Role.ADMIN,
    status_code=201,
    response_model=dict[str, Any],
    summary="Create an authority's own list",
)
def create_list(body: NewList, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    Registry(services.store, user.actor).create_list(body.name, body.title, body.classification)
    return {"name": body.name, "title": body.title, "classification": body.classification.value}


@routes.get(
    "/lists/{name}/releases",
    Role.ANALYST,
    response_model=list[dict[str, Any]],
    summary="Releases of a list",
)
def releases(name: str, user: CurrentUser, services: ServicesDep) -> list[dict[str, Any]]:
    with services.store.read() as conn:
        src = find_source(conn, user.actor, name)
        return [
            {"release": r.seq, "published": r.published.isoformat()}
            for r in release_list(conn, src.name)
        ]


@routes.post(
    "/lists/{name}/releases",
    Role.ADMIN,
    response_model=list[dict[str, Any]],
    summary="Upload list files as a new release",
)
def upload(
    name: str,
    user: CurrentUser,
    services: ServicesDep,
    files: Annotated[list[UploadFile], File(description="The list's file(s), e.g. OFAC's CSVs")],
    published: Annotated[date | None, Form(description="Publication date")] = None,
) -> list[dict[str, Any]]:
    """The same import as the CLI's: format detected from content, all or nothing, and
    "unchanged" when a release already holds exactly these files."""
    with received(files, "watchlist-upload-") as paths:
        infos = Registry(services.store, user.actor).import_files(paths, name, published)
    return [
        {
            "source": i.source,
            "release": i.seq,
            "published": i.published.isoformat(),
            "unchanged": i.unchanged,
            "entities": i.entities,
            "statements_added": i.added,
            "statements_ended": i.removed,
            "summary": i.summary,
        }
        for i in infos
    ]


@routes.get(
    "/entities/{source}/{source_id}",
    Role.ANALYST,
    response_model=dict[str, Any],
    summary="An entity as its list stood on a date",
)
def entity(
    source: str,
    source_id: str,
    user: CurrentUser,
    services: ServicesDep,
    as_of: Annotated[date | None, Query(description="YYYY-MM-DD; default now")] = None,
) -> dict[str, Any]:
    return Registry(services.store, user.actor).show(source, source_id, as_of).to_dict()


@routes.get(
    "/entities/{source}/{source_id}/history",
    Role.ANALYST,
    response_model=list[dict[str, Any]],
    summary="Listed, amended, delisted",
)
def history(
    source: str, source_id: str, user: CurrentUser, services: ServicesDep
) -> list[dict[str, Any]]:
    events = Registry(services.store, user.actor).history(source, source_id)
    return [e.to_dict() for e in events]


@routes.get(
    "/lists/{name}/diff",
    Role.ANALYST,
    response_model=dict[str, Any],
    summary="Entries listed, amended and delisted between two releases",
)
def diff(
    name: str,
    user: CurrentUser,
    services: ServicesDep,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    return Registry(services.store, user.actor).diff(name, since, until).to_dict()


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
    return _lines(Registry(services.store, user.actor).export(name, as_of))
