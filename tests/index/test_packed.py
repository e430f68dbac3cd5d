"""The index's compact containers hold exactly what they were given, through a pickle too."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.index import packed
from watchlist.index.packed import (
    KeyPostings,
    Packed,
    Postings,
    Vocabulary,
    Words,
    key_hash,
    key_hashes,
)

_IDS = st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=8)


@given(st.lists(_IDS, max_size=30))
def test_postings_rows_are_the_lists_given(rows: list[list[int]]) -> None:
    for postings in (Postings(rows), pickle.loads(pickle.dumps(Postings(rows)))):
        assert len(postings) == len(rows)
        assert [list(r) for r in postings] == rows
        if rows:
            assert list(postings[-1]) == rows[-1]


@given(st.lists(_IDS, max_size=30))
def test_postings_flat_arrays_slice_into_the_rows(rows: list[list[int]]) -> None:
    ids, offsets = Postings(rows).flat()
    assert [list(ids[offsets[i] : offsets[i + 1]]) for i in range(len(rows))] == rows


@given(st.dictionaries(st.text(max_size=12), _IDS, max_size=40), st.text(max_size=12))
def test_key_postings_find_every_key_and_no_other(
    mapping: dict[str, list[int]], other: str
) -> None:
    postings = pickle.loads(pickle.dumps(KeyPostings(mapping)))
    for key, ids in mapping.items():
        found = postings.get(key)
        assert found is not None and list(found) == ids
    if other not in mapping:
        assert postings.get(other) is None
    # union: every key's ids together, as get finds them.
    keys = [*mapping, other]
    assert postings.union(keys) == {i for k in keys for i in postings.get(k) or ()}


@given(st.lists(st.tuples(st.text(max_size=8), st.integers()), max_size=30))
def test_packed_items_come_back_equal_and_lazily(items: list[tuple[str, int]]) -> None:
    packed = pickle.loads(pickle.dumps(Packed(items)))
    assert len(packed) == len(items)
    assert packed._loaded == {}  # nothing is unpickled before it is asked for
    assert list(packed) == items
    if items:
        assert packed[-1] == items[-1] and packed[len(items) - 1] is packed[-1]


_WORDS = st.lists(st.text(alphabet=st.characters(exclude_characters="\n"), max_size=8), max_size=30)


@given(_WORDS)
def test_words_are_the_words_given(words: list[str]) -> None:
    for found in (Words(words), pickle.loads(pickle.dumps(Words(words)))):
        assert len(found) == len(words)
        assert list(found) == words
        if words:
            assert found[-1] == words[-1] and found[1:] == words[1:]


@given(_WORDS, st.lists(st.integers(min_value=0, max_value=29), max_size=40))
def test_many_words_are_each_word(words: list[str], ids: list[int]) -> None:
    ids = [i for i in ids if i < len(words)]
    assert Words(words).many(ids) == [words[i] for i in ids]


def test_words_refuse_a_line_break() -> None:
    with pytest.raises(ValueError):
        Words(["one", "two\nthree"])


@given(st.lists(st.tuples(_WORDS.map(lambda w: "".join(w)), st.booleans()), max_size=30))
def test_vocabulary_entries_are_the_entries_given(entries: list[tuple[str, bool]]) -> None:
    for found in (Vocabulary(entries), pickle.loads(pickle.dumps(Vocabulary(entries)))):
        assert len(found) == len(entries)
        assert list(found) == entries
        if entries:
            assert found[-1] == entries[-1]


@given(st.lists(st.text(max_size=12), max_size=30))
def test_key_hashes_are_each_keys_hash(keys: list[str]) -> None:
    assert key_hashes(keys) == [key_hash(k) for k in keys]


def test_keys_of_one_hash_share_a_row_in_key_order() -> None:
    # Every key hashed alike: their rows are joined, the first key's ids first.
    postings = KeyPostings({"a": [1, 2], "b": [3], "c": [2]}, hashes=[7, 7, 7])
    assert len(postings) == 1
    for copy in (postings, pickle.loads(pickle.dumps(postings))):
        found = copy.get_hash(7)
        assert found is not None and list(found) == [1, 2, 3, 2]
        assert copy.union_hashes([7, 8]) == {1, 2, 3}


@given(st.dictionaries(st.text(max_size=12), _IDS, max_size=20), st.text(max_size=12))
def test_a_key_is_looked_up_by_its_hash(mapping: dict[str, list[int]], other: str) -> None:
    # get and union are get_hash and union_hashes of the keys' hashes, which the other tests
    # of the lookup give themselves.
    postings = KeyPostings(mapping)
    for key in [*mapping, other]:
        assert postings.get(key) == postings.get_hash(key_hash(key))
    keys = [*mapping, other]
    assert postings.union(keys) == postings.union_hashes(key_hashes(keys))


def test_key_postings_find_keys_in_full_buckets() -> None:
    # Many more keys than buckets (packed.BUCKET_BITS): each lookup searches its bucket only.
    mapping = {f"key{i}": [i, i + 1] for i in range(3 << packed.BUCKET_BITS)}
    postings = pickle.loads(pickle.dumps(KeyPostings(mapping)))
    for key, ids in mapping.items():
        found = postings.get(key)
        assert found is not None and list(found) == ids
    assert postings.get("key-absent") is None


@pytest.mark.parametrize("bits", [1, packed.BUCKET_BITS, packed.FINE_BUCKET_BITS, 20])
def test_key_postings_in_finer_buckets_find_what_they_found(bits: int) -> None:
    # A warmed screener's index looks keys up in finer buckets (NameIndex.unpack): the same
    # rows, before and after a pickle, and no key that is not there.
    mapping = {f"key{i}": [i, i + 1] for i in range(5000)}
    postings = KeyPostings(mapping)
    postings.finer(bits)
    for copy in (postings, pickle.loads(pickle.dumps(postings))):
        for key, ids in mapping.items():
            found = copy.get(key)
            assert found is not None and list(found) == ids
        assert copy.get("key-absent") is None
        assert copy.union(["key1", "key4999", "key-absent"]) == {1, 2, 4999, 5000}


def test_key_postings_find_the_lowest_and_highest_hashes() -> None:
    low, high, mid, other = 0, (1 << 64) - 1, 1 << 63, 5
    postings = KeyPostings({"low": [1], "high": [2], "mid": [3]}, hashes=[low, high, mid])
    for finer in (False, True):
        if finer:
            postings.finer()
        assert [list(postings.get_hash(h) or []) for h in (low, high, mid)] == [[1], [2], [3]]
        assert postings.union_hashes([low, high, other]) == {1, 2}
        assert postings.get_hash(other) is None
