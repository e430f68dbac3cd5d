"""An Aligner kept for one query and used on many names aligns each exactly as a fresh
`align` would: what it remembers of one name (the rows of its words) never leaks into the
alignment of another, whichever script or similarity each comparison uses; and its cheap test
before a pair's similarity (surely_below) changes no alignment."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.match.names import Aligner, align, surely_below, surely_unjoined, token_similarity
from watchlist.match.things import thing_similarity, thing_surely_below, thing_surely_unjoined

# Words that meet each other in several ways: written together (abd rahman, jeong sik),
# by stem (islamic, islamski), by consonant skeleton (mhmd), initials, numbers.
WORDS = [
    "abd", "rahman", "abdrahman", "abdul", "rahmon", "mhmd", "muhammad", "mohamed",
    "jeong", "sik", "jeongsik", "jong", "su", "islamic", "islamski", "state", "of", "the",
    "kim", "gim", "m", "j", "44", "4", "bank", "banka", "ivanov", "ivanova",
]  # fmt: skip

names = st.lists(
    st.sampled_from(WORDS) | st.text("abeikmnorst", min_size=1, max_size=6), min_size=1, max_size=6
)
weights = st.floats(min_value=0.1, max_value=5.0)


@settings(max_examples=300, deadline=None)
@given(
    query=names,
    others=st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=6),
    query_abjad=st.booleans(),
    things=st.booleans(),
    data=st.data(),
)
def test_a_kept_aligner_aligns_as_a_fresh_one(
    query: list[str],
    others: list[tuple[list[str], bool]],
    query_abjad: bool,
    things: bool,
    data: st.DataObject,
) -> None:
    sim = thing_similarity if things else token_similarity
    qweights = data.draw(st.lists(weights, min_size=len(query), max_size=len(query)))
    kept = Aligner(
        query,
        qweights,
        sim,
        query_abjad,
        thing_surely_below if things else surely_below,
        thing_surely_unjoined if things else surely_unjoined,
    )
    # ...and one that works every pair's similarity out.
    thorough = Aligner(
        query, qweights, sim, query_abjad, lambda a, b, f, fa, fb: False, lambda a, b, fa, fb: False
    )
    for candidate, candidate_abjad in others:
        cweights = data.draw(st.lists(weights, min_size=len(candidate), max_size=len(candidate)))
        abjad = query_abjad or candidate_abjad
        fresh = align(
            query,
            candidate,
            qweights,
            cweights,
            abjad,
            sim=sim,
            query_abjad=query_abjad,
            candidate_abjad=candidate_abjad,
        )
        assert kept.align(candidate, cweights, abjad, candidate_abjad) == fresh
        assert thorough.align(candidate, cweights, abjad, candidate_abjad) == fresh


@settings(max_examples=200, deadline=None)
@given(
    query=names,
    spelling=names,
    others=st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=6),
    query_abjad=st.booleans(),
    things=st.booleans(),
    data=st.data(),
)
def test_aligners_sharing_pairs_align_as_fresh_ones(
    query: list[str],
    spelling: list[str],
    others: list[tuple[list[str], bool]],
    query_abjad: bool,
    things: bool,
    data: st.DataObject,
) -> None:
    """Another spelling's aligner (of the same similarity) worked its pairs out first, on the
    same names: what the two spellings share (words, words written together) it lends, and
    every alignment stays a fresh one's."""
    sim = thing_similarity if things else token_similarity
    below = thing_surely_below if things else surely_below
    unjoined = thing_surely_unjoined if things else surely_unjoined
    qweights = data.draw(st.lists(weights, min_size=len(query), max_size=len(query)))
    first = Aligner(spelling, [1.0] * len(spelling), sim, query_abjad, below, unjoined)
    second = Aligner(query, qweights, sim, query_abjad, below, unjoined, first.share())
    for candidate, candidate_abjad in others:
        cweights = data.draw(st.lists(weights, min_size=len(candidate), max_size=len(candidate)))
        abjad = query_abjad or candidate_abjad
        first.align(candidate, [1.0] * len(candidate), abjad, candidate_abjad)
        fresh = align(
            query,
            candidate,
            qweights,
            cweights,
            abjad,
            sim=sim,
            query_abjad=query_abjad,
            candidate_abjad=candidate_abjad,
        )
        assert second.align(candidate, cweights, abjad, candidate_abjad) == fresh


def test_an_aligner_shared_by_none_keeps_no_table_of_pairs() -> None:
    """A query's only aligner of its similarity (a name the index's linker keeps an aligner
    for) holds its rows only; the table of pairs begins when a second aligner shares it."""
    aligner = Aligner(["bank", "melli", "iran"], [1.0, 2.0, 1.0])
    aligner.align(["melli", "bank"], [1.0, 1.0], False, False)
    assert aligner.rows and aligner.pairs is None
    table = aligner.share()
    assert aligner.pairs is table == {}
    aligner.align(["bank", "sepah"], [1.0, 1.0], False, False)
    assert table
