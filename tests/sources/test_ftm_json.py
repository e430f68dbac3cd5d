from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sources.helpers import parses_or_refuses
from watchlist.errors import ParseError
from watchlist.sources import ftm_json
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.formats import get_format

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ftm" / "zala.entities.ftm.json"
CONTENT = FIXTURE.read_bytes()


def _parse(path: Path) -> dict[str, dict[str, list[str]]]:
    result = ftm_json.parse([path])
    return {
        str(e.id): {"$schema": [e.schema.name], **e.to_dict()["properties"]}
        for e in result.entities
    }


def _write(tmp_path: Path, lines: list[object] | bytes, name: str = "x.json") -> Path:
    path = tmp_path / name
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_registered_and_unnamed() -> None:
    fmt = get_format("ftm_json")
    assert fmt is ftm_json.FORMAT
    assert fmt.dataset([FIXTURE]) is None


def test_fixture_entries_and_counts(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="watchlist.sources.ftm_json"):
        result = ftm_json.parse([FIXTURE])
        entities = {str(e.id): e for e in result.entities}
    # 6 Person and 11 Company entities, less 3 companies that are on no list (target: false).
    assert len(entities) == 14
    assert sorted(e.schema.name for e in entities.values()).count("Person") == 6
    assert "NK-56Edov9bas9puzaChH5pBy" not in entities  # an ext_ru_egrul company, target false
    assert result.published == date(2026, 4, 29)
    assert "skipped {'Ownership': 14, 'non-target': 3, 'Family': 4, 'Directorship': 3}" in (
        caplog.text
    )


def test_person_properties_cleaned_through_ftm() -> None:
    person = _parse(FIXTURE)["NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert person["$schema"] == ["Person"]
    assert "OSETROVA, Maria Aleksandrovna" in person["name"]
    assert "Мария Александровна Осетрова" in person["name"]
    assert "Zakharova Mariia Oleksandrivna" in person["alias"]
    assert "Maria Aleksandrovna Zakharova" in person["previousName"]
    assert person["birthDate"] == ["1988-01-07"]
    assert person["gender"] == ["female"]
    assert person["nationality"] == ["ru"]
    assert person["taxNumber"] == ["183116181362"]
    assert sorted(person["birthPlace"]) == ["Izhevsk", "Russia"]
    assert "GB-RUS" in person["programId"]
    # References to other entities are not kept: those entities are not list entries.
    assert "addressEntity" not in person


def test_sanction_and_address_folded_onto_entry() -> None:
    cst = _parse(FIXTURE)["NK-abdzbEBkqyT29GyREbiURZ"]
    assert cst["$schema"] == ["Company"]
    # Sanction.program of the DFAT listing (entity NK-abdzb...), its startDate 2023-02-24.
    assert "Autonomous (Russia)" in cst["program"]
    # The earliest Sanction date beside the entry's own createdAt.
    assert sorted(cst["createdAt"]) == ["2021-10-30", "2023-02-24"]
    person = _parse(FIXTURE)["NK-DQ98GPMgdVH8DSZd8g9Xtc"]
    # Address entity addr-... referenced through addressEntity, its `full` line.
    assert any("Izhevsk" in a for a in person["address"])


def test_identification_folded_by_holder(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}},
            {
                "id": "pp1",
                "schema": "Passport",
                "properties": {"holder": ["p1"], "number": ["AB123456"]},
            },
            {
                "id": "id1",
                "schema": "Identification",
                "properties": {"holder": ["p1"], "number": ["770123"]},
            },
        ],
    )
    person = _parse(path)["p1"]
    assert person["passportNumber"] == ["AB123456"]
    assert person["idNumber"] == ["770123"]


def test_fragments_merge_and_sub_schema(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {"id": "a", "schema": "LegalEntity", "properties": {"name": ["ACME"]}},
            {"id": "m", "schema": "PublicBody", "properties": {"name": ["Ministry of X"]}},
            {"id": "a", "schema": "Company", "properties": {"alias": ["ACME Ltd"]}},
        ],
    )
    entities = _parse(path)
    assert entities["a"] == {"$schema": ["Company"], "name": ["ACME"], "alias": ["ACME Ltd"]}
    assert entities["m"]["$schema"] == ["Organization"]


def test_fragments_of_two_kinds_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {"id": "a", "schema": "Person", "properties": {"name": ["A"]}},
            {"id": "a", "schema": "Company", "properties": {"name": ["A"]}},
        ],
    )
    with pytest.raises(ParseError, match="line 2: a is both Person and Company"):
        ftm_json.parse([path])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", "sch',
            "line 2: not JSON",
        ),
        (b'{"id": "a", "schema": "Person"}\n[1, 2]\n', "line 2: not a JSON object"),
        (b'{"id": "a", "schema": "Persn"}\n', "line 1: unknown schema 'Persn'"),
        (b'{"id": "a"}\n', "line 1: entity has no schema"),
        (b'{"schema": "Person", "properties": {}}\n', "line 1: entity has no id"),
        (b'\n\n{"id": "a", "schema": "Person", "properties": {"name": [1]}}', "line 3, field name"),
        (b'{"id": "a", "schema": "Person", "properties": []}', "properties is not"),
        (b'{"id": "a", "schema": "Person", "properties": {"name": ["\xff"]}}', "not UTF-8"),
        (b"", "no Person, Organization"),
        (b'{"id": "s", "schema": "Sanction", "properties": {"entity": ["a"]}}\n', "no Person"),
    ],
)
def test_malformed_input_names_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ParseError, match=message) as info:
        ftm_json.parse([path])
    assert info.value.path == str(path)


def test_truncated_download_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path, CONTENT[:5000])  # cut inside a Cyrillic letter on line 4
    with pytest.raises(ParseError, match="line 4: not UTF-8 text; the file ends mid-line"):
        ftm_json.parse([path])


def test_detect() -> None:
    assert ftm_json.detect(FIXTURE, CONTENT[:HEAD_BYTES])
    assert ftm_json.detect(FIXTURE, b'\xef\xbb\xbf\n{"id": "a", "schema": "Person"}\n')
    # An entity longer than the head is judged by its keys.
    long = b'{"id": "a", "schema": "Person", "properties": {"name": ["' + b"x" * HEAD_BYTES
    assert ftm_json.detect(FIXTURE, long[:HEAD_BYTES])
    assert not ftm_json.detect(FIXTURE, b'{"$schema": "http://json-schema.org/", "id": 1}\n')
    assert not ftm_json.detect(FIXTURE, b'[{"id": "a", "schema": "Person"}]\n')
    assert not ftm_json.detect(FIXTURE, b"id,schema,name\n1,Person,A\n")


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    line=st.dictionaries(
        st.sampled_from(["id", "schema", "properties", "target"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.sampled_from(["name", "birthDate", "x"]), inner, max_size=3)
            ),
            max_leaves=8,
        ),
    )
)
def test_random_json_objects(tmp_path: Path, line: dict[str, object]) -> None:
    parses_or_refuses(ftm_json.FORMAT, [_write(tmp_path, [line], "obj.json")])
