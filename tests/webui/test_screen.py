"""The Screen page: hits explained in words, every field reaching the scorer, and the entity
a hit links to with its names, provenance, linked entries and timeline."""

from __future__ import annotations

from tests.webui.conftest import Ui

BASE = {"name": "Pavel Karpov"}


def screen(ui: Ui, **fields: str) -> str | None:
    """Screen with the form; the score shown for KARPOV (None when he is not a hit)."""
    ui.go("/ui/screen")
    page = ui.page
    page.get_by_label("Name", exact=True).fill(fields.get("name", ""))
    page.get_by_label("Type").select_option(fields.get("kind", ""))
    page.get_by_label("Birth date").fill(fields.get("birth_date", ""))
    page.get_by_label("Country").fill(fields.get("country", ""))
    page.get_by_label("Identifier").fill(fields.get("identifier", ""))
    ui.submit("Screen")
    hit = page.locator("li.hit", has_text="Pavel KARPOV")
    if hit.count() == 0:
        return None
    return str(hit.locator(".score").inner_text())


def test_screen_a_cyrillic_name_and_read_why_it_hits(ui: Ui) -> None:
    ui.as_user("analyst")
    assert screen(ui, name="Павел Карпов", birth_date="1977-08-27") == "1.00"
    hit = ui.page.locator("li.hit", has_text="Pavel KARPOV")
    why = hit.locator("table.why").inner_text()
    assert "Name" in why and "pavel karpov" in why
    assert "Birth date" in why and "1977-08-27" in why
    assert ui.page.get_by_role("heading", name="1 hit for “Павел Карпов”").count() == 1
    assert ui.axe() == []
    ui.shot("hits")
    # the hit links to the entity, with its history
    hit.get_by_role("link", name="Pavel KARPOV").click()
    ui.page.wait_for_load_state()
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Pavel KARPOV"
    timeline = ui.page.locator("ol.timeline").inner_text()
    assert "Listed in release 1 of 2024-01-01" in timeline
    assert "Amended in release 2 of 2024-06-01" in timeline
    assert "Alias: Павел Карпов" in timeline and "Passport number: 4509123456" in timeline


def test_every_field_of_the_form_changes_the_result(ui: Ui) -> None:
    ui.as_user("screener")
    base = screen(ui, **BASE)
    assert base is not None
    for field, value in (
        ("name", "Pavel Karpovich Smirnov"),
        ("kind", "Vessel"),
        ("birth_date", "1977-08-27"),
        ("country", "Russia"),
        ("identifier", "4509123456"),
    ):
        changed = screen(ui, **{**BASE, field: value})
        assert changed != base, f"{field}={value!r} changed nothing ({base})"
    # a wrong birth date counts against: lower than the name alone
    lower = screen(ui, **BASE, birth_date="1950-01-01")
    assert lower is None or float(lower) < float(base)


def test_a_bad_field_is_named_next_to_it(ui: Ui) -> None:
    ui.as_user("screener")
    screen(ui, name="Pavel Karpov", birth_date="27/08/1977", country="Atlantis")
    date_box = ui.page.get_by_label("Birth date")
    assert date_box.get_attribute("aria-invalid") == "true"
    assert "YYYY-MM-DD" in ui.page.locator("#birth_date-hint").inner_text()
    assert ui.page.get_by_label("Country").get_attribute("aria-invalid") == "true"
    assert ui.page.locator("li.hit").count() == 0
    assert ui.axe() == []


def test_the_entity_page_shows_every_script_and_each_value_s_release(ui: Ui) -> None:
    ui.as_user("analyst")
    ui.go("/ui/entities/us_ofac_sdn/8001")
    names = ui.page.locator("section", has_text="Names").first.inner_text()
    for script, name in (("Han", "金正恩"), ("Hangul", "김정은"), ("Latin", "KIM Jong Un")):
        row = ui.page.locator("tr", has_text=name).first.inner_text()
        assert script in row, (script, names)
    assert ui.axe() == []
    ui.shot("cjk")
    ui.go("/ui/entities/us_ofac_sdn/15880")
    row = ui.page.locator("tr", has_text="4509123456").first.inner_text()
    assert "release 2 (2024-06-01)" in row
    row = ui.page.locator("tr", has_text="1977-08-27").first.inner_text()
    assert "release 1 (2024-01-01)" in row
    # as of a date before the amendment: no alias, no passport
    ui.page.get_by_label("As of").fill("2024-03-01")
    ui.submit("Show")
    assert "as_of=2024-03-01" in ui.page.url
    assert "release 1 of 2024-01-01" in ui.page.locator("main p.meta").first.inner_text()
    assert ui.page.locator("tr", has_text="4509123456").count() == 0
    assert ui.axe() == []
    ui.shot("as-of")
