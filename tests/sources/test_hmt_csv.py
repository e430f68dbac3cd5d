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
from watchlist.sources import hmt_csv
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.hmt_csv import FORMAT, document_numbers
from watchlist.sources.uk import ofsi_date, split_items

FIXTURE = Path(__file__).parent.parent / "fixtures" / "gb_hmt_sanctions" / "ConList_slice.csv"

# The 2022 layout of ConList.csv, as OFSI publishes it since the February 2022 change.
HEADER_2022 = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,"
    "Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Number,Passport Details,National Identification Number,"
    "National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,"
    "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,"
    "Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID"
)


def _parse(path: Path) -> dict[str, EntityProxy]:
    return {e.id: e for e in FORMAT.parse([path]).entities if e.id}


def _write(tmp_path: Path, text: str, encoding: str = "cp1252") -> Path:
    path = tmp_path / "ConList.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_detects_conlist_by_content() -> None:
    head = FIXTURE.read_bytes()[:HEAD_BYTES]
    assert FORMAT.detect(FIXTURE, head)
    assert not FORMAT.detect(FIXTURE, b"Report Date: 14-Aug-2026\r\nLast Updated,Unique ID\r\n")
    assert not FORMAT.detect(FIXTURE, b"Last Updated,27/04/2020\r\nfoo,bar\r\n")


def test_reads_publication_date_and_groups_rows_by_group_id() -> None:
    parsed = FORMAT.parse([FIXTURE])
    entities = list(parsed.entities)
    assert parsed.published == date(2020, 4, 27)
    assert sorted(e.id for e in entities if e.id) == sorted(
        ["10657", "11044", "13222", "13349", "13556", "13562", "6894", "6995"]
    )
    assert FORMAT.dataset([FIXTURE]) == "gb_hmt_sanctions"


def test_person_names_dates_and_documents() -> None:
    person = _parse(FIXTURE)["13349"]
    assert person.schema.name == "Person"
    # "Prime Alias" is the pre-2022 spelling of the primary name; parts in natural order.
    assert person.get("name") == ["Nayef Salam Muhammad Ujaym AL-HABABI"]
    assert person.get("firstName") == ["Nayef"]
    assert person.get("lastName") == ["AL-HABABI"]
    assert "Imran Farouk SHAYKH" in person.get("alias")
    assert "Nayef Salam Muhammad Ujaym AL-HABABI" not in person.get("alias")
    # DOB 00/00/1980 and 00/00/1981, each repeated on every name row.
    assert sorted(person.get("birthDate")) == ["1980", "1981"]
    assert sorted(person.get("nationality")) == ["qa", "sa"]
    assert person.get("passportNumber") == ["592667"]
    assert person.get("createdAt") == ["2016-04-01"]


def test_fka_is_previous_name_and_regimes_accumulate() -> None:
    entities = _parse(FIXTURE)
    aqap = entities["11044"]
    assert aqap.schema.name == "Organization"
    assert aqap.get("previousName") == ["AL-QAIDA IN YEMEN (AQY)"]
    aweys = entities["6995"]
    assert sorted(aweys.get("program")) == [
        "Somalia",
        "The ISIL (Da'esh) and Al-Qaida organisations",
    ]
    assert aweys.get("createdAt") == ["2001-11-08"]  # the earlier of the two listings


def test_entity_address_windows_1252_and_imo() -> None:
    entities = _parse(FIXTURE)
    mizan = entities["10657"]
    assert mizan.get("address") == ["PO Box 16595-365, Tehran, Iran"]
    assert mizan.get("country") == ["ir"]
    battalion = entities["13222"]
    assert any("\u2019" in note for note in battalion.get("notes"))  # 0x92 in Windows-1252
    assert entities["13556"].get("imoNumber") == ["IMO8937675"]


def test_2022_layout_primary_name_weak_alias_non_latin_and_ship(tmp_path: Path) -> None:
    text = "\r\n".join(
        [
            "Last Updated,03/06/2026",
            HEADER_2022,
            "MANSUR,ABDUL,LATIF,,,,Maulavi,عبد اللطيف منصور,Arabic,,dd/mm/1968,,Afghanistan,"
            "Afghanistan,D0009720,Afghanistan diplomatic passport,,,,,,,,,,,Afghanistan,"
            '"(UK Sanctions List Ref):AFG0011 (Gender):Male",Individual,Primary name,,'
            "Afghanistan,31/01/2001,31/12/2020,29/04/2026,7270",
            "Akram,Abu,,,,,,,,,,,,,,,,,,,,,,,,,,,Individual,Alias,Low quality,Afghanistan,"
            "31/01/2001,31/12/2020,29/04/2026,7270",
            "PETREL 8,,,,,,,,,,,,,,,,,,,,,,,,,,,IMO: 9562233.,Ship,Primary name,,"
            "North Korea,03/10/2017,31/12/2020,18/12/2021,13561",
        ]
    )
    entities = _parse(_write(tmp_path, text, "utf-8"))
    mansur = entities["7270"]
    assert mansur.get("name") == ["ABDUL LATIF MANSUR"]
    assert mansur.get("alias") == ["عبد اللطيف منصور"]
    assert mansur.get("weakAlias") == ["Abu Akram"]
    assert mansur.get("birthDate") == ["1968"]
    assert mansur.get("passportNumber") == ["D0009720"]
    assert mansur.get("gender") == ["male"]
    ship = entities["13561"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO9562233"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00/00/1980", "1980"),
        ("dd/mm/1968", "1968"),
        ("dd/09/1958", "1958-09"),
        ("12/11/1967", "1967-11-12"),
        ("15/08/19yy", None),
        ("", None),
    ],
)
def test_ofsi_date(text: str, expected: str | None) -> None:
    assert ofsi_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Passport No: 592667 (Qatari passport issued on 3 May 2007).", ["592667"]),
        ("(1) 428720 (Libyan) (2) 215215 (Libyan)", ["428720", "215215"]),
        ("Saudi Arabian passport no.F800691", ["F800691"]),
        ("SE-011697 (Afghan) Issued on 25 Jan 1988 in Kabul.", ["SE-011697"]),
        (
            "a) Diplomatic Passport no. D014433, issued 21 Feb 2013. b) D009889",
            ["D014433", "D009889"],
        ),
        ("(Diplomatic)", []),
    ],
)
def test_document_numbers_from_free_text(text: str, expected: list[str]) -> None:
    assert document_numbers(text) == expected


def test_split_items_numbered_lists() -> None:
    assert split_items("1) Saudi Arabia 2) Qatar") == ["Saudi Arabia", "Qatar"]
    assert split_items("a) General b)Major General") == ["General", "Major General"]
    assert split_items("Iranian (Iranian citizenship)") == ["Iranian (Iranian citizenship)"]


@pytest.mark.parametrize(
    ("lines", "where", "problem"),
    [
        (["Name 6,Group ID", "X,1"], "line 1", "first line"),
        (["Last Updated,27/04/2020", "Name 6,Name 1"], "line 2", "Group Type"),
        (["Last Updated,someday", "Name 6,Group Type,Alias Type,Group ID"], "line 1", "someday"),
        (
            [
                "Last Updated,27/04/2020",
                "Name 6,Group Type,Alias Type,Group ID",
                "X,Individual,AKA,",
            ],
            "line 3, column Group ID",
            "empty",
        ),
        (
            [
                "Last Updated,27/04/2020",
                "Name 6,Group Type,Alias Type,Group ID",
                "",
                "X,Robot,AKA,5",
            ],
            "line 4, column Group Type",
            "robot",
        ),
        (
            [
                "Last Updated,27/04/2020",
                "Name 6,Group Type,Alias Type,Group ID",
                "X,Entity,AKA,5,9",
            ],
            "line 3",
            "5 fields",
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


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"Last Updated,27/04/2020\r\nName 6,Group ID\r\n\x81\xff,1\r\n")
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.where == "line 3"


def test_registry_picks_hmt_csv() -> None:
    from watchlist.sources.formats import detect

    assert detect(FIXTURE) is hmt_csv.FORMAT


_CELL = st.text(max_size=30) | st.sampled_from(
    ["Individual", "Entity", "Ship", "Primary name", "AKA", "FKA", "Low quality", "dd/mm/19yy"]
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_CELL, min_size=36, max_size=36), min_size=1, max_size=4))
def test_random_cells_in_the_2022_layout(tmp_path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Last Updated", "03/06/2026"])
    writer.writerow(HEADER_2022.split(","))
    writer.writerows(rows)
    path = tmp_path / "input.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    parses_or_refuses(FORMAT, [path])
