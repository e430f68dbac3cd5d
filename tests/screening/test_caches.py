"""The name pipeline's caches are bounded together in a warmed screener (a server's worker, a
batch): emptied past their budget, they change no result, and the tables loaded once stay."""

from __future__ import annotations

import os
import platform
import random
import sys
from functools import lru_cache

import pytest

from tests.screening.lists import PUBLIC
from watchlist.index.build import NameIndex
from watchlist.match import things as match_things
from watchlist.names.rarity import reference_frequencies
from watchlist.screening import Query, Screener, caches


def names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = sorted(t for t, share in reference_frequencies().items() if share > 1e-5)
    return [" ".join(rng.sample(words, rng.choice((2, 3)))) for _ in range(n)]


def hits(screener: Screener, queries: list[str]) -> list[object]:
    return [screener.scored(Query(name), 0.6) for name in queries]


def test_emptying_the_caches_changes_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    queries = names(150, 1) + ["Vladimir Putin", "Bank Melli Iran", "Kim Jong Un", "Rosneft Oil Co"]
    index = NameIndex.build(PUBLIC)
    expected = hits(Screener(index), queries)
    trimming = Screener(index)
    trimming.cache_budget = 0
    monkeypatch.setattr(caches, "CHECK_EVERY", 1)
    left = []
    trim = caches.trim

    def counted(index: NameIndex, budget: int) -> bool:
        trimmed = trim(index, budget)
        left.append((trimmed, caches.entries(index)))
        return trimmed

    monkeypatch.setattr(caches, "trim", counted)
    assert hits(trimming, queries) == expected
    # Checked before every query, each time over the budget of none and emptied.
    assert left == [(True, 0)] * len(queries)


def test_the_least_useful_caches_go_first(monkeypatch: pytest.MonkeyPatch) -> None:
    @lru_cache(maxsize=1000)
    def useful(n: int) -> int:
        return n

    @lru_cache(maxsize=1000)
    def useless(n: int) -> int:
        return n

    similar = {f"w{n}": float(n) for n in range(100)}
    monkeypatch.setattr(caches, "_lru_caches", lambda: iter((useful, useless)))
    monkeypatch.setattr(caches, "_dicts", lambda index: [similar])
    index = NameIndex.build(PUBLIC)
    for n in range(50):
        useless(n)
        useful(n % 10)
    assert caches.entries(index) == 160
    assert not caches.trim(index, budget=200)  # within it: only counted
    for n in range(300):
        useful(n % 10)  # found 300 times by 10 entries since the count
        useless(n % 50)  # found 300 times too, but by 50
    assert caches.trim(index, budget=150)  # to 112 or fewer: 50 freed are enough
    assert (useful.cache_info().currsize, useless.cache_info().currsize) == (10, 0)
    assert len(similar) == 100
    assert caches.trim(index, budget=100)  # to 75: the dictionary loses its older half
    assert useful.cache_info().currsize == 0
    assert list(similar) == [f"w{n}" for n in range(50, 100)]


def test_a_warmed_screener_keeps_its_caches_within_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screener = Screener(NameIndex.build(PUBLIC))
    screener.warm()
    assert screener.cache_budget == caches.BUDGET
    monkeypatch.setattr(caches, "CHECK_EVERY", 20)
    # From empty caches (earlier tests may have filled some to their own bounds, where new
    # entries only push old ones out and the count stops growing).
    caches.empty(screener.index)
    budget = screener.cache_budget = 500
    counts = []
    for i, name in enumerate(names(600, 2)):
        screener.scored(Query(name), 0.7)
        if i % 20 == 19:  # just before the next check
            counts.append(caches.entries(screener.index))
    # Emptied along the way, and over the budget by at most what twenty queries add (a few
    # each), never by the thousands 600 new names add unbounded.
    assert any(b < a for a, b in zip(counts, counts[1:], strict=False))
    assert max(counts) < budget + 20 * 40


def test_emptying_keeps_the_tables_loaded_once() -> None:
    index = NameIndex.build(PUBLIC)
    hits(Screener(index), ["Vladimir Putin"])
    assert reference_frequencies.cache_info().currsize == 1
    assert caches.entries(index) > 0
    hits(Screener(index), ["Zhukov Stars"])  # a vessel's words have a cache too
    assert any(match_things._CACHES)
    assert caches.trim(index, budget=0)
    assert caches.entries(index) == 0
    assert not any(match_things._CACHES)
    assert reference_frequencies.cache_info().currsize == 1
    assert not caches.trim(index, budget=0)  # nothing left to empty


def test_a_lightening_hands_the_freed_memory_back(monkeypatch: pytest.MonkeyPatch) -> None:
    released: list[int] = []
    monkeypatch.setattr(caches, "MALLOC_TRIM", lambda pad: released.append(pad) or 1)
    index = NameIndex.build(PUBLIC)
    hits(Screener(index), ["Vladimir Putin"])
    held = caches.entries(index)
    assert not caches.trim(index, budget=held)  # within the budget: nothing freed to give
    assert released == []
    assert caches.trim(index, budget=held - 1)
    assert released == [0]  # every free page, none kept at the top of the heap


def test_handing_back_needs_no_c_library_that_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    index = NameIndex.build(PUBLIC)
    hits(Screener(index), ["Vladimir Putin"])
    monkeypatch.setattr(caches, "MALLOC_TRIM", None)
    assert not caches.hand_back()
    assert caches.trim(index, budget=0)  # lightened all the same
    assert caches.entries(index) == 0


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_glibc_takes_the_free_pages_back() -> None:
    # Some 80 MB in pieces the C library allocates (above Python's small-object sizes, below
    # the size it maps apart), a small piece kept after every ten so the freed runs sit inside
    # the heap, not at its top (which free() gives back by itself): resident until handed back.
    def resident_kb() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)

    assert caches.MALLOC_TRIM is not None
    caches.hand_back()
    pieces, kept = [], []
    for i in range(20_000):
        pieces.append(bytes(4000))
        if i % 10 == 9:
            kept.append(bytes(600))
    del pieces
    before = resident_kb()
    assert caches.hand_back()
    assert resident_kb() < before - 40_000
    assert len(kept) == 2_000


def test_emptying_empties_the_index_s_rows_kept_too() -> None:
    index = NameIndex.build(PUBLIC)
    screener = Screener(index)
    queries = ["Georgy Zhukov", "Geor Gy Zhu Kov", "Ayman Alzawahiri", "Zhukov Star"]
    expected = hits(screener, queries)
    assert index._keyed and index._segmented and index._keyed_size > 0
    caches.empty(index)
    assert not index._keyed and not index._segmented and index._keyed_size == 0
    assert hits(screener, queries) == expected
