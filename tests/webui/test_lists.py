"""Lists, a list's releases and the diff between two, and an admin's new list and upload."""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.webui.conftest import SECRET_WORDS, Server, Ui
from watchlist.model.access import SYSTEM
from watchlist.registry import Registry


def test_lists_and_the_diff_between_two_releases(ui: Ui) -> None:
    ui.as_user("analyst")
    ui.go("/ui/lists")
    table = ui.page.locator("main table").inner_text()
    assert "us_ofac_sdn" in table and "own_watch" not in table  # above the analyst's clearance
    row = ui.page.locator("tr", has_text="us_ofac_sdn").inner_text()
    assert "public" in row and "2024-06-01" in row
    assert ui.axe() == []
    ui.shot("lists")
    ui.page.get_by_role("link", name="us_ofac_sdn").click()
    ui.page.wait_for_load_state()
    ui.page.get_by_role("link", name="Changes in release 2").click()
    ui.page.wait_for_load_state()
    assert "release 2 against release 1" in ui.page.get_by_role("heading", level=1).inner_text()
    summary = ui.page.locator("main p.meta").inner_text()
    assert "1 listed · 1 amended · 1 delisted" in summary
    karpov = ui.page.locator("tr", has_text="Pavel KARPOV").inner_text()
    assert "amended" in karpov and "Alias: Павел Карпов" in karpov
    assert "delisted" in ui.page.locator("tr", has_text="Zhukov Star").inner_text()
    assert "listed" in ui.page.locator("tr", has_text="Ivan Petrovich Sidorov").inner_text()
    assert ui.axe() == []
    ui.shot("diff")
    # the whole history of the list: from before its first release
    ui.page.get_by_label("From").select_option("")
    ui.page.get_by_label("To").select_option("2024-01-01")
    ui.submit("Compare")
    assert "to=2024-01-01" in ui.page.url
    assert "4 listed" in ui.page.locator("main p.meta").inner_text()
    ui.go("/ui/lists/own_watch")
    assert ui.page.locator("h1").inner_text() == "Not found"
    assert not any(w in ui.page.content() for w in SECRET_WORDS if w != "own_watch")


def test_an_admin_creates_a_list_and_uploads_a_release(ui: Ui, server: Server) -> None:
    ui.as_user("officer")
    ui.go("/ui/lists")
    # an officer is a supervisor: no admin forms
    assert ui.page.get_by_role("button", name="Create list").count() == 0
    ui.as_user("admin")
    ui.go("/ui/lists")
    ui.page.get_by_label("Name", exact=True).fill("own_magnitsky")
    ui.page.get_by_label("Title").fill("Our Magnitsky list")
    ui.page.get_by_label("Classification").select_option("public")
    ui.submit("Create list")
    assert "List own_magnitsky created" in ui.page.get_by_role("status").inner_text()
    assert "Our Magnitsky list" in ui.page.locator("tr", has_text="own_magnitsky").inner_text()
    ui.go("/ui/lists/own_magnitsky")
    ui.page.get_by_label("List file(s)").set_input_files(str(FIXTURES / "own" / "confidential.csv"))
    ui.page.get_by_label("Published").fill("2025-01-02")
    ui.submit("Import")
    status = ui.page.get_by_role("status").inner_text()
    assert "own_magnitsky: release 1 of 2025-01-02, 4 entities" in status, status
    assert ui.axe() == []
    ui.shot("upload")
    # the same file again: unchanged, no new release
    ui.page.get_by_label("List file(s)").set_input_files(str(FIXTURES / "own" / "confidential.csv"))
    ui.submit("Import")
    assert "unchanged" in ui.page.get_by_role("status").inner_text()
    # a file no importer reads: an error page naming the file, nothing imported
    bad = server.folder / "notes.txt"
    bad.write_text("just some words\n", encoding="utf-8")
    ui.go("/ui/lists/own_magnitsky")
    ui.page.get_by_label("List file(s)").set_input_files(str(bad))
    ui.submit("Import")
    assert "notes.txt" in ui.page.get_by_role("alert").inner_text()
    found = Registry(server.store, SYSTEM).lists()
    assert [r.releases for r in found if r.source == "own_magnitsky"] == [1]
