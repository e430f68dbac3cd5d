"""The keys a name token is filed under, and looked up by, in the inverted index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from watchlist.names.phonetic import abjad_key, coarse_key, fold

#: Consonant keys at least this long are also filed under each one-consonant deletion (typos,
#: and romanisations that drop a consonant: Didier, Didye).
DELETION_MIN = 4


def _deletions(key: str) -> Iterator[str]:
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]


#: Folded tokens at least this long are also filed under their first letters and length,
#: which is how Jaro-Winkler finds a changed ending (Didye, Didier) that no consonant key
#: shares.
PREFIX_MIN = 4
PREFIX = 3


def _prefix_key(folded: str, length: int) -> str:
    return f"p:{folded[:PREFIX]}{length}"


@lru_cache(maxsize=262144)
def filed_keys(token: str, abjad: bool) -> tuple[str, ...]:
    """Keys a listed token is filed under."""
    if len(token) < 2:
        return ()
    akey = abjad_key(token)
    keys = {"a:" + akey} if akey else set()
    if not abjad:
        folded = fold(token)
        keys.add("x:" + folded)
        if len(folded) >= PREFIX_MIN:
            keys.add(_prefix_key(folded, len(folded)))
        key = coarse_key(token)
        keys.add("c:" + key)
        keys.add("d:" + key)
        if len(key) >= DELETION_MIN:
            keys.update("d:" + d for d in _deletions(key))
    return tuple(sorted(keys))


def _class_keys(key: str) -> tuple[str, ...]:
    """The keys of a consonant class: the class, and each one-consonant deletion of it."""
    if len(key) < DELETION_MIN:
        return ("c:" + key, "d:" + key)
    return ("c:" + key, "d:" + key, *dict.fromkeys("d:" + d for d in _deletions(key)))


def filed_rows(vocab: Sequence[tuple[str, bool]]) -> dict[str, list[int]]:
    """Each key filed_keys gives an entry of `vocab` ((token, from an abjad)), with the ids
    of the entries filed under it, ascending: the rows filing every entry key by key makes.

    A consonant class's keys (c:, d:) are worked out and filed once per class, for all of its
    entries at once: a list's vocabulary has half as many classes as entries, and a class
    five keys and more.
    """
    rows: dict[str, list[int]] = {}
    row_of = rows.get
    classes: dict[str, list[int]] = {}

    def file(key: str, tid: int) -> None:
        row = row_of(key)
        if row is None:
            rows[key] = [tid]
        else:
            row.append(tid)

    for tid, (token, abjad) in enumerate(vocab):
        if len(token) < 2:
            continue
        akey = abjad_key(token)
        if akey:
            file("a:" + akey, tid)
        if abjad:
            continue
        folded = fold(token)
        file("x:" + folded, tid)
        if len(folded) >= PREFIX_MIN:
            file(_prefix_key(folded, len(folded)), tid)
        ids = classes.get(key := coarse_key(token))
        if ids is None:
            classes[key] = [tid]
        else:
            ids.append(tid)
    mixed: dict[str, list[int]] = {}
    for key, ids in classes.items():
        for k in _class_keys(key):
            row = row_of(k)
            if row is None:
                rows[k] = list(ids)
            else:
                row.extend(ids)  # another class's ids: sorted below
                mixed[k] = row
    for row in mixed.values():
        row.sort()
    return rows


def query_keys(token: str, abjad: bool) -> tuple[str, ...]:
    """Keys a query token looks up: exact consonant classes, one typo either way, and the
    first letters at about the same length.

    Not cached: its one caller's answers are (NameIndex.similar_tokens), and a cache of its
    own met 6 repeats in 69,249 calls over 20,000 queries while it held some 20 MB per
    10,000 queries in each server worker."""
    if len(token) < 2:
        return ()
    if abjad:
        akey = abjad_key(token)
        return ("a:" + akey,) if akey else ()
    key = coarse_key(token)
    folded = fold(token)
    keys = {"x:" + folded, "c:" + key}
    # Jaro-Winkler compares tokens whose lengths differ by one at most (match.names).
    if len(folded) >= PREFIX_MIN:
        keys.update(
            _prefix_key(folded, n)
            for n in range(len(folded) - 1, len(folded) + 2)
            if n >= PREFIX_MIN
        )
    # d:key finds listed tokens with one consonant more; the deletions, one less or another.
    # Not for the shortest keys: almost every token is one consonant away from them.
    if len(key) >= DELETION_MIN:
        keys.add("d:" + key)
        keys.update("d:" + d for d in _deletions(key))
    return tuple(sorted(keys))
