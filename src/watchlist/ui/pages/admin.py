"""A supervisor's audit page (the chain verified, records searched, the export) and an admin's
users and keys."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import StreamingResponse

from watchlist.audit.queries import search
from watchlist.auth.roles import Role
from watchlist.errors import InvalidInput
from watchlist.model.access import Classification
from watchlist.ui.web import (
    HEADERS,
    PREFIX,
    check_csrf,
    current_session,
    need,
    redirect,
    render,
    services,
)

Text = Annotated[str, Form(max_length=5000)]
PAGE = 100
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$")


def _stamp(value: str, field: str) -> str | None:
    value = value.strip().replace(" ", "T")
    if not value:
        return None
    if not _STAMP.match(value):
        raise InvalidInput(f"{field}: write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
    return value


def audit_page(request: Request) -> Response:
    session = current_session(request)
    need(session, Role.SUPERVISOR)
    params = request.query_params
    form = {k: params.get(k, "") for k in ("user", "since", "until", "action")}
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        raise InvalidInput("page: a number") from None
    store = services(request).store
    verdict = services(request).as_actor(session.actor).verify_audit()
    with store.read() as conn:
        records = search(
            conn,
            session.actor,
            user=form["user"].strip() or None,
            since=_stamp(form["since"], "since"),
            until=_stamp(form["until"], "until"),
            action=form["action"].strip() or None,
            limit=PAGE + 1,
            offset=(page - 1) * PAGE,
        )
    rows = [
        {**r, "detail_text": json.dumps(r["detail"], ensure_ascii=False, sort_keys=True)}
        for r in records[:PAGE]
    ]
    context = {
        "title": "Audit",
        "verdict": verdict,
        "records": rows,
        "form": form,
        "page": page,
        "more": len(records) > PAGE,
        "query": "&".join(f"{k}={v}" for k, v in form.items() if v),
    }
    return render(request, "audit.html", context)


def audit_export(request: Request) -> Response:
    """The whole trail as JSON lines (only for a user cleared for every list it mentions)."""
    session = current_session(request)
    need(session, Role.SUPERVISOR)
    rows = services(request).as_actor(session.actor).export_audit()

    def body() -> Iterator[bytes]:
        for row in rows:
            yield (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode()

    headers = {**HEADERS, "Content-Disposition": 'attachment; filename="audit.jsonl"'}
    return StreamingResponse(body(), media_type="application/x-ndjson", headers=headers)


def users_page(request: Request, created_key: str = "", message: str = "") -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    users = services(request).as_actor(session.actor).users
    context: dict[str, Any] = {
        "title": "Users and keys",
        "users": users.all(),
        "keys": [k.to_dict() for k in users.keys()],
        "roles": [r.value for r in Role],
        "clearances": [c.value for c in Classification if session.actor.may_read(c)],
        "created_key": created_key,
        "message": message or request.query_params.get("done", ""),
    }
    return render(request, "users.html", context)


def add_user(
    request: Request,
    name: Text = "",
    role: Text = "",
    clearance: Text = "public",
    password: Text = "",
    csrf: Text = "",
) -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    check_csrf(request, csrf)
    user = (
        services(request)
        .as_actor(session.actor)
        .users.add(name, Role.parse(role), Classification.parse(clearance))
    )
    if password:
        services(request).as_actor(session.actor).set_password(user.name, password)
    return redirect(f"{PREFIX}/users?done={quote(f'user {user.name} added')}")


def new_password(request: Request, name: str, password: Text = "", csrf: Text = "") -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    check_csrf(request, csrf)
    services(request).as_actor(session.actor).set_password(name, password)
    return redirect(f"{PREFIX}/users?done={quote(f'password set for {name}')}")


def create_key(request: Request, name: str, days: Text = "365", csrf: Text = "") -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    check_csrf(request, csrf)
    try:
        lifetime = int(days)
    except ValueError:
        raise InvalidInput("days: a whole number of days") from None
    created = services(request).as_actor(session.actor).users.create_key(name, lifetime)
    # the secret is shown in this answer only (never in a URL, never stored)
    return users_page(
        request, created_key=created.secret, message=f"key {created.key.id} for {name}"
    )


def revoke_key(request: Request, key_id: str, csrf: Text = "") -> Response:
    session = current_session(request)
    need(session, Role.ADMIN)
    check_csrf(request, csrf)
    key = services(request).as_actor(session.actor).users.revoke(key_id)
    return redirect(f"{PREFIX}/users?done={quote(f'key {key.id} revoked')}")


def register(router: APIRouter) -> None:
    router.add_api_route("/audit", audit_page, methods=["GET"])
    router.add_api_route("/audit/export", audit_export, methods=["GET"])
    router.add_api_route("/users", users_page, methods=["GET"])
    router.add_api_route("/users", add_user, methods=["POST"])
    router.add_api_route("/users/{name}/password", new_password, methods=["POST"])
    router.add_api_route("/users/{name}/keys", create_key, methods=["POST"])
    router.add_api_route("/keys/{key_id}/revoke", revoke_key, methods=["POST"])
