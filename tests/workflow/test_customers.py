"""The portfolio: reading CSV and JSON lines, refusing bad files whole, versioning edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workflow.helpers import OFFICER, portfolio_file
from watchlist.audit import verify_store
from watchlist.audit.verify import export
from watchlist.errors import InvalidInput, ParseError
from watchlist.store.db import Store
from watchlist.workflow import Workflow
from watchlist.workflow.customers import latest_versions, read_portfolio
from watchlist.workflow.tables import customers

CSV = (
    "id,name,type,dob,country,passport,segment\n"
    "c1,Pavel Karpov,person,27/08/1977,RU,123;456,retail\n"
    "c2,Example Trading Ltd,company,,GB,,corporate\n"
)


def test_csv_columns_fold_to_fields_and_keep_attributes(tmp_path: Path) -> None:
    c1, c2 = read_portfolio(portfolio_file(tmp_path, CSV))
    assert (c1.id, c1.name, c1.schema) == ("c1", "Pavel Karpov", "Person")
    assert c1.birth_dates == ("1977-08-27",)
    assert c1.countries == ("RU",) and c1.identifiers == ("123", "456")
    assert c1.attributes == {"segment": "retail"}
    assert c2.schema == "Company" and c2.birth_dates == ()


def test_json_lines_take_lists_and_free_attributes(tmp_path: Path) -> None:
    line = {"id": "v1", "name": "Sea Star", "schema": "Vessel", "imo": ["IMO 9187629"],
            "risk": {"level": 3}}  # fmt: skip
    path = portfolio_file(tmp_path, json.dumps(line) + "\n\n", "p.jsonl")
    (rec,) = read_portfolio(path)
    assert rec.schema == "Vessel" and rec.identifiers == ("IMO 9187629",)
    assert rec.attributes == {"risk": '{"level":3}'}


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("name,dob\nA,1970\n", "line 1", "needs an id and a name"),
        ("id,name\nc1,A\nc1,B\n", "line 3", "appears twice"),
        ("id,name,dob\nc1,A,someday\n", "line 2, field birth_dates", "not a date"),
        ("id,name,dob\nc1,A,1999-99-99\n", "line 2, field birth_dates", "not a date"),
        ("id,name,type\nc1,A,dragon\n", "line 2, field schema", "unknown type"),
        ("id,name,country\nc1,A,Narnia\n", "line 2, field countries", "unknown country"),
        ("id,name\nc1,A,extra\n", "line 2", "more cells"),
        ("id,name\nc1,\n", "line 2, field name", "has no name"),
        ("id,name\n", None, "no customers"),
        ('{"id": "c1", "name": "A"}\n{"id": \n', "line 2", "not JSON"),
        ('{"id": "c1", "name": "A"}\n[1]\n', "line 2", "JSON object"),
        ("id,name,gender\nc1,A,x\n", "line 2, field gender", "not a gender"),
    ],
)
def test_bad_files_raise_parse_error_naming_the_place(
    tmp_path: Path, text: str, where: str | None, problem: str
) -> None:
    with pytest.raises(ParseError) as err:
        read_portfolio(portfolio_file(tmp_path, text))
    assert err.value.where == where and problem in err.value.problem


def test_non_utf8_and_missing_files_are_parse_errors(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\nc1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(ParseError, match="not UTF-8"):
        read_portfolio(path)
    with pytest.raises(ParseError, match="no such file"):
        read_portfolio(tmp_path / "absent.csv")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_random_bytes_give_customers_or_a_parse_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    try:
        records = read_portfolio(path)
    except ParseError:
        return
    assert records and all(r.id and r.name for r in records)


def test_an_edit_is_a_new_version_and_the_old_one_stays(store: Store, tmp_path: Path) -> None:
    wf = Workflow(store, OFFICER)
    first = wf.import_customers(portfolio_file(tmp_path, CSV))
    assert (first.added, first.changed, first.unchanged) == (2, 0, 0)
    again = wf.import_customers(portfolio_file(tmp_path, CSV))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    edited = CSV.replace("Example Trading Ltd", "Example Trading Limited") + "c3,New One,,,,,\n"
    result = wf.import_customers(portfolio_file(tmp_path, edited))
    assert (result.added, result.changed, result.unchanged) == (1, 1, 1)
    with store.read() as conn:
        current = latest_versions(conn)
        assert current["c2"].version == 2
        assert current["c2"].record.name == "Example Trading Limited"
        rows = conn.execute(customers.select().where(customers.c.customer_id == "c2")).all()
        assert sorted((r.version, r.name) for r in rows) == [
            (1, "Example Trading Ltd"),
            (2, "Example Trading Limited"),
        ]
        actions = [r["action"] for r in export(conn, OFFICER)]
    assert actions == ["customers.import"] * 3
    assert verify_store(store).ok


def test_a_bad_file_stores_nothing(store: Store, tmp_path: Path) -> None:
    wf = Workflow(store, OFFICER)
    with pytest.raises(ParseError):
        wf.import_customers(portfolio_file(tmp_path, CSV + "c9,Bad Date,person,31/02/1990,,,\n"))
    with store.read() as conn:
        assert latest_versions(conn) == {}
    assert verify_store(store).records == 0


def test_customers_import_from_records_as_from_a_file(store: Store, tmp_path: Path) -> None:
    wf = Workflow(store, OFFICER)
    rows = [
        {"id": "c1", "name": "Pavel Karpov", "type": "person", "dob": "27/08/1977",
         "country": "RU", "passport": ["123", "456"], "segment": "retail"},
        {"id": "c2", "name": "Example Trading Ltd", "type": "company", "country": "GB"},
    ]  # fmt: skip
    result = wf.import_customer_records(rows, origin="crm export")
    assert (result.path, result.added, result.changed, result.unchanged) == ("crm export", 2, 0, 0)
    from_file = read_portfolio(portfolio_file(tmp_path, CSV))
    with store.read() as conn:
        stored = {c: v.record for c, v in latest_versions(conn).items()}
        audited = [r for r in export(conn, OFFICER) if r["action"] == "customers.import"]
    assert stored["c1"] == from_file[0]
    assert stored["c2"].schema == "Company" and stored["c2"].countries == ("GB",)
    assert audited[-1]["detail"]["path"] == "crm export"  # type: ignore[index]


@pytest.mark.parametrize(
    ("bad", "field", "code"),
    [
        ({"id": "c3", "name": ""}, "name", "required"),
        ({"id": "c3", "name": "A", "dob": "1999-99-99"}, "birth_dates", "invalid_date"),
        ({"id": "c3", "name": "A", "country": "Narnia"}, "countries", "unknown_country"),
        ({"id": "c3", "name": "A", "type": "dragon"}, "schema", "unknown_schema"),
        ({"id": "c1", "name": "Again"}, "id", "invalid_input"),
    ],
)
def test_a_bad_record_names_record_and_field_and_stores_nothing(
    store: Store, bad: dict[str, str], field: str, code: str
) -> None:
    wf = Workflow(store, OFFICER)
    with pytest.raises(InvalidInput) as err:
        wf.import_customer_records([{"id": "c1", "name": "Ann Smith"}, bad])
    assert (err.value.field, err.value.code, err.value.record) == (field, code, "record 2")
    with store.read() as conn:
        assert latest_versions(conn) == {}
