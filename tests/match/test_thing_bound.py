"""The bound of an organisation's or vessel's name from the alignment's rows (match.things.
thing_bound): never below what thing_score gives the pair, so a name the screener leaves
unaligned because its bound is below what a hit needs could not have been a hit."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.match.names import Aligner
from watchlist.match.score import PreparedQuery, form_score, name_score
from watchlist.match.things import (
    THING_WEIGHTS,
    VESSEL_WEIGHTS,
    thing_bound,
    thing_similarity,
    thing_surely_below,
    thing_surely_unjoined,
    thing_weights,
)
from watchlist.match.weights import WEIGHTS
from watchlist.names.forms import NameForm, name_forms
from watchlist.screening import DEFAULT_THRESHOLD

#: Words of organisations' names: generic, legal, connecting, places, numbers, acronyms, the
#: same word otherwise spelt or stemmed, initials.
WORDS = [
    "bank", "banco", "trading", "trade", "company", "co", "corporation", "llc", "ooo", "of",
    "the", "and", "de", "national", "iran", "iranian", "korea", "mining", "development",
    "shipping", "plant", "zavod", "44", "45", "2", "nioc", "oil", "gas", "nico", "rosneft",
    "rosneftegaz", "daeryonggang", "taechin", "sepasad", "sepasat", "kreativnaya", "creative",
    "islamic", "islamski", "a", "m", "ya", "ts", "tss", "tsentr", "sudoremonta", "mbdb",
    "machine", "building", "design", "bureau", "samma", "sam", "ma",
]  # fmt: skip

names = st.lists(
    st.sampled_from(WORDS) | st.text("abeikmnorst", min_size=1, max_size=7), min_size=1, max_size=7
)


def weigh(form: NameForm, seed: int) -> tuple[float, ...]:
    """Weights as the screener gives them (thing_weights), with a rarity drawn per word
    (seed -1: every word of its own as rare as the rarest)."""
    if seed < 0:
        return thing_weights(form, lambda t: 4.5)
    return thing_weights(form, lambda t: 0.5 + zlib.crc32(f"{t} {seed}".encode()) % 40 / 10)


def prepared(form: NameForm, weights: tuple[float, ...]) -> PreparedQuery:
    return PreparedQuery((form,), (weights,), "Company", (), (), (), None)


def bound_and_score(
    query: NameForm,
    qweights: tuple[float, ...],
    listed: NameForm,
    cweights: tuple[float, ...],
    kind: dict[str, float],
) -> tuple[float, float]:
    aligner = Aligner(
        query.tokens,
        qweights,
        thing_similarity,
        query.abjad,
        thing_surely_below,
        thing_surely_unjoined,
    )
    abjad = query.abjad or listed.abjad
    bound = thing_bound(
        aligner.rows_of(listed.tokens, abjad, listed.abjad), query, listed, qweights, cweights, kind
    )
    score = form_score(prepared(query, qweights), listed, False, cweights, WEIGHTS, kind, {})[0]
    return bound, score


@settings(max_examples=400, deadline=None)
@given(query=names, listed=names, seed=st.integers(0, 5), vessel=st.booleans())
def test_the_bound_is_never_below_the_score(
    query: list[str], listed: list[str], seed: int, vessel: bool
) -> None:
    kind = VESSEL_WEIGHTS if vessel else THING_WEIGHTS
    for qform in name_forms(" ".join(query), True):
        for form in name_forms(" ".join(listed), True):
            qweights, cweights = weigh(qform, seed), weigh(form, seed + 1)
            bound, score = bound_and_score(qform, qweights, form, cweights, kind)
            assert score <= bound + 1e-9, (qform.tokens, form.tokens, score, bound)


@pytest.mark.parametrize(
    ("query", "listed", "below", "reason"),
    [
        (
            "Taechin Trading Corporation",
            "Korea Daeryonggang Trading Corporation",
            True,
            "the distinctive words differ, the generic ones met",
        ),
        ("Amanat Holding Company", "Delvest Holding Company", True, "another holding company"),
        (
            "Korea Taechin Trading Corporation",
            "Taechin Trading Corporation (Korea)",
            False,
            "every word met, in another order",
        ),
        ("NICO", "National Iranian Oil Company", False, "an acronym the rows do not see"),
        ("SAMMA2", "Sam Ma 2", False, "the same letters spaced otherwise"),
        (
            "Iran Aluminum Company",
            "Iranian Aluminium Company",
            False,
            "a country and its adjective",
        ),
    ],
)
def test_names_the_bound_leaves_unaligned(
    query: str, listed: str, below: bool, reason: str
) -> None:
    qform, form = name_forms(query, True)[0], name_forms(listed, True)[0]
    qweights, cweights = weigh(qform, -1), weigh(form, -1)
    bound, score = bound_and_score(qform, qweights, form, cweights, THING_WEIGHTS)
    assert score <= bound + 1e-9
    assert (bound < DEFAULT_THRESHOLD) == below, (bound, score, reason)


@settings(max_examples=200, deadline=None)
@given(query=names, listed=st.lists(names, min_size=1, max_size=4), seed=st.integers(0, 5))
def test_a_floor_changes_no_score_that_reaches_it(
    query: list[str], listed: list[list[str]], seed: int
) -> None:
    """name_score with a floor gives what it gives without one wherever that reaches it."""
    qforms = name_forms(" ".join(query), True)
    query_ = PreparedQuery(qforms, tuple(weigh(f, seed) for f in qforms), None, (), (), (), None)
    forms = [f for words in listed for f in name_forms(" ".join(words), True)]
    candidates = [(f, False, weigh(f, seed + 1)) for f in forms]
    free = name_score(query_, candidates)
    floored = name_score(query_, candidates, floor=DEFAULT_THRESHOLD)
    if free.value >= DEFAULT_THRESHOLD:
        assert floored == free
    else:
        assert floored.value < DEFAULT_THRESHOLD
