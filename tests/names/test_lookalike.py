"""Digits between the letters of a person's name read as the letters they resemble."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.forms import digits_as_letters, name_forms


@pytest.mark.parametrize(
    ("token", "expected", "reason"),
    [
        ("ig0r", "igor", "0 for o"),
        ("sech1n", "sechin", "1 for i"),
        ("i9or", "igor", "9 for g"),
        ("samma2", "samma2", "a digit at the end is a number (a hull number)"),
        ("44", "44", "a number alone"),
        ("2pac", "2pac", "a digit at the start"),
    ],
)
def test_digits_as_letters(token: str, expected: str, reason: str) -> None:
    assert digits_as_letters(token) == expected, reason


@given(st.text(alphabet="abcdefgz0123456789", max_size=12))
def test_no_digit_is_left_between_letters(token: str) -> None:
    out = digits_as_letters(token)
    assert len(out) == len(token)
    assert digits_as_letters(out) == out
    assert not any(
        out[i].isdigit() and out[i - 1].isalpha() and out[i + 1].isalpha()
        for i in range(1, len(out) - 1)
    )


def test_only_a_persons_name_is_read_so() -> None:
    assert name_forms("Ig0r Sech1n")[0].tokens == ("igor", "sechin")
    # An organisation's or a ship's name keeps its digits (Samma2: samma 2).
    assert "igor" not in name_forms("Ig0r Sech1n", organisation=True)[0].tokens
