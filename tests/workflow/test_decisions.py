"""Every state transition of an alert, the invalid ones included: a clear error, nothing changed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.workflow.helpers import BANK, KARPOV, OFFICER, NameMatchers, portfolio_file, release
from watchlist.audit import verify_store
from watchlist.audit.verify import export
from watchlist.errors import AccessDenied, Conflict, InvalidInput, NotFound, WatchlistError
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.workflow import Decision, Status, Workflow
from watchlist.workflow.tables import alert_events

T, F, E = Decision.TRUE, Decision.FALSE, Decision.ESCALATE


@pytest.fixture
def desk(store: Store, tmp_path: Path) -> Callable[[str], Workflow]:
    """One alert, open, on Pavel Karpov; desk(name) is that analyst's view of the workflow."""
    release(store, "2024-01-01", {"1": KARPOV, "2": BANK})
    system = Workflow(store, OFFICER, NameMatchers())
    system.import_customers(portfolio_file(tmp_path, "id,name\nc1,Pavel Karpov\n"))
    system.rescreen()

    def view(name: str) -> Workflow:
        return Workflow(store, Actor(name, Classification.SECRET), system.matchers)

    return view


def alert_id(desk: Callable[[str], Workflow]) -> int:
    return desk("any").alerts()[0].id


def reach(desk: Callable[[str], Workflow], state: str) -> int:
    """Bring the alert to `state` by real decisions (or a delisting for `closed`)."""
    aid = alert_id(desk)
    steps = {
        "open": [],
        "escalated": [("ann", E)],
        "awaiting_confirmation": [("ann", T)],
        "true_match": [("ann", T), ("bob", T)],
        "false_positive": [("ann", F)],
        "closed": [],
    }[state]
    for name, decision in steps:
        desk(name).decide(aid, decision, f"{name} looked at it")
    if state == "closed":
        wf = desk("system")
        release(wf.store, "2024-02-01", {"2": BANK})
        wf.rescreen()
    assert desk("any").alert(aid).status.value == state
    return aid


VALID = [
    ("open", "ann", T, Status.AWAITING_CONFIRMATION, "proposed_true"),
    ("open", "ann", F, Status.FALSE_POSITIVE, "false_positive"),
    ("open", "ann", E, Status.ESCALATED, "escalated"),
    ("escalated", "bob", T, Status.AWAITING_CONFIRMATION, "proposed_true"),
    ("escalated", "bob", F, Status.FALSE_POSITIVE, "false_positive"),
    ("escalated", "ann", T, Status.AWAITING_CONFIRMATION, "proposed_true"),
    ("awaiting_confirmation", "bob", T, Status.TRUE_MATCH, "confirmed_true"),
    ("awaiting_confirmation", "bob", E, Status.ESCALATED, "escalated"),
]


@pytest.mark.parametrize(("state", "who", "decision", "status", "action"), VALID)
def test_valid_transitions(
    desk: Callable[[str], Workflow],
    state: str,
    who: str,
    decision: Decision,
    status: Status,
    action: str,
) -> None:
    aid = reach(desk, state)
    after = desk(who).decide(aid, decision, "because the birth dates agree")
    assert after.status is status
    last = after.events[-1]
    assert (last.actor, last.action, last.reason) == (who, action, "because the birth dates agree")
    with desk("any").store.read() as conn:
        audited = [r for r in export(conn, OFFICER) if r["action"] == "alert.decide"][-1]
    assert audited["actor"] == who and audited["subject"] == f"alert:{aid}"
    assert audited["detail"]["status"] == status.value  # type: ignore[index]


INVALID = [
    ("escalated", "bob", E, Conflict, "already_escalated", "escalated already"),
    ("awaiting_confirmation", "ann", T, AccessDenied, "four_eyes", "four eyes"),
    ("awaiting_confirmation", "ann", E, AccessDenied, "four_eyes", "four eyes"),
    ("awaiting_confirmation", "ann", F, AccessDenied, "four_eyes", "four eyes"),
    ("awaiting_confirmation", "bob", F, Conflict, "confirm_or_escalate", "to disagree"),
    ("true_match", "carl", T, Conflict, "alert_closed", "closed (true_match)"),
    ("true_match", "carl", F, Conflict, "alert_closed", "closed (true_match)"),
    ("true_match", "carl", E, Conflict, "alert_closed", "closed (true_match)"),
    ("false_positive", "carl", T, Conflict, "alert_closed", "closed (false_positive)"),
    ("false_positive", "carl", F, Conflict, "alert_closed", "closed (false_positive)"),
    ("false_positive", "carl", E, Conflict, "alert_closed", "closed (false_positive)"),
    ("closed", "carl", T, Conflict, "alert_closed", "closed (closed)"),
    ("closed", "carl", F, Conflict, "alert_closed", "closed (closed)"),
    ("closed", "carl", E, Conflict, "alert_closed", "closed (closed)"),
]


@pytest.mark.parametrize(("state", "who", "decision", "error", "code", "message"), INVALID)
def test_invalid_transitions_change_nothing(
    desk: Callable[[str], Workflow],
    state: str,
    who: str,
    decision: Decision,
    error: type[WatchlistError],
    code: str,
    message: str,
) -> None:
    aid = reach(desk, state)
    before = desk("any").alert(aid)
    records = verify_store(desk("any").store).records
    with pytest.raises(error) as err:
        desk(who).decide(aid, decision, "second look")
    assert message in err.value.message and f"alert {aid}" in err.value.message
    assert (err.value.code, err.value.record) == (code, f"alert {aid}")
    assert desk("any").alert(aid) == before
    assert verify_store(desk("any").store).records == records


def test_a_decision_needs_a_reason_an_analyst_and_a_real_alert(
    desk: Callable[[str], Workflow],
) -> None:
    aid = alert_id(desk)
    with pytest.raises(InvalidInput, match="reason"):
        desk("ann").decide(aid, F, "   ")
    with pytest.raises(InvalidInput, match="needs a name") as err:
        desk(" ").decide(aid, F, "why not")  # refused as the actor is built
    assert err.value.field == "actor"
    with pytest.raises(NotFound, match="no alert 999"):
        desk("ann").decide(999, F, "why not")
    assert desk("ann").alert(aid).status is Status.OPEN


def test_decision_and_status_words_are_parsed_or_refused() -> None:
    assert Decision.parse("True") is T and Decision.parse("false-positive") is F
    assert Decision.parse("escalate") is E
    with pytest.raises(InvalidInput, match="true, false or escalate"):
        Decision.parse("maybe")
    assert Status.parse("Awaiting-Confirmation") is Status.AWAITING_CONFIRMATION
    with pytest.raises(InvalidInput, match="unknown alert status"):
        Status.parse("pending")


def test_an_uncleared_analyst_may_only_escalate_a_restricted_alert(
    store: Store, tmp_path: Path
) -> None:
    Registry(store, OFFICER).create_list("own", "Own list", Classification.CONFIDENTIAL)
    release(store, "2024-01-01", {"X-1": KARPOV}, source="own")
    system = Workflow(store, OFFICER, NameMatchers())
    system.import_customers(portfolio_file(tmp_path, "id,name\nc1,Pavel Karpov\n"))
    system.rescreen()
    clerk = Workflow(store, Actor("clerk", Classification.PUBLIC))
    (alert,) = clerk.alerts()
    assert alert.restricted
    for decision in (T, F):
        with pytest.raises(AccessDenied, match="escalate it to a cleared officer"):
            clerk.decide(alert.id, decision, "looks like him")
    assert clerk.decide(alert.id, E, "restricted: for a cleared officer").status is Status.ESCALATED
    officer = Workflow(store, Actor("officer2", Classification.SECRET))
    assert officer.decide(alert.id, F, "other person").status is Status.FALSE_POSITIVE
    with store.read() as conn:
        assert len(conn.execute(alert_events.select()).all()) == 3


@pytest.mark.parametrize("decision", [F, E])
def test_two_analysts_deciding_at_once_one_wins(
    desk: Callable[[str], Workflow], decision: Decision
) -> None:
    aid = alert_id(desk)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def act(name: str) -> None:
        wf = desk(name)
        start.wait()
        try:
            outcomes[name] = wf.decide(aid, decision, f"{name} decided")
        except WatchlistError as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=act, args=(n,)) for n in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [o for o in outcomes.values() if isinstance(o, WatchlistError)]
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert f"alert {aid}" in errors[0].message
    final = desk("any").alert(aid)
    assert [e.action for e in final.events][0] == "opened" and len(final.events) == 2
    with desk("any").store.read() as conn:
        assert [r["action"] for r in export(conn, OFFICER)].count("alert.decide") == 1
