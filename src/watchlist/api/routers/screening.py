"""Native screening: one query, a batch of queries, pairs of names compared."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from watchlist.api.auth import CurrentUser
from watchlist.api.models import (
    BatchRequest,
    BatchResult,
    CompareRequest,
    CompareResult,
    ScreenQuery,
    ScreenResult,
)
from watchlist.api.querylog import Pending, Record
from watchlist.api.routes import Routes
from watchlist.api.screening import (
    answered,
    release_detail,
    threshold_or_default,
)
from watchlist.api.services import Services, ServicesDep
from watchlist.audit.actions import AuditAction
from watchlist.auth.keys import Caller
from watchlist.auth.roles import Role
from watchlist.errors import InvalidInput
from watchlist.model.access import Classification
from watchlist.screening import Query
from watchlist.screening.model import Pair
from watchlist.screening.results import hit_data

router = APIRouter(prefix="/v1", tags=["screening"])
routes = Routes(router)


def to_query(q: ScreenQuery) -> Query:
    return Query.from_fields(
        name=q.name,
        schema=q.schema_,
        birth_dates=q.birth_dates,
        countries=q.countries,
        identifiers=q.identifiers,
        gender=q.gender,
    )


def echo(q: ScreenQuery) -> dict[str, Any]:
    return q.model_dump(by_alias=True, exclude_defaults=True)


@routes.post("/screen", Role.SCREENER, response_model=ScreenResult, summary="Screen one name")
def screen_one(body: ScreenQuery, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    """Ranked hits with the explanation of each score, feature by feature."""
    return screen_answer(services, user, body)


def screen_answer(services: Services, user: Caller, body: ScreenQuery) -> dict[str, Any]:
    """The answer of `POST /v1/screen`, its audit record committed."""
    answer, record = screen_submitted(services, user, body)
    answer["audit_id"] = services.audit.wait(record)
    return answer


def screen_submitted(
    services: Services, user: Caller, body: ScreenQuery
) -> tuple[dict[str, Any], Pending]:
    """The answer of `POST /v1/screen` but its `audit_id`, and its audit record handed to the
    writer: the answer may go out only once the record is committed."""
    with services.audit.screening():
        answer, record = screen_recorded(services, user, body)
    pending = services.audit.submit(
        record.actor, record.action, record.subject, record.detail, record.classification
    )
    return answer, pending


def screen_recorded(
    services: Services, user: Caller, body: ScreenQuery
) -> tuple[dict[str, Any], Record]:
    """The answer of `POST /v1/screen` but its `audit_id`, and its audit record, not yet
    written: the answer may go out only once the record is committed (the route's body, shared
    with the fast way of `api.hot`, which commits the records of the requests it screened
    together, in one transaction)."""
    actor = user.actor
    screening = services.as_actor(actor).screening()
    hits = screening.screen(to_query(body), body.threshold, body.limit)
    kept, level = answered(screening.loaded, hits)
    record = Record(
        actor,
        AuditAction.SCREENING_SCREEN,
        "route:/v1/screen",
        {
            "route": "/v1/screen",
            "key": user.key_id,
            "query": echo(body),
            "results": kept,
            "releases": release_detail(screening.loaded, actor),
        },
        level,
    )
    return {"hits": [hit_data(h) for h in hits], "releases": screening.releases()}, record


@routes.post(
    "/screen/batch", Role.SCREENER, response_model=BatchResult, summary="Screen many names"
)
def screen_batch(body: BatchRequest, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    """Up to WATCHLIST_API_MAX_BATCH queries (1,000 by default) against one index generation."""
    if len(body.queries) > services.api.api_max_batch:
        raise InvalidInput(
            f"queries: at most {services.api.api_max_batch} in one batch, not {len(body.queries)}"
        )
    actor = user.actor
    screening = services.as_actor(actor).screening()
    results = []
    audited = []
    level = Classification.PUBLIC
    for q in body.queries:
        hits = screening.screen(to_query(q), q.threshold, q.limit)
        kept, cls = answered(screening.loaded, hits)
        level = cls if cls.rank > level.rank else level
        results.append({"id": q.id, "hits": [hit_data(h) for h in hits]})
        audited.append({"query": echo(q), "results": kept})
    audit_id = services.audit.write(
        actor,
        AuditAction.SCREENING_BATCH,
        "route:/v1/screen/batch",
        {
            "route": "/v1/screen/batch",
            "key": user.key_id,
            "queries": audited,
            "releases": release_detail(screening.loaded, actor),
        },
        level,
    )
    return {"results": results, "releases": screening.releases(), "audit_id": audit_id}


@routes.post("/compare", Role.SCREENER, response_model=CompareResult, summary="Compare names")
def compare(body: CompareRequest, user: CurrentUser, services: ServicesDep) -> dict[str, Any]:
    """Whether name2 names the bearer of name1: a score, a match at the threshold, the reason."""
    if len(body.pairs) > services.api.api_max_batch:
        raise InvalidInput(f"pairs: at most {services.api.api_max_batch} in one request")
    screening = services.as_actor(user.actor).screening()
    threshold = threshold_or_default(body.threshold)
    out = []
    for p in body.pairs:
        pair = Pair.from_fields(p.name1, p.name2, p.schema_)
        score, why = screening.compare(pair.query, pair.name2)
        out.append(
            {
                "name1": p.name1,
                "name2": p.name2,
                "score": round(score, 4),
                "match": score >= threshold,
                "explanation": why.explanation,
            }
        )
    return {"results": out}
