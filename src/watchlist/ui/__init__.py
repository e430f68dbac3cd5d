"""The web UI (optional extra `[ui]`): server-rendered pages for analysts and supervisors,
served by the API's app under /ui, over the same library calls as the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def mount(app: FastAPI) -> bool:
    """Add the UI's pages to `app`; False (and nothing added) without the extra [ui]."""
    try:
        import argon2  # noqa: F401
        import jinja2  # noqa: F401
    except ModuleNotFoundError:
        return False
    from watchlist.ui.app import add_ui

    add_ui(app)
    return True
