"""The UK Sanctions List CSV.

The fixture has the published banner line and the 58-column header of the FCDO's file; the
KOROLEV PROSPECT line is a published line verbatim, and the other lines are the four records of
the real XML slice (uk_sanctions_list_slice.xml) written out as the CSV lays them: a line per
name, and further lines for further addresses, birth dates and documents.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sources.helpers import parses_or_refuses
from watchlist.errors import ParseError
from watchlist.sources import fcdo_xml
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.fcdo_csv import FORMAT, report_date

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gb_fcdo_sanctions"
FIXTURE = FIXTURES / "UK-Sanctions-List_slice.csv"
XML_SLICE = FIXTURES / "uk_sanctions_list_slice.xml"
TEXT = FIXTURE.read_text(encoding="utf-8")
BANNER, HEADER = TEXT.splitlines()[:2]


def _entities(path: Path) -> dict[str, EntityProxy]:
    return {e.id: e for e in FORMAT.parse([path]).entities if e.id}


def _write(tmp_path: Path, text: str, bom: bool = False) -> Path:
    path = tmp_path / "UK-Sanctions-List.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_detects_report_date_banner_and_header() -> None:
    assert FORMAT.detect(FIXTURE, FIXTURE.read_bytes()[:HEAD_BYTES])
    assert FORMAT.detect(FIXTURE, b"\xef\xbb\xbf" + FIXTURE.read_bytes()[:HEAD_BYTES])
    assert not FORMAT.detect(FIXTURE, b"Last Updated,27/04/2020\r\nName 6,Name 1,Group ID\r\n")
    assert not FORMAT.detect(FIXTURE, b"Report Date: 14-Aug-2026\r\nfoo,bar\r\n")


def test_groups_lines_by_unique_id() -> None:
    parsed = FORMAT.parse([FIXTURE])
    entities = {e.id: e for e in parsed.entities if e.id}
    assert parsed.published == date(2026, 8, 14)
    assert sorted(entities) == ["AFG0011", "AQD0128", "AQD0377", "DPR0075", "RUS2176"]
    assert FORMAT.dataset([FIXTURE]) == "gb_fcdo_sanctions"


def test_published_ship_line() -> None:
    ship = _entities(FIXTURE)["RUS2176"]
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["KOROLEV PROSPECT"]
    assert ship.get("imoNumber") == ["IMO9826902"]
    assert ship.get("flag") == ["ga"]
    assert ship.get("buildDate") == ["2019"]
    assert ship.get("createdAt") == ["2024-07-31"]
    assert any("carrying oil" in s for s in ship.get("summary"))


def test_person_lines() -> None:
    person = _entities(FIXTURE)["AQD0128"]
    assert person.get("name") == ["AKRAM TURKI HISHAN AL-MAZIDIH"]
    assert sorted(person.get("weakAlias")) == ["Abu Akram", "Abu Jarrah"]  # Low quality a.k.a
    assert "أكرم تركي هاشم المزيده" in person.get("alias")
    assert sorted(person.get("birthDate")) == ["1958-09", "1974", "1975", "1979", "1985"]
    assert sorted(person.get("country")) == ["iq", "sy"]
    assert person.get("address") == ["Deir ez-Zor Governorate, Syria"]


@pytest.mark.parametrize(
    "prop",
    ["name", "alias", "weakAlias", "birthDate", "passportNumber", "idNumber", "imoNumber", "flag"],
)
def test_csv_and_xml_of_the_same_records_agree(prop: str) -> None:
    from_csv = _entities(FIXTURE)
    from_xml = {e.id: e for e in fcdo_xml.FORMAT.parse([XML_SLICE]).entities if e.id}
    for key, entity in from_xml.items():
        assert sorted(from_csv[key].get(prop, quiet=True)) == sorted(entity.get(prop, quiet=True))
        assert from_csv[key].schema == entity.schema


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14-Aug-2026", "2026-08-14"),
        ("08-Oct-2026 09:15:00", "2026-10-08"),
        ("14/08/2026", "2026-08-14"),
        ("soon", None),
    ],
)
def test_report_date(text: str, expected: str | None) -> None:
    assert report_date(text) == expected


def test_byte_order_mark_and_old_type_column(tmp_path: Path) -> None:
    header = HEADER.replace("Designation Type", '"Individual, Entity, Ship"')
    line = next(x for x in TEXT.splitlines() if x.startswith("31/07/2024,RUS2176"))
    entities = _entities(_write(tmp_path, "\r\n".join([BANNER, header, line]), bom=True))
    assert entities["RUS2176"].schema.name == "Vessel"


@pytest.mark.parametrize(
    ("lines", "where", "problem"),
    [
        (["Last Updated,Unique ID", "x,y"], "line 1", "Report Date"),
        (["Report Date: 14-Aug-2026", "Unique ID,Name 6"], "line 2", "Name type"),
        (["Report Date: someday", "Unique ID,Name 6,Name type"], "line 1", "someday"),
        (
            ["Report Date: 14-Aug-2026", "Unique ID,Name 6,Name type", ",X,Alias"],
            "line 3, column Unique ID",
            "empty",
        ),
        (
            [
                "Report Date: 14-Aug-2026",
                "Unique ID,Name 6,Name type,Designation Type",
                'A1,"X',
                'Y",Primary Name,Robot',
            ],
            "line 3, column Designation Type",
            "robot",
        ),
    ],
)
def test_bad_input_names_the_line(
    tmp_path: Path, lines: list[str], where: str, problem: str
) -> None:
    path = _write(tmp_path, "\r\n".join(lines))
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.path == str(path)
    assert err.value.where == where
    assert problem in err.value.problem


_CELL = st.text(max_size=30) | st.sampled_from(
    ["Individual", "Entity", "Ship", "Primary Name", "Alias", "Low quality a.k.a", "dd/mm/19yy"]
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_CELL, min_size=58, max_size=58), min_size=1, max_size=4))
def test_random_cells_in_the_published_layout(tmp_path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    out.write(BANNER + "\r\n")
    writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    path = tmp_path / "input.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    parses_or_refuses(FORMAT, [path])
