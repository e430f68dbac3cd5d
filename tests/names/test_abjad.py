"""The long vowels an abjad writes, compared with a vowelled spelling (names/abjad.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.match.names import MIN_TOKEN_SIM, token_similarity
from watchlist.names.abjad import _cost, _zero_cost, vowel_letters_agree, vowel_letters_differ
from watchlist.names.forms import name_forms


def skeleton(text: str) -> str:
    # The Arabic reading, first (a name with ض is read the Persian way too).
    form = name_forms(text)[0]
    assert form.abjad
    return "".join(form.tokens)


@pytest.mark.parametrize(
    ("written", "spelt", "agree", "reason"),
    [
        ("حمیدی", "hamidi", True, "ya for i, twice"),
        ("حمیدی", "ahmad", False, "Hamidi: a ya where Ahmad has a, no alif where it has one"),
        ("محمدی", "mohammadi", True, "the final ya is the i"),
        ("محمدی", "mohamed", False, "Mohammadi: Mohamed ends in no vowel"),
        ("حسنی", "hosni", True, "ya at the end, for the final i"),
        ("حسنی", "hussein", False, "Hosni: no ya between s and n where Hussein has ei"),
        ("حسین", "hossein", True, "ya for ei"),
        ("محمد", "muhammad", True, "short vowels are not written"),
        ("محمد", "mahmoud", False, "Mahmoud's ou is long, and written with waw"),
        ("محمود", "mahmoud", True, "waw for ou"),
        ("احمد", "ahmed", True, "the initial alif is the a"),
        ("احمد", "hamad", False, "Hamad starts with h, not a vowel"),
        ("مهنا", "mahan", False, "Mohanna ends in alif, Mahan in n"),
        ("ابوالفضل", "abolfadl", True, "the article's alif is not spoken"),
        ("عبدالله", "abdullah", True, "the article's alif before l"),
        ("إبراهيم", "ibrahim", True, "an initial alif carries any vowel"),
        ("أسامة", "usama", True, "an initial alif carries any vowel; ta marbuta"),
        ("مصطفى", "mustafa", True, "a final alif maqsura reads a"),
        ("يوسف", "yusuf", True, "an initial ya is a consonant; waw for u"),
        ("يوسف", "jusuf", True, "y and j spell one consonant"),
        ("سعيد", "said", True, "ayn is silent in the romanisation; ya for i"),
        ("کمالی", "kamali", True, "alif for a, ya for i"),
        ("جهانی", "jahan", False, "Jahani: Jahan has no final vowel"),
    ],
)
def test_vowel_letters(written: str, spelt: str, agree: bool, reason: str) -> None:
    token = skeleton(written)
    assert (vowel_letters_differ(token, spelt) < 1) == agree, reason
    if not agree:
        assert token_similarity(token, spelt, abjad=True) < MIN_TOKEN_SIM, reason


@given(st.text(alphabet="abdhiklmnorstuwyz", min_size=1, max_size=10))
def test_a_spelling_agrees_with_itself(token: str) -> None:
    assert vowel_letters_differ(token, token) == 0


@given(
    st.text(alphabet="abdhiklmnorstuwyz", min_size=1, max_size=10),
    st.text(alphabet="abdhiklmnorstuwyz", min_size=1, max_size=10),
)
def test_either_side_may_be_the_abjads(a: str, b: str) -> None:
    assert vowel_letters_differ(a, b) == vowel_letters_differ(b, a)


tokens = st.text(alphabet="abcdeghiklmnorstuwyz", min_size=1, max_size=10)


@st.composite
def skeletons(draw: st.DrawFn) -> tuple[str, str]:
    """A spelling and the same with some of its vowels left out, as an abjad may write it
    (so that about half the pairs agree), or with a letter changed."""
    a = draw(tokens)
    kept = draw(st.lists(st.booleans(), min_size=len(a), max_size=len(a)))
    b = "".join(c for c, keep in zip(a, kept, strict=True) if keep or c not in "aeiouy")
    if draw(st.booleans()) and b:
        i = draw(st.integers(0, len(b) - 1))
        b = b[:i] + draw(st.sampled_from("ahlwyiu")) + b[i + 1 :]
    return a, b or a


@settings(max_examples=500)
@given(st.one_of(st.tuples(tokens, tokens), skeletons()))
def test_agreement_is_a_difference_of_nothing(pair: tuple[str, str]) -> None:
    """The quick search token similarity uses finds exactly the pairs the full count of
    differences finds none in (the count is the reference)."""
    a, b = pair
    assert vowel_letters_agree(a, b) == (vowel_letters_differ(a, b) < 1)


@given(
    st.text(alphabet="abdhiklmnorstuwyzUIS", max_size=9),
    st.text(alphabet="abdhiklmnorstuwyzUIS", max_size=9),
)
def test_the_search_for_agreement_is_the_cost_of_nothing(a: str, b: str) -> None:
    # _zero_cost tests the moves letter by letter, where _cost takes them from _moves.
    for abjad, vowelled in ((a, b), ("al" + a, b), (a, a + b)):
        assert _zero_cost(abjad, vowelled) == (_cost(abjad, vowelled) == 0)


@given(st.text(alphabet="abcdeghijkopqrstuvxz", max_size=12))
def test_letters_skips_only_rules_that_would_change_nothing(token: str) -> None:
    # letters skips a rule when the token holds none of its letters (_LETTER_NEEDLES).
    from watchlist.names.abjad import _LETTER_RULES, letters

    want = token
    for pattern, repl in _LETTER_RULES:
        want = pattern.sub(repl, want)
    assert letters(token) == want
