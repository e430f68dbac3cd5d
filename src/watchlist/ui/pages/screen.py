"""Screen one name: the form, and ranked hits with each score explained feature by feature.

The query goes by POST so that the names of customers stay out of URLs, browser history and
access logs; it is audited as the API's /v1/screen is.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response

from watchlist.api.screening import answered, release_detail, screen
from watchlist.audit.actions import AuditAction
from watchlist.auth.roles import Role
from watchlist.model.entity import SCHEMATA
from watchlist.screening import Query
from watchlist.screening.screener import clean_country
from watchlist.ui.explain import hit_rows
from watchlist.ui.web import check_csrf, current_session, need, render, services

Text = Annotated[str, Form(max_length=1000)]

#: Hits shown for one query.
LIMIT = 20
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_form(
    name: str, schema: str, birth_date: str, country: str, identifier: str
) -> tuple[Query | None, dict[str, str]]:
    """The query, or the problem with each field by its name."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Enter the name to screen."
    if schema and schema not in SCHEMATA:
        problems["kind"] = "Choose one of the types offered."
    if birth_date.strip() and not _DATE.match(birth_date.strip()):
        problems["birth_date"] = "Write the date as YYYY-MM-DD, YYYY-MM or YYYY."
    code = None
    if country.strip():
        code = clean_country(country.strip())
        if code is None:
            problems["country"] = "Not a country name or code this screener knows."
    if problems:
        return None, problems
    query = Query(
        name=name.strip(),
        schema=schema or None,
        birth_dates=(birth_date.strip(),) if birth_date.strip() else (),
        countries=(code,) if code else (),
        identifiers=(identifier.strip(),) if identifier.strip() else (),
    )
    return query, {}


def page(request: Request) -> Response:
    need(current_session(request), Role.SCREENER)
    return render(request, "screen.html", {"title": "Screen", "form": {}, "schemata": SCHEMATA})


def submit(
    request: Request,
    name: Text = "",
    kind: Text = "",
    birth_date: Text = "",
    country: Text = "",
    identifier: Text = "",
    csrf: Text = "",
) -> Response:
    session = current_session(request)
    need(session, Role.SCREENER)
    check_csrf(request, csrf)
    form = {
        "name": name,
        "kind": kind,
        "birth_date": birth_date,
        "country": country,
        "identifier": identifier,
    }
    query, problems = read_form(name, kind, birth_date, country, identifier)
    context: dict[str, Any] = {
        "title": "Screen",
        "form": form,
        "schemata": SCHEMATA,
        "problems": problems,
    }
    if query is None:
        return render(request, "screen.html", context, 422)
    svc = services(request)
    loaded = svc.index.current()
    actor = session.actor
    hits = screen(loaded, actor, query, None, LIMIT)
    kept, level = answered(loaded, hits)
    echo = {k: v for k, v in form.items() if v}
    svc.audit.write(
        actor,
        AuditAction.SCREENING_SCREEN,
        "route:/ui/screen",
        {
            "route": "/ui/screen",
            "query": echo,
            "results": kept,
            "releases": release_detail(loaded, actor),
        },
        level,
    )
    context["hits"] = [
        {
            "hit": h,
            "score": f"{h.score:.2f}" if h.score is not None else "",
            "features": hit_rows(h),
        }
        for h in hits
    ]
    context["releases"] = loaded.releases_for(actor)
    context["searched"] = True
    return render(request, "screen.html", context)


def register(router: APIRouter) -> None:
    router.add_api_route("/screen", page, methods=["GET"])
    router.add_api_route("/screen", submit, methods=["POST"])
