"""Initials written together in a person's name (JC Juncker) read apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.forms import NameForm, initials_apart, name_forms


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("JC Juncker", ("j", "c", "juncker"), "two consonants no one bears: two initials"),
        ("JFK Kennedy", ("j", "f", "k", "kennedy"), "three of them"),
        ("Ng Wai Kit", None, "Ng is a syllable, a Cantonese surname"),
        ("Osama bn Laden", None, "bn is a particle, son of"),
        ("Dr Juncker", None, "a title, however it stands"),
        ("Jean Claude Juncker", None, "nothing to read apart"),
    ],
)
def test_initials_apart(name: str, expected: tuple[str, ...] | None, reason: str) -> None:
    found = initials_apart(name_forms(name)[0])
    assert (found.tokens if found else None) == expected, reason


def test_not_in_a_consonant_skeleton() -> None:
    # An abjad writes no short vowels: its words are consonants, not initials.
    assert initials_apart(NameForm(("mhmd", "ks"), abjad=True)) is None


_WORDS = st.lists(st.text(alphabet="bcdjkmnprstxaei", min_size=1, max_size=6), min_size=1)


@given(_WORDS)
def test_the_same_letters_in_the_same_order(tokens: list[str]) -> None:
    form = NameForm(tuple(tokens))
    found = initials_apart(form)
    if found is not None:
        assert "".join(found.tokens) == "".join(form.tokens)
        assert len(found.tokens) > len(form.tokens)
        # Read apart once, nothing is left to read apart.
        assert initials_apart(found) is None
