"""`watchlist update` against a local HTTP server serving real OFAC and UN slices: a changed
list is imported and re-screened against its changed entries only; a failed, truncated or
unchanged download leaves the store and the alerts as they were."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fetch.httpserver import FILES, Route, Server, serve
from tests.workflow.helpers import OFFICER, NameMatchers, portfolio_file
from watchlist.audit import verify_store
from watchlist.audit.verify import export
from watchlist.errors import InvalidInput, WatchlistError
from watchlist.fetch import UpdateReport, fetch_table, parse_interval, run_every, update
from watchlist.fetch.sources import parse_table
from watchlist.settings import Settings
from watchlist.store.db import Store
from watchlist.store.tables import releases
from watchlist.workflow import Status, Workflow

WORKFLOW_DOC = (Path(__file__).parents[2] / "docs" / "workflow.md").read_text(encoding="utf-8")


@pytest.fixture
def server() -> Iterator[Server]:
    with serve() as state:
        yield state


CUSTOMERS = (
    "id,name\nc1,Pavel Karpov\nc2,Aleksey O. Droganov\nc3,Dmitriy Komnov\nc4,Jane Ordinary\n"
)


@pytest.fixture
def desk(store: Store, tmp_path: Path) -> Workflow:
    flow = Workflow(store, OFFICER, NameMatchers())
    flow.import_customers(portfolio_file(tmp_path, CUSTOMERS))
    return flow


def run_update(desk: Workflow, server: Server, *only: str) -> UpdateReport:
    return update(
        desk.store,
        OFFICER,
        only=only,
        settings=Settings(fetch_urls=server.table(), fetch_timeout=5),
        matchers=desk.matchers,
    )


def state(desk: Workflow) -> tuple[list[tuple[int, int]], list[tuple[str, str, str]]]:
    with desk.store.read() as conn:
        rels = [
            (r.seq, r.entities) for r in conn.execute(releases.select().order_by(releases.c.id))
        ]
    alerts = [(a.customer_id, a.source_id or "", a.status.value) for a in desk.alerts()]
    return rels, alerts


def test_changed_list_is_imported_and_rescreened_against_changed_entries(
    desk: Workflow, server: Server
) -> None:
    server.serve_sdn("sdn_v1")
    first = run_update(desk, server, "us_ofac_sdn")
    assert first.ok and [o.status for o in first.lists] == ["imported"]
    assert first.run is not None and first.run.mode == "full"
    assert {(a.customer_id, a.source_id) for a in desk.alerts()} == {
        ("c1", "15880"),
        ("c2", "15879"),
    }
    m = desk.matchers
    assert isinstance(m, NameMatchers)
    m.screened.clear()
    server.serve_sdn("sdn_v2")  # 15879 delisted, 15881 listed
    second = run_update(desk, server, "us_ofac_sdn")
    assert second.ok and second.lists[0].status == "imported" and second.lists[0].release == 2
    run = second.run
    assert run is not None and run.mode == "incremental"
    assert (run.changed_entities, run.delisted) == (1, 1)
    assert m.only_with[-1] == [("us_ofac_sdn", "15881")]
    assert sorted(m.screened) == ["only:c1", "only:c2", "only:c3", "only:c4"]
    assert state(desk)[1] == [
        ("c1", "15880", "open"),
        ("c2", "15879", "closed"),
        ("c3", "15881", "open"),
    ]
    assert "delisted" in desk.alerts(customer_id="c2")[0].events[-1].reason


def test_unchanged_download_is_not_imported_and_nothing_is_rescreened(
    desk: Workflow, server: Server
) -> None:
    server.serve_sdn("sdn_v1")
    run_update(desk, server, "us_ofac_sdn")
    before = state(desk)
    again = run_update(desk, server, "us_ofac_sdn")
    assert again.ok and again.lists[0].status == "unchanged" and again.lists[0].release == 1
    assert again.run is None and "nothing changed" in again.lines()[-1]
    assert state(desk) == before
    with desk.store.read() as conn:
        actions = [r["action"] for r in export(conn, OFFICER)]
    assert actions.count("list.import") == 1 and actions[-1] == "list.fetch_unchanged"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (Route(b"oops", 500), "HTTP 500"),
        (None, "HTTP 404"),
        (Route(b"x" * 4000, cut=True), "truncated download"),
    ],
    ids=["server-error", "missing", "cut-connection"],
)
def test_failed_download_leaves_store_and_alerts_as_they_were(
    desk: Workflow, server: Server, broken: Route | None, message: str
) -> None:
    server.serve_sdn("sdn_v1")
    run_update(desk, server, "us_ofac_sdn")
    before = state(desk)
    server.serve_sdn("sdn_v2")
    if broken is None:
        del server.routes["/sdn/ALT.CSV"]
    else:
        server.routes["/sdn/ALT.CSV"] = broken
    report = run_update(desk, server, "us_ofac_sdn")
    assert not report.ok and report.lists[0].status == "failed"
    assert message in report.lists[0].message and "/sdn/ALT.CSV" in report.lists[0].message
    assert state(desk) == before
    with desk.store.read() as conn:
        failed = [r for r in export(conn, OFFICER) if r["action"] == "list.fetch_failed"]
    assert len(failed) == 1 and message in str(failed[0]["detail"])
    assert verify_store(desk.store).ok


@pytest.mark.parametrize(
    ("broken", "limits", "message"),
    [
        (Route(b"x" * (3 << 20)), {"fetch_max_mb": 2}, "larger than 2 MB"),
        (Route(b"x" * 4000, stall=4.0), {"fetch_timeout": 0.5}, "no data for 0.5 seconds"),
    ],
    ids=["over-max-mb", "silent-server"],
)
def test_download_limits_fail_the_list_and_change_nothing(
    desk: Workflow, server: Server, broken: Route, limits: dict[str, float], message: str
) -> None:
    server.serve_sdn("sdn_v1")
    run_update(desk, server, "us_ofac_sdn")
    before = state(desk)
    server.serve_sdn("sdn_v2")
    server.routes["/sdn/ALT.CSV"] = broken
    settings = Settings(fetch_urls=server.table(), **{"fetch_timeout": 5, **limits})
    report = update(
        desk.store, OFFICER, ("us_ofac_sdn",), settings=settings, matchers=desk.matchers
    )
    assert not report.ok and report.lists[0].status == "failed"
    assert message in report.lists[0].message and "/sdn/ALT.CSV" in report.lists[0].message
    assert state(desk) == before


def test_truncated_file_is_refused_by_the_importer_and_other_lists_still_update(
    desk: Workflow, server: Server
) -> None:
    whole = (FILES / "un" / "consolidated.xml").read_bytes()
    server.routes["/un/consolidated.xml"] = Route(whole[:3000])  # served whole, but cut short
    server.serve_sdn("sdn_v1")
    report = run_update(desk, server)
    by_list = {o.source: o for o in report.lists}
    assert by_list["us_ofac_sdn"].status == "imported"
    bad = by_list["un_sc_sanctions"]
    assert bad.status == "failed" and "malformed XML" in bad.message
    assert f"{server.base}/un/consolidated.xml" in bad.message and "/tmp" not in bad.message
    rels, alerts = state(desk)
    assert rels == [(1, 4)] and len(alerts) == 2  # the SDN release and its alerts only
    server.routes["/un/consolidated.xml"] = Route(whole)
    assert run_update(desk, server, "un_sc_sanctions").lists[0].status == "imported"


def test_unreachable_server_is_a_clear_failure(desk: Workflow, tmp_path: Path) -> None:
    table = json.dumps({"us_ofac_sdn": ["http://127.0.0.1:9/sdn.csv"]})
    settings = Settings(fetch_urls=table, fetch_timeout=2)
    report = update(desk.store, OFFICER, settings=settings, matchers=desk.matchers)
    assert report.lists[0].status == "failed" and "cannot connect" in report.lists[0].message


def test_address_table_override_forms_and_errors() -> None:
    table = parse_table(
        '{"un": ["https://x.org/a/consolidated.xml"], "own": {"f.csv": "file:///d/f.csv"}}'
    )
    assert table == {
        "un": {"consolidated.xml": "https://x.org/a/consolidated.xml"},
        "own": {"f.csv": "file:///d/f.csv"},
    }
    for text, fragment in [
        ("{not json", "not JSON"),
        ("[1]", "JSON object"),
        ('{"a": {"../x": "https://x.org/y"}}', "bad file name"),
        ('{"a": ["ftp://x.org/y.csv"]}', "not an http(s) or file address"),
        ('{"a": 5}', "needs a list of addresses"),
    ]:
        with pytest.raises(InvalidInput, match=re.escape(fragment)):
            parse_table(text)
    default = fetch_table(Settings(fetch_urls=None).fetch_urls)
    ofac = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
    assert default["us_ofac_sdn"] == {
        "sdn.csv": ofac + "SDN.CSV",
        "add.csv": ofac + "ADD.CSV",
        "alt.csv": ofac + "ALT.CSV",
        "sdn_comments.csv": ofac + "SDN_COMMENTS.CSV",
    }
    # Every address docs/workflow.md gives is the one a default update downloads.
    documented = re.findall(r"^\| `(\w+)` \| .*?`(https://[^`]+)`", WORKFLOW_DOC, re.MULTILINE)
    assert len(documented) >= 4
    for dataset, url in documented:
        assert any(u.startswith(url) for u in default[dataset].values()), (dataset, url)


def test_unknown_list_name_is_refused_before_anything_downloads(
    desk: Workflow, server: Server
) -> None:
    with pytest.raises(InvalidInput, match="no address configured for nowhere"):
        run_update(desk, server, "nowhere")
    assert server.hits == []


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("1d", 86400)]
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "1", "h", "1w", "1h x", "0s"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_interval(text)


def test_every_keeps_going_after_a_failed_cycle() -> None:
    calls: list[str] = []
    slept: list[float] = []

    def cycle() -> UpdateReport:
        calls.append("cycle")
        if calls.count("cycle") == 2:
            raise WatchlistError("the store is locked")
        return UpdateReport()

    errors: list[str] = []
    run_every(3600, cycle, lambda r: calls.append("report"), lambda e: errors.append(e.message),
              sleep=slept.append, cycles=3)  # fmt: skip
    assert calls == ["cycle", "report", "cycle", "cycle", "report"]
    assert errors == ["the store is locked"] and len(slept) == 2 and slept[0] > 3590


def test_alerts_stay_consistent_when_a_cycle_fails_between_two_good_ones(
    desk: Workflow, server: Server
) -> None:
    server.serve_sdn("sdn_v1")
    run_update(desk, server, "us_ofac_sdn")
    server.routes["/sdn/SDN.CSV"] = Route(b"", 503)
    assert not run_update(desk, server, "us_ofac_sdn").ok
    server.serve_sdn("sdn_v2")
    report = run_update(desk, server, "us_ofac_sdn")
    assert report.ok and report.run is not None
    statuses = {(a.customer_id, a.status) for a in desk.alerts()}
    assert statuses == {("c1", Status.OPEN), ("c2", Status.CLOSED), ("c3", Status.OPEN)}
