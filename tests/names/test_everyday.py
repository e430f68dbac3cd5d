"""How everyday a word is (names/everyday.py): an organisation's distinctive word that is a
common word of some language weighs less than a coined one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.everyday import EVERYDAY_FLOOR, acronym, everyday_cap, zipf
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


@pytest.mark.parametrize(
    ("token", "expected", "reason"),
    [
        ("mmz", True, "no vowel: an acronym (folded it is mz, a frequent syllable)"),
        ("kbc", True, "no vowel: an acronym"),
        ("vnktf", True, "a longer acronym"),
        ("pg", False, "two letters are an initial or a word as often"),
        ("mis", False, "a vowel: may be a word"),
        ("myz", False, "y is a vowel here"),
        ("kniim", False, "an acronym with a vowel reads as a word: left to the table"),
        ("m2z", False, "not letters only"),
    ],
)
def test_acronym(token: str, expected: bool, reason: str) -> None:
    assert acronym(token) is expected, reason


def test_an_acronym_is_capped_by_the_table_but_weighs_as_coined_in_an_organisation() -> None:
    from watchlist.match.things import form_weights
    from watchlist.names.forms import name_forms
    from watchlist.names.rarity import Rarity

    assert everyday_cap("mmz", MAX_WEIGHT) < MAX_WEIGHT  # what the folded look-up says
    form = name_forms("MMZ JSC", True)[0]
    weights = dict(
        zip(form.tokens, form_weights(Rarity({}, 0, reference=False), form), strict=True)
    )
    assert weights["mmz"] == MAX_WEIGHT
