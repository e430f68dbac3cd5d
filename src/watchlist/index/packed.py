"""Compact containers for the index: a few large buffers instead of millions of small objects.

Unpickling the index used to mean creating some two million Python objects (a dict of three
quarters of a million keys, each with an array; a record object per entity and per name form),
which took seconds in every process that screened, a CLI call included. These containers hold
the same data as a handful of flat arrays and byte strings: loading them is a copy of memory,
and items are rebuilt only when a query reaches them.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, chain
from typing import Generic, TypeVar, overload

from watchlist.compiled import own_abc

T = TypeVar("T")


class Postings(Sequence[Sequence[int]]):
    """A list of lists of ids as two arrays (compressed sparse rows): row i is
    ids[offsets[i]:offsets[i + 1]]."""

    __slots__ = ("_ids", "_offsets")

    def __init__(self, rows: Iterable[Sequence[int]] = ()) -> None:
        rows = list(rows)
        self._ids = array("I", chain.from_iterable(rows))
        self._offsets = array("Q", [0])
        self._offsets.extend(accumulate(map(len, rows)))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> Sequence[int]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Sequence[int]]: ...
    def __getitem__(self, i: int | slice) -> Sequence[int] | Sequence[Sequence[int]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        offsets = self._offsets
        n = len(offsets) - 1
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._ids[offsets[i] : offsets[i + 1]]

    def flat(self) -> tuple[array[int], array[int]]:
        """The ids and the offsets (row i is ids[offsets[i]:offsets[i + 1]]), for a caller that
        reads many rows: a slice of each, without a call of __getitem__ per row."""
        return self._ids, self._offsets

    def __getstate__(self) -> tuple[array[int], array[int]]:
        return self._ids, self._offsets

    def __setstate__(self, state: tuple[array[int], array[int]]) -> None:
        self._ids, self._offsets = state


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key (Python's own hash() differs from process to process):
    two checksums computed in C, a tenth of the cost of a cryptographic digest."""
    data = key.encode()
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def key_hashes(keys: Iterable[str]) -> list[int]:
    """key_hash of each key, in one comprehension: a build hashes some 800,000 keys."""
    crc32, adler32 = zlib.crc32, zlib.adler32
    return [crc32(k) << 32 | adler32(k) for k in map(str.encode, keys)]


#: KeyPostings looks a hash up among those of its bucket, one of 2**BUCKET_BITS by the top
#: bits of the hash: a few comparisons instead of some twenty over the whole array.
BUCKET_BITS = 12
#: ...and a process that screens for long (KeyPostings.finer) in one of 2**FINE_BUCKET_BITS:
#: some twenty hashes each where an index of every list has two hundred in each of
#: 2**BUCKET_BITS, for a quarter of a megabyte more and some 30 ms once.
FINE_BUCKET_BITS = 15


class KeyPostings:
    """A mapping of string keys to lists of ids, stored as the keys' 64-bit hashes (sorted)
    and their rows. Two keys of one hash share a row: a lookup then finds a few ids more, which
    only costs the caller a comparison it makes anyway, never a miss.

    Where each bucket of hashes starts is worked out at the first lookup (a few milliseconds),
    not stored: the pickled state stays the hashes and the rows."""

    __slots__ = ("_hashes", "_rows", "_buckets", "_bits")

    def __init__(
        self,
        mapping: Mapping[str, Sequence[int]] | None = None,
        hashes: Sequence[int] | None = None,
    ) -> None:
        """`hashes`: the keys' hashes, in the mapping's order (key_hashes of them unless
        given: a test gives hashes that collide or sit at the ends of the range)."""
        mapping = mapping or {}
        if hashes is None:
            hashes = key_hashes(mapping)
        merged: dict[int, Sequence[int]] = dict(zip(hashes, mapping.values(), strict=True))
        if len(merged) < len(hashes):  # two keys of one hash: their rows, in key order
            joined: dict[int, list[int]] = {}
            for h, ids in zip(hashes, mapping.values(), strict=True):
                joined.setdefault(h, []).extend(ids)
            merged = dict(joined)
        order = sorted(merged)
        self._hashes = array("Q", order)
        self._rows = Postings(map(merged.__getitem__, order))
        self._buckets: array[int] | None = None
        self._bits = BUCKET_BITS

    def __len__(self) -> int:
        return len(self._hashes)

    def _bucket_starts(self) -> array[int]:
        """The index of each bucket's first hash, and the number of hashes at the end."""
        hashes = self._hashes
        bits = self._bits
        shift = 64 - bits
        starts = array("Q", (bisect_left(hashes, b << shift) for b in range(1 << bits)))
        starts.append(len(hashes))
        self._buckets = starts
        return starts

    def finer(self, bits: int = FINE_BUCKET_BITS) -> None:
        """Look hashes up in 2**bits buckets from now on: for a process that looks up many
        keys (a warmed screener: NameIndex.unpack), not a CLI call, which would spend more
        on working the finer buckets out than on its few lookups."""
        if bits != self._bits or self._buckets is None:
            self._bits = bits
            self._bucket_starts()

    def get(self, key: str) -> Sequence[int] | None:
        return self.get_hash(key_hash(key))

    def get_hash(self, h: int) -> Sequence[int] | None:
        """The row of the keys of hash `h`, if any."""
        buckets = self._buckets
        if buckets is None:
            buckets = self._bucket_starts()
        b = h >> (64 - self._bits)
        hashes = self._hashes
        i = bisect_left(hashes, h, buckets[b], buckets[b + 1])
        if i < len(hashes) and hashes[i] == h:
            offsets = self._rows._offsets
            return self._rows._ids[offsets[i] : offsets[i + 1]]
        return None

    def union(self, keys: Iterable[str]) -> set[int]:
        """The ids of every key of `keys`, together: `get` of each, in one call (a lookup of
        similar words asks for some ten keys, NameIndex.similar_tokens)."""
        return self.union_hashes(key_hashes(keys))

    def union_hashes(self, wanted: Iterable[int]) -> set[int]:
        """The ids of the keys of every hash of `wanted`, together."""
        found: set[int] = set()
        buckets = self._buckets
        if buckets is None:
            buckets = self._bucket_starts()
        hashes = self._hashes
        size = len(hashes)
        offsets = self._rows._offsets
        ids = self._rows._ids
        shift = 64 - self._bits
        for h in wanted:
            b = h >> shift
            i = bisect_left(hashes, h, buckets[b], buckets[b + 1])
            if i < size and hashes[i] == h:
                found.update(ids[offsets[i] : offsets[i + 1]])
        return found

    def __getstate__(self) -> tuple[array[int], Postings]:
        return self._hashes, self._rows

    def __setstate__(self, state: tuple[array[int], Postings]) -> None:
        self._hashes, self._rows = state
        self._buckets = None
        self._bits = BUCKET_BITS


class Packed(Sequence[T], Generic[T]):
    """A list of picklable items, each pickled on its own into one byte string and unpickled
    at its first access (then kept)."""

    __slots__ = ("_data", "_offsets", "_loaded")

    def __init__(self, items: Iterable[T] = ()) -> None:
        chunks: list[bytes] = []
        offsets = array("Q", [0])
        size = 0
        for item in items:
            blob = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
            chunks.append(blob)
            size += len(blob)
            offsets.append(size)
        self._data = b"".join(chunks)
        self._offsets = offsets
        self._loaded: dict[int, T] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...
    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        item = self._loaded.get(i)
        if item is None:
            if i < 0:
                return self[i + len(self)]
            if i >= len(self):
                raise IndexError(i)
            item = pickle.loads(self._data[self._offsets[i] : self._offsets[i + 1]])
            self._loaded[i] = item
        return item

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self[i]

    def __getstate__(self) -> tuple[bytes, array[int]]:
        return self._data, self._offsets

    def __setstate__(self, state: tuple[bytes, array[int]]) -> None:
        self._data, self._offsets = state
        self._loaded = {}


class Words(Sequence[str]):
    """A list of words without a line break in them, as one string and the offsets of its
    lines: one object to unpickle where a list of words is as many as it has words."""

    __slots__ = ("_text", "_offsets")

    def __init__(self, words: Iterable[str] = ()) -> None:
        words = list(words)
        self._text = "\n".join(words)
        if self._text.count("\n") != max(0, len(words) - 1):
            raise ValueError("a word of Words has a line break in it")
        self._offsets = array("I", [0])
        self._offsets.extend(accumulate(len(w) + 1 for w in words))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._text[self._offsets[i] : self._offsets[i + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        # One split in C (an index unpacked decodes its whole vocabulary), not a call a word.
        return iter(self._text.split("\n") if len(self) else ())

    def many(self, ids: Iterable[int]) -> list[str]:
        """The words at `ids`, in their order: one call for a caller that reads hundreds (the
        lookup of similar words reads the folded spelling of every word sharing a key with
        the query's), where a call of __getitem__ each cost ten times the slicing."""
        text = self._text
        offsets = self._offsets
        return [text[offsets[i] : offsets[i + 1] - 1] for i in ids]

    def __getstate__(self) -> tuple[str, array[int]]:
        return self._text, self._offsets

    def __setstate__(self, state: tuple[str, array[int]]) -> None:
        self._text, self._offsets = state


class Vocabulary(Sequence[tuple[str, bool]]):
    """(token, from an abjad) of each vocabulary entry, as Words and an array of flags."""

    __slots__ = ("_tokens", "_abjad")

    def __init__(self, entries: Iterable[tuple[str, bool]] = ()) -> None:
        entries = list(entries)
        self._tokens = Words(token for token, _ in entries)
        self._abjad = array("B", (abjad for _, abjad in entries))

    def __len__(self) -> int:
        return len(self._abjad)

    @overload
    def __getitem__(self, i: int) -> tuple[str, bool]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[str, bool]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, bool] | Sequence[tuple[str, bool]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._tokens[i], bool(self._abjad[i])

    def __iter__(self) -> Iterator[tuple[str, bool]]:
        return zip(self._tokens, map(bool, self._abjad), strict=True)

    def __getstate__(self) -> tuple[Words, array[int]]:
        return self._tokens, self._abjad

    def __setstate__(self, state: tuple[Words, array[int]]) -> None:
        self._tokens, self._abjad = state


# Compiled, the classes of an abstract base need a registry of their own (compiled.own_abc).
for _cls in (Postings, Packed, Words, Vocabulary):
    own_abc(_cls)
