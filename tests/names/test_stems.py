"""A word without its adjective or inflection ending (names/stems.py): one name in several
languages, and a Russian adjective and the name it is made from, meet each other."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.phonetic import fold
from watchlist.names.stems import MIN_STEM, same_stem, stem


@pytest.mark.parametrize(
    ("a", "b", "expected", "reason"),
    [
        ("palestinski", "palestinian", True, "Slavic and English adjectives of one place"),
        ("palestinska", "palestine", True, "Scandinavian adjective and English noun"),
        ("islamiska", "islamic", True, "Swedish and English adjectives"),
        ("islamischer", "islamic", True, "German inflected adjective"),
        ("islamique", "islamic", True, "French adjective"),
        ("karachevsky", "karachev", True, "Russian adjective and the name it is made from"),
        ("bryanskiy", "bryansk", True, "Russian adjective of a town in -sk"),
        ("dolgoprudnenskoye", "dolgoprudnensk", True, "neuter adjective, another ending"),
        ("bolkhovsky", "bolkhovskii", True, "two romanisations of one adjective"),
        ("zoetis", "zetas", False, "two coined words a letter or two apart"),
        ("omskiy", "omsk", False, "a stem of four letters or fewer is too short to decide"),
        ("santos", "santa", False, "short stems stay apart"),
        ("kontrast", "kontrakt", False, "one stem only when the letters before the ending agree"),
        ("44", "44", False, "numbers are not words: they are compared as numbers"),
    ],
)
def test_same_stem(a: str, b: str, expected: bool, reason: str) -> None:
    assert same_stem(a, b) == expected, reason
    assert same_stem(b, a) == expected, "symmetric: " + reason


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=16)


@given(_WORDS)
def test_a_stem_is_the_start_of_the_folded_word(word: str) -> None:
    folded = fold(word)
    found = stem(word)
    assert folded.startswith(found)
    assert len(found) >= min(len(folded), MIN_STEM)


@given(_WORDS, _WORDS)
def test_same_stem_is_symmetric_and_reflexive_for_long_stems(a: str, b: str) -> None:
    assert same_stem(a, b) == same_stem(b, a)
    assert same_stem(a, a) == (len(stem(a)) >= 5)
