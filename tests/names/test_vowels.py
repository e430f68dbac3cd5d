"""Consonant classes alone do not make two spellings one name: their vowels must agree too
(names/phonetic.py vowels_agree, used by match/names.py token_similarity)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.match.names import MIN_TOKEN_SIM, token_similarity
from watchlist.names.phonetic import vowels_agree


@pytest.mark.parametrize(
    ("a", "b", "agree", "reason"),
    [
        ("zhukov", "schukow", True, "one name in two romanisations"),
        ("muhammad", "mohammed", True, "a damma is u or o, a fatha a or e"),
        ("hussein", "husayn", True, "ei and ay spell one diphthong"),
        ("kozyura", "kosjura", True, "y before a vowel is a consonant, as j is"),
        ("tomas", "dimas", False, "o and i are two vowels: another name"),
        ("mariah", "mario", False, "a and o end the names differently"),
        ("olivares", "alvarez", False, "four vowels against three"),
    ],
)
def test_vowels_agree(a: str, b: str, agree: bool, reason: str) -> None:
    assert vowels_agree(a, b) == agree, reason


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("tomas", "dimas", "the same consonant classes, other vowels"),
        ("moreno", "marino", "the same consonants, every vowel another"),
    ],
)
def test_consonant_classes_alone_are_no_match(a: str, b: str, reason: str) -> None:
    assert not vowels_agree(a, b), reason
    assert token_similarity(a, b) < MIN_TOKEN_SIM, reason


@given(st.text(alphabet="abcdehijklmnorstuvwyz", min_size=1, max_size=12))
def test_a_token_agrees_with_itself(token: str) -> None:
    assert vowels_agree(token, token)


@given(
    st.text(alphabet="abdehiklmnorstuy", min_size=1, max_size=10),
    st.text(alphabet="abdehiklmnorstuy", min_size=1, max_size=10),
)
def test_agreement_is_symmetric(a: str, b: str) -> None:
    assert vowels_agree(a, b) == vowels_agree(b, a)
