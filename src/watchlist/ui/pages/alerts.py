"""The alerts queue (filters and sort in the URL, several assigned or dismissed at once) and the
alert page: customer beside listed entry, field by field, the explanation, the decision with
four eyes on a true match, "decide and next", and the alert's history from the audit trail.

An alert on a list above the user's clearance shows only that it exists, and can only be
escalated to a cleared officer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from watchlist.audit.queries import search
from watchlist.auth.roles import Role
from watchlist.errors import AccessDenied, InvalidInput, WatchlistError
from watchlist.facade import ActorWatchlist
from watchlist.ui.compare import compare_fields
from watchlist.ui.explain import from_text
from watchlist.ui.web import (
    PREFIX,
    check_csrf,
    current_session,
    need,
    redirect,
    render,
    services,
)
from watchlist.workflow import AlertView, Decision, Status
from watchlist.workflow.alerts import AlertAction
from watchlist.workflow.reads import customer_versions

PAGE = 50
SORTS = ("id", "score", "customer", "status", "list")

#: Reason codes offered with each decision; the written reason follows the code.
REASONS = {
    "true": [
        "name and birth date agree",
        "name and identifier agree",
        "name and country agree, no contrary evidence",
    ],
    "false": [
        "different birth date",
        "different nationality or country",
        "different identifier",
        "different kind of party",
        "name only, the rest contradicts",
    ],
    "escalate": ["needs more information", "above my clearance", "second opinion wanted"],
}

SHORTCUTS_QUEUE = [
    ("/", "go to the filters"),
    ("o", "open the first alert in the list"),
    ("a", "go to the bulk actions"),
]
SHORTCUTS_ALERT = [
    ("r", "write the reason of the decision"),
    ("n", "next alert in the queue"),
    ("q", "back to the queue"),
]


@dataclass(frozen=True)
class Filters:
    status: str = "open"
    source: str = ""
    min_score: str = ""
    customer: str = ""
    assignee: str = ""
    sort: str = "id"
    order: str = "asc"
    page: int = 1

    def query(self, **change: Any) -> str:
        """The query string of these filters (with `change`), defaults left out."""
        values = {**asdict(self), **change}
        default = asdict(Filters())
        return urlencode({k: v for k, v in values.items() if v != default[k] or k == "status"})


def read_filters(params: Any) -> Filters:
    status = str(params.get("status", "open"))
    if status not in ("", "active") and status not in {s.value for s in Status}:
        raise InvalidInput(f"status: one of {', '.join(s.value for s in Status)}, or all")
    min_score = str(params.get("min_score", "")).strip()
    if min_score:
        try:
            value = float(min_score)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 1:
            raise InvalidInput("min score: a number from 0 to 1")
    sort = str(params.get("sort", "id"))
    order = str(params.get("order", "asc"))
    if sort not in SORTS or order not in ("asc", "desc"):
        raise InvalidInput(f"sort: one of {', '.join(SORTS)}; order: asc or desc")
    try:
        page = max(1, int(str(params.get("page", "1"))))
    except ValueError:
        raise InvalidInput("page: a number") from None
    return Filters(
        status=status,
        source=str(params.get("source", "")).strip(),
        min_score=min_score,
        customer=str(params.get("customer", "")).strip(),
        assignee=str(params.get("assignee", "")).strip(),
        sort=sort,
        order=order,
        page=page,
    )


def _key(sort: str) -> Any:
    def key(a: AlertView) -> tuple[Any, ...]:
        if sort == "score":
            return (a.score if a.score is not None else -1.0, a.id)
        if sort == "customer":
            return (a.customer_id, a.id)
        if sort == "status":
            return (a.status.value, a.id)
        if sort == "list":
            return (a.source or "~", a.id)
        return (a.id,)

    return key


ACTIVE = (Status.OPEN, Status.ESCALATED, Status.AWAITING_CONFIRMATION)


def queue(flow: ActorWatchlist, f: Filters) -> list[AlertView]:
    """The alerts these filters select, sorted; restricted ones fall out of list and score
    filters, which they do not show."""
    status = Status(f.status) if f.status not in ("", "active") else None
    found = flow.alerts(status, f.customer or None)
    if f.status == "active":
        found = [a for a in found if a.status in ACTIVE]
    if f.source:
        found = [a for a in found if a.source == f.source]
    if f.min_score:
        least = float(f.min_score)
        found = [a for a in found if a.score is not None and a.score >= least]
    if f.assignee:
        wanted = None if f.assignee == "-" else f.assignee
        found = [a for a in found if a.assignee == wanted]
    return sorted(found, key=_key(f.sort), reverse=f.order == "desc")


def queue_page(request: Request) -> Response:
    session = current_session(request)
    need(session, Role.ANALYST)
    f = read_filters(request.query_params)
    flow = services(request).as_actor(session.actor)
    found = queue(flow, f)
    pages = max(1, (len(found) + PAGE - 1) // PAGE)
    shown = found[(f.page - 1) * PAGE : f.page * PAGE]
    visible = sorted({a.source for a in flow.alerts() if a.source})
    analysts = [
        u.name
        for u in services(request).as_actor(session.actor).users.all()
        if u.role.allows(Role.ANALYST) and not u.disabled
    ]
    context = {
        "title": "Alerts",
        "filters": f,
        "alerts": shown,
        "total": len(found),
        "pages": pages,
        "statuses": [s.value for s in Status],
        "sources": visible,
        "analysts": analysts,
        "back": f.query(),
        "sorts": SORTS,
        "shortcuts": SHORTCUTS_QUEUE,
        "reasons": REASONS["false"],
        "message": request.query_params.get("done", ""),
    }
    return render(request, "alerts.html", context)


def _safe_back(value: str) -> str:
    """A queue query string as the forms carry it, re-read so nothing else rides along."""
    return read_filters(dict(parse_qsl(value))).query() if value else Filters().query()


def bulk_sync(request: Request, form: dict[str, Any]) -> Response:
    session = current_session(request)
    need(session, Role.ANALYST)
    check_csrf(request, str(form.get("csrf", "")))
    back = _safe_back(str(form.get("back", "")))
    try:
        ids = [int(i) for i in form.get("ids", [])]
    except ValueError:
        raise InvalidInput("ids: alert numbers") from None
    if not ids:
        raise InvalidInput("choose at least one alert in the list")
    action = str(form.get("action", ""))
    if action == "assign":
        assignee = str(form.get("assignee", "")).strip()
        services(request).as_actor(session.actor).assign(ids, assignee)  # NotFound: no user
        done = f"{len(ids)} alert(s) assigned to {assignee}"
    elif action == "false":
        code = str(form.get("code", "")).strip()
        text = str(form.get("reason", "")).strip()
        if code not in REASONS["false"]:
            raise InvalidInput("reason code: choose why these are false positives")
        if not text:
            raise InvalidInput("reason: write why these are false positives")
        flow = services(request).as_actor(session.actor)
        problems = []
        for alert_id in ids:
            try:
                flow.decide(alert_id, Decision.FALSE, f"{code}: {text}")
            except WatchlistError as exc:
                problems.append(exc.message)
        done = f"{len(ids) - len(problems)} alert(s) marked false positive"
        if problems:
            done += "; not: " + "; ".join(problems)
    else:
        raise InvalidInput("action: assign or mark false positive")
    return redirect(f"{PREFIX}/alerts?{back}&done={quote(done)}")


async def bulk(request: Request) -> Response:
    raw = await request.form()
    form: dict[str, Any] = {k: raw.get(k) for k in raw if k != "ids"}
    form["ids"] = [str(v) for v in raw.getlist("ids")]
    return await run_in_threadpool(bulk_sync, request, form)


def _history(request: Request, alert_id: int) -> list[dict[str, Any]]:
    session = current_session(request)
    with services(request).store.read() as conn:
        return search(conn, session.actor, subject=f"alert:{alert_id}", newest_first=False)


def alert_page(request: Request, alert_id: int, back: str = "") -> Response:
    session = current_session(request)
    need(session, Role.ANALYST)
    store = services(request).store
    flow = services(request).as_actor(session.actor)
    view = flow.alert(alert_id)
    back = _safe_back(back)
    context: dict[str, Any] = {
        "title": f"Alert {view.id}",
        "alert": view,
        "back": back,
        "shortcuts": SHORTCUTS_ALERT,
        "reasons": REASONS,
        "next_id": next_alert(flow, back, view.id),
        "message": request.query_params.get("done", ""),
    }
    if view.restricted:
        return render(request, "alert_restricted.html", context)
    with store.read() as conn:
        versions = customer_versions(conn, view.customer_id)
    customer = next(v for v in versions if v.version == view.customer_version)
    proposer = next(
        (e.actor for e in reversed(view.events) if e.action == AlertAction.PROPOSED_TRUE), None
    )
    awaiting = view.status is Status.AWAITING_CONFIRMATION
    context.update(
        customer=customer.record,
        rows=compare_fields(customer.record, view.schema or "", view.properties),
        features=from_text(view.explanation),
        history=_history(request, view.id),
        active=view.status in ACTIVE,
        awaiting=awaiting,
        proposer=proposer,
        own_proposal=awaiting and proposer == session.user.name,
        may_confirm=session.user.role.allows(Role.SUPERVISOR),
    )
    return render(request, "alert.html", context)


def next_alert(flow: ActorWatchlist, back: str, current: int) -> int | None:
    """The first active alert of the queue `back` other than `current`."""
    f = read_filters(dict(parse_qsl(back)))
    for a in queue(flow, f):
        if a.id != current and a.status in ACTIVE:
            return a.id
    return None


def decide(request: Request, alert_id: int, form: dict[str, str]) -> Response:
    session = current_session(request)
    need(session, Role.ANALYST)
    check_csrf(request, form.get("csrf", ""))
    back = _safe_back(form.get("back", ""))
    decision = Decision.parse(form.get("decision", "") or "?")
    code = form.get("code", "").strip()
    text = form.get("reason", "").strip()
    flow = services(request).as_actor(session.actor)
    view = flow.alert(alert_id)
    if view.restricted:
        if decision is not Decision.ESCALATE:
            raise AccessDenied(
                f"alert {alert_id} is on a list above your clearance: escalate it to a "
                "cleared officer"
            )
    elif code not in REASONS[decision.value]:
        raise InvalidInput(f"reason code: choose one of the reasons for {decision.value}")
    if not text:
        raise InvalidInput("reason: write the reason for the decision")
    if (
        decision is Decision.TRUE
        and view.status is Status.AWAITING_CONFIRMATION
        and not session.user.role.allows(Role.SUPERVISOR)
    ):
        raise AccessDenied("confirming a true match needs the supervisor role")
    reason = f"{code}: {text}" if code else text
    flow.decide(alert_id, decision, reason)
    if form.get("then") == "next":
        nxt = next_alert(flow, back, alert_id)
        if nxt is None:
            return redirect(f"{PREFIX}/alerts?{back}&done={quote('the queue is empty')}")
        return redirect(f"{PREFIX}/alerts/{nxt}?back={quote(back)}")
    return redirect(f"{PREFIX}/alerts/{alert_id}?back={quote(back)}")


async def decide_route(request: Request, alert_id: int) -> Response:
    raw = await request.form()
    form = {k: str(raw.get(k) or "") for k in raw}
    return await run_in_threadpool(decide, request, alert_id, form)


def register(router: APIRouter) -> None:
    router.add_api_route("/alerts", queue_page, methods=["GET"])
    router.add_api_route("/alerts/bulk", bulk, methods=["POST"])
    router.add_api_route("/alerts/{alert_id}", alert_page, methods=["GET"])
    router.add_api_route("/alerts/{alert_id}/decisions", decide_route, methods=["POST"])
