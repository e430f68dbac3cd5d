"""The phonetic keys' fast paths give exactly what their rules, applied one by one, give
(names/phonetic.py: the index files millions of keys, so the keys are computed in fewer passes;
a key that changed would leave every cached index filed under other keys)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from watchlist.names import phonetic
from watchlist.names.phonetic import abjad_key, coarse_key, fold


def fold_by_rules(token: str) -> str:
    for _ in range(4):
        before = token
        token = phonetic._DIGRAPH.sub(lambda m: phonetic._DIGRAPHS[m.group(0)], token)
        for pattern, repl in phonetic._FOLD_RULES:
            token = pattern.sub(repl, token)
        if token == before:
            break
    return token


def coarse_by_rules(token: str) -> str:
    if token.isdigit():
        return token
    key = fold_by_rules(token)
    for pattern, repl in phonetic._COARSE_RULES:
        key = pattern.sub(repl, key)
    return key or "_" + token[:1]


def abjad_by_rules(token: str) -> str:
    token = phonetic._ABJAD_J.sub("J", phonetic._DIGRAPH_THEN_H.sub("hah", token))
    key = fold_by_rules(token)
    for pattern, repl in phonetic._ABJAD_RULES:
        key = pattern.sub(repl, key)
    return re.sub(r"([a-zA-Z])\1+", r"\1", key.replace("J", "j"))


# Letters the rules look at, more often than the rest of the alphabet would give them.
_TOKENS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789aeioujhhcsztdxqwypk"),
    max_size=12,
)


@settings(max_examples=2000)
@given(_TOKENS)
@example("tschaikowsky")
@example("cx")
@example("ttch")
@example("khachaturian")
@example("ghazi")
@example("pph")
@example("shhyd")
@example("mjyd")
@example("jjaj")
@example("bjaja")
def test_keys_are_those_of_the_rules_one_by_one(token: str) -> None:
    assert fold(token) == fold_by_rules(token)
    assert coarse_key(token) == coarse_by_rules(token)
    assert abjad_key(token) == abjad_by_rules(token)


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from("aabbzzAAZZ01é -"), max_size=12), st.booleans())
@example("", False)
@example("a", True)
@example("aab", False)
@example("abb", False)
@example("aAAa", False)
@example("aAAa", True)
@example("zzZZ11ééaa", True)
def test_runs_of_a_letter_undoubled_as_the_expression_does(text: str, upper: bool) -> None:
    # The keys' last step, without the regular expression engine (phonetic.undoubled).
    expression = r"([a-zA-Z])\1+" if upper else r"([a-z])\1+"
    assert phonetic.undoubled(text, upper) == re.sub(expression, r"\1", text)


@pytest.mark.parametrize(
    ("a", "b", "key", "reason"),
    [
        ("zhukov", "joukov", fold, "English zh and French j spell one sound"),
        ("schukow", "shukov", fold, "German sch and w are English sh and v"),
        ("fjodor", "fyodor", fold, "Slavic j after a consonant is the English y"),
        ("tchaikovsky", "chaikovski", fold, "French tch, English ch; y and i"),
        ("mohammed", "muhamad", coarse_key, "vowels and doubled letters leave the key"),
        ("khalid", "khaled", abjad_key, "short vowels an abjad does not write"),
        ("dzjabarov", "dzhabarov", fold, "Swedish and Dutch dzj is the Russian dzh"),
        ("shhyd", "shahid", abjad_key, "sh then h (شهید) is no doubled h: Shahid"),
        ("shhram", "shahram", abjad_key, "and Shahram, شهرام"),
        ("mjyd", "majid", abjad_key, "a skeleton's j before a ya is a j (مجید), no Slavic y"),
    ],
)
def test_spellings_meet(a: str, b: str, key: Callable[[str], str], reason: str) -> None:
    assert key(a) == key(b), reason


def test_other_sounds_stay_apart() -> None:
    assert abjad_key("khalid") != abjad_key("chalid"), "kh and ch are two letters of an abjad"
    assert coarse_key("tomas") != coarse_key("tomar"), "s and r are two classes"
