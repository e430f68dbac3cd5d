"""The keys a name token is filed under, and looked up by, in the inverted index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from watchlist.match.names import MIN_JOINED_FLOOR
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


#: Tokens written together meet a vowelled listed token only if their folded spellings are at
#: least this alike (normalised Levenshtein similarity; match.names.joined_match): the index
#: files each listed token's folded spelling by segments (segment_keys) so that a lookup of
#: tokens written together reads only listed tokens that share a segment with them.
SEGMENT_LEV = MIN_JOINED_FLOOR


def most_edits(length: int) -> int:
    """The most edits by which two folded spellings, the longer `length` letters long, are
    still SEGMENT_LEV alike. The product a hair above its float: one edit too many where it
    falls on a whole number costs the lookup a comparison, one too few would miss a token."""
    return int((1.0 - SEGMENT_LEV) * length + 1e-9)


@lru_cache(maxsize=1024)
def longest_alike(n: int) -> int:
    """The length of the longest spelling SEGMENT_LEV alike to one of `n` letters (it can be
    no more edits longer than most_edits of its own length allows)."""
    longest = n
    while longest + 1 - n <= most_edits(longest + 1):
        longest += 1
    return longest


@lru_cache(maxsize=1024)
def segments(n: int) -> tuple[tuple[int, int], ...]:
    """(start, length) of the segments a listed folded spelling of `n` letters is filed by:
    one more than the most edits by which a spelling SEGMENT_LEV alike may differ from it,
    so that each such spelling holds at least one of them unchanged (the pigeonhole
    principle), and near where the edits before and after it allow (probe_keys). Even
    lengths, the longer ones last."""
    count = most_edits(longest_alike(n)) + 1
    base, extra = divmod(n, count)
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(count):
        length = base + 1 if i >= count - extra else base
        out.append((start, length))
        start += length
    return tuple(out)


def _place(n: int, i: int) -> str:
    """What follows a segment in its key: the length of the spelling and the segment's place."""
    return f"\x1f{n}.{i}"


def segment_keys(folded: str) -> list[str]:
    """Keys a listed token's folded spelling is filed under for lookups of tokens written
    together: each of its segments with its place, and its length."""
    n = len(folded)
    return [folded[p : p + size] + _place(n, i) for i, (p, size) in enumerate(segments(n))]


def segment_rows(vocab: Sequence[tuple[str, bool]]) -> dict[str, list[int]]:
    """The ids of the vowelled entries of `vocab` ((token, from an abjad)) filed under each
    segment key, ascending: the entries query_keys finds (those of two letters or more;
    abjad entries are met by their skeletons alone)."""
    rows: dict[str, list[int]] = {}
    for tid, (token, abjad) in enumerate(vocab):
        if abjad or len(token) < 2:
            continue
        for key in segment_keys(fold(token)):
            row = rows.get(key)
            if row is None:
                rows[key] = [tid]
            else:
                row.append(tid)
    return rows


def probe_keys(folded: str) -> list[str]:
    """Keys that tokens written together, of this folded spelling, look up: every listed
    folded spelling SEGMENT_LEV alike to it is filed under one of them (segment_keys), and
    most of those filed under them are not alike at all (the lookup measures them). Where
    they are depends on the spelling's length alone (probe_plan)."""
    plan = _PLANS.get(len(folded))
    if plan is None:
        plan = _PLANS[len(folded)] = probe_plan(len(folded))
    return [folded[start : start + size] + place for start, size, place in plan]


#: probe_plan by length, as lookups ask for them.
_PLANS: dict[int, tuple[tuple[int, int, str], ...]] = {}


def probe_places(m: int) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """Each place (_place) a folded spelling of `m` letters looks segments up at, with the
    (start, end) of the letters it looks up there: probe_plan grouped by place, in its
    order, each place once. A lookup reads a place's segments in a table of their own
    (NameIndex.segment_table): no key is made by joining a segment to its place, and a
    place no listed spelling has (a length none has) is passed over whole."""
    grouped = _PLACES.get(m)
    if grouped is None:
        grouped = _PLACES[m] = tuple(_places(m))
    return grouped


def _places(m: int) -> Iterator[tuple[str, tuple[tuple[int, int], ...]]]:
    # For each length n a listed spelling may have, each of its segments as the query spells
    # it where it may have moved to (probe_plan).
    for n in range(max(0, m - most_edits(m)), longest_alike(m) + 1):
        edits = most_edits(max(m, n))
        shift = m - n
        parts = segments(n)
        last = len(parts) - 1
        for i, (p, size) in enumerate(parts):
            lo = max(0, p - edits, p + shift - edits, p - i, p + shift - (last - i))
            hi = min(m - size, p + edits, p + shift + edits, p + i, p + shift + (last - i))
            if lo <= hi:
                yield _place(n, i), tuple((start, start + size) for start in range(lo, hi + 1))


#: probe_places by length, as lookups ask for them.
_PLACES: dict[int, tuple[tuple[str, tuple[tuple[int, int], ...]], ...]] = {}


def split_key(key: str) -> tuple[str, str]:
    """A segment key (segment_keys) as its segment and its place."""
    cut = key.rindex("\x1f")
    return key[:cut], key[cut:]


def probe_plan(m: int) -> tuple[tuple[int, int, str], ...]:
    """(start, length, place) of each key a folded spelling of `m` letters looks up: its
    letters from start, and the place (_place) of the listed segment they may be.

    For each length n a listed spelling may have, each of its segments as the query spells
    it where it may have moved to: a segment left unchanged by the edits moves by no more
    than the edits before it, and ends as far from the end as the edits after it allow; and
    since there are more segments than edits, one of them is unchanged with no more edits
    before it than segments before it and no more after it than segments after it (Li et
    al., Pass-Join: a partition-based method for similarity joins, VLDB 2011: multi-match-
    aware substring selection). Worked out by place (probe_places, _places)."""
    return tuple(
        (start, end - start, place) for place, spans in probe_places(m) for start, end in spans
    )


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
