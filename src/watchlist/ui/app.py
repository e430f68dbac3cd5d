"""The UI's routes and static files, added to the API's app (see `watchlist.ui.mount`)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from watchlist.ui.pages import auth, registry, screen
from watchlist.ui.settings import UiSettings
from watchlist.ui.web import HERE, PREFIX, UiRoute


def add_ui(app: FastAPI, settings: UiSettings | None = None) -> None:
    app.state.ui_settings = settings or UiSettings()
    router = APIRouter(prefix=PREFIX, route_class=UiRoute, include_in_schema=False)
    for module in (auth, screen, registry):
        module.register(router)
    app.include_router(router)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="ui-static")
