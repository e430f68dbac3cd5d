"""Nicknames and short forms of given names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.nicknames import same_nickname
from watchlist.names.rarity import PARTICLES

_TOKENS = st.sampled_from(["william", "bill", "robert", "bob", "alexander", "alexandra", "alex"])


@given(_TOKENS | st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=9), _TOKENS)
def test_one_name_either_way_round(a: str, b: str) -> None:
    # Either way round but for particles (Ben), which stand for a name only in the query.
    if a not in PARTICLES and b not in PARTICLES:
        assert same_nickname(a, b) == same_nickname(b, a)
    assert not same_nickname(a, a)


@pytest.mark.parametrize(
    ("a", "b", "expected", "reason"),
    [
        ("bill", "william", True, "Bill is a short form of William"),
        ("bob", "robert", True, "Bob is a short form of Robert"),
        ("alexander", "alexandra", False, "two full names sharing the nickname Alex"),
        ("ben", "benjamin", True, "a query's Ben may be Benjamin's short form"),
        ("benjamin", "ben", False, "a listed ben is a particle (son of), no Benjamin"),
        ("bin", "benjamin", False, "a particle that is no short form of the name"),
        ("al", "albert", False, "two letters are too few to stand for a name"),
        ("ivan", "robert", False, "unrelated names"),
    ],
)
def test_same_nickname(a: str, b: str, expected: bool, reason: str) -> None:
    assert same_nickname(a, b) is expected, reason
