"""The HTTP API (optional extra `[api]`): FastAPI routers over the library, one per resource."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from watchlist.api.settings import ApiSettings
    from watchlist.settings import Settings


def create_app(settings: Settings | None = None, api: ApiSettings | None = None) -> FastAPI:
    """The application (imports FastAPI only when called)."""
    try:
        from watchlist.api.app import create_app as build
    except ModuleNotFoundError as exc:
        if exc.name in {"fastapi", "starlette", "uvicorn"}:
            from watchlist.errors import WatchlistError

            raise WatchlistError(
                "the HTTP API needs the extra [api]: pip install 'watchlist[api]'"
            ) from None
        raise
    return build(settings, api)


__all__: list[Any] = ["create_app"]
