"""Signing in and out in the browser, and what a session cookie can and cannot do."""

from __future__ import annotations

import httpx

from tests.webui.conftest import MAX_FAILURES, PASSWORD, Server, Ui
from watchlist.auth import Role, Users
from watchlist.auth.passwords import set_password
from watchlist.model.access import SYSTEM, Classification


def test_sign_in_then_out_and_the_old_cookie_is_dead(ui: Ui) -> None:
    response = ui.go("/ui/screen")
    assert "/ui/signin" in ui.page.url  # not signed in: sent to sign in first
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
        response.headers
    )
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert ui.axe() == []
    ui.shot("signin")
    ui.sign_in("analyst", here=True)
    assert ui.page.url.endswith("/ui/screen")
    cookie = next(c for c in ui.context.cookies() if c["name"] == "wl_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]
    assert "analyst" in ui.page.locator("header").inner_text()
    ui.page.get_by_role("button", name="Sign out").click()
    ui.page.wait_for_url("**/ui/signin")
    # the cookie taken before signing out no longer opens any page
    with httpx.Client(base_url=ui.server.url, cookies={"wl_session": cookie["value"]}) as client:
        r = client.get("/ui/screen", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ui/signin")


def test_a_wrong_password_is_refused_in_the_same_words_as_an_unknown_user(ui: Ui) -> None:
    ui.sign_in("supervisor", "not the password")
    wrong = ui.page.get_by_role("alert").inner_text()
    ui.sign_in("nobody-at-all", "not the password")
    assert ui.page.get_by_role("alert").inner_text() == wrong == "wrong user name or password"
    assert "/ui/signin" in ui.page.url


def test_a_form_without_its_csrf_token_is_refused(ui: Ui) -> None:
    ui.as_user("analyst")
    ui.go("/ui/screen")
    token = ui.csrf()
    # the same session, the form posted with no token or a wrong one: refused, nothing screened
    for data in ({"name": "Pavel Karpov"}, {"name": "Pavel Karpov", "csrf": "0" * 64}):
        r = ui.page.request.post(ui.server.url + "/ui/screen", form=data)
        assert r.status == 403 and "KARPOV" not in r.text()
    # from another site, even with the token: refused
    r = ui.page.request.post(
        ui.server.url + "/ui/screen",
        form={"name": "Pavel Karpov", "csrf": token},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status == 403
    r = ui.page.request.post(
        ui.server.url + "/ui/screen", form={"name": "Pavel Karpov", "csrf": token}
    )
    assert r.status == 200 and "KARPOV" in r.text()
    # the sign-in form has its own token too
    r = ui.page.request.post(
        ui.server.url + "/ui/signin", form={"username": "analyst", "password": "x"}
    )
    assert r.status == 403


def test_a_cookie_of_one_user_cannot_act_as_another(ui: Ui, server: Server) -> None:
    ui.sign_in("screener")
    ui.go("/ui/screen")
    screener_token = ui.csrf()
    cookie = next(c for c in ui.context.cookies() if c["name"] == "wl_session")
    # another user's CSRF token does not go with this cookie
    other = ui.context.browser.new_context()
    page = other.new_page()
    page.goto(server.url + "/ui/signin")
    page.get_by_label("User name").fill("analyst")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(server.url + "/ui/screen")
    analyst_token = page.locator('input[name="csrf"]').first.get_attribute("value")
    other.close()
    assert analyst_token != screener_token
    with httpx.Client(base_url=server.url, cookies={"wl_session": cookie["value"]}) as client:
        r = client.post("/ui/screen", data={"name": "Pavel Karpov", "csrf": analyst_token})
        assert r.status_code == 403
        # and the screener's cookie opens only what a screener may see
        r = client.get("/ui/entities/us_ofac_sdn/15880")
        assert r.status_code == 403 and "KARPOV" not in r.text
        r = client.get("/ui/screen")
        assert "screener · screener" in r.text


def test_repeated_failures_lock_the_user_out(ui: Ui, server: Server) -> None:
    Users(server.store, SYSTEM).add("lockme", Role.ANALYST, Classification.PUBLIC)
    set_password(server.store, SYSTEM, "lockme", PASSWORD)
    for _ in range(MAX_FAILURES):
        ui.sign_in("lockme", "wrong password!")
    assert "too many failed sign-ins" in ui.page.get_by_role("alert").inner_text()
    ui.sign_in("lockme")  # the right password, too late
    assert "too many failed sign-ins" in ui.page.get_by_role("alert").inner_text()
    assert "/ui/signin" in ui.page.url
    # an admin setting a new password lifts the lock
    set_password(server.store, SYSTEM, "lockme", PASSWORD + "!")
    ui.sign_in("lockme", PASSWORD + "!")
    assert "/ui/signin" not in ui.page.url and "lockme" in ui.page.locator("header").inner_text()
