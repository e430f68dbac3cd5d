from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from followthemoney.proxy import EntityProxy

from tests.sources.helpers import with_members
from watchlist.errors import ParseError
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.dfat_xlsx import FORMAT, birth_dates, countries, listing_date

FIXTURE = Path(__file__).parent.parent / "fixtures" / "au_dfat_sanctions" / "regulation8_slice.xlsx"
HEADER = [
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
]


def _entities() -> dict[str, EntityProxy]:
    return {e.id: e for e in FORMAT.parse([FIXTURE]).entities if e.id}


def _workbook(tmp_path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "list.xlsx"
    book.save(path)
    return path


def test_detects_by_header_cells(tmp_path: Path) -> None:
    assert FORMAT.detect(FIXTURE, FIXTURE.read_bytes()[:HEAD_BYTES])
    other = _workbook(tmp_path, [["1", "x"]], header=["Reference", "Name", "Kind"])
    assert not FORMAT.detect(other, other.read_bytes()[:HEAD_BYTES])
    plain_zip = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert not FORMAT.detect(plain_zip, plain_zip.read_bytes()[:HEAD_BYTES])
    assert not FORMAT.detect(FIXTURE, b"Reference,Name of Individual or Entity\n")


def test_groups_alias_rows_by_reference_number() -> None:
    parsed = FORMAT.parse([FIXTURE])
    entities = {e.id: e for e in parsed.entities if e.id}
    assert sorted(entities, key=int) == ["2", "4", "8", "34", "147", "2580", "2940", "2943"]
    # No publication date in the file: the newest Control Date stands for it.
    assert parsed.published == date(2023, 6, 10)
    # "34c1" belongs to 34; "2940j" comes far after the other 2940 rows in the sheet.
    assert "اختر محمد ولد نور محمد" in entities["34"].get("alias")
    assert "Chernomorneftegaz CJSC" in entities["2940"].get("alias")
    assert entities["2940"].get("name") == ["Chernomorneftegaz"]
    assert entities["2940"].schema.name == "Organization"


def test_person_fields() -> None:
    entities = _entities()
    akhund = entities["2"]
    assert akhund.schema.name == "Person"
    assert akhund.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert akhund.get("alias") == ["محمد حسن أخوند"]  # Original Script row
    # "a) Approximately 1955- 1958 b) Approximately 1945-1950": every year of both ranges.
    assert sorted(akhund.get("birthDate")) == [
        str(y) for y in [*range(1945, 1951), *range(1955, 1959)]
    ]
    assert akhund.get("nationality") == ["af"]
    assert akhund.get("program") == ["1988 (Taliban)"]
    assert akhund.get("createdAt") == ["2001-01-25"]
    assert akhund.get("modifiedAt") == ["2014-12-15"]
    assert entities["147"].get("birthDate") == ["1951-06-19"]  # an Excel date cell
    assert entities["8"].get("birthDate") == ["1969"]  # a number cell
    assert entities["2580"].get("createdAt") == ["2013-03-07"]  # Listing Information as a date


def test_formerly_known_as_is_previous_name() -> None:
    adf = _entities()["2943"]
    assert "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda" in adf.get(
        "previousName"
    )
    assert adf.get("address") == ["North Kivu Province, Democratic Republic of the Congo"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a) 4 Apr. 1969 b) 4 Apr. 1960", ["1969-04-04", "1960-04-04"]),
        ("a) 16/11/1977; b) 16 Nov 1974", ["1977-11-16", "1974-11-16"]),
        ("Between 1953 and 1955", ["1953", "1954", "1955"]),
        ("21. Jul 1997; 1993", ["1997-07-21", "1993"]),
        ("09/05/1982; alt DOB: 09/05/1981", ["1982-05-09", "1981-05-09"]),
        ("a) 11-Sep-2000; \nb) 2001", ["2000-09-11", "2001"]),
        ("a) 03/1965; b) 04/1965", ["1965-03", "1965-04"]),
        ("c) 24/06/1402 (Hijri Calendar)", []),
        ("Approximately (30-35 years old)", []),
        (datetime(1951, 6, 19), ["1951-06-19"]),
        (1969, ["1969"]),
        (None, []),
    ],
)
def test_birth_dates(value: Any, expected: list[str]) -> None:
    assert birth_dates(value) == expected


def test_countries_and_listing_date() -> None:
    assert {"Russian", "Ukrainian"} <= set(countries("Russian and Ukrainian"))
    assert countries("Possibly Ethiopian") == ["Ethiopian"]
    assert countries("NA") == []
    assert listing_date("Listed on: 25 Apr. 2006 (amended on 17 Oct. 2017)") == "2006-04-25"
    assert listing_date("Autonomous Sanctions Amendment (No. 1) Instrument 2024") is None


@pytest.mark.parametrize(
    ("rows", "where", "problem"),
    [
        (
            [["12", "A", "Individual", "Primary Name"], ["x12", "B", "Individual", "aka"]],
            "row 3, column Reference",
            "x12",
        ),
        ([["12", "A", "Robot", "Primary Name"]], "row 2, column Type", "Robot"),
    ],
)
def test_bad_rows_are_named(
    tmp_path: Path, rows: list[list[Any]], where: str, problem: str
) -> None:
    path = _workbook(tmp_path, rows)
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.path == str(path)
    assert err.value.where == where
    assert problem in err.value.problem


def test_missing_header_column(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [], header=["Reference", "Name of Individual or Entity"])
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.where == "row 1"


SHEET_NAME = "xl/worksheets/sheet1.xml"
SHEET = zipfile.ZipFile(FIXTURE).read(SHEET_NAME)


def test_truncated_sheet_names_a_row(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(with_members(FIXTURE.read_bytes(), {SHEET_NAME: SHEET[: len(SHEET) // 2]}))
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.where is None or err.value.where.startswith("row ")
