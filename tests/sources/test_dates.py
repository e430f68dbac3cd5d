from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.sources.dates import parse_date, parse_dates, to_date


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("27 Aug 1977", "1977-08-27", "OFAC remarks style"),
        ("1977", "1977", "year only"),
        ("circa 1960", "1960", "qualifier dropped"),
        ("00/00/1977", "1977", "OFSI unknown day and month"),
        ("12/00/1977", "1977", "OFSI unknown month keeps the year"),
        ("27.08.1977", "1977-08-27", "dotted European"),
        ("Aug 1977", "1977-08", "month and year"),
        ("August 27, 1977", "1977-08-27", "US long form"),
        ("31 Feb 1990", None, "impossible day"),
        ("bogus", None, "not a date"),
    ],
)
def test_parse_date(text: str, expected: str | None, reason: str) -> None:
    assert parse_date(text) == expected, reason


def test_year_range_expands_to_every_year() -> None:
    assert parse_dates("1960 to 1962") == ["1960", "1961", "1962"]
    assert parse_dates("1900 - 1990") == ["1900", "1990"]


def test_to_date_takes_only_a_whole_day() -> None:
    assert to_date("1977-08-27") == date(1977, 8, 27)
    assert to_date("1977-08") is None
    assert to_date("1977") is None
    assert to_date(None) is None


@given(st.text(max_size=40))
def test_parse_date_never_crashes(text: str) -> None:
    value = parse_date(text)
    assert value is None or value[:4].isdigit()


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d.isoformat()
    assert to_date(parse_date(d.isoformat())) == d
