"""The workflow with the real screening library, on real OFAC SDN records: the listed customer
(also written in Cyrillic) is alerted with an explanation, the ordinary one is not, and the next
release is screened against its changed entries only."""

from __future__ import annotations

from pathlib import Path

from tests.fetch.httpserver import FILES
from tests.workflow.helpers import OFFICER, portfolio_file
from watchlist.audit import verify_store
from watchlist.audit.verify import export
from watchlist.screening import DEFAULT_THRESHOLD
from watchlist.store.db import Store
from watchlist.workflow import Status, Workflow

CUSTOMERS = (
    "id,name,dob\n"
    "c1,Pavel Karpov,1977-08-27\n"
    "c2,Jane Ordinary Smithson,1980-01-01\n"
    "c3,Павел Карпов,1977-08-27\n"
    "c4,Dmitriy Komnov,1977-05-17\n"
)


def test_listed_customers_are_alerted_and_a_new_release_rescreened(
    store: Store, tmp_path: Path
) -> None:
    wf = Workflow(store, OFFICER)
    wf.import_lists(sorted((FILES / "sdn_v1").glob("*.csv")))
    wf.import_customers(portfolio_file(tmp_path, CUSTOMERS))
    first = wf.rescreen()
    pairs = {(a.customer_id, a.source_id) for a in wf.alerts()}
    assert ("c1", "15880") in pairs and ("c3", "15880") in pairs
    assert not any(c == "c2" for c, _ in pairs)
    assert ("c4", "15881") not in pairs  # not listed yet
    karpov = wf.alerts(customer_id="c1")[0]
    assert karpov.score is not None and karpov.score >= DEFAULT_THRESHOLD
    assert karpov.explanation and first.mode == "full"

    wf.import_lists(sorted((FILES / "sdn_v2").glob("*.csv")))  # 15881 KOMNOV listed
    second = wf.rescreen()
    assert second.mode == "incremental" and second.changed_entities == 1
    new = wf.alerts(customer_id="c4")
    assert [(a.source_id, a.status) for a in new] == [("15881", Status.OPEN)]
    assert len(wf.alerts(customer_id="c1")) == 1  # unchanged pair: no second alert
    with store.read() as conn:
        actions = [r["action"] for r in export(conn, OFFICER)]
    assert actions.count("list.import") == 2 and actions.count("run.finish") == 2
    assert verify_store(store).ok
