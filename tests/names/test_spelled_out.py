"""Spelt-out legal forms collapsed (names/orgs.collapse_spelled_out): the one search it makes
first never leaves a name unchanged that its substitutions would change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.orgs import _SPELLED_OUT_RE, collapse_spelled_out


def by_substitutions(text: str) -> str:
    for _ in range(2):
        for pattern, form in _SPELLED_OUT_RE:
            text = pattern.sub(form, text)
    return text


# Words of the spelt-out forms, and others, in any order.
_WORDS = st.sampled_from(
    "obshchestvo s ogranichennoy otvetstvennostyu tovarystvo z obmezhenoyu vidpovidalnistyu "
    "zakrytoe otkrytoe aktsionernoe ao jsc publichnoe tipa stock company co joint federalnoe "
    "gosudarstvennoe unitarnoe predpriyatie sociedad limitada anonima osauhing designated "
    "activity bank rossiya trading".split()
)


@given(st.lists(_WORDS, max_size=8))
def test_collapsed_as_the_substitutions_do(words: list[str]) -> None:
    text = " ".join(words)
    assert collapse_spelled_out(text) == by_substitutions(text)


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("romashka obshchestvo s ogranichennoy otvetstvennostyu", "romashka llc", "OOO"),
        ("aktsionernoe obshchestvo zakrytogo tipa", "cjsc", "jsc, then cjsc"),
        ("svetlana semiconductors stock company", "svetlana semiconductors jsc", "no joint"),
        ("ivan petrov", "ivan petrov", "no legal form: as it is"),
    ],
)
def test_spelled_out(text: str, expected: str, reason: str) -> None:
    assert collapse_spelled_out(text) == expected == by_substitutions(text), reason
