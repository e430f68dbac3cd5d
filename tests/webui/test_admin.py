"""The supervisor's audit page, the admin's users and keys, and what every page shares:
labels on every field, focus in the order of the page, no serious accessibility problem."""

from __future__ import annotations

import json

import httpx

from tests.webui.conftest import PASSWORD, Server, Ui


def test_the_audit_page_verifies_the_chain_and_searches_it(ui: Ui, server: Server) -> None:
    ui.as_user("analyst")
    ui.go("/ui/audit")
    assert ui.page.locator("h1").inner_text() == "Not allowed"
    ui.as_user("supervisor")
    ui.go("/ui/audit")
    assert "Chain verified" in ui.page.get_by_role("status").inner_text()
    ui.page.get_by_label("User").fill("supervisor")
    ui.page.get_by_label("Action").fill("user.")
    ui.submit("Search")
    assert "user=supervisor" in ui.page.url and "action=user." in ui.page.url
    actions = ui.page.locator("table.audit tbody td:nth-child(4)").all_inner_texts()
    who = set(ui.page.locator("table.audit tbody td:nth-child(3)").all_inner_texts())
    assert "user.signin" in actions and who == {"supervisor"}
    assert all(a.startswith("user.") for a in actions)
    assert ui.axe() == []
    ui.shot("audit")
    # an officer cleared for every list exports the trail; a public supervisor may not
    ui.go("/ui/audit/export")
    assert ui.page.locator("h1").inner_text() == "Not allowed"
    ui.as_user("officer")
    response = ui.page.request.get(server.url + "/ui/audit/export")
    lines = [json.loads(line) for line in response.text().splitlines()]
    assert response.status == 200 and lines[0]["seq"] == 1 and lines[-1]["hash"]


def test_an_admin_adds_a_user_who_signs_in_and_creates_and_revokes_a_key(
    ui: Ui, server: Server
) -> None:
    ui.as_user("admin")
    ui.go("/ui/users")
    ui.page.get_by_label("Name", exact=True).fill("newcomer")
    ui.page.get_by_label("Role").select_option("analyst")
    ui.page.get_by_label("Clearance").select_option("public")
    ui.page.get_by_label("Password", exact=True).fill(PASSWORD)
    ui.submit("Add user")
    assert "user newcomer added" in ui.page.get_by_role("status").inner_text()
    row = ui.page.locator("tr", has_text="newcomer")
    assert "analyst" in row.inner_text()
    row.get_by_role("button", name="Create key").click()
    ui.page.wait_for_load_state()
    key = ui.page.locator("#new-key").inner_text()
    assert key.startswith("wl_")
    assert ui.axe() == []
    ui.shot("users")
    r = httpx.get(server.url + "/v1/lists", headers={"Authorization": f"ApiKey {key}"})
    assert r.status_code == 200
    # shown once: the page reloaded no longer holds it
    ui.go("/ui/users")
    assert key not in ui.page.content()
    key_id = key.split("_")[1]
    ui.page.get_by_role("button", name=f"Revoke key {key_id} of newcomer").click()
    ui.page.wait_for_load_state()
    assert f"key {key_id} revoked" in ui.page.get_by_role("status").inner_text()
    r = httpx.get(server.url + "/v1/lists", headers={"Authorization": f"ApiKey {key}"})
    assert r.status_code == 401
    ui.sign_in("newcomer")
    assert "newcomer · analyst · public" in ui.page.locator("header").inner_text()


PAGES = {
    "screener": ["/ui/screen", "/ui/lists"],
    "admin": [
        "/ui/alerts",
        "/ui/alerts?status=",
        "/ui/lists",
        "/ui/lists/us_ofac_sdn",
        "/ui/lists/us_ofac_sdn/diff",
        "/ui/entities/us_ofac_sdn/15880",
        "/ui/audit",
        "/ui/users",
        "/ui/nowhere-at-all",
    ],
}


UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea')]
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
    .map(e => e.name || e.id)"""


def test_every_page_has_labelled_fields_and_no_serious_accessibility_problem(ui: Ui) -> None:
    for user, paths in PAGES.items():
        ui.as_user(user)
        for path in paths:
            ui.go(path)
            assert ui.axe() == [], (user, path)
            unlabelled = ui.page.evaluate(UNLABELLED)
            assert unlabelled == [], (user, path, unlabelled)


FOCUSED = "(e => e.id || e.textContent.trim())(document.activeElement)"


def test_focus_follows_the_page_order(ui: Ui) -> None:
    ui.as_user("analyst")
    ui.go("/ui/screen")
    # start from the top of the page (the name field has the focus when the page opens)
    ui.page.locator("header .brand").click()
    order = []
    for _ in range(10):
        ui.page.keyboard.press("Tab")
        order.append(ui.page.evaluate(FOCUSED))
    assert order == [
        "Screen",
        "Alerts",
        "Lists",
        "Sign out",
        "name",
        "kind",
        "birth_date",
        "country",
        "identifier",
        "Screen",
    ], order
    # nothing sets its own tab order
    assert ui.page.locator("[tabindex]:not([tabindex='-1'])").count() == 0
