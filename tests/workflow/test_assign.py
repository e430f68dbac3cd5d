"""Assigning alerts to an analyst: an event in the alert's life that keeps its status, audited,
all or nothing; and the audit trail searched by action family and subject."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.workflow.helpers import KARPOV, OFFICER, NameMatchers, portfolio_file, release
from tests.workflow.test_decisions import desk  # noqa: F401  (the fixture)
from watchlist.audit import verify_store
from watchlist.audit.queries import search
from watchlist.errors import AccessDenied, Conflict, InvalidInput
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store
from watchlist.workflow import Decision, Status, Workflow
from watchlist.workflow.alerts import assign


def test_assigning_keeps_the_status_and_four_eyes_still_holds(
    desk: Callable[[str], Workflow],  # noqa: F811
) -> None:
    flow = desk("ann")
    aid = flow.alerts()[0].id
    flow.decide(aid, Decision.TRUE, "same man")
    assign(flow.store, OFFICER, [aid], "ann")
    view = flow.alert(aid)
    assert view.status is Status.AWAITING_CONFIRMATION and view.assignee == "ann"
    assert view.to_dict()["assignee"] == "ann"
    # the proposer is still the proposer, though an assignment came after
    with pytest.raises(AccessDenied, match="four eyes"):
        flow.decide(aid, Decision.TRUE, "confirming my own")
    desk("bob").decide(aid, Decision.TRUE, "confirmed")
    with pytest.raises(Conflict, match="closed"):
        assign(flow.store, OFFICER, [aid], "bob")
    assert flow.alert(aid).assignee == "ann"
    with flow.store.read() as conn:
        found = search(conn, OFFICER, action="alert.", subject=f"alert:{aid}", newest_first=False)
        assert [r["action"] for r in found] == [
            "alert.open",
            "alert.decide",
            "alert.assign",
            "alert.decide",
        ]
        assert search(conn, OFFICER, action="alert.assign")[0]["detail"] == {
            "alert": aid,
            "assignee": "ann",
        }
    assert verify_store(flow.store).ok


def test_an_alert_above_the_clearance_or_a_missing_name_assigns_nothing(
    store: Store, tmp_path: Path
) -> None:
    release(store, "2024-01-01", {"1": KARPOV}, source="open_list")
    from watchlist.registry import Registry

    Registry(store, OFFICER).create_list("hidden", "hidden", Classification.SECRET)
    release(store, "2024-01-01", {"9": KARPOV}, source="hidden")
    system = Workflow(store, OFFICER, NameMatchers())
    system.import_customers(portfolio_file(tmp_path, "id,name\nc1,Pavel Karpov\n"))
    system.rescreen()
    ids = [a.id for a in system.alerts()]
    hidden = [a.id for a in system.alerts() if a.source == "hidden"]
    assert len(ids) == 2 and len(hidden) == 1
    clerk = Actor("clerk", Classification.PUBLIC)
    with pytest.raises(AccessDenied):
        assign(store, clerk, ids, "clerk")
    with pytest.raises(InvalidInput):
        assign(store, OFFICER, ids, "  ")
    assert all(a.assignee is None for a in system.alerts())
    with store.read() as conn:
        # the records about the hidden list's alert are left out for the clerk
        seen = {r["subject"] for r in search(conn, clerk, action="alert.")}
        assert seen == {f"alert:{i}" for i in ids if i not in hidden}
        everything = {r["subject"] for r in search(conn, OFFICER, action="alert.")}
        assert everything == {f"alert:{i}" for i in ids}
