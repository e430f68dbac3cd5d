"""Feminine and masculine forms of one name are two people (names/gendered.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.match.names import MIN_TOKEN_SIM, token_similarity
from watchlist.names.gendered import _SLAVIC, _bare, _er_ra, _french_ee, gendered
from watchlist.names.patronymics import son_and_daughter
from watchlist.names.phonetic import fold
from watchlist.names.rarity import reference_frequencies


@pytest.mark.parametrize(
    ("a", "b", "expected", "reason"),
    [
        ("julia", "julio", True, "Romance -a for -o"),
        ("mariah", "mario", True, "a silent final h: Mariah is Maria"),
        ("luisa", "luis", True, "an -a added to a final consonant"),
        ("valentina", "valentin", True, "Slavic given names alike"),
        ("ivanova", "ivanov", True, "a Slavic surname's feminine form"),
        ("zhukovskaya", "zhukovsky", True, "an adjectival surname's feminine form"),
        ("kowalska", "kowalski", True, "the same in Polish"),
        ("hamida", "hamid", True, "an Arabic name's feminine form"),
        ("alexandra", "alexander", True, "-ra for -er"),
        ("alexandria", "alexander", True, "-ria for -er"),
        ("petra", "peter", True, "-ra for -er in a short name"),
        ("andree", "andre", True, "French -ee for -e: Andrée, André"),
        ("alexandr", "alexander", False, "two spellings of one masculine name"),
        ("andrea", "andre", False, "Andrea beside Andre is no feminine ending"),
        ("alia", "ali", False, "an -a after a vowel marks nothing"),
        ("abdulla", "abdullo", False, "the Tajik -ullo of -ullah"),
        ("sarah", "sara", False, "one name, two spellings"),
        ("khirurga", "khirurg", False, "a Russian case ending, not a feminine one"),
        ("yulia", "yuliya", False, "two spellings of one feminine name"),
        ("palestiniana", "palestinian", False, "a word, not a name: Portuguese Palestinian"),
    ],
)
def test_gendered(a: str, b: str, expected: bool, reason: str) -> None:
    assert gendered(a, b) is expected, reason
    if expected:
        assert token_similarity(a, b) < MIN_TOKEN_SIM, reason


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@given(words, words)
def test_gendered_is_symmetric_and_irreflexive(a: str, b: str) -> None:
    assert gendered(a, b) == gendered(b, a)
    assert not gendered(a, a)


NAMES = sorted(n for n in reference_frequencies() if len(n) >= 3 and n[-1] in "dlmnrtv")


@given(st.sampled_from(NAMES) | words)
def test_a_name_and_its_feminine_form(stem: str) -> None:
    """Only a name people bear has a feminine form: Luis, Luisa; not Palestinian."""
    if len(fold(stem)) >= 3 and stem[-1] in "dlmnrtv" and fold(stem) == stem:
        assert gendered(stem, stem + "a") is (stem in reference_frequencies()), stem


@given(st.sampled_from(NAMES) | words, words | st.sampled_from(["a", "ah", "ee", "na", "ska"]))
def test_no_rule_finds_a_pair_without_a_feminine_ending(stem: str, ending: str) -> None:
    """gendered answers at once for two words neither of which ends as a feminine form does
    (folded -a or -ah, a French -ee): each of its rules needs one such word."""
    for a, b in ((stem, stem + ending), (stem + ending, stem), (stem, ending)):
        if fold(a).endswith(("a", "ah")) or fold(b).endswith(("a", "ah")):
            continue
        if a.endswith("ee") or b.endswith("ee"):
            continue
        x, y = _bare(fold(a)), _bare(fold(b))
        short, long = sorted((x, y), key=len)
        assert not _french_ee(a, b), (a, b)
        assert not _er_ra(x, y) and not son_and_daughter(x, y), (a, b)
        assert long != short + "a" and {x[-1:], y[-1:]} != {"a", "o"}, (a, b)
        assert not any(x.endswith(f) or y.endswith(f) for _, f in _SLAVIC), (a, b)
