"""Screening runs: what each screens, when alerts open, reopen and close, and races lost cleanly.

The screening library is stood in for by a name matcher, so these tests are about the workflow.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tests.workflow.helpers import (
    BANK,
    KARPOV,
    OFFICER,
    ORLOV,
    NameMatcher,
    NameMatchers,
    portfolio_file,
    release,
)
from watchlist.audit import verify_store
from watchlist.audit.verify import export
from watchlist.errors import Conflict
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.workflow import Decision, Status, Workflow
from watchlist.workflow.tables import alerts, screening_runs

CUSTOMERS = "id,name,dob\nc1,Karpov Pavel,1977-08-27\nc2,Jane Ordinary,1980-01-01\nc3,Ivan Orlov,\n"


@pytest.fixture
def wf(store: Store, tmp_path: Path) -> Workflow:
    release(store, "2024-01-01", {"1": KARPOV, "2": BANK})
    flow = Workflow(store, OFFICER, NameMatchers())
    flow.import_customers(portfolio_file(tmp_path, CUSTOMERS))
    return flow


def matchers(wf: Workflow) -> NameMatchers:
    assert isinstance(wf.matchers, NameMatchers)
    return wf.matchers


def statuses(wf: Workflow) -> list[tuple[int, str, str, str]]:
    return [(a.id, a.customer_id, a.source_id or "", a.status.value) for a in wf.alerts()]


def test_first_run_alerts_the_listed_customer_only(wf: Workflow) -> None:
    report = wf.rescreen()
    assert (report.mode, report.reason) == ("full", "first run")
    assert (report.opened, report.hits, report.customers_everything) == (1, 1, 3)
    (alert,) = wf.alerts()
    assert (alert.customer_id, alert.source, alert.source_id) == ("c1", "demo", "1")
    assert alert.status is Status.OPEN and alert.caption == "Pavel Karpov"
    assert alert.score == 0.9 and "Karpov" in alert.explanation


def test_the_run_records_releases_and_matcher_settings(wf: Workflow) -> None:
    report = wf.rescreen()
    with wf.store.read() as conn:
        run = conn.execute(screening_runs.select()).one()
    assert json.loads(run.releases) == {"demo": 1} == report.releases
    assert json.loads(run.matcher) == {"engine": "test-names", "threshold": 0.7}
    assert run.customers == 3 and run.opened == 1 and run.mode == "full"


def test_nothing_changed_means_nothing_screened_and_no_new_alert(wf: Workflow) -> None:
    wf.rescreen()
    matchers(wf).screened.clear()
    report = wf.rescreen()
    assert report.mode == "incremental" and matchers(wf).screened == []
    assert report.opened == report.reopened == report.closed == 0
    again = wf.rescreen(full=True)  # the same pair found again is not re-alerted
    assert (again.hits, again.unchanged, again.opened) == (1, 1, 0)
    assert len(wf.alerts()) == 1


def test_incremental_run_screens_everyone_against_only_the_changed_entries(
    wf: Workflow, tmp_path: Path
) -> None:
    wf.rescreen()
    m = matchers(wf)
    m.screened.clear()
    release(wf.store, "2024-02-01", {"1": KARPOV, "2": BANK, "3": ORLOV})
    wf.import_customers(portfolio_file(tmp_path, CUSTOMERS + "c4,Example Bank,\n"))
    report = wf.rescreen()
    assert report.mode == "incremental" and report.changed_entities == 1
    assert m.only_with[-1] == [("demo", "3")]
    # the new customer against every list, the others against the one new entry
    assert sorted(m.screened) == ["everything:c4", "only:c1", "only:c2", "only:c3"]
    assert report.opened == 2
    assert {(a.customer_id, a.source_id) for a in wf.alerts()} == {
        ("c1", "1"),
        ("c3", "3"),
        ("c4", "2"),
    }


def test_several_releases_between_runs_are_all_covered(wf: Workflow) -> None:
    wf.rescreen()
    release(wf.store, "2024-02-01", {"1": KARPOV, "2": BANK, "3": ORLOV})
    release(wf.store, "2024-03-01", {"1": KARPOV, "3": ORLOV})
    report = wf.rescreen()
    assert matchers(wf).only_with[-1] == [("demo", "3")]
    assert report.delisted == 1 and report.opened == 1


def test_an_amended_entry_reopens_the_pair_with_what_changed(wf: Workflow) -> None:
    wf.rescreen()
    (first,) = wf.alerts()
    release(wf.store, "2024-02-01", {"1": {**KARPOV, "alias": ["Pavel Karpow"]}, "2": BANK})
    report = wf.rescreen()
    assert (report.reopened, report.closed) == (1, 1)
    old, new = wf.alerts()
    assert old.id == first.id and old.status is Status.CLOSED
    assert "superseded by alert" in old.events[-1].reason
    assert new.previous_id == first.id and new.status is Status.OPEN
    assert new.changes == {"entity": {"added": {"alias": ["Pavel Karpow"]}}}


def test_an_edited_customer_reopens_with_the_customer_change(wf: Workflow, tmp_path: Path) -> None:
    wf.rescreen()
    edited = CUSTOMERS.replace("c1,Karpov Pavel,1977-08-27", "c1,Pavel Karpov,1977-08-27")
    wf.import_customers(portfolio_file(tmp_path, edited))
    report = wf.rescreen()
    assert report.reopened == 1
    new = wf.alerts()[-1]
    assert new.customer_version == 2
    assert new.changes == {"customer": {"name": ["Karpov Pavel", "Pavel Karpov"]}}


def test_a_change_to_free_attributes_only_does_not_reopen(wf: Workflow, tmp_path: Path) -> None:
    wf.rescreen()
    text = CUSTOMERS.replace("id,name,dob\n", "id,name,dob,segment\n").replace("\n", ",x\n")
    text = text.replace("id,name,dob,segment,x\n", "id,name,dob,segment\n")
    wf.import_customers(portfolio_file(tmp_path, text))
    report = wf.rescreen()
    assert report.customers_everything == 3 and report.unchanged == 1
    assert report.opened == report.reopened == report.closed == 0


def test_an_edited_customer_who_no_longer_matches_closes_the_alert(
    wf: Workflow, tmp_path: Path
) -> None:
    wf.rescreen()
    wf.import_customers(portfolio_file(tmp_path, CUSTOMERS.replace("Karpov Pavel", "Paul Carp")))
    report = wf.rescreen()
    assert report.closed == 1
    (alert,) = wf.alerts()
    assert alert.status is Status.CLOSED
    assert alert.events[-1].reason == "customer c1 changed; the pair no longer matches"
    wf.import_customers(portfolio_file(tmp_path, CUSTOMERS))  # the edit undone
    assert wf.rescreen().reopened == 1
    assert wf.alerts(customer_id="c1")[-1].changes == {"matches_again": True}


def test_delisting_closes_open_alerts_and_relisting_reopens(wf: Workflow) -> None:
    wf.rescreen()
    release(wf.store, "2024-02-01", {"2": BANK})
    report = wf.rescreen()
    assert report.delisted == 1 and report.closed == 1
    (alert,) = wf.alerts()
    assert alert.status is Status.CLOSED and "delisted" in alert.events[-1].reason
    assert alert.events[-1].action == "closed_delisted"
    # (a release identical to an earlier one counts as unchanged in the store, so add an entry)
    release(wf.store, "2024-03-01", {"1": KARPOV, "2": BANK, "3": ORLOV})
    report = wf.rescreen()
    assert report.reopened == 1
    assert wf.alerts(customer_id="c1")[-1].changes == {"relisted": True}


def test_a_false_positive_stays_suppressed_until_either_side_changes(wf: Workflow) -> None:
    wf.rescreen()
    (alert,) = wf.alerts()
    wf.decide(alert.id, Decision.FALSE, "different person: other father's name")
    assert wf.rescreen(full=True).opened == 0
    assert [a.status for a in wf.alerts()] == [Status.FALSE_POSITIVE]
    release(wf.store, "2024-02-01", {"1": {**KARPOV, "nationality": ["ru"]}, "2": BANK})
    report = wf.rescreen()
    assert report.reopened == 1 and report.closed == 0  # a decided alert is not closed again
    assert [a.status for a in wf.alerts()] == [Status.FALSE_POSITIVE, Status.OPEN]


def test_a_list_release_during_the_run_loses_cleanly_and_is_covered_next(wf: Workflow) -> None:
    wf.rescreen()
    m = matchers(wf)
    release(wf.store, "2024-02-01", {"1": KARPOV, "2": BANK, "3": ORLOV})
    m.during_screening.append(lambda: release(wf.store, "2024-03-01", {"1": KARPOV, "3": ORLOV}))
    with pytest.raises(Conflict, match="new release of demo landed"):
        wf.rescreen()
    with wf.store.read() as conn:
        assert len(conn.execute(screening_runs.select()).all()) == 1
        assert len(conn.execute(alerts.select()).all()) == 1
    report = wf.rescreen()  # covers both releases: nothing was lost
    assert (report.opened, report.delisted) == (1, 1)
    assert matchers(wf).only_with[-1] == [("demo", "3")]  # 2 was delisted: nothing to screen
    assert {(a.source_id, a.status) for a in wf.alerts()} == {
        ("1", Status.OPEN),
        ("3", Status.OPEN),
    }


def test_two_runs_at_once_one_wins(wf: Workflow) -> None:
    m = matchers(wf)
    other = Workflow(wf.store, Actor("second", Classification.SECRET), NameMatchers())
    m.during_screening.append(other.rescreen)
    with pytest.raises(Conflict, match="another screening run"):
        wf.rescreen()
    with wf.store.read() as conn:
        assert [r.actor for r in conn.execute(screening_runs.select())] == ["second"]


def test_changed_matcher_settings_force_a_full_run_and_are_audited(wf: Workflow) -> None:
    wf.rescreen()
    matchers(wf).threshold = 0.5
    report = wf.rescreen()
    assert (report.mode, report.reason) == ("full", "matcher settings changed")
    with wf.store.read() as conn:
        change = [r for r in export(conn, OFFICER) if r["action"] == "settings.change"]
    assert change[0]["detail"]["before"]["threshold"] == 0.7  # type: ignore[index]
    assert change[0]["detail"]["after"]["threshold"] == 0.5  # type: ignore[index]


def test_runs_and_alerts_are_audited_and_the_chain_holds(wf: Workflow) -> None:
    wf.rescreen()
    release(wf.store, "2024-02-01", {"2": BANK})
    wf.rescreen()
    with wf.store.read() as conn:
        actions = [r["action"] for r in export(conn, OFFICER)]
    assert actions == [
        "customers.import",
        "alert.open",
        "run.finish",
        "alert.close",
        "run.finish",
    ]
    assert verify_store(wf.store).ok


def test_alerts_on_a_confidential_list_are_restricted_for_uncleared_analysts(
    store: Store, tmp_path: Path
) -> None:
    Registry(store, OFFICER).create_list("own", "Own list", Classification.CONFIDENTIAL)
    release(store, "2024-01-01", {"X-1": ORLOV}, source="own")
    flow = Workflow(store, OFFICER, NameMatchers())
    flow.import_customers(portfolio_file(tmp_path, CUSTOMERS))
    flow.rescreen()
    clerk = Workflow(store, Actor("clerk", Classification.PUBLIC))
    (seen,) = clerk.alerts()
    assert seen.restricted and seen.customer_id == "c3"
    assert seen.source is None and seen.source_id is None and seen.score is None
    assert seen.caption is None and seen.explanation == ""
    assert "Orlov" not in json.dumps(seen.to_dict())
    (full,) = flow.alerts()
    assert not full.restricted and full.source == "own" and full.caption == "Ivan Orlov"


class _Gate(NameMatchers):
    """Holds a run after it planned: at a barrier with the other threads, then until `go`."""

    def __init__(self, barrier: threading.Barrier, go: threading.Event) -> None:
        super().__init__()
        self.barrier = barrier
        self.go = go

    def everything(self, store: Store) -> NameMatcher:
        matcher = super().everything(store)
        self.barrier.wait(timeout=30)
        assert self.go.wait(timeout=30)
        return matcher


def _parallel(wf: Workflow, names: list[str], also: object = None) -> list[object]:
    """Run rescreens in threads that all plan before any records; `also` runs in between."""
    gate = threading.Barrier(len(names) + 1)
    go = threading.Event()
    outcomes: list[object] = []

    def run(name: str) -> None:
        flow = Workflow(wf.store, Actor(name, Classification.SECRET), _Gate(gate, go))
        try:
            outcomes.append(flow.rescreen())
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in names]
    for t in threads:
        t.start()
    gate.wait(timeout=30)  # every run has planned against the same state
    if also is not None:
        also()  # type: ignore[operator]
    go.set()
    for t in threads:
        t.join()
    return outcomes


def test_parallel_runs_one_wins_the_other_is_told(wf: Workflow) -> None:
    outcomes = _parallel(wf, ["ann", "bob"])
    errors = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(errors) == 1 and "another screening run" in errors[0].message
    with wf.store.read() as conn:
        assert len(conn.execute(screening_runs.select()).all()) == 1
        assert len(conn.execute(alerts.select()).all()) == 1


def test_a_release_landing_during_parallel_runs_loses_nothing(wf: Workflow) -> None:
    outcomes = _parallel(
        wf,
        ["ann", "bob"],
        lambda: release(wf.store, "2024-02-01", {"1": KARPOV, "2": BANK, "3": ORLOV}),
    )
    assert all(isinstance(o, Conflict) and "new release of demo" in o.message for o in outcomes)
    with wf.store.read() as conn:
        assert conn.execute(screening_runs.select()).all() == []
    report = wf.rescreen()  # the next run sees everything
    assert report.opened == 2 and report.releases == {"demo": 2}


def test_a_run_reports_to_an_uncleared_operator_nothing_of_hidden_lists(
    wf: Workflow, store: Store
) -> None:
    Registry(store, OFFICER).create_list("own", "Own list", Classification.CONFIDENTIAL)
    release(store, "2024-01-01", {"X-1": ORLOV, "X-2": BANK}, source="own")
    wf.rescreen()
    clerk = Workflow(store, Actor("clerk", Classification.RESTRICTED), NameMatchers())
    release(store, "2024-02-01", {"X-2": BANK}, source="own")  # X-1 delisted, c3's alert closes
    report = clerk.rescreen()
    assert report.releases == {"demo": 1}
    assert (report.changed_entities, report.delisted, report.customers_changed_entities) == (
        0,
        0,
        0,
    )
    assert report.closed == 1  # the restricted alert's closing is the customer's business
    assert "own" not in json.dumps(report.to_dict())
    # The cleared operator, and the run's record, see every list.
    release(store, "2024-03-01", {"X-1": ORLOV}, source="own")
    full = wf.rescreen()
    assert full.releases == {"demo": 1, "own": 3}
    assert (full.changed_entities, full.delisted) == (1, 1)
    with store.read() as conn:
        recorded = conn.execute(screening_runs.select().order_by(screening_runs.c.id)).all()
    assert json.loads(recorded[1].releases) == {"demo": 1, "own": 2}
