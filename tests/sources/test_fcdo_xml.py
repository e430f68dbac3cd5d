from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.fcdo_xml import FORMAT

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gb_fcdo_sanctions"
SLICE = FIXTURES / "uk_sanctions_list_slice.xml"
COMPOSED = FIXTURES / "uk_sanctions_list_composed.xml"


def _entities(path: Path) -> dict[str, EntityProxy]:
    return {e.id: e for e in FORMAT.parse([path]).entities if e.id}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_detects_designations_root() -> None:
    for path in (SLICE, COMPOSED):
        assert FORMAT.detect(path, path.read_bytes()[:HEAD_BYTES])
    assert not FORMAT.detect(SLICE, b'<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS>')
    assert not FORMAT.detect(SLICE, b"Last Updated,27/04/2020\r\nName 6,Group ID\r\n")


def test_reads_real_slice() -> None:
    parsed = FORMAT.parse([SLICE])
    entities = {e.id: e for e in parsed.entities if e.id}
    assert parsed.published == date(2026, 8, 14)  # <DateGenerated>14/08/2026
    assert sorted(entities) == ["AFG0011", "AQD0128", "AQD0377", "DPR0075"]
    assert [entities[k].schema.name for k in sorted(entities)] == [
        "Person",
        "Person",
        "Organization",
        "Vessel",
    ]


def test_individual_details() -> None:
    mansur = _entities(SLICE)["AFG0011"]
    assert mansur.get("name") == ["ABDUL LATIF MANSUR"]
    assert mansur.get("firstName") == ["ABDUL"]
    assert mansur.get("lastName") == ["MANSUR"]
    assert sorted(mansur.get("alias")) == [
        "Abdul Latif MANSOOR",
        "Wali MOHAMMAD",
        "عبد اللطيف منصور",
    ]
    # "dd/mm/1968" and a twice repeated "12/11/1967".
    assert sorted(mansur.get("birthDate")) == ["1967-11-12", "1968"]
    # The real file writes one passport number with a leading space.
    assert sorted(mansur.get("passportNumber")) == ["D0009720", "D0010442"]
    assert "Zurmat District, Paktia Province, Afghanistan" in mansur.get("birthPlace")
    assert mansur.get("title") == ["Maulavi"]
    assert mansur.get("address") == ["Darul Aman, Kabul, Afghanistan"]
    assert mansur.get("createdAt") == ["2001-01-31"]
    assert mansur.get("modifiedAt") == ["2026-04-29"]
    assert mansur.get("program") == ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]


def test_low_quality_alias_is_weak() -> None:
    person = _entities(SLICE)["AQD0128"]
    assert sorted(person.get("weakAlias")) == ["Abu Akram", "Abu Jarrah"]
    assert "Akram Turki Al-Hishan" in person.get("alias")
    assert person.get("idNumber") == ["0075258"]
    assert "1958-09" in person.get("birthDate")  # "dd/09/1958"


def test_ship_and_entity_of_the_slice() -> None:
    entities = _entities(SLICE)
    ship = entities["DPR0075"]
    assert ship.get("imoNumber") == ["IMO9562233"]
    assert ship.get("flag") == ["km"]
    assert ship.get("pastFlags") == ["in"]
    assert ship.get("type") == ["Bulk Carrier"]
    assert ship.get("buildDate") == ["2011"]
    assert entities["AQD0377"].get("legalForm") == ["Terrorist Group"]


def test_composed_entity_ship_and_person() -> None:
    entities = _entities(COMPOSED)
    mizan = entities["INU0001"]
    assert mizan.schema.name == "Organization"
    assert mizan.get("name") == ["3M MIZAN MACHINERY MANUFACTURING"]
    assert mizan.get("alias") == ["MIZAN MACHINERY MANUFACTURING (3M)"]  # name variation
    assert mizan.get("weakAlias") == ["3MG"]  # NameType "ALias", as the feed sometimes writes
    assert sorted(mizan.get("email")) == ["info@mizan.example", "sales@mizan.example"]
    assert mizan.get("registrationNumber") == ["10101234567"]
    assert mizan.get("address") == ["PO Box 16595-365, Tehran, Iran"]
    ship = entities["DPR9901"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO8937675"]
    assert ship.get("flag") == ["kp"]
    person = entities["DPR9902"]
    assert person.get("name") == ["Kim Kyong IL"]  # no primary name: the first one stands in
    assert person.get("gender") == ["male"]
    assert person.get("birthDate") == ["1979-08-01"]


def test_truncated_xml_names_file_and_line(tmp_path: Path) -> None:
    text = SLICE.read_text(encoding="utf-8")
    path = _write(tmp_path, text[: len(text) // 2])
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.path == str(path)
    assert err.value.where is not None and err.value.where.startswith("line ")


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("<UniqueID>AQD0377</UniqueID>", "", "line 199"),  # its <Designation> tag
        (
            "<IndividualEntityShip>Ship</IndividualEntityShip>",
            "<IndividualEntityShip>Aircraft</IndividualEntityShip>",
            "record DPR0075, field IndividualEntityShip",
        ),
        ("<Designations ", "<Listing ", "line 2"),
    ],
)
def test_bad_records_are_named(tmp_path: Path, old: str, new: str, where: str) -> None:
    text = SLICE.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    if old.startswith("<Designations"):
        text = text.replace("</Designations>", "</Listing>")
    path = _write(tmp_path, text)
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.where == where


def test_a_default_namespace_is_read_through(tmp_path: Path) -> None:
    text = SLICE.read_text(encoding="utf-8").replace(
        "<Designations ", '<Designations xmlns="urn:example:uk-sanctions" ', 1
    )
    entities = _entities(_write(tmp_path, text))
    assert sorted(entities) == ["AFG0011", "AQD0128", "AQD0377", "DPR0075"]
    assert entities["DPR0075"].get("imoNumber") == ["IMO9562233"]


@pytest.mark.parametrize(
    "text",
    [
        "<x:Designations><Designation><UniqueID>A</UniqueID></Designation></x:Designations>",
        "<Designations><y:Designation><UniqueID>A</UniqueID></y:Designation></Designations>",
        "<Designations><Designation><UniqueID>A</UniqueID><z:Names/></Designation></Designations>",
    ],
)
def test_undeclared_prefix_is_a_parse_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ParseError) as err:
        FORMAT.parse([_write(tmp_path, text)])
    assert err.value.where == "line 1"


def test_entity_declarations_are_not_expanded(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?><!DOCTYPE Designations [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<Designations><Designation><UniqueID>X1</UniqueID><Names><Name><Name6>&x;</Name6>"
        "<NameType>Primary Name</NameType></Name></Names></Designation></Designations>"
    )
    try:
        entities = _entities(_write(tmp_path, text))
    except ParseError:
        return
    assert "root:" not in " ".join(entities["X1"].get("name"))
