"""Given names read from Han or Hangul, compared syllable by syllable (names/syllables.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.match.names import token_similarity
from watchlist.match.persons import given_name_similarity
from watchlist.names import hangul
from watchlist.names.syllables import KOREAN, PINYIN, agree, is_syllable


@pytest.mark.parametrize(
    ("syllables", "system", "word", "expected", "reason"),
    [
        (("mi", "yeong"), KOREAN, "myong", False, "two syllables are not one of like letters"),
        (("ji", "yeong"), KOREAN, "jong", False, "Ji-yeong is not Jong"),
        (("chi", "un"), KOREAN, "chun", False, "McCune's Chi-un is not Chun"),
        (("jong", "sun"), KOREAN, "jongun", False, "the second syllable differs: sun, un"),
        (("jong", "hun"), KOREAN, "jongun", False, "the second syllable differs: hun, un"),
        (("jeong", "eun"), KOREAN, "jongun", True, "Revised eo and eu as the popular o and u"),
        (("jeong", "sik"), KOREAN, "chongsik", True, "McCune-Reischauer ch for j"),
        (("hyeon", "u"), KOREAN, "hyonu", True, "Hyon U is Hyeon-u"),
        (("yeong", "su"), KOREAN, "youngsoo", True, "popular spellings: young, soo"),
        (("jong", "su"), KOREAN, "yongsu", False, "another first syllable: jong, yong"),
        (("xiao", "ming"), PINYIN, "xiaoming", True, "the same pinyin syllables"),
        (("xiao", "hong"), PINYIN, "xiaoming", False, "the second syllable differs"),
        (("jin", "ping"), PINYIN, "jinbing", True, "an aspirated initial as its plain pair"),
        (("yu",), PINYIN, "yuro", None, "not pinyin: left to letter likeness"),
        (("gui", "hua"), PINYIN, "kwaiwah", None, "a Cantonese spelling is not pinyin"),
    ],
)
def test_agree(
    syllables: tuple[str, ...], system: str, word: str, expected: bool | None, reason: str
) -> None:
    assert agree(syllables, system, word) is expected, reason


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("ro", True, "a Korean syllable (Yu-ro)"),
        ("keung", True, "a Korean or Cantonese one (Ping Keung)"),
        ("hsien", True, "a Wade-Giles syllable"),
        ("na", True, "a pinyin syllable"),
        ("maria", False, "a word of several syllables"),
        ("lorenzana", False, "no syllable of either language"),
    ],
)
def test_is_syllable(word: str, expected: bool, reason: str) -> None:
    assert is_syllable(word) is expected, reason


hangul_syllable = st.integers(0xAC00, 0xAC00 + 11171).map(chr)


@pytest.mark.parametrize("name", ["쩅", "쬉", "쩅쬉"])
def test_the_longest_korean_syllables_agree_with_their_spellings(name: str) -> None:
    # Their McCune-Reischauer spellings (tchyaeng, tchwaeng) have eight letters.
    for syllables in hangul.given_spellings(name):
        assert agree(syllables, KOREAN, "".join(syllables)), syllables


@given(st.lists(hangul_syllable, min_size=1, max_size=3).map("".join))
def test_every_romanisation_of_a_hangul_name_agrees_with_every_other(name: str) -> None:
    spellings = hangul.given_spellings(name)
    for syllables in spellings:
        for other in spellings:
            assert agree(syllables, KOREAN, "".join(other)), (syllables, other)


@given(
    st.lists(hangul_syllable, min_size=1, max_size=3).map("".join),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10),
)
def test_a_given_name_read_from_hangul_is_never_more_alike_than_its_letters(
    name: str, word: str
) -> None:
    syllables = hangul.given_spellings(name)[0]
    token = "".join(syllables)
    similarity = given_name_similarity(((token, KOREAN, syllables),))
    assert similarity(token, word, False) <= token_similarity(token, word)
    assert similarity(word, token, False) == token_similarity(word, token)
