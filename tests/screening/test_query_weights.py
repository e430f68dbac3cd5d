"""A query word no list knows but spelt nearly as a listed word weighs as that word."""

from __future__ import annotations

import random

import pytest

from watchlist.model.access import SYSTEM
from watchlist.model.entity import StoredEntity
from watchlist.names.everyday import everyday_cap
from watchlist.names.rarity import MAX_WEIGHT
from watchlist.screening import DEFAULT_THRESHOLD, Query, Screener
from watchlist.screening.screener import (
    ALIKE_COMMON,
    ALIKE_SPELLING,
    COMMON_SHARE,
    query_forms,
)


def entity(n: int, schema: str, name: str) -> StoredEntity:
    return StoredEntity("list", f"E{n}", schema, {"name": [name]})


NAMES = [
    ("Person", "Muhammad Khan"),
    ("Person", "Muhammad Rahimi"),
    ("Person", "Muhammad Yusuf"),
    ("Person", "Olga Zhukova"),
    ("Company", "Zarvan Industries"),
    ("Company", "Marine Industries Organization"),
    ("Company", "Kalai Industries"),
    ("Company", "Petrovex Trading"),
    ("Company", "Tekhnodinamika"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.build([entity(n, s, name) for n, (s, name) in enumerate(NAMES)])


def weight_of(screener: Screener, name: str, schema: str, token: str) -> float:
    (form, *_) = query_forms(name, schema)
    return dict(zip(form.tokens, screener.query_weights(form), strict=True))[token]


def listed_weight(screener: Screener, token: str, thing: bool) -> float:
    index = screener.index
    if thing:
        table = index.thing_rarity or index.rarity
        return min(table.weight(token), everyday_cap(token, MAX_WEIGHT))
    return index.rarity.weight(token)


# (query, schema, its token, the listed token it weighs as or None for its own weight, reason)
CASES = [
    ("Muhamnad Qorbanzadeh", "Person", "muhamnad", "muhammad",
     "a typo of a common listed name is as common as the name, not as rare as a coinage"),
    ("Muhammad Khan", "Person", "muhammad", None,
     "a listed word keeps its own weight"),
    ("Qwertyuiop Khan", "Person", "qwertyuiop", None,
     "a word unlike every listed word is as rare as can be"),
    ("Zarvan Induutries", "Company", "induutries", "industries",
     "a generic word misspelt in a company's name does not become its distinctive word"),
    ("Kalai Industires", "Company", "industires", "industries",
     "letters swapped: the same"),
    ("Technodinamika Holding", "Company", "technodinamika", None,
     "a word one listed name bears (Tekhnodinamika) is as rare as its unknown spelling"),
    ("Petrivex Trading", "Company", "petrivex", None,
     "a word less alike to a listed one (0.89) may be another name: its own weight"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "schema", "token", "alike", "reason"), CASES)
def test_an_unknown_spelling_weighs_as_the_listed_word_it_is_nearly(
    screener: Screener, name: str, schema: str, token: str, alike: str | None, reason: str
) -> None:
    got = weight_of(screener, name, schema, token)
    thing = schema != "Person"
    if alike is None:
        expected = listed_weight(screener, token, thing)
    else:
        expected = listed_weight(screener, alike, thing)
        # the unknown spelling alone would weigh more: the rule is what lowered it
        assert listed_weight(screener, token, thing) > expected, reason
    assert got == pytest.approx(expected), reason


def test_an_unknown_word_like_a_listed_one_draws_fewer_candidates(screener: Screener) -> None:
    """The misspelt generic word no longer lets every company with that word in: the query
    meets the company it names, and the names sharing only the generic word are not
    candidates enough to be aligned."""
    query = Query("Zarvan Induutries", schema="Company")
    assert [h.source_id for h in screener.screen(query, SYSTEM)] == ["E4"]
    prepared = screener.prepare(query)
    found = screener.index.candidates(prepared.forms, prepared.weights, DEFAULT_THRESHOLD)
    met = {screener.index.entities[screener.index.form_entity[f]].source_id for f in found}
    assert met == {"E4"}, "the other companies share only the generic word"


def coined(rng: random.Random) -> str:
    return "".join(rng.choice("bdgklmnprstvz") + rng.choice("aeiou") for _ in range(4))


@pytest.fixture(scope="module")
def common() -> Screener:
    """Sixty companies' names with Trading and sixty people's with Muhammad: each word borne
    by more than COMMON_SHARE of its kind's names."""
    rng = random.Random(1)
    listed = [("Company", f"{coined(rng)} Trading") for _ in range(60)]
    listed += [("Person", f"Muhammad {coined(rng)}") for _ in range(60)]
    return Screener.build([entity(n, s, name) for n, (s, name) in enumerate(listed)])


# (query, schema, its token, the listed token it weighs as or None for its own weight, reason)
COMMON_CASES = [
    ("Zarvan Tradong", "Company", "tradong", "trading",
     "a letter mistyped (0.87 alike) in one of the commonest words of companies' names"),
    ("Mihammad Qorbanzadeh", "Person", "mihammad", None,
     "a person's name one letter off a common name (0.86 alike) may be another name"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "schema", "token", "alike", "reason"), COMMON_CASES)
def test_a_word_nearly_one_of_the_commonest_weighs_as_it_in_a_companys_name(
    common: Screener, name: str, schema: str, token: str, alike: str | None, reason: str
) -> None:
    (form, *_) = query_forms(name, schema)
    ((sim, tid), *_) = common.index.similar_tokens(token, False, False)
    listed = common.index.vocab[tid][0]
    table = common.index.thing_rarity if form.thing else common.index.rarity
    # the case is what it says: less alike than ALIKE_SPELLING, to a word that common
    assert ALIKE_COMMON <= sim < ALIKE_SPELLING and table.share(listed) >= COMMON_SHARE
    got = weight_of(common, name, schema, token)
    expected = listed_weight(common, alike or token, form.thing)
    assert got == pytest.approx(expected), reason
    assert (got < MAX_WEIGHT) == (alike is not None), reason
