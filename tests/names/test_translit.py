"""A word of ASCII is its own spelling (names/translit._variants_of takes it as it is,
without lookalikes and the Latin-ASCII transliterator, which must leave it so)."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.names.translit import _ascii_words, _transliterator, _variants_of, lookalikes

_ASCII = [chr(c) for c in range(128)]


def test_latin_ascii_leaves_every_ascii_character_and_pair_as_it_is() -> None:
    latin_ascii = _transliterator("Latin-ASCII")
    assert all(latin_ascii.transliterate(a + b) == a + b for a in _ASCII for b in _ASCII)


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(string.printable + "\x00\x7f"), max_size=16))
def test_an_ascii_word_is_spelt_as_the_transliterator_spells_it(word: str) -> None:
    latin = tuple(_ascii_words(_transliterator("Latin-ASCII").transliterate(lookalikes(word))))
    assert _variants_of(word, True, False) == ([(latin, ())], False)
    assert _variants_of(word, False, True) == ([(latin, ())], False)
