"""Lists: each with its classification, releases and count; a list's releases; the diff of a
release against the one before (or between any two dates); an admin's upload and new list."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from watchlist.auth.roles import Role
from watchlist.errors import InvalidInput, NotFound
from watchlist.model.access import Classification
from watchlist.store.lists import find_source
from watchlist.store.reads import release_list
from watchlist.ui.pages.registry import label, parse_day
from watchlist.ui.web import (
    PREFIX,
    check_csrf,
    current_session,
    need,
    redirect,
    render,
    services,
)

Text = Annotated[str, Form(max_length=1000)]
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def lists_page(request: Request, created: str = "") -> Response:
    session = current_session(request)
    need(session, Role.SCREENER)
    found = services(request).as_actor(session.actor).lists()
    context = {
        "title": "Lists",
        "lists": found,
        "classifications": [c.value for c in Classification if session.actor.may_read(c)],
        "created": created,
    }
    return render(request, "lists.html", context)


def create_list(
    request: Request,
    name: Text = "",
    title: Text = "",
    classification: Text = "public",
    csrf: Text = "",
) -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    check_csrf(request, csrf)
    if not title.strip():
        raise InvalidInput("title: give the list a title")
    level = Classification.parse(classification)
    services(request).as_actor(session.actor).create_list(name.strip(), title.strip(), level)
    return redirect(f"{PREFIX}/lists?created={quote(name.strip())}")


def list_page(request: Request, name: str, imported: str = "") -> Response:
    """A list's releases, newest first, each with a link to its changes."""
    session = current_session(request)
    need(session, Role.ANALYST)
    summary = next(
        (s for s in services(request).as_actor(session.actor).lists() if s.source == name), None
    )
    if summary is None:
        raise NotFound(f"no list named {name!r}")
    rels = list(reversed(services(request).as_actor(session.actor).releases(name)))
    context = {
        "title": name,
        "summary": summary,
        "releases": rels,
        "imported": imported,
    }
    return render(request, "list.html", context)


def diff_page(request: Request, name: str) -> Response:
    """The diff between the releases in force on `from` and `to` (query parameters; by default
    the latest release against the one before)."""
    session = current_session(request)
    need(session, Role.ANALYST)
    params = request.query_params
    start = parse_day(params.get("from"), "from")
    end = parse_day(params.get("to"), "to")
    store = services(request).store
    diff = services(request).as_actor(session.actor).diff(name, start, end)
    with store.read() as conn:
        src = find_source(conn, session.actor, name)
        dates = sorted({r.published for r in release_list(conn, src.name)})
    changes = [
        {
            "source_id": c.source_id,
            "kind": c.kind,
            "caption": c.caption,
            "added": [(label(p), v) for p, vs in sorted(c.added.items()) for v in vs],
            "removed": [(label(p), v) for p, vs in sorted(c.removed.items()) for v in vs],
        }
        for c in diff.changes
    ]
    counts = {k: sum(c["kind"] == k for c in changes) for k in ("listed", "amended", "delisted")}
    context = {
        "title": f"{name}: changes",
        "name": name,
        "diff": diff,
        "changes": changes,
        "counts": counts,
        "dates": [d.isoformat() for d in dates],
        "start": diff.old.published.isoformat() if diff.old else "",
        "end": diff.new.published.isoformat(),
    }
    return render(request, "diff.html", context)


def import_upload(
    request: Request, name: str, csrf: str, published: str, files: list[UploadFile]
) -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    check_csrf(request, csrf)
    day = parse_day(published or None, "published")
    if not files:
        raise InvalidInput("files: choose the list's file(s) to upload")
    folder = Path(tempfile.mkdtemp(prefix="watchlist-ui-upload-"))
    try:
        paths = []
        for n, f in enumerate(files):
            base = _SAFE.sub("_", Path(f.filename or f"file{n}").name) or f"file{n}"
            path = folder / (base if not (folder / base).exists() else f"{n}-{base}")
            with open(path, "wb") as out:
                shutil.copyfileobj(f.file, out)
            paths.append(path)
        infos = services(request).as_actor(session.actor).import_lists(paths, name, day)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return list_page(request, name, "; ".join(i.summary for i in infos))


async def upload(request: Request, name: str) -> Response:
    """An admin's new release from list files: the same import as the CLI's and the API's."""
    session = await run_in_threadpool(current_session, request)
    need(session, Role.ADMIN)  # before reading what an anonymous caller might send
    form = await request.form()
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    csrf = str(form.get("csrf") or "")
    published = str(form.get("published") or "")
    return await run_in_threadpool(import_upload, request, name, csrf, published, files)


def register(router: APIRouter) -> None:
    router.add_api_route("/lists", lists_page, methods=["GET"])
    router.add_api_route("/lists", create_list, methods=["POST"])
    router.add_api_route("/lists/{name}", list_page, methods=["GET"])
    router.add_api_route("/lists/{name}/diff", diff_page, methods=["GET"])
    router.add_api_route("/lists/{name}/releases", upload, methods=["POST"])
