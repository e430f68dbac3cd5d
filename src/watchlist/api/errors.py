"""Errors as HTTP answers: one handler table, every body `{"detail": ...}`, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from watchlist.errors import ErrorCode, WatchlistError
from watchlist.store.db import StoreUnavailable

log = logging.getLogger("watchlist.api")


class RateLimited(WatchlistError):
    """The key made more requests than the rate limit allows; retry after `retry_after`."""

    code: ErrorCode = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limit exceeded: retry after {retry_after} s")
        self.headers = {"Retry-After": str(retry_after)}


class NotReady(WatchlistError):
    """The screening index is still loading."""

    code: ErrorCode = "not_ready"

    def __init__(self) -> None:
        super().__init__("the screening index is loading; retry in a few seconds")
        self.headers = {"Retry-After": "2"}


async def watchlist_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WatchlistError)
    headers = getattr(exc, "headers", None)
    if exc.code == "not_ready" and not headers:
        headers = dict(NotReady().headers)
    if exc.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "ApiKey"}
    return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=headers)


#: What a caller is told when the database is away: not its address, not the driver's words.
DATABASE_AWAY = "the database is unavailable, so nothing was answered; retry in a few seconds"


async def database_away(request: Request, exc: Exception) -> Response:
    """The store cannot be reached (or a connection dropped mid-request): 503, the reason only
    in the server's log."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    log.warning("%s %s: database unavailable: %s", request.method, request.url.path, reason)
    return JSONResponse({"detail": DATABASE_AWAY}, status_code=503, headers={"Retry-After": "5"})


async def validation_error(request: Request, exc: Exception) -> Response:
    """422 naming each bad field by its location; the value given is not echoed back."""
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type"))}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers or None
    )


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug: logged with its traceback on the server, a plain 500 for the caller."""
    log.error("error answering %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal error; the server log has the details"}, 500)


Handler = Callable[[Request, Exception], Coroutine[Any, Any, Response]]

HANDLERS: dict[int | type[Exception], Handler] = {
    StoreUnavailable: database_away,
    OperationalError: database_away,
    InterfaceError: database_away,
    WatchlistError: watchlist_error,
    RequestValidationError: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
