"""Entries that different lists give for one bearer, linked so that a name any list records
finds every list's entry.

The UN lists "Jules Mateso Mlamba" as an alias of Stanislas Nzeyimana; OFAC lists the same man
without it. Screening that name should find both entries, since each list binds other people.
Two entries of different lists are linked when they are the same kind of thing, of the same
classification, and either share an identifier and a fair name, or share a birth date and a
close name, or (companies and vessels, which have no birth date) bear the same full name with
no identifier against it. Each entry is linked to at most one entry of each other list: its
best, and only when that one's best is it too; a group never holds two entries of one list.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from functools import partial
from itertools import chain

from watchlist.index.forked import ForkedCalls, fork_workers
from watchlist.match.features import schema_compatible
from watchlist.match.names import Aligner
from watchlist.match.score import FormScore, pair_name_score
from watchlist.model.records import EntityKey, EntityRecord
from watchlist.model.schemata import ORG_SCHEMATA
from watchlist.names.forms import NameForm
from watchlist.names.phonetic import coarse_key

#: (list, id) of an entry.

#: Name agreement (pair scoring, every token weighing the same) each kind of evidence needs.
WITH_IDENTIFIER = 0.70
WITH_BIRTH_DATE = 0.85
WITH_BIRTH_YEAR = 0.93
#: Identifiers shorter than this coincide too easily across lists.
MIN_IDENTIFIER = 6
#: Tokens at least this long make the shared-token prefilter.
MIN_KEY_TOKEN = 3
#: A build scores its name pairs on several processes only from this many pairs on: below,
#: starting them costs more than they save (index.forked).
PARALLEL_PAIRS = 4000
#: Chunks of pairs per process: contiguous (an entry's pairs share its names' aligners), and
#: several a process, so that one slow chunk does not leave a core idle at the end.
CHUNKS_PER_WORKER = 4


@dataclass
class Links:
    """Each entity's group: the entities of one group are one bearer on several lists."""

    group: list[int] = field(default_factory=list)
    members: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def linked(self, entity: int) -> tuple[int, ...]:
        """The entity and every entity linked to it (just the entity when it has no link)."""
        return self.members.get(self.group[entity], (entity,))

    def keys(self, entities: Sequence[EntityRecord], entity: int) -> frozenset[EntityKey]:
        """(list, id) of the entity and every entity linked to it."""
        return frozenset((entities[i].source, entities[i].source_id) for i in self.linked(entity))

    @classmethod
    def from_groups(
        cls, entities: Sequence[EntityRecord], groups: Iterable[frozenset[EntityKey]]
    ) -> Links:
        """Links given as groups of (list, id), as another index made them; entities in no
        group, or alone of theirs here, are unlinked."""
        position = {(e.source, e.source_id): i for i, e in enumerate(entities)}
        links = cls(group=list(range(len(entities))))
        for keys in groups:
            ids = sorted(position[k] for k in keys if k in position)
            if len(ids) > 1:
                for i in ids:
                    links.group[i] = ids[0]
                links.members[ids[0]] = tuple(ids)
        return links


def _kind(schema: str) -> str:
    if schema in ORG_SCHEMATA:
        return "org"
    return schema


def _token_keys(forms: Sequence[NameForm]) -> frozenset[str]:
    return frozenset(
        coarse_key(t) for f in forms if not f.abjad for t in f.tokens if len(t) >= MIN_KEY_TOKEN
    )


def _candidate_pairs(
    entities: Sequence[EntityRecord],
    forms: Sequence[Sequence[NameForm]],
    keys: Sequence[frozenset[str]],
) -> Iterator[tuple[int, int, str]]:
    """Pairs of entities of different lists that share a blocking key, each once, with the
    kind of its strongest key: an identifier, a full name (things without a birth date), a
    full birth date, or a birth year one side gives alone (entries with full dates only are
    compared by date, which keeps the year blocks of long lists small).

    A year block pairs an entry only with those of the year whose name `keys` (_token_keys)
    share enough (_shares_enough), which linking asks of every pair: the other pairs of a year
    are never made (six hundred thousand of them in a build of every bundled list)."""
    blocks: dict[str, dict[str, list[int]]] = {"id": {}, "name": {}, "date": {}}
    partial: dict[str, list[int]] = {}
    years: dict[str, list[int]] = {}
    for i, (e, names) in enumerate(zip(entities, forms, strict=True)):
        kind = _kind(e.schema)
        for ident in e.identifiers:
            if len(ident) >= MIN_IDENTIFIER:
                blocks["id"].setdefault(ident, []).append(i)
        for date in e.birth_dates:
            block = blocks["date"] if len(date) == 10 else partial
            block.setdefault(date if len(date) == 10 else date[:4], []).append(i)
            same_year = years.setdefault(date[:4], [])
            if not same_year or same_year[-1] != i:
                same_year.append(i)
        if kind != "Person" and not e.birth_dates:
            # The same full name (of two words or more): the block itself is the evidence.
            for f in names:
                if len(f.tokens) > 1:
                    blocks["name"].setdefault(kind + ":" + " ".join(sorted(f.tokens)), []).append(i)
    seen: set[tuple[int, int]] = set()

    def pair(a: int, b: int) -> tuple[int, int] | None:
        if a == b or entities[a].source == entities[b].source:
            return None
        found = (a, b) if a < b else (b, a)
        if found in seen:
            return None
        seen.add(found)
        return found

    for kind, keyed in blocks.items():
        for ids in keyed.values():
            for x, a in enumerate(ids):
                for b in ids[x + 1 :]:
                    if (p := pair(a, b)) is not None:
                        yield (*p, kind)
    for year, ids in partial.items():
        holders: dict[str, list[int]] = {}
        for b in years[year]:
            for k in keys[b]:
                holders.setdefault(k, []).append(b)
        for a in dict.fromkeys(ids):
            shared: dict[int, int] = {}
            for k in keys[a]:
                for b in holders.get(k, ()):
                    shared[b] = shared.get(b, 0) + 1
            alone = len(keys[a]) == 1
            for b in sorted(shared):  # the year's order, as every block's
                if shared[b] >= 2 or alone or len(keys[b]) == 1:
                    if (p := pair(a, b)) is not None:
                        yield (*p, "year")


def _dates_agree(a: EntityRecord, b: EntityRecord) -> str | None:
    """'date' when the entries share a full birth date, 'year' when only a year, else None."""
    full_a = {d for d in a.birth_dates if len(d) == 10}
    full_b = {d for d in b.birth_dates if len(d) == 10}
    if full_a & full_b:
        return "date"
    # A year alone agrees with a date in it; two different dates of one year do not agree.
    years_a = {d[:4] for d in a.birth_dates if len(d) < 10}
    years_b = {d[:4] for d in b.birth_dates if len(d) < 10}
    if years_a & {d[:4] for d in b.birth_dates} or years_b & {d[:4] for d in a.birth_dates}:
        return "year"
    return None


def _conflict(a: Set[str], b: Set[str]) -> bool:
    """Whether two entries both have identifiers and none in common."""
    return bool(a) and bool(b) and not a & b


def _shares_enough(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two key sets share two keys, or the one key the smaller set has."""
    shared = len(a & b)
    return shared >= 2 or (shared == 1 and min(len(a), len(b)) == 1)


#: What pair scoring keeps of one name between the entries it meets: its aligners and its
#: score against each name met (match.score.name_score's `aligners` and `scored`).
Kept = tuple[dict[tuple[int, bool], Aligner], dict[tuple[NameForm, bool, int, int], FormScore]]


def _name_agreement(
    names: Sequence[NameForm],
    others: Sequence[NameForm],
    name_keys: Sequence[frozenset[str]],
    other_keys: Sequence[frozenset[str]],
    scored: dict[tuple[NameForm, tuple[NameForm, ...]], float],
    kept: dict[NameForm, Kept],
) -> float:
    """The best pair score of two names of the entries that share keys (a pair scored
    only when it could agree: entries with many aliases have many pairs); `name_keys` and
    `other_keys` are each name's keys (_token_keys). `scored` remembers each name against its
    near names: lists repeat one another's spellings, so half the pairs of a build are pairs
    already scored. `kept` holds each name's aligners and its score against each single name,
    from one entry to the next: an entry meets many whose near names are partly the same (a
    bearer's aliases on several lists), and each pair of names is aligned once."""
    best = 0.0
    for name, key in zip(names, name_keys, strict=True):
        near = tuple(f for f, k in zip(others, other_keys, strict=True) if _shares_enough(key, k))
        if near:
            value = scored.get((name, near))
            if value is None:
                found = kept.get(name)
                if found is None:
                    found = kept[name] = ({}, {})
                value = pair_name_score((name,), near, *found).value
                scored[(name, near)] = value
            best = max(best, value)
    return best


#: What one process's pair scoring keeps from one chunk of pairs to the next (_name_agreement's
#: caches), by process: a forked process starts its own.
Caches = tuple[dict[tuple[NameForm, tuple[NameForm, ...]], float], dict[NameForm, Kept]]
_CACHES: dict[int, Caches] = {}


def _score_pairs(
    forms: Sequence[Sequence[NameForm]],
    name_keys: list[list[frozenset[str]]],
    pairs: list[tuple[int, int]],
) -> array[float]:
    """The name agreement of each pair of entries (by index into `forms`)."""
    scored, kept = _CACHES.setdefault(os.getpid(), ({}, {}))
    return array(
        "d",
        (
            _name_agreement(forms[a], forms[b], name_keys[a], name_keys[b], scored, kept)
            for a, b in pairs
        ),
    )


class PendingLinks:
    """The pairs of entries that could link, to be scored (calls()) and then linked."""

    def __init__(
        self,
        entities: Sequence[EntityRecord],
        forms: Sequence[Sequence[NameForm]],
        name_keys: list[list[frozenset[str]]],
        pairs: list[tuple[int, int]],
        needs: list[float],
    ) -> None:
        self.entities = entities
        self.forms = forms
        self.name_keys = name_keys
        self.pairs = pairs
        self.needs = needs

    def calls(self, workers: int) -> list[Callable[[], array[float]]]:
        """The scoring of the pairs as calls for `workers` processes (index.forked): contiguous
        chunks (an entry's pairs share its names' aligners), several a process so that one slow
        chunk does not leave a core idle at the end; one call where there are few pairs."""
        pairs = self.pairs
        chunks = workers * CHUNKS_PER_WORKER if len(pairs) >= PARALLEL_PAIRS else 1
        step = max(1, -(-len(pairs) // chunks))
        return [
            partial(_score_pairs, self.forms, self.name_keys, pairs[i : i + step])
            for i in range(0, len(pairs), step)
        ]

    def links(self, scores: Iterable[Sequence[float]]) -> Links:
        """The links, given the scores of calls() in their order."""
        _CACHES.pop(os.getpid(), None)  # what scoring here kept, done with
        return _linked(self.entities, self.pairs, self.needs, list(chain.from_iterable(scores)))


def link_entities(
    entities: Sequence[EntityRecord],
    forms: Sequence[Sequence[NameForm]],
    workers: int | None = None,
) -> Links:
    """Link the entries of different lists that are one bearer (`forms`: each one's strong
    names), their name pairs scored on `workers` forked processes (default: one per core
    where this process may fork)."""
    pending = pairs_to_link(entities, forms)
    workers = fork_workers() if workers is None else workers
    calls = ForkedCalls(pending.calls(workers), workers)
    try:
        return pending.links(calls.results())
    finally:
        calls.close()


def pairs_to_link(
    entities: Sequence[EntityRecord], forms: Sequence[Sequence[NameForm]]
) -> PendingLinks:
    """The pairs of entries that could link and the name agreement each needs."""
    keys = [_token_keys(f) for f in forms]
    # Each name's own keys, worked out once: an entry meets many others.
    name_keys = [[_token_keys((f,)) for f in names] for names in forms]
    pairs: list[tuple[int, int]] = []
    needs: list[float] = []
    for a, b, block in _candidate_pairs(entities, forms, keys):
        ea, eb = entities[a], entities[b]
        if ea.classification != eb.classification or _kind(ea.schema) != _kind(eb.schema):
            continue
        if not schema_compatible(ea.schema, eb.schema):
            continue
        if not _shares_enough(keys[a], keys[b]):
            continue
        if block == "id":
            need = WITH_IDENTIFIER
        elif block == "name":
            if _conflict(ea.identifiers, eb.identifiers):
                continue
            need = 0.0
        else:
            agree = _dates_agree(ea, eb)
            if agree is None:
                continue
            need = WITH_BIRTH_DATE if agree == "date" else WITH_BIRTH_YEAR
        pairs.append((a, b))
        needs.append(need)
    return PendingLinks(entities, forms, name_keys, pairs, needs)


def _linked(
    entities: Sequence[EntityRecord],
    pairs: list[tuple[int, int]],
    needs: list[float],
    scores: Sequence[float],
) -> Links:
    """Each entry linked to its best of each other list, when it is that one's best too."""
    ident = [(e.source, e.source_id) for e in entities]
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (a, b), need, score in zip(pairs, needs, scores, strict=True):
        if score < need:
            continue
        for x, y in ((a, b), (b, a)):
            slot = (x, entities[y].source)
            # Ties go to the lower id, whatever order the entries came in.
            if slot not in best or (score, ident[best[slot][1]]) > (best[slot][0], ident[y]):
                best[slot] = (score, y)
    parent = list(range(len(entities)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    mutual = sorted(
        (-score, min(ident[x], ident[y]), max(ident[x], ident[y]), x, y)
        for (x, _source), (score, y) in best.items()
        if x < y and best.get((y, entities[x].source), (0.0, -1))[1] == x
    )
    # Best links first; a link that would put two entries of one list in a group is left out.
    # Nor, for things without a birth date, one that joins entries of different numbers.
    lists_of = {i: {entities[i].source} for i in range(len(entities))}
    ids_of = {
        i: set(e.identifiers) if e.schema != "Person" else set() for i, e in enumerate(entities)
    }
    for *_, x, y in mutual:
        rx, ry = root(x), root(y)
        if rx == ry or lists_of[rx] & lists_of[ry] or _conflict(ids_of[rx], ids_of[ry]):
            continue
        parent[ry] = rx
        lists_of[rx] |= lists_of.pop(ry)
        ids_of[rx] |= ids_of.pop(ry)
    links = Links(group=[root(i) for i in range(len(entities))])
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(links.group):
        groups.setdefault(g, []).append(i)
    links.members = {g: tuple(ids) for g, ids in groups.items() if len(ids) > 1}
    return links
