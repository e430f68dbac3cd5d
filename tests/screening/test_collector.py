"""A long-running screener (a server's worker, a batch) does not pile up objects the garbage
collector must walk through: every collection of its oldest generation walks through all of
them, and with a few dozen kept per query screened it grew, over tens of thousands of
queries, into pauses of hundreds of milliseconds that every request in flight waited out.
What the name pipeline keeps for later is kept in forms the collector leaves alone (strings,
tuples of strings and numbers), or in caches of bounded size."""

from __future__ import annotations

import gc
import pickle
import random

from tests.screening.lists import PUBLIC
from watchlist.index.build import NameIndex
from watchlist.model.entity import StoredEntity
from watchlist.names.rarity import reference_frequencies
from watchlist.screening import Query, Screener


def names(n: int, rng: random.Random) -> list[str]:
    """Ordinary names, none screened before: two or three words of the reference corpus."""
    words = sorted(
        t for t, share in reference_frequencies().items() if share > 1e-5 and t.isalpha()
    )
    return [" ".join(rng.sample(words, rng.choice((2, 3)))) for _ in range(n)]


def tracked_after(screener: Screener, queries: list[str]) -> int:
    for name in queries:
        screener.scored(Query(name), 0.7)
    # A collection untracks a tuple whose items are all untracked, one level of nesting at a
    # time: collected until the count settles, what is left is what the collector must walk.
    previous, count = -1, _collected()
    for _ in range(5):
        if count == previous:
            break
        previous, count = count, _collected()
    return count


def _collected() -> int:
    gc.collect()
    return len(gc.get_objects())


def test_screening_new_names_keeps_no_more_tracked_objects() -> None:
    screener = Screener(NameIndex.build(PUBLIC))
    rng = random.Random(5)
    # Long enough to fill the bounded caches of the query's spellings.
    filled = tracked_after(screener, names(3000, rng))
    later = tracked_after(screener, names(1500, rng))
    # Unbounded, it kept some twenty-five objects a query (37,000 here).
    assert later - filled < 1500


def test_decoded_forms_and_records_share_their_sets() -> None:
    """A packed index (loaded from the cache, not warmed) decodes its forms and records as
    queries meet them: each set of words or countries they hold would be one more object
    every full collection walks, so equal sets are one object and empty ones the same."""
    listed = [
        *PUBLIC,
        StoredEntity("l", "C1", "Company", {"name": ["Acme Trading LLC"], "country": ["ir"]}),
        StoredEntity("l", "C2", "Company", {"name": ["Bolt Shipping LLC"], "country": ["ir"]}),
        StoredEntity("l", "C3", "Company", {"name": ["Kestrel Bank"], "country": ["ae", "ir"]}),
        StoredEntity("l", "P3", "Person", {"name": ["Ivan Petrov"], "country": ["ae", "ir"]}),
    ]
    index = pickle.loads(pickle.dumps(NameIndex.build(listed)))
    forms, records = list(index.forms), list(index.entities)
    assert any(f.legal for f in forms) and any(not f.legal for f in forms)
    for sets in (
        [f.legal for f in forms] + [f.generic for f in forms],
        [r.countries for r in records],
    ):
        assert len({id(s) for s in sets}) == len(set(sets))
    assert len({id(r.identifiers) for r in records if not r.identifiers}) == 1
    assert len({r.countries for r in records}) < len(records)


def test_a_new_screener_keeps_no_objects_per_entry() -> None:
    words = names(200, random.Random(3))
    index = NameIndex.build(
        StoredEntity("l", f"P{i}", "Person", {"name": [name]}) for i, name in enumerate(words)
    )
    before = _collected()
    screener = Screener(index)
    assert _collected() - before < 20
    assert screener.index is index
