"""Native admin: users and their keys, as `watchlist users` and `watchlist keys` manage them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from watchlist.api.auth import CurrentUser
from watchlist.api.routes import Routes
from watchlist.api.services import ServicesDep
from watchlist.auth import Role, Users
from watchlist.auth.users import DEFAULT_KEY_DAYS, MAX_KEY_DAYS
from watchlist.model.access import Classification

router = APIRouter(prefix="/v1/admin", tags=["admin"])
routes = Routes(router)


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=255)
    role: Role
    clearance: Classification = Classification.PUBLIC


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(DEFAULT_KEY_DAYS, ge=1, le=MAX_KEY_DAYS)


@routes.get("/users", Role.ADMIN, response_model=list[dict[str, Any]], summary="Users")
def users(user: CurrentUser, services: ServicesDep) -> list[dict[str, Any]]:
    return [u.to_dict() for u in Users(services.store, user.actor).all()]


@routes.post(
    "/users", Role.ADMIN, status_code=201, response_model=dict[str, Any], summary="Add a user"
)
def add_user(body: NewUser, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    return Users(services.store, user.actor).add(body.name, body.role, body.clearance).to_dict()


@routes.post(
    "/users/{name}/keys",
    Role.ADMIN,
    status_code=201,
    response_model=dict[str, Any],
    summary="Create a key (its secret is in this answer only)",
)
def create_key(name: str, body: NewKey, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    return Users(services.store, user.actor).create_key(name, body.days).to_dict()


@routes.get("/keys", Role.ADMIN, response_model=list[dict[str, Any]], summary="Keys")
def keys(
    user: CurrentUser,
    services: ServicesDep,
    owner: Annotated[str | None, Query(alias="user", max_length=255)] = None,
) -> list[dict[str, Any]]:
    return [k.to_dict() for k in Users(services.store, user.actor).keys(owner)]


@routes.delete("/keys/{key_id}", Role.ADMIN, response_model=dict[str, Any], summary="Revoke a key")
def revoke(key_id: str, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    return Users(services.store, user.actor).revoke(key_id).to_dict()
