"""Lookups of tokens written together read the listed tokens that share a segment of their
folded spelling with them (index.keys.segment_keys, probe_keys): every listed spelling
as alike as joined_match asks is among them, and the lookup finds what it found through the
keys alone."""

from __future__ import annotations

import gc
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from watchlist.index.build import JOINED_LEV, NameIndex
from watchlist.index.keys import (
    SEGMENT_LEV,
    longest_alike,
    most_edits,
    probe_keys,
    probe_places,
    probe_plan,
    query_keys,
    segment_keys,
    segments,
    split_key,
)
from watchlist.match.names import MIN_JOINED_FLOOR, joined_match, token_similarity
from watchlist.model.entity import StoredEntity
from watchlist.names.nicknames import nicknames
from watchlist.names.phonetic import fold


def meet(query: str, listed: str) -> bool:
    """Whether a lookup of `query` reads the listed spelling `listed`."""
    return bool(set(probe_keys(query)) & set(segment_keys(listed)))


def alike(a: str, b: str) -> bool:
    return Levenshtein.normalized_similarity(a, b) >= SEGMENT_LEV


def test_the_segments_cut_off_where_the_lookup_does() -> None:
    assert SEGMENT_LEV == JOINED_LEV == MIN_JOINED_FLOOR


@pytest.mark.parametrize("n", range(0, 60))
def test_segments_cover_a_spelling_one_more_than_the_edits_allowed(n: int) -> None:
    parts = segments(n)
    assert [p for p, _ in parts] == [sum(size for _, size in parts[:i]) for i in range(len(parts))]
    assert sum(size for _, size in parts) == n
    assert len(parts) == most_edits(longest_alike(n)) + 1
    # no spelling longer than longest_alike is alike to one of n letters
    longer = "a" * n + "b" * (longest_alike(n) + 1 - n)
    assert not alike(longer, "a" * n)


@pytest.mark.parametrize("m", range(0, 60))
def test_a_lookup_reads_the_plan_place_by_place(m: int) -> None:
    """probe_places is probe_plan grouped by place, in its order, each place once: a lookup
    reading a place's segments in their own table reads the keys probe_keys makes."""
    places = probe_places(m)
    assert [(s, e - s, place) for place, spans in places for s, e in spans] == list(probe_plan(m))
    assert len({place for place, _ in places}) == len(places)
    for place, spans in places:
        assert place.startswith("\x1f") and spans and list(spans) == sorted(set(spans))
        assert all(0 <= s <= e <= m for s, e in spans)
    folded = "abcdefghijklmnopqrstuvwxyz" * 3
    folded = folded[:m]
    assert [folded[s:e] + place for place, spans in places for s, e in spans] == probe_keys(folded)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=40))
def test_a_key_is_its_segment_and_its_place(folded: str) -> None:
    for key in segment_keys(folded):
        segment, place = split_key(key)
        assert segment + place == key
        assert segment in folded and place.startswith("\x1f")
        assert "\x1f" not in place[1:]


# (query's folded spelling, listed one, why the lookup must read it)
MEET = [
    ("kimjongun", "kimjongun", "the same spelling"),
    ("kimjongan", "kimjongun", "a letter changed in the last segment"),
    ("akimjongun", "kimjongun", "a letter more before the first: every segment moved"),
    ("kimjonun", "kimjongun", "a letter fewer in the middle"),
    ("abdulrahman", "abdurrahman", "a letter changed at a segment's edge"),
    ("kimjungunkin", "kimjongunkim", "two edits, the most at this length"),
    ("a" * 41 + "b" * 9, "a" * 50, "nine edits in fifty letters: just alike enough"),
    ("lima", "lima", "a short spelling: one segment, the whole of it"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "listed", "why"), MEET)
def test_alike_spellings_share_a_segment(query: str, listed: str, why: str) -> None:
    assert alike(query, listed), why
    assert meet(query, listed), why


# (query, listed, why the lookup need not read it)
APART = [
    ("kimjongun", "kimjong", "two letters fewer: not alike at this length"),
    ("lima", "lisa", "a short spelling meets only itself"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "listed", "why"), APART)
def test_spellings_apart_share_no_segment(query: str, listed: str, why: str) -> None:
    assert not alike(query, listed), why
    assert not meet(query, listed), why


letters = st.text(alphabet="abdeikmnorsu", max_size=40)
edit = st.tuples(st.sampled_from("ids"), st.integers(0, 40), st.sampled_from("abdeikmnorsu"))


def edited(word: str, edits: list[tuple[str, int, str]]) -> str:
    out = list(word)
    for op, at, letter in edits:
        at = min(at, len(out))
        if op == "i":
            out.insert(at, letter)
        elif at < len(out):
            if op == "d":
                del out[at]
            else:
                out[at] = letter
    return "".join(out)


@settings(max_examples=600)
@given(letters, st.lists(edit, max_size=10))
def test_every_spelling_alike_shares_a_segment(
    word: str, edits: list[tuple[str, int, str]]
) -> None:
    other = edited(word, edits)
    if alike(word, other):
        assert meet(word, other) and meet(other, word), (word, other)


SYLLABLES = ["ka", "ri", "mo", "na", "sa", "lu", "te", "vo", "ba", "de", "li", "ro", "an", "el"]
word = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map("".join)
name = st.lists(word, min_size=1, max_size=3).map(" ".join)


def person(i: int, name: str) -> StoredEntity:
    return StoredEntity("t", str(i), "Person", {"name": [name]})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listed=st.lists(name, min_size=1, max_size=8), first=word, second=word)
def test_tokens_written_together_find_what_the_keys_found(
    listed: list[str], first: str, second: str
) -> None:
    """What the lookup of tokens written together finds: the listed tokens its keys find
    that joined_match accepts, as the lookup found them before it read segments."""
    built = NameIndex.build([person(i, n) for i, n in enumerate(listed)])
    token = first + second
    found = {(sim, tid) for sim, tid in built.similar_tokens(token, False, True)}
    # ...and as an index loaded from its file finds them (its table of segments made anew).
    index = pickle.loads(pickle.dumps(built))
    assert {(sim, tid) for sim, tid in index.similar_tokens(token, False, True)} == found
    keyed = index.key_tokens.union(query_keys(token, False))
    for nick in nicknames(token):
        keyed.update(index.key_tokens.get("x:" + fold(nick)) or ())
    expected = set()
    for tid in keyed:
        other, other_abjad = index.vocab[tid]
        sim = token_similarity(token, other, other_abjad)
        if sim >= MIN_JOINED_FLOOR and joined_match(token, other, sim, other_abjad):
            expected.add((sim, tid))
    assert found == expected, (token, listed)


def test_segment_rows_kept_find_what_they_found_read_anew() -> None:
    """A lookup reads each segment row met from the index once, then from the rows kept for
    the process: the same tokens, however often asked, and none kept in the index's file."""
    listed = ["Lima Trading", "Limas Bay", "Alima Sea", "Olim Ahmad", "Lim Ha"]
    index = NameIndex.build([person(i, n) for i, n in enumerate(listed)])
    words = ["lima", "limasbay", "alimasea", "limha", "olimahmad"]
    first = [index._similar_tokens(w, False, True) for w in words]
    assert any(first) and index._segmented
    for _ in range(2):  # a collection untracks a tuple of untracked items, a level at a time
        gc.collect()
    assert not any(gc.is_tracked(row) for row in index._segmented.values())
    assert [index._similar_tokens(w, False, True) for w in words] == first
    loaded = pickle.loads(pickle.dumps(index))
    assert not loaded._segmented
    assert [loaded._similar_tokens(w, False, True) for w in reversed(words)] == first[::-1]
