"""The UI's routes and static files, added to the API's app (see `watchlist.ui.mount`)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from watchlist.errors import NotFound
from watchlist.ui.pages import admin, alerts, auth, lists, registry, screen
from watchlist.ui.settings import UiSettings
from watchlist.ui.web import HERE, PREFIX, UiRoute


def add_ui(app: FastAPI, settings: UiSettings | None = None) -> None:
    app.state.ui_settings = settings or UiSettings()
    # the static files first: the pages' catch-all would answer for them otherwise
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="ui-static")
    router = APIRouter(prefix=PREFIX, route_class=UiRoute, include_in_schema=False)
    for module in (auth, screen, registry, lists, alerts, admin):
        module.register(router)
    router.add_api_route("/{path:path}", no_such_page, methods=["GET", "POST"])
    app.include_router(router)


def no_such_page(request: Request, path: str) -> Response:
    """Any other address under /ui: a page saying so, not the API's JSON."""
    raise NotFound(f"no page /ui/{path}")
