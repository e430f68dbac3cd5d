"""Routes that declare their role: each adds the role's guard and names the role in the spec
(`x-role`), so a test can walk the spec and try each route with a key below it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Depends

from watchlist.api.auth import Guard
from watchlist.api.models import Problem
from watchlist.auth.roles import Role

F = TypeVar("F", bound=Callable[..., Any])

#: The errors any guarded route may answer, in the spec.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": text}
    for status, text in (
        (400, "Bad input"),
        (401, "No key, or a key unknown, revoked or expired"),
        (403, "The caller's role or clearance does not allow it"),
        (404, "Not found, or not visible to the caller"),
        (409, "Clashes with the store's state (exists already, decided already)"),
        (413, "Request body too large"),
        (422, "A bad field, named by its location; or a file that cannot be read"),
        (429, "Rate limit exceeded (see Retry-After)"),
        (503, "Not ready, overloaded or the database away"),
    )
}


class Routes:
    """Decorators for one router: `@routes.get(path, Role.ANALYST, ...)`."""

    def __init__(self, router: APIRouter) -> None:
        self.router = router

    def route(self, method: str, path: str, role: Role, **kw: Any) -> Callable[[F], F]:
        dependencies = [*kw.pop("dependencies", []), Depends(Guard(role))]
        extra = {**kw.pop("openapi_extra", {}), "x-role": role.value}
        responses = {**ERRORS, **kw.pop("responses", {})}
        decorator = self.router.api_route(
            path,
            methods=[method],
            dependencies=dependencies,
            openapi_extra=extra,
            responses=responses,
            **kw,
        )
        return decorator

    def get(self, path: str, role: Role, **kw: Any) -> Callable[[F], F]:
        return self.route("GET", path, role, **kw)

    def post(self, path: str, role: Role, **kw: Any) -> Callable[[F], F]:
        return self.route("POST", path, role, **kw)

    def delete(self, path: str, role: Role, **kw: Any) -> Callable[[F], F]:
        return self.route("DELETE", path, role, **kw)
