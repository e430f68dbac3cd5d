"""The alerts queue and the alert page in the browser: filters in the URL, sorting, bulk
assignment and dismissal, the side-by-side comparison, four eyes, decide-and-next, and a
restricted alert that an uncleared analyst may only escalate."""

from __future__ import annotations

import re

from tests.webui.conftest import SECRET_WORDS, Server, Ui
from watchlist.model.access import SYSTEM
from watchlist.workflow import Status, Workflow


def decide(ui: Ui, decision: str, code: str, reason: str, then: str = "Decide") -> None:
    ui.page.locator(f'input[name="decision"][value="{decision}"]').check()
    ui.page.get_by_label("Reason code").select_option(code)
    ui.page.get_by_label("Reason in words").fill(reason)
    ui.submit(then)


def status(server: Server, alert_id: int) -> Status:
    return Workflow(server.store, SYSTEM).alert(alert_id).status


def test_the_queue_filters_sorts_and_keeps_it_in_the_url(ui: Ui, server: Server) -> None:
    ui.as_user("analyst")
    ui.go("/ui/alerts")
    assert ui.page.get_by_role("heading", name="Alerts", exact=True).count() == 1
    ui.page.get_by_label("Customer").fill("C-5")
    ui.submit("Filter")
    assert "customer=C-5" in ui.page.url
    rows = ui.page.locator("table.queue tbody tr")
    assert rows.count() == 1 and "Georgy Zhukov" in rows.first.inner_text()
    # the filter survives a reload: it is the URL
    ui.page.reload()
    assert ui.page.get_by_label("Customer").input_value() == "C-5"
    ui.go("/ui/alerts?status=open&min_score=0.9&sort=score&order=desc")
    scores = [
        float(t) for t in ui.page.locator("table.queue tbody td.num:nth-child(6)").all_inner_texts()
    ]
    assert scores and all(s >= 0.9 for s in scores) and scores == sorted(scores, reverse=True)
    # sorting by a column header keeps the filters
    ui.page.get_by_role("link", name="Customer").click()
    ui.page.wait_for_load_state()
    assert "min_score=0.9" in ui.page.url and "sort=customer" in ui.page.url
    customers = ui.page.locator("table.queue tbody td:nth-child(4)").all_inner_texts()
    assert customers == sorted(customers)
    assert "Keyboard shortcuts" in ui.page.locator("main").inner_text()
    assert ui.axe() == []
    ui.shot("queue")


def test_several_alerts_assigned_and_dismissed_at_once(ui: Ui, server: Server) -> None:
    ui.as_user("analyst")
    ui.go("/ui/alerts?status=open&customer=C-4")
    ui.page.get_by_label("Select alert", exact=False).first.check()
    ui.page.get_by_label("Assign to").select_option("analyst2")
    ui.submit("Assign")
    assert "assigned to analyst2" in ui.page.get_by_role("status").inner_text()
    assert Workflow(server.store, SYSTEM).alerts(customer_id="C-4")[0].assignee == "analyst2"
    ui.go("/ui/alerts?assignee=analyst2")
    assert "C-4" in ui.page.locator("table.queue").inner_text()
    # two at once marked false positive, with one reason
    ui.go("/ui/alerts?status=open&min_score=0.8&max=1")
    c8, c9 = server.alert_id("C-8"), server.alert_id("C-9")
    ui.page.locator(f'input[name="ids"][value="{c8}"]').check()
    ui.page.locator(f'input[name="ids"][value="{c9}"]').check()
    ui.page.get_by_label("False positive because").select_option("different birth date")
    ui.page.get_by_label("In words").fill("customers born in 1990, per passport copies")
    ui.submit("Mark false positive")
    assert "2 alert(s) marked false positive" in ui.page.get_by_role("status").inner_text()
    assert status(server, c8) is status(server, c9) is Status.FALSE_POSITIVE
    assert ui.axe() == []


def test_a_true_match_waits_for_a_second_person(ui: Ui, server: Server) -> None:
    alert = server.alert_id("C-1")
    ui.as_user("analyst")
    ui.go(f"/ui/alerts/{alert}")
    side = ui.page.locator("table.side-by-side").inner_text()
    assert re.search(r"Birth date\s+1977-08-27\s+1977-08-27\s+agrees", side), side
    assert re.search(r"Identifier\s+–\s+4509123456\s+missing", side), side
    assert "Why it scored 1.00" in ui.page.locator("main").inner_text()
    assert ui.axe() == []
    ui.shot("alert")
    decide(ui, "true", "name and birth date agree", "same man: birth date and name agree")
    assert status(server, alert) is Status.AWAITING_CONFIRMATION
    notice = ui.page.locator("main").inner_text()
    assert "waits for a second analyst" in notice
    # the proposer cannot confirm their own: no such choice, and the server refuses it too
    assert ui.page.locator('input[name="decision"][value="true"]').count() == 0
    r = ui.page.request.post(
        f"{server.url}/ui/alerts/{alert}/decisions",
        form={
            "csrf": ui.csrf(),
            "decision": "true",
            "code": "name and birth date agree",
            "reason": "again",
        },
    )
    assert r.status == 403 and status(server, alert) is Status.AWAITING_CONFIRMATION
    ui.shot("awaiting")
    # a second person confirms
    ui.as_user("supervisor")
    ui.go(f"/ui/alerts/{alert}")
    decide(ui, "true", "name and birth date agree", "confirmed on the passport copy")
    assert status(server, alert) is Status.TRUE_MATCH
    history = ui.page.locator("section", has_text="History").last.inner_text()
    assert "proposed true" in history and "confirmed true" in history
    assert "alert.decide" in history and "analyst" in history and "supervisor" in history


def test_a_false_positive_stays_closed_on_the_next_run(ui: Ui, server: Server) -> None:
    alert = server.alert_id("C-2")
    ui.as_user("analyst")
    ui.go(f"/ui/alerts/{alert}")
    decide(ui, "false", "different identifier", "customer's passport is AB1235")
    assert status(server, alert) is Status.FALSE_POSITIVE
    Workflow(server.store, SYSTEM).rescreen(full=True)
    again = Workflow(server.store, SYSTEM).alerts(customer_id="C-2")
    assert [a.id for a in again] == [alert] and again[0].status is Status.FALSE_POSITIVE
    ui.go("/ui/alerts?status=open&customer=C-2")
    assert "No alert matches" in ui.page.locator("table.queue").inner_text()
    ui.go(f"/ui/alerts/{alert}")
    assert "it takes no more decisions" in ui.page.locator("main").inner_text()


def test_decide_and_next_opens_the_next_alert_of_the_queue(ui: Ui, server: Server) -> None:
    first = server.alert_id("C-6")
    ui.as_user("analyst")
    ui.go("/ui/alerts?status=open&customer=C-6")
    ui.page.keyboard.press("o")  # the shortcut opens the first alert
    ui.page.wait_for_url(f"**/ui/alerts/{first}?*")
    ui.page.keyboard.press("r")
    assert ui.page.evaluate("document.activeElement.id") == "reason"
    decide(ui, "escalate", "second opinion wanted", "born the same day, ask", "Decide and next")
    assert status(server, first) is Status.ESCALATED
    # the queue held only this one: back to it, empty
    assert "the queue is empty" in ui.page.get_by_role("status").inner_text()
    ui.go("/ui/alerts?status=open&min_score=0.84&sort=id")
    ids = [int(t) for t in ui.page.locator("table.queue tbody td.num a").all_inner_texts()]
    ui.go(f"/ui/alerts/{ids[0]}?back=status%3Dopen%26min_score%3D0.84%26sort%3Did")
    ui.page.locator('input[name="decision"][value="escalate"]').check()
    ui.page.get_by_label("Reason code").select_option("needs more information")
    ui.page.get_by_label("Reason in words").fill("asking the branch")
    ui.submit("Decide and next")
    assert ui.page.url.split("?")[0].endswith(f"/ui/alerts/{ids[1]}")
    assert "min_score%3D0.84" in ui.page.url


def test_an_uncleared_analyst_sees_a_restricted_alert_and_may_only_escalate(
    ui: Ui, server: Server
) -> None:
    alert = server.alert_id("C-3")
    ui.as_user("analyst")
    pages = ["/ui/alerts?status=", f"/ui/alerts/{alert}", "/ui/lists", "/ui/screen"]
    for path in pages:
        ui.go(path)
        content = ui.page.content()
        for word in SECRET_WORDS:
            assert word not in content, (path, word)
        assert ui.axe() == [], path
    ui.go("/ui/alerts?customer=C-3&status=")
    row = ui.page.locator("table.queue tbody tr").first.inner_text()
    assert "restricted" in row and "Quixley" not in row
    ui.go(f"/ui/alerts/{alert}")
    assert ui.page.title() == f"Alert {alert} · watchlist"
    assert ui.page.locator('input[name="decision"]').get_attribute("value") == "escalate"
    ui.shot("restricted")
    # a false positive forged past the page is refused
    r = ui.page.request.post(
        f"{server.url}/ui/alerts/{alert}/decisions",
        form={"csrf": ui.csrf(), "decision": "false", "reason": "looks fine"},
    )
    assert r.status == 403 and not any(w in r.text() for w in SECRET_WORDS)
    ui.page.get_by_label("Why escalate").fill("customer on a list I may not read")
    ui.submit("Escalate to a cleared officer")
    assert status(server, alert) is Status.ESCALATED
    # screening the listed name shows a restricted hit, never the entry
    ui.go("/ui/screen")
    ui.page.get_by_label("Name", exact=True).fill("Bartholomew Quixley")
    ui.submit("Screen")
    hits = ui.page.locator("ol.hits").inner_text()
    assert "Restricted hit" in hits and "own_watch" not in hits and "W1" not in hits
    # an officer cleared for the list sees it all
    ui.as_user("officer")
    ui.go(f"/ui/alerts/{alert}")
    assert "Bartholomew Quixley" in ui.page.locator("h1").inner_text()
