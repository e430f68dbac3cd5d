"""How everyday a word is (names/everyday.py): an organisation's distinctive word that is a
common word of some language weighs less than a coined one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.everyday import EVERYDAY_FLOOR, everyday_cap, zipf
from watchlist.names.rarity import MAX_WEIGHT


@pytest.mark.parametrize(
    ("common", "rare", "reason"),
    [
        ("liberty", "rosneft", "an English word against a coined name"),
        ("capital", "sepasad", "an English word against a Persian firm's name"),
        ("miscarea", "lenpromtransproyekt", "Romanian 'movement' against a Soviet acronym word"),
        ("northern", "tekhnodinamika", "a direction against a coined name"),
        ("istok", "kalashnikov", "Russian 'source' is a common word, a surname is not"),
    ],
)
def test_everyday_words_weigh_less(common: str, rare: str, reason: str) -> None:
    assert zipf(common) > zipf(rare), reason
    assert everyday_cap(common, MAX_WEIGHT) < everyday_cap(rare, MAX_WEIGHT) == MAX_WEIGHT, reason


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        ("Liberty", "case does not matter: the corpus is folded, so is the look-up"),
        ("liberti", "romanisation variants fold together (y, i)"),
    ],
)
def test_look_up_is_folded(word: str, reason: str) -> None:
    assert everyday_cap(word.lower(), MAX_WEIGHT) == everyday_cap("liberty", MAX_WEIGHT), reason


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12), st.floats(0, 5))
def test_cap_is_bounded(word: str, ceiling: float) -> None:
    cap = everyday_cap(word, ceiling)
    assert cap <= max(ceiling, EVERYDAY_FLOOR)
    assert cap >= min(ceiling, EVERYDAY_FLOOR)
