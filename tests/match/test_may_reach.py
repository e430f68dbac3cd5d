"""`may_reach`, the cheap test before the full token similarity (the index's lookup, the
alignment, left-over parts compared: surely_below), never turns away a pair the full
similarity would find alike: it only spares the work on pairs that are not."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from watchlist.index.build import JOINED_LEV
from watchlist.match import names as match_names
from watchlist.match.names import (
    MIN_JOINED_FLOOR,
    MIN_TOKEN_SIM,
    joined_match,
    may_reach,
    may_reach_each,
    measured_similarity,
    surely_below,
    surely_unjoined,
    token_similarity,
)
from watchlist.match.persons import PARTS_ALIKE
from watchlist.match.things import (
    thing_similarity,
    thing_surely_below,
    thing_surely_unjoined,
)
from watchlist.names.phonetic import fold


def reaches(a: str, b: str, floor: float) -> bool:
    fa, fb = fold(a), fold(b)
    return may_reach(a, fa, b, fb, Levenshtein.normalized_similarity(fa, fb), floor)


# (token, token, why they are alike though their letters differ by half)
ALIKE = [
    ("chun", "jun", "voiced for voiceless, j for ch (Korean, Wade-Giles)"),
    ("lena", "ellen", "a short form, looked up from the short side"),
    ("rick", "eric", "a short form sharing fewer than half its letters"),
    ("felix", "felicia", "the table's nickname pairs, whatever their letters"),
    ("didye", "didier", "Jaro-Winkler forgives a changed ending"),
    ("zhukov", "schukow", "like consonants and vowels"),
    ("putin", "nitpu", "a name's letters typed out of order"),
]  # fmt: skip

# (token, token, why neither test finds them alike)
UNLIKE = [
    ("ortiz", "ortega", "a shared start, no more"),
    ("karim", "kamal", "two names sharing two letters"),
    ("diana", "nadia", "two names that are anagrams of each other"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "why"), ALIKE)
def test_alike_pairs_pass(a: str, b: str, why: str) -> None:
    assert token_similarity(a, b) >= MIN_TOKEN_SIM, why
    assert reaches(a, b, MIN_TOKEN_SIM) and reaches(b, a, MIN_TOKEN_SIM), why


@pytest.mark.parametrize(("a", "b", "why"), UNLIKE)
def test_unlike_pairs_are_spared_the_full_similarity(a: str, b: str, why: str) -> None:
    assert token_similarity(a, b) < MIN_TOKEN_SIM, why
    assert not reaches(a, b, MIN_TOKEN_SIM), why


# (token, token, why left-over parts this alike are one part spelt two ways, or two parts)
PARTS = [
    ("jurij", "yury", True, "a Slavic j for y: one given name spelt two ways"),
    ("mohamed", "mohammad", True, "a letter more and another vowel"),
    ("eric", "josh", False, "two given names"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "alike", "why"), PARTS)
def test_left_over_parts(a: str, b: str, alike: bool, why: str) -> None:
    assert (token_similarity(a, b) >= PARTS_ALIKE) is alike, why
    assert reaches(a, b, PARTS_ALIKE) or not alike, why


# (word, word, why the words of organisations' names are alike though their letters are not)
THING_WORDS = [
    ("russia", "rossiya", "two names of one country"),
    ("islamic", "islamski", "one stem"),
    ("epk", "epc", "an acronym's C for K"),
    ("technodinamica", "tekhnodinamika", "one Russian reading: ch for kh, a hard c for k"),
    ("ckrrdi", "crddi", "one Russian reading, letters far apart (hypothesis found it)"),
    ("kazyonnyy", "kazennyy", "one Russian reading: yo for e"),
    ("aktivnyy", "active", "a Russian adjective of a loanword"),
    ("kreativnaya", "creative", "the same, a K for a hard C"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "why"), THING_WORDS)
def test_words_of_organisations_alike_are_not_ruled_out(a: str, b: str, why: str) -> None:
    ruled_out = thing_surely_below(a, b, MIN_TOKEN_SIM)
    assert thing_similarity(a, b) >= MIN_TOKEN_SIM, why
    assert not ruled_out, why


LETTERS = "abcdeghijklmnoprstuvyz"
token = st.text(alphabet=LETTERS, min_size=2, max_size=9)


@st.composite
def near_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A token and another a few edits away: where the two tests could disagree."""
    a = draw(token)
    b = list(a)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(b)))
        op = draw(st.sampled_from(["sub", "ins", "del"]))
        letter = draw(st.sampled_from(LETTERS))
        if op == "ins" or not b:
            b.insert(i, letter)
        elif op == "sub" and i < len(b):
            b[i] = letter
        elif i < len(b):
            del b[i]
    return a, "".join(b) or a


@settings(max_examples=600, deadline=None)
@given(pair=st.one_of(near_pair(), st.tuples(token, token)))
def test_never_turns_away_a_pair_the_full_similarity_finds(pair: tuple[str, str]) -> None:
    a, b = pair
    floors = (MIN_TOKEN_SIM, MIN_JOINED_FLOOR, PARTS_ALIKE)
    # Before the pairs' similarities are kept (then neither test rules anything out).
    below = [surely_below(a, b, floor) for floor in floors]
    below_things = [thing_surely_below(a, b, floor) for floor in floors]
    sim = token_similarity(a, b)
    things = thing_similarity(a, b)
    for floor, ruled_out, ruled_out_things in zip(floors, below, below_things, strict=True):
        if sim >= floor:
            assert reaches(a, b, floor), (a, b, sim, floor)
            assert not ruled_out, (a, b, sim, floor)
        if things >= floor:
            assert not ruled_out_things, (a, b, things, floor)


@settings(max_examples=600, deadline=None)
@given(pair=st.one_of(near_pair(), st.tuples(token, token)))
@example(pair=("ckrrdi", "crddi"))  # letters far apart, one Russian reading
def test_joined_tokens_meet_only_tokens_as_alike_as_the_lookups_cut_off(
    pair: tuple[str, str],
) -> None:
    """The index looks up tokens written together with JOINED_LEV as its first cut-off and
    no may_reach: a pair joined_match accepts must never fall below it."""
    a, b = pair
    unjoined, things_unjoined = surely_unjoined(a, b), thing_surely_unjoined(a, b)
    sim = token_similarity(a, b)
    if sim >= MIN_JOINED_FLOOR and joined_match(a, b, sim, False):
        assert Levenshtein.normalized_similarity(fold(a), fold(b)) >= JOINED_LEV, (a, b, sim)
        assert not unjoined, (a, b, sim)
    # The alignment's cheap test of tokens written together (Aligner._row), for the words
    # of organisations' names too.
    things = thing_similarity(a, b)
    if things >= MIN_JOINED_FLOOR and joined_match(a, b, things, False):
        assert not things_unjoined, (a, b, things)


# (joined tokens, listed token, why the lookup's cut-off finds or spares them)
JOINED = [
    ("jisung", "jiseong", True, "one letter more: a romanisation written together"),
    ("abdulrahman", "abdurrahman", True, "one letter changed in a long compound"),
    ("tommoe", "tomo", False, "a shared start, no more"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "found", "why"), JOINED)
def test_joined_examples(a: str, b: str, found: bool, why: str) -> None:
    sim = token_similarity(a, b)
    accepted = sim >= MIN_JOINED_FLOOR and joined_match(a, b, sim, False)
    assert accepted is found, why
    close = Levenshtein.normalized_similarity(fold(a), fold(b)) >= JOINED_LEV
    assert close or not accepted, why


@settings(max_examples=600, deadline=None)
@given(pair=st.one_of(near_pair(), st.tuples(token, token)))
@example(pair=("didye", "didier"))  # Jaro-Winkler forgives the changed ending
def test_similarities_measured_in_one_pass_are_the_full_similarity(
    pair: tuple[str, str],
) -> None:
    """The index's lookup hands the Levenshtein and Jaro-Winkler similarities rapidfuzz's
    passes over many words found (measured_similarity, may_reach's `jw`): the same answers
    as working them out pair by pair."""
    a, b = pair
    fa, fb = fold(a), fold(b)
    lev = Levenshtein.normalized_similarity(fa, fb)
    jw = JaroWinkler.similarity(fa, fb)
    found = process.extract(fa, [fb], scorer=JaroWinkler.similarity, limit=None)
    assert found[0][1] == jw, (a, b)
    for floor in (MIN_TOKEN_SIM, MIN_JOINED_FLOOR, PARTS_ALIKE):
        assert may_reach(a, fa, b, fb, lev, floor, jw) == reaches(a, b, floor), (a, b, floor)
    # Measured first (then kept), and worked out in full on a fresh cache.
    kept = match_names._CACHES[False]
    kept.pop(a + "\x1f" + b, None)
    measured = measured_similarity(a, fa, b, fb, lev, jw)
    kept.pop(a + "\x1f" + b, None)
    assert measured == token_similarity(a, b), (a, b)


@settings(max_examples=300, deadline=None)
@given(
    a=token,
    others=st.lists(st.one_of(near_pair(), st.tuples(token, token)), min_size=1, max_size=8),
    floor=st.sampled_from((MIN_TOKEN_SIM, MIN_JOINED_FLOOR, PARTS_ALIKE)),
)
@example(  # a rule of each kind: nickname, devoiced, scrambled, pinyin x, Slavic, patronymic
    a="lena",
    others=[("ellen", "x"), ("gim", "x"), ("nitpu", "x"), ("shi", "x"), ("x", "x")],
    floor=MIN_TOKEN_SIM,
)
@example(
    a="hryhorovych",
    others=[("grigorievich", "x"), ("grigoriy", "x")],
    floor=MIN_TOKEN_SIM,
)
@example(a="xi", others=[("shi", "x")], floor=MIN_TOKEN_SIM)
@example(a="putin", others=[("nitpu", "x")], floor=MIN_TOKEN_SIM)
@example(a="kim", others=[("gim", "x"), ("chun", "x")], floor=MIN_TOKEN_SIM)
def test_may_reach_each_answers_as_may_reach(
    a: str, others: list[tuple[str, str]], floor: float
) -> None:
    """may_reach_each, which works out what the rules ask of the query's token once for all
    the listed tokens a lookup measures, gives may_reach's answer for every pair; with and
    without their Jaro-Winkler similarity given."""
    fa = fold(a)
    listed = [b for b, _ in others] + [x for _, x in others]
    for known_jw in (True, False):
        near = [
            (fold(b), Levenshtein.normalized_similarity(fa, fold(b)), k)
            for k, b in enumerate(listed)
        ]
        jws = [JaroWinkler.similarity(fa, fb) if known_jw else -1.0 for fb, _, _ in near]
        expected = [
            may_reach(a, fa, b, fb, lev, floor, jw)
            for b, (fb, lev, _), jw in zip(listed, near, jws, strict=True)
        ]
        assert may_reach_each(a, fa, listed, near, jws, floor) == expected, (a, listed, floor)
