"""The name pipeline's caches, bounded together for a process that screens for long.

Each cache of a word's spellings, keys and similarities (functools.lru_cache in names/, match/
and index/, the word similarities of match.names and match.things, the index's similar tokens,
the rarity weights) has a bound of its own, sized so that a batch or an index build finds what
it computed before. Together they hold some eight million entries, which a server's worker fed a
stream of names never seen before (a bank's whole customer base) fills over tens of minutes, its
memory growing all along. A warmed screener therefore also counts their entries every
`CHECK_EVERY` queries and, past `BUDGET`, empties them all: a few hundred megabytes at most, the
same after ten minutes as after two. Emptying them changes no result, only what the next queries
compute again.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from watchlist.index.build import NameIndex
from watchlist.match import names as match_names
from watchlist.match import things as match_things

#: Entries the caches may hold together before they are emptied (some 160 bytes each): the
#: 20,000 names bench/api_bench.py cycles through hold about 1.3 million, kept in full.
BUDGET = 2_500_000
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
        index._similar,
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


def trim(index: NameIndex, budget: int = BUDGET) -> bool:
    """Empty the caches if they hold more than `budget` entries; whether it did."""
    if entries(index) <= budget:
        return False
    empty(index)
    return True
