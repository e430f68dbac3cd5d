"""Patronymics: one father's name in Russian and Ukrainian spellings (names/patronymics.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.match.names import MIN_TOKEN_SIM, token_similarity
from watchlist.names.patronymics import same_father, son_and_daughter
from watchlist.names.phonetic import fold


@pytest.mark.parametrize(
    ("a", "b", "expected", "reason"),
    [
        ("hryhorovych", "grigorievich", True, "Ukrainian h for Russian g, -ovych for -ievich"),
        ("hennadiyovych", "gennadevich", True, "Hennadiy, Gennady: the father's -iy dropped"),
        ("volodymyrovych", "vladimirovich", True, "Volodymyr, Vladimir"),
        ("oleksiyovych", "alekseevich", True, "Oleksiy, Aleksei"),
        ("petrivna", "petrovna", True, "a daughter's Ukrainian -ivna, Russian -ovna"),
        ("ivanovich", "viktorovich", False, "two fathers"),
        ("ivanovich", "ivanovna", False, "a son's and a daughter's: two people"),
        ("ivanov", "ivanovich", False, "a surname is no patronymic"),
    ],
)
def test_same_father(a: str, b: str, expected: bool, reason: str) -> None:
    assert same_father(fold(a), fold(b)) is expected, reason
    if expected:
        assert token_similarity(a, b) >= MIN_TOKEN_SIM, reason


def test_a_sons_patronymic_is_not_a_daughters() -> None:
    assert son_and_daughter(fold("ivanovich"), fold("ivanovna"))
    assert token_similarity("ivanovich", "ivanovna") < MIN_TOKEN_SIM


fathers = st.sampled_from(["ivan", "petr", "hryhor", "grigori", "volodymyr", "serhi", "boris"])
endings = st.sampled_from(["ovych", "ovich", "evich", "ivna", "ovna", "evna"])


@given(fathers, endings, fathers, endings)
def test_one_father_is_symmetric_and_never_a_son_and_a_daughter(
    f1: str, e1: str, f2: str, e2: str
) -> None:
    a, b = fold(f1 + e1), fold(f2 + e2)
    assert same_father(a, b) == same_father(b, a)
    assert not (same_father(a, b) and son_and_daughter(a, b))
    assert same_father(a, a)
