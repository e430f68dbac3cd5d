"""Wade-Giles names respelt in pinyin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.forms import name_forms
from watchlist.names.wadegiles import syllable, to_pinyin


@pytest.mark.parametrize(
    ("wade_giles", "pinyin", "reason"),
    [
        ("hsi", "xi", "hs is x"),
        ("chin", "jin", "ch before i is j"),
        ("chou", "zhou", "ch elsewhere is zh"),
        ("tse", "ze", "ts is z"),
        ("tzu", "zi", "tzu's vowel is pinyin's i"),
        ("tung", "dong", "t is d, -ung is -ong"),
        ("shih", "shi", "-ih is i"),
        ("hsieh", "xie", "-ieh is -ie"),
        ("lien", "lian", "-ien is -ian"),
        ("ko", "ge", "k is g, o after k is e"),
        ("jen", "ren", "j is r"),
    ],
)
def test_syllables(wade_giles: str, pinyin: str, reason: str) -> None:
    assert syllable(wade_giles) == pinyin, reason


def test_a_name_is_respelt_only_when_every_word_is_wade_giles() -> None:
    assert to_pinyin(("mao", "tse", "tung")) == ("mao", "ze", "dong")
    assert to_pinyin(("hsi", "chin", "ping")) == ("xi", "jin", "bing")
    assert to_pinyin(("lee", "hsien", "loong")) is None  # "loong" is no syllable
    assert to_pinyin(("li", "peng")) is None  # nothing shows it is not pinyin already
    assert to_pinyin(("hsi",)) is None  # one word says too little


def test_the_respelt_form_is_added_beside_the_original() -> None:
    forms = [f.tokens for f in name_forms("Mao Tse-tung")]
    assert forms == [("mao", "tse", "tung"), ("mao", "ze", "dong")]
    assert [f.tokens for f in name_forms("Mao Tse-tung", organisation=True)] == [
        ("mao", "tse", "tung")
    ]


@given(st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6), max_size=4))
def test_any_tokens_give_none_or_as_many_ascii_syllables(tokens: list[str]) -> None:
    result = to_pinyin(tuple(tokens))
    if result is not None:
        assert len(result) == len(tokens)
        assert all(t.isascii() and t.isalpha() for t in result)
