"""The index finds every listed token the aligner would match, and bounds a form's score by
what it found: the bound is what lets a query skip the full alignment of most candidates."""

from __future__ import annotations

import gc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchlist.index.build import KEYED_CACHE, NameIndex
from watchlist.index.keys import query_keys
from watchlist.match.names import MIN_TOKEN_SIM, align, token_similarity
from watchlist.match.score import alignment_score
from watchlist.match.weights import WEIGHTS
from watchlist.model.entity import StoredEntity
from watchlist.names.forms import name_forms
from watchlist.screening import Query, Screener


def person(i: int, name: str) -> StoredEntity:
    return StoredEntity("t", str(i), "Person", {"name": [name]})


# (query token, listed token, why the aligner matches them; the lookup must find it)
FOUND = [
    ("didye", "didier", "Jaro-Winkler: a changed ending of a token of about the same length"),
    ("kasimiro", "casimiro", "one consonant class (k, c)"),
    ("hadad", "haddad", "one consonant fewer"),
    ("bill", "william", "a nickname, alike in no letter"),
    ("bob", "robert", "a nickname"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "listed", "why"), FOUND)
def test_the_lookup_finds_what_the_aligner_matches(query: str, listed: str, why: str) -> None:
    assert token_similarity(query, listed) >= MIN_TOKEN_SIM, why
    index = NameIndex.build([person(1, f"{listed} zzyzx"), person(2, "ortega ruiz")])
    found = {index.vocab[t][0] for _, t in index.similar_tokens(query, False, False)}
    assert listed in found, why


def test_dissimilar_tokens_bound_a_form_below_an_exact_one() -> None:
    index = NameIndex.build([person(1, "Tatiana Kovalenko"), person(2, "Tatyana Kovalenka")])
    forms = name_forms("Tatiana Kovalenko")
    weights = [tuple(index.rarity.weight(t) for t in f.tokens) for f in forms]
    bounds = index.candidates(forms, weights, 0.0)
    by_entity = {index.entities[index.form_entity[f]].source_id: b for f, (b, _) in bounds.items()}
    # each token costs its dissimilarity even at best: the near spelling is bounded lower
    assert by_entity["2"] < by_entity["1"]


SYLLABLES = ["ka", "ri", "mo", "na", "sa", "lu", "te", "vo", "ba", "de", "li", "ro"]
token = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map("".join)
name = st.lists(token, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listed=st.lists(name, min_size=1, max_size=6), query=name)
def test_the_bound_is_never_below_the_score_of_the_tokens_found(
    listed: list[str], query: str
) -> None:
    """Where the full alignment matches only tokens the lookup found, the bound of the form is
    at least its score, so a candidate the bound drops could not have reached it."""
    index = NameIndex.build([person(i, n) for i, n in enumerate(listed)])
    for qform in name_forms(query):
        qweights = tuple(index.rarity.weight(t) for t in qform.tokens)
        bounds = index.candidates([qform], [qweights], 0.0)
        found = {
            (tok, index.vocab[t][0])
            for tok in qform.tokens
            for _, t in index.similar_tokens(tok, qform.abjad, False)
        }
        for form_id, (bound, _) in bounds.items():
            form = index.forms[form_id]
            cweights = tuple(index.rarity.weight(t) for t in form.tokens)
            al = align(qform.tokens, form.tokens, qweights, cweights)
            pairs = [
                (qform.tokens[qi[0]], form.tokens[ci[0]])
                for qi, ci, _ in al.pairs
                if len(qi) == len(ci) == 1
            ]
            if len(pairs) != len(al.pairs) or not set(pairs) <= found:
                continue  # joined tokens, or a match the lookup did not find
            score = alignment_score(al, qweights, cweights, False, WEIGHTS)
            assert score <= bound + 1e-9, (query, form.tokens, score, bound)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listed=st.lists(name, min_size=1, max_size=6), query=name)
def test_a_word_counts_once_alone_or_written_together(listed: list[str], query: str) -> None:
    """A query word is in one pair of an alignment at most, alone or written together with
    its neighbour: a form that both the joined words and each word alone met is bounded by
    the best each word met, never their sum, so no bound exceeds that of every word met
    exactly (all the evidence, the constant doubt alone)."""
    index = NameIndex.build([person(i, n) for i, n in enumerate(listed)])
    for qform in name_forms(query):
        qweights = tuple(index.rarity.weight(t) for t in qform.tokens)
        whole = sum(qweights) / (sum(qweights) + WEIGHTS["base_doubt"])
        for bound, estimate in index.candidates([qform], [qweights], 0.0).values():
            assert estimate <= bound <= whole + 1e-9, (query, listed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    listed=st.lists(name, min_size=1, max_size=8),
    query=name,
    min_bound=st.sampled_from([0.3, 0.5, 0.65, 0.8]),
    thing=st.booleans(),
)
def test_the_lookup_drops_only_forms_whose_bound_cannot_reach(
    listed: list[str], query: str, min_bound: float, thing: bool
) -> None:
    """A form left out by the lookup's pruning (words like nothing listed, words less alike
    than the best, words after the heaviest) is one whose bound is under `min_bound`: what
    the lookup finds is every form of the unpruned lookup (a bound of 0 takes every form met)
    whose bound reaches it, with the same bound and estimate."""
    make = organisation if thing else person
    index = NameIndex.build([make(i, n) for i, n in enumerate(listed)])
    for qform in name_forms(query, thing):
        qweights = tuple(index.rarity.weight(t) for t in qform.tokens)
        every = index.candidates([qform], [qweights], 0.0)
        reached = {f: b for f, b in every.items() if b[0] >= min_bound}
        assert index.candidates([qform], [qweights], min_bound) == reached, (query, listed)


def test_a_typo_and_its_joined_neighbours_meet_a_name_once() -> None:
    """Trading Corooration met the listed Trading Corporation written together, and each
    word alone met its own: as one pair or as two, never as three."""
    index = NameIndex.build([organisation(0, "Lyongaksan General Trading Corporation")])
    for qform in name_forms("Trading Corooration Taechin", True):
        qweights = (0.5, 4.5, 3.9)
        whole = sum(qweights) / (sum(qweights) + WEIGHTS["base_doubt"])
        for bound, _ in index.candidates([qform], [qweights], 0.0).values():
            assert bound < whole, qform.tokens


def organisation(i: int, name: str) -> StoredEntity:
    return StoredEntity("t", str(i), "Organization", {"name": [name]})


def test_a_translated_name_finds_its_listing_among_namesakes_of_its_generic_words() -> None:
    """The Portuguese name meets its listing through its one distinctive word, however many
    listed groups share its generic ones (Islamic, Jihad), which the lookup prunes."""
    others = [f"Islamic Jihad Brigade {w}" for w in ("Alpha", "Bravo", "Kilo", "Lima", "Oscar")]
    others += [f"Islamic Army of {w}" for w in ("Aden", "Iraq", "Sinai", "Yemen", "Gaza")]
    others += [f"Jihad Movement {w}" for w in ("North", "South", "East", "West", "Centre")]
    listed = [organisation(0, "Palestinian Islamic Jihad")]
    listed += [organisation(i + 1, n) for i, n in enumerate(others)]
    screener = Screener.build(listed)
    hits = screener.scored(Query("Jihad Islâmica Palestiniana", schema="Organization"), 0.65)
    assert "0" in {screener.index.entities[e].source_id for _, e, _ in hits}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(name, min_size=1, max_size=8), things=st.lists(name, max_size=4))
def test_every_row_of_a_token_s_forms_ascends(people: list[str], things: list[str]) -> None:
    """Once no form may be taken, the lookup looks the forms it met up among a token's forms
    by bisection (NameIndex._collect): each row, and its organisations' and people's names
    apart, lists each form once, ascending."""
    entities = [person(i, n) for i, n in enumerate(people)]
    entities += [organisation(len(people) + i, n) for i, n in enumerate(things)]
    index = NameIndex.build(entities)
    for tid in range(len(index.vocab)):
        for row in (index._token_row(tid), index.thing_forms(tid), index.person_forms(tid)):
            assert list(row) == sorted(set(row)), (tid, row)


def test_keyed_rows_are_each_key_s_row_however_often_asked_for() -> None:
    index = NameIndex.build(
        [person(1, "Kasimiro Hadad"), person(2, "Casimiro Haddad"), person(3, "Kazimir Adad")]
    )
    keys = query_keys("kasimir", False)
    want = [t for k in keys for t in (index.key_tokens.get(k) or ())]
    assert len(want) > len(set(want))  # an entry under two keys is there twice
    for _ in range(2):  # looked up, then read from the process's rows
        ids, folds = index.keyed_rows(keys)
        assert list(ids) == want
        assert folds == [index.vocab_fold[t] for t in want]
    assert index._keyed_size == len(want) + len(keys)  # each row counts one more
    # Kept in forms the cycle collector leaves alone, once it has looked at them.
    for _ in range(2):  # a collection untracks a tuple of untracked items, a level at a time
        gc.collect()
    assert not any(gc.is_tracked(row) for row in index._keyed.values())
    # Past its bound the process's rows start again (another word's are gone), and still
    # say the same.
    other = query_keys("hadad", False)
    index.keyed_rows(other)
    index._keyed_size = KEYED_CACHE
    ids, _ = index.keyed_rows(("x:kazimira", *keys))
    assert list(ids) == want
    assert set(index._keyed) == {"x:kazimira", *keys}
    assert index._keyed_size == len(want) + len(keys) + 1


def _kasimir_index() -> NameIndex:
    names = [
        "Kasimiro Hadad",
        "Casimiro Haddad",
        "Kazimir Adad",
        "William Roberts",
        "Didier Ortega",
    ]
    return NameIndex.build([person(i, n) for i, n in enumerate(names)])


def test_a_word_finds_the_same_tokens_with_its_keys_rows_kept() -> None:
    index = _kasimir_index()
    words = ["kasimir", "hadad", "bill", "didye", "ortegga", "casimir"]
    first = [index._similar_tokens(w, False, False) for w in words]
    assert any(first)
    assert index._keyed
    again = [index._similar_tokens(w, False, False) for w in words]
    assert again == first
    fresh = _kasimir_index()
    assert [fresh._similar_tokens(w, False, False) for w in reversed(words)] == first[::-1]
