import re
from datetime import date

import pytest
from hypothesis import assume, given
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


# Text that often is a date, or nearly one (day 31 of a short month, month 13, year 0000).
DATE_LIKE = st.one_of(
    st.from_regex(r"[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?", fullmatch=True),
    st.from_regex(r"[0-3]?[0-9][/.\-][01]?[0-9][/.\-][12][0-9]{3}", fullmatch=True),
    st.from_regex(r"([0-3]?[0-9] )?(Jan|Feb|Sep|Sept|October|Foo)\.? [12][0-9]{3}", fullmatch=True),
)


@given(st.text(max_size=40))
def test_parse_date_of_any_text_is_nothing_or_a_real_date(text: str) -> None:
    value = parse_date(text)
    if value is not None:
        check_prefix(value)


@given(DATE_LIKE)
def test_parse_date_gives_a_real_iso_prefix_or_nothing(text: str) -> None:
    value = parse_date(text)
    assume(value is not None)  # Hypothesis fails the test if this leaves too few examples
    check_prefix(value)


def check_prefix(value: str) -> None:
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value), value
    year, month, day = (int(p) for p in (value + "-01-01")[:10].split("-"))
    assert date(year, month, day)  # a day that exists (the calendar refuses 1977-02-30)
    assert parse_date(value) == value  # an ISO prefix reads as itself


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31)), st.data())
def test_every_documented_spelling_of_a_day_reads_as_that_day(d: date, data: st.DataObject) -> None:
    month = d.strftime(data.draw(st.sampled_from(["%b", "%B"])))
    spelling = data.draw(
        st.sampled_from(
            [
                f"{d.day} {month} {d.year:04d}",
                f"{d.day:02d}/{d.month:02d}/{d.year:04d}",
                f"{d.day}.{d.month}.{d.year:04d}",
                f"{month} {d.day}, {d.year:04d}",
                f"circa {d.isoformat()}",
                f"{d.isoformat()}T00:00:00",
            ]
        )
    )
    assert parse_date(spelling) == d.isoformat(), spelling


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d.isoformat()
    assert to_date(parse_date(d.isoformat())) == d
