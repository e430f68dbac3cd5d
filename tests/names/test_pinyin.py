"""Romanised Chinese given names compared syllable by syllable (names/pinyin.py)."""

from __future__ import annotations

import icu
import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.match.names import MIN_TOKEN_SIM, token_similarity
from watchlist.names.pinyin import SYLLABLES, other_given_name, syllables


@pytest.mark.parametrize(
    ("a", "b", "different", "reason"),
    [
        ("xiaohong", "xiaoming", True, "one syllable differs: another given name"),
        ("jianping", "jiangping", True, "jian and jiang are two characters"),
        ("jianjun", "jianshu", True, "the second syllable differs"),
        ("xiaoming", "xiaoming", False, "the same name"),
        ("xiuying", "xing", True, "two syllables are not one of like letters"),
        ("jianguo", "jiang", True, "Jianguo is Jian Guo, not Jiang"),
        ("qiuxiang", "exiang", True, "the first syllable differs, though both end in xiang"),
        ("jinbing", "jinping", False, "Wade-Giles drops the aspirate: b for p is one sound"),
        ("anna", "ana", False, "not read as Chinese: syllables of two letters or one"),
        ("maria", "marie", False, "not read as Chinese: a one-letter syllable"),
        ("lina", "lena", False, "not read as Chinese: no syllable of four letters, x, q or zh"),
        ("xiaoming", "hsiaoming", False, "Wade-Giles is not pinyin: left to letter likeness"),
    ],
)
def test_other_given_name(a: str, b: str, different: bool, reason: str) -> None:
    assert other_given_name(a, b) == different, reason
    if different:
        assert token_similarity(a, b) < MIN_TOKEN_SIM, reason


def test_syllables_are_icus_readings_of_han() -> None:
    tr = icu.Transliterator.createInstance("Han-Latin; Latin-ASCII")
    text = " ".join(chr(c) for c in range(0x4E00, 0x9FA6))
    read = {w for w in tr.transliterate(text).split() if w.isascii() and w.isalpha()}
    assert frozenset(read) == SYLLABLES


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14))
def test_syllables_cut_the_word_exactly(word: str) -> None:
    found = syllables(word)
    if found is not None:
        assert "".join(found) == word
        assert all(s in SYLLABLES for s in found)


def cut_in_full(word: str) -> tuple[str, ...] | None:
    # syllables without its test of the first and last letters.
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[len(word)] = ()
    for start in range(len(word) - 1, -1, -1):
        for end in range(min(len(word), start + 6), start, -1):
            rest = best[end]
            if rest is not None and word[start:end] in SYLLABLES:
                found = (word[start:end], *rest)
                current = best[start]
                if current is None or len(found) < len(current):
                    best[start] = found
    return best[0]


@given(
    st.lists(st.sampled_from(sorted(SYLLABLES)), max_size=4).map("".join)
    | st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=12)
)
def test_syllables_known_by_first_and_last_letters_as_by_cutting(word: str) -> None:
    assert syllables(word) == cut_in_full(word)


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10),
)
def test_other_given_name_is_symmetric_and_irreflexive(a: str, b: str) -> None:
    assert other_given_name(a, b) == other_given_name(b, a)
    assert not other_given_name(a, a)
