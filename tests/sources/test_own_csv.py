from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.sources.helpers import parses_or_refuses
from watchlist.errors import ParseError
from watchlist.model.entity import SCHEMATA, add, new_entity
from watchlist.sources import own_csv
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.formats import get_format

ROOT = Path(__file__).parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "own"
TEMPLATE = ROOT / "src" / "watchlist" / "data" / "templates" / "own-list.csv"
DOC = ROOT / "docs" / "own-list-template.md"
CONFIDENTIAL = (FIXTURES / "confidential.csv").read_bytes()

HEADER = "id,schema,name,birth_date,nationality,gender,imo_number,notes\n"


def _props(entities: list[EntityProxy]) -> dict[str, dict[str, object]]:
    return {str(e.id): {"$schema": e.schema.name, **e.to_dict()["properties"]} for e in entities}


def _parse(path: Path) -> dict[str, dict[str, object]]:
    return _props(list(own_csv.parse([path]).entities))


def _file(tmp_path: Path, content: str | bytes, name: str = "own.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_registered_and_unnamed() -> None:
    fmt = get_format("own_csv")
    assert fmt is own_csv.FORMAT
    assert fmt.dataset([TEMPLATE]) is None


def test_template_round_trips_byte_for_byte() -> None:
    assert own_csv.template() == TEMPLATE.read_text(encoding="utf-8")
    entities = list(own_csv.parse([TEMPLATE]).entities)
    assert [e.id for e in entities] == ["EXAMPLE-1", "EXAMPLE-2"]
    assert all("EXAMPLE ROW" in str(e.first("notes")) for e in entities)
    out = io.StringIO()
    own_csv.write(entities, out)
    assert out.getvalue() == own_csv.template()


def test_template_header_is_every_column() -> None:
    header = TEMPLATE.read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == [c.name for c in own_csv.COLUMNS]


def test_doc_documents_every_column_and_its_example_parses(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \|", text, re.M)
    assert documented == [c.name for c in own_csv.COLUMNS]
    example = re.search(r"```csv\n(.*?)```", text, re.S)
    assert example is not None
    entities = _parse(_file(tmp_path, example.group(1)))
    assert entities["MAG-001"]["name"] == ["Ivan Petrovich SIDOROV", "Ivan P. SIDOROV"]
    assert entities["MAG-002"]["$schema"] == "Company"


def test_confidential_fixture() -> None:
    entities = _parse(FIXTURES / "confidential.csv")
    assert list(entities) == ["MAG-001", "MAG-002", "MAG-003", "MAG-004"]
    ivan = entities["MAG-001"]
    # The row on line 6 continues MAG-001 after other entries and a blank line.
    assert ivan["name"] == ["Ivan Petrovich SIDOROV", "Ivan P. SIDOROV"]
    assert ivan["address"] == ["12 Example St., Moscow", "5 Other St., Sochi"]
    assert ivan["alias"] == ["Иван Петрович Сидоров", "Ivan Sidorov"]
    assert ivan["birthDate"] == ["1971-05-02", "1972"]
    assert ivan["nationality"] == ["ru"]
    # Notes are not split on `;` and keep their line break.
    assert ivan["notes"] == ["Fictitious entry.\nReasons for listing; see file 2021/17."]
    assert entities["MAG-002"]["$schema"] == "Company"  # written in lower case
    vessel = entities["MAG-003"]
    assert vessel["imoNumber"] == ["IMO9187629"]
    assert vessel["flag"] == ["pa"]  # a country name becomes its code
    assert entities["MAG-004"]["program"] == ["MAGNITSKY", "OTHER-REGIME"]


def test_semicolon_delimited_as_excel_saves() -> None:
    path = FIXTURES / "excel-semicolon.csv"
    assert own_csv.detect(path, path.read_bytes()[:HEAD_BYTES])
    entities = _parse(path)
    assert entities["OWN-1"]["address"] == ["Musterstraße 1, Berlin"]
    assert entities["OWN-1"]["notes"] == ["Fictitious; for tests only"]
    assert entities["OWN-1"]["birthDate"] == ["1980-02"]
    assert entities["OWN-2"] == {"$schema": "Organization", "name": ["EXAMPLE Verein e.V."]}


def test_header_only_is_an_empty_list(tmp_path: Path) -> None:
    assert _parse(_file(tmp_path, HEADER)) == {}


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (HEADER.replace("gender", "sex"), "line 1, column 6", "unknown column 'sex'"),
        ("id,name,schema\n", "line 1", "must start with id,schema,name"),
        ("", "line 1", "must start with id,schema,name"),
        # A lone carriage return inside the first line made the csv module raise (hypothesis).
        (b"\r\x00", "line 1", "must start with id,schema,name"),
        ("id,schema,name,notes,Notes\n", "line 1, column 5", "'notes' appears twice"),
        (HEADER + "1,Persn,A\n", "line 2, field schema", "'Persn' is not one of Person"),
        (HEADER + "1,Person,A,12/03/1970\n", "line 2, field birth_date", "not a date"),
        (HEADER + "1,Person,A,1970-02-30\n", "line 2, field birth_date", "not a date"),
        (HEADER + "1,Person,A,,Narnia\n", "line 2, field nationality", "not a valid country"),
        (HEADER + "1,Person,A,,,x\n", "line 2, field gender", "not a valid gender"),
        (HEADER + "1,Vessel,A,,,,IMO1234568\n", "line 2, field imo_number", "not a valid"),
        (HEADER + "1,Company,A,1970\n", "line 2, field birth_date", "a Company has no"),
        (HEADER + "1,Person,A\n1,Company,B\n", "line 3, field schema", "Person on line 2"),
        (HEADER + "1,,A\n", "line 2, field schema", "first row of 1 needs a schema"),
        (HEADER + "1,Person,\n", "line 2, field name", "first row of 1 needs a name"),
        (HEADER + ",Person,A\n", "line 2, field id", "needs the id"),
        (HEADER + "1,Person,A,,,,,,x\n", "line 2", "more cells than the header"),
        ("id,schema,name,,\n1,Person,A,,x\n", "line 2", "column with no name"),
        (
            HEADER + '1,Person,A,,,,,"note\nline 2\n2,Person,"B\n',
            "line 2",
            "bad CSV (noticed on line 4)",
        ),
        # The row after a note spanning lines 2 and 3 starts on line 4.
        (
            HEADER + '1,Person,A,,,,,"two\nlines"\n2,Person,B,1970-13\n',
            "line 4, field birth_date",
            "not a",
        ),
        (HEADER.encode() + b"1,Person,Andr\xe9\n", "line 2", "not UTF-8"),
    ],
)
def test_bad_input_names_line_and_field(
    tmp_path: Path, content: str | bytes, where: str, message: str
) -> None:
    path = _file(tmp_path, content)
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        own_csv.parse([path])
    assert info.value.path == str(path)
    assert info.value.where == where


def test_detect() -> None:
    assert own_csv.detect(TEMPLATE, TEMPLATE.read_bytes()[:HEAD_BYTES])
    assert own_csv.detect(TEMPLATE, b'\xef\xbb\xbf"ID","Schema","Name"\r\n')
    assert own_csv.detect(TEMPLATE, b"id;schema;name;notes\n")
    assert not own_csv.detect(TEMPLATE, b"id,name,schema\n")
    assert not own_csv.detect(TEMPLATE, b'{"id": "a", "schema": "Person"}\n')
    assert not own_csv.detect(TEMPLATE, b"Last Updated,27/04/2020\nName 6,Name 1\n")
    assert not own_csv.detect(TEMPLATE, b"id,schema,name\r\x00\n")


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_random_bytes_after_a_valid_header(tmp_path: Path, data: bytes) -> None:
    # With a valid header in front, the random bytes reach the row parser.
    parses_or_refuses(own_csv.FORMAT, [_file(tmp_path, HEADER.encode() + data)], named=True)


# Generated entities: text without control characters, and without `;` where it separates.
_TEXT = st.characters(categories=("L", "N", "P", "S", "Zs"))
_FREE = st.text(_TEXT, min_size=1, max_size=15)
_SPLIT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=";"))
# Dates within the years parse_date accepts (1000 to 2100), whole or as a month or year.
_ISO = st.dates(date(1000, 1, 1), date(2100, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)


def _imo(digits: str) -> str:
    check = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return f"IMO{digits}{check}"


def _values(column: own_csv.Column) -> st.SearchStrategy[str]:
    if column.date:
        return _ISO
    if column.prop in ("nationality", "citizenship", "country", "flag"):
        return st.sampled_from(["ru", "ir", "Germany", "kp", "zz", "United States"])
    if column.prop == "gender":
        return st.sampled_from(["male", "female", "other"])
    if column.prop == "imoNumber":
        return st.from_regex(r"\d{6}", fullmatch=True).map(_imo)
    return _FREE if not column.split else _SPLIT.filter(lambda s: s.strip() != "")


@st.composite
def _entities(draw: st.DrawFn) -> list[EntityProxy]:
    ids = draw(
        st.lists(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True), unique=True, max_size=4)
    )
    entities = []
    for entity_id in ids:
        schema = draw(st.sampled_from(SCHEMATA))
        entity = new_entity(schema, entity_id)
        for column in own_csv.COLUMNS[2:]:
            if entity.schema.get(column.prop) is None:
                continue
            at_least = 1 if column.name == "name" else 0
            add(entity, column.prop, draw(st.lists(_values(column), min_size=at_least, max_size=3)))
        assume(entity.get("name"))
        entities.append(entity)
    return entities


def _added_again(entity: EntityProxy) -> EntityProxy:
    again = new_entity(entity.schema.name, str(entity.id))
    for prop, values in entity.to_dict()["properties"].items():
        add(again, prop, values)
    return again


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entities=_entities(), delimiter=st.sampled_from(own_csv.DELIMITERS))
def test_write_then_parse_gives_the_same_entities(
    tmp_path: Path, entities: list[EntityProxy], delimiter: str
) -> None:
    out = io.StringIO()
    own_csv.write(entities, out, delimiter=delimiter)
    path = _file(tmp_path, out.getvalue(), "written.csv")
    assert own_csv.detect(path, path.read_bytes()[:HEAD_BYTES])
    # A value FtM cleans again on reading (", ." read back is ",") is compared cleaned.
    assert _parse(path) == _props([_added_again(e) for e in entities])
