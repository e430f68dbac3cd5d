"""One input model: queries and pairs built through checks that name the bad field with a
stable code, the same whether a value comes from the command line, a file or the API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.errors import InvalidInput
from watchlist.match.dates import parse_prefix
from watchlist.screening import Query, inputs
from watchlist.screening.model import Pair

BAD_FIELDS: list[tuple[dict[str, Any], str, str]] = [
    ({"name": ""}, "name", "required"),
    ({"name": "   "}, "name", "required"),
    ({"name": None}, "name", "required"),
    ({"name": "A", "schema": "Banana"}, "schema", "unknown_schema"),
    ({"name": "A", "birth_dates": ["1999-99-99"]}, "birth_dates", "invalid_date"),
    ({"name": "A", "birth_dates": ["1977-27-45"]}, "birth_dates", "invalid_date"),
    ({"name": "A", "birth_dates": ["0999"]}, "birth_dates", "invalid_date"),
    ({"name": "A", "birth_dates": ["1977-13"]}, "birth_dates", "invalid_date"),
    ({"name": "A", "birth_dates": ["someday"]}, "birth_dates", "invalid_date"),
    ({"name": "A", "countries": ["Narnia"]}, "countries", "unknown_country"),
    ({"name": "A", "gender": "x"}, "gender", "unknown_value"),
]


@pytest.mark.parametrize(("fields", "field", "code"), BAD_FIELDS)
def test_a_bad_field_is_named_with_its_code(fields: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        Query.from_fields(**fields)
    assert (err.value.field, err.value.code) == (field, code)
    assert err.value.exit_status == 2 and err.value.status == 400


def test_good_fields_are_kept_as_the_screener_reads_them() -> None:
    q = Query.from_fields(
        " Pavel Karpov ",
        schema="person",
        birth_dates=["1977-8-27", " ", "1977-27-08", "27 Aug 1977", "1974-01-32"],
        countries=["RU", "Russia", ""],
        identifiers=[" AB 1 ", ""],
        gender="M",
    )
    assert q == Query(
        name="Pavel Karpov",
        schema="Person",
        # as written when the screener reads it so (day and month swapped included)
        # an impossible day leaves year and month, which the screener compares
        birth_dates=("1977-8-27", "1977-27-08", "1977-08-27", "1974-01-32"),
        countries=("RU", "Russia"),
        identifiers=("AB 1",),
        gender="male",
    )


@pytest.mark.parametrize(
    ("written", "schema"),
    [("Organization", "Organization"), ("legal entity", "LegalEntity"), ("ship", "Vessel")],
)
def test_schema_words_fold_to_the_schema(written: str, schema: str) -> None:
    assert Query.from_fields("A", schema=written).schema == schema


def test_from_row_reads_batch_columns_and_splits_lists() -> None:
    row = {"id": "q1", "name": "A; B", "dob": "1970;1971-02", "country": "ru; gb",
           "id_number": "X1", "schema": "Person", "segment": "ignored"}  # fmt: skip
    q = Query.from_row(row)
    assert q == Query("A; B", "Person", ("1970", "1971-02"), ("ru", "gb"), ("X1",))
    with pytest.raises(InvalidInput) as err:
        Query.from_row({"id": "q2", "name": "A", "dob": "1970;1999-99-99"})
    assert (err.value.field, err.value.code) == ("birth_dates", "invalid_date")


@pytest.mark.parametrize("value", [-0.1, 1.5, 5.0, float("nan")])
def test_threshold_outside_zero_one_is_refused(value: float) -> None:
    with pytest.raises(InvalidInput) as err:
        inputs.threshold(value)
    assert (err.value.field, err.value.code) == ("threshold", "out_of_range")


@pytest.mark.parametrize("value", [None, 0.0, 0.65, 1.0])
def test_threshold_inside_is_kept(value: float | None) -> None:
    assert inputs.threshold(value) == value


def test_pairs_check_both_names_and_the_schema() -> None:
    assert Pair.from_row({"name1": "A", "name2": " B", "schema": ""}) == Pair("A", "B", None)
    for row, field in [
        ({"name1": "", "name2": "B"}, "name1"),
        ({"name1": "A", "name2": None}, "name2"),
        ({"name1": "A", "name2": "B", "schema": "Banana"}, "schema"),
    ]:
        with pytest.raises(InvalidInput) as err:
            Pair.from_row(row)
        assert err.value.field == field


@given(st.text(max_size=14))
def test_any_date_text_is_a_date_the_screener_reads_or_invalid_date(text: str) -> None:
    try:
        kept = inputs.birth_date(text)
    except InvalidInput as err:
        assert (err.code, err.field) == ("invalid_date", "birth_dates")
        return
    read = parse_prefix(kept)
    assert read is not None
    year, month, _day = read
    # never silently a bare year: a month the text gives is one the screener reads
    assert month is not None or not re.match(r"^\s*\d{4}\D+\d", kept)


@given(st.dates())
def test_every_real_date_is_accepted_as_written(day: Any) -> None:
    if day.year < 1000:
        return
    assert inputs.birth_date(day.isoformat()) == day.isoformat()
