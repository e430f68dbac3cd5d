"""Which script a word is in."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.scripts import char_script, word_script


@given(st.text(max_size=12) | st.text(alphabet="ab1-' Жиاب", max_size=12))
def test_the_script_of_most_letters(word: str) -> None:
    counts = Counter(s for s in map(char_script, word) if s is not None)
    expected = counts.most_common(1)[0][0] if counts else None
    assert word_script(word) == expected


def test_words() -> None:
    assert word_script("Ivanov") == "Latin"
    assert word_script("Иванов") == "Cyrillic"
    assert word_script("1984") is None
    assert word_script("محمد") == "Arabic"
