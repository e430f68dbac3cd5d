"""Nicknames and short forms of given names (Bill, William; Bob, Robert).

The table is the `nicknames` package's hand-curated one (about 1,100 English given names and
their nicknames). rigour's name tagger holds a table too, but building it takes seconds and
hundreds of megabytes in every process for a few dozen names; this one loads in milliseconds.
"""

from __future__ import annotations

from functools import lru_cache

from nicknames import NickNamer

from watchlist.names.rarity import PARTICLES


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=1)
def _table_names() -> frozenset[str]:
    """Every name of the table, full or short (same_nickname's quick answer for the rest)."""
    names: set[str] = set()
    for name, shorts in _namer().nickname_lookup.items():
        names.add(name)
        names.update(shorts)
    return frozenset(names)


def in_table(token: str) -> bool:
    """Whether a word is a name of the table, full or short, as same_nickname reads it: a word
    that is not has no nickname there, and is no nickname of any name."""
    return token.lower().strip() in _table_names()


def _known(token: str) -> bool:
    return len(token) >= 3 and token.isalpha() and token not in PARTICLES


@lru_cache(maxsize=100_000)
def nicknames(token: str) -> tuple[str, ...]:
    """The nicknames and short forms of a given name (for William: Bill, Will, ...); none for
    particles (ben, bin) and tokens of fewer than three letters.

    A tuple, not a set: the cache keeps one for every token screened, and the garbage
    collector walks through every set for good (a tuple of strings it soon leaves alone)."""
    if not _known(token):
        return ()
    return tuple(sorted({n for n in _namer().nicknames_of(token) if _known(n)}))


@lru_cache(maxsize=100_000)
def _short_particles(token: str) -> frozenset[str]:
    """The particles that are also short forms of a given name (Ben, of Benjamin)."""
    if len(token) < 3 or not token.isalpha():
        return frozenset()
    return frozenset(n for n in _namer().nicknames_of(token) if n in PARTICLES)


def same_nickname(a: str, b: str) -> bool:
    """Whether two given names are one name, the one a nickname or short form of the other in
    the table (either way round). Two full names sharing a nickname are not one name
    (Alexander and Alexandra are both Alex).

    A particle that is also a short form (Ben) stands for the full name only as the query's
    word `a`: Ben Netanyahu may be the listed Benjamin Netanyahu, while a listed ben (son of,
    in Zine El Abidine Ben Ali) is no Benjamin."""
    if a == b:
        return False
    # Each of the two is a name of the table (as the table reads a name: lower case, no
    # spaces around), or neither has the other among its nicknames.
    table = _table_names()
    if a.lower().strip() not in table or b.lower().strip() not in table:
        return False
    return b in nicknames(a) or a in nicknames(b) or a in _short_particles(b)
