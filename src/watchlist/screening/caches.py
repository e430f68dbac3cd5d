"""The name pipeline's caches, bounded together for a process that screens for long.

Each cache of a word's spellings, keys and similarities (functools.lru_cache in names/, match/
and index/, the word similarities of match.names and match.things, the index's similar tokens,
the rarity weights) has a bound of its own, sized so that a batch or an index build finds what
it computed before. Together they hold some eight million entries, which a server's worker fed a
stream of names never seen before (a bank's whole customer base) fills over tens of minutes, its
memory growing all along. A warmed screener therefore also counts their entries every
`CHECK_EVERY` queries and, past `BUDGET`, lightens them, the least useful first: the caches
that found the least per entry since the last count are emptied, then the word similarities and
similar tokens (plain dictionaries, which count no hits) lose their older half, until the
entries are back under `KEEP` of the budget. A stream of new names (whose spellings of whole
names never repeat) so reaches its ceiling within a minute or two and stays there, while the
caches that do pay (a word's folded spelling, its keys) keep what they hold. Lightening them
changes no result, only what the next queries compute again.

The index's rows of the keys and segments its lookups read (NameIndex.keyed_rows) are not
counted here: they have a bound of their own, in entries of those rows (index.build's
KEYED_CACHE: some 40 MB at most with their keys), not in keys; `empty` empties them too.

What a lightening frees stays with the C library's allocator, in pieces among what lives on
(the caches' tables are allocated by it, not by Python's small-object allocator): with each
lightening and refilling the pieces scatter further, and a server's worker grew by some 3 MB a
minute in a ten-minute stream of new names while its caches held no more. So a lightening
ends by handing the free pages back to the system (`hand_back`: glibc's malloc_trim, some
5-30 ms once every tens of thousands of queries; nothing where the C library has no such call).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, cast

from watchlist.index.build import NameIndex
from watchlist.match import names as match_names
from watchlist.match import things as match_things

#: Entries the caches may hold together before they are lightened (some 250 bytes each, with
#: what they refer to): the 20,000 names bench/api_bench.py cycles through hold about 1.3
#: million, kept in full; a stream of new names passes it after some 50,000 queries.
BUDGET = 1_600_000
#: Lightened caches hold at most this share of the budget.
KEEP = 0.75
#: Queries between two counts (a count takes some 0.1 ms).
CHECK_EVERY = 1_000
#: Caches this small hold tables (a transliterator, the reference corpus), never emptied.
MIN_SIZE = 4096
#: The modules whose caches are counted.
PACKAGES = ("watchlist.names.", "watchlist.match.", "watchlist.index.", "watchlist.screening.")


def _lru_caches() -> Iterator[Any]:
    """The functions of the name pipeline's modules wrapped by functools.lru_cache (each once,
    however many modules import it), but those of a size that holds tables."""
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(PACKAGES):
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                or not callable(getattr(value, "cache_parameters", None))
                or id(value) in seen
            ):
                continue
            seen.add(id(value))
            maxsize = value.cache_parameters()["maxsize"]
            if maxsize is None or maxsize >= MIN_SIZE:
                yield value


def _dicts(index: NameIndex) -> list[dict[Any, Any]]:
    return [
        *match_names._CACHES,
        *match_things._CACHES,
        match_things._COUNTRIES,
        match_things._LINES,
        index._similar,
        index._things,
        index._persons,
        index.rarity._cache,
        index.thing_rarity._cache,
    ]


def entries(index: NameIndex) -> int:
    """How many entries the caches hold, those of `index` included."""
    held: int = sum(c.cache_info().currsize for c in _lru_caches())
    return held + sum(map(len, _dicts(index)))


def empty(index: NameIndex) -> None:
    """Empty every cache of the name pipeline and of `index`."""
    for cache in _lru_caches():
        cache.cache_clear()
    for found in _dicts(index):
        found.clear()
    index.forget_rows()


#: Hits of each lru cache (by id) at the last count.
_counted: dict[int, int] = {}


def _hits_per_entry(cache: Any) -> float:
    """What a cache found since the last count, per entry it holds: what emptying it would
    lose for what it frees."""
    info = cache.cache_info()
    hits = info.hits - _counted.get(id(cache), 0)
    _counted[id(cache)] = info.hits
    return hits / info.currsize if info.currsize else float("inf")


def _drop_older_half(found: dict[Any, Any]) -> None:
    """Drop the first half of a dictionary's entries (the older: dictionaries keep their
    order of insertion)."""
    for key in list(islice(found, len(found) // 2)):
        del found[key]


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS, Windows)."""
    try:
        return cast("Callable[[int], int]", ctypes.CDLL(None).malloc_trim)
    except (AttributeError, OSError, TypeError):
        return None


#: Looked up once (not a functools cache: those of these modules are what `trim` empties).
MALLOC_TRIM = _malloc_trim()


def hand_back() -> bool:
    """Give the pages the C allocator holds free back to the system (glibc's malloc_trim; the
    call releases the interpreter, so other threads run meanwhile); whether there was a way."""
    if MALLOC_TRIM is None:
        return False
    MALLOC_TRIM(0)
    return True


def trim(index: NameIndex, budget: int = BUDGET) -> bool:
    """Lighten the caches if they hold more than `budget` entries (`_lighten`), then hand what
    that freed back to the system (`hand_back`); whether it lightened them."""
    lightened = _lighten(index, budget)
    if lightened:
        hand_back()
    return lightened


def _lighten(index: NameIndex, budget: int) -> bool:
    """Lighten the caches if they hold more than `budget` entries, the least useful first,
    down to `KEEP` of it (all of them if it is 0); whether it did.

    First the lru caches that found the least per entry held since the last count (a whole
    name's units, which a stream of new names never meets again, before a word's folded
    spelling, found nine times in ten), then the older half of the dictionaries, which count
    no hits (word similarities, similar tokens, rarity weights), the largest first."""
    held = entries(index)
    ranked = sorted(((_hits_per_entry(c), i, c) for i, c in enumerate(_lru_caches())))
    if held <= budget:
        return False
    keep = int(budget * KEEP)
    for _, _, cache in ranked:
        if held <= keep:
            return True
        held -= cache.cache_info().currsize
        cache.cache_clear()
    for found in sorted(_dicts(index), key=len, reverse=True):
        if held <= keep:
            return True
        size = len(found)
        _drop_older_half(found)
        held -= size - len(found)
    if held > keep:
        empty(index)
    return True
