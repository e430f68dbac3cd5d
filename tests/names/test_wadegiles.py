"""Wade-Giles names respelt in pinyin."""

from __future__ import annotations

import re

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


# Wade-Giles as written, spelt out here rather than taken from the module under test.
WG_INITIALS = ("ch", "hs", "ts", "tz", "sh", "ss", "k", "p", "t", "j", "m", "f", "n", "l", "h")
WG_INITIALS += ("s", "y", "w", "")
WG_FINALS = (
    "a ai an ang ao e ei en eng erh i ia iang iao ieh ien ih in ing iu iung o ou u ua uai uan "
    "uang ui uei un ung uo ueh eh"
).split()
# What pinyin writes: no hs, ts, tz, ss, -ih, -ieh, -ien, -ueh, -erh, no consonant before -ung.
PINYIN = re.compile(
    r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(a|ai|an|ang|ao|e|ei|en|eng|er|i|ia|ian|iang|iao|ie|in"
    r"|ing|iong|iu|o|ong|ou|u|ua|uai|uan|uang|ue|ui|un|uo)$"
)
wg_syllables = (
    st.tuples(st.sampled_from(WG_INITIALS), st.sampled_from(WG_FINALS))
    .filter(lambda s: bool(s[0]) or not s[1].startswith("i"))  # "i..." alone is pinyin's yi
    .map("".join)
)
# A syllable only Wade-Giles writes so, and the pinyin initial it must become.
telltales = st.tuples(
    st.sampled_from((("hs", "x"), ("ts", "z"), ("tz", "z"))), st.sampled_from(WG_FINALS)
)


@given(st.lists(wg_syllables, min_size=1, max_size=3), telltales, st.integers(0, 3))
def test_any_wade_giles_name_is_respelt_in_pinyin_once(
    words: list[str], telltale: tuple[tuple[str, str], str], at: int
) -> None:
    (initial, onset), final = telltale
    tokens = (*words[:at], initial + final, *words[at:])
    at = min(at, len(words))
    result = to_pinyin(tokens)
    assert result is not None, tokens  # every word a syllable and one a telltale: respelt
    assert len(result) == len(tokens)
    for wg, pinyin in zip(tokens, result, strict=True):
        assert PINYIN.match(pinyin), (wg, pinyin)
    assert result[at].startswith(onset)
    assert to_pinyin(result) is None  # pinyin is never taken for Wade-Giles again


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"), [("chih", "zhi"), ("shih", "shi"), ("jih", "ri")]
)
def test_the_apical_vowel_keeps_its_retroflex_initial(wade_giles: str, pinyin: str) -> None:
    # ch-, sh- and j- before -ih are zh, sh and r (Chih is zhi), not the palatals of chi (ji)
    assert syllable(wade_giles) == pinyin
