"""An inverted index of name keys over listed entities, and candidate generation from it.

Every spelling of every name is a form. Each distinct token of the forms (and each pair of
adjacent tokens written together) is a vocabulary entry filed under its keys; each entry
lists the forms it occurs in. A query token finds the entries sharing a key, scores each one
once, and only entries similar enough lead to forms: never a scan of the whole list.
"""

from __future__ import annotations

import gc
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from watchlist.index.collector import collector_paused
from watchlist.index.forked import ForkedCalls, fork_workers
from watchlist.index.keys import (
    SEGMENT_LEV,
    filed_rows,
    probe_places,
    query_keys,
    segment_rows,
    split_key,
)
from watchlist.index.links import Links, pairs_to_link
from watchlist.index.packed import KeyPostings, Packed, Postings, Vocabulary, Words
from watchlist.match import things
from watchlist.match.names import (
    MIN_JOINED_FLOOR,
    MIN_TOKEN_SIM,
    joined,
    joined_match,
    may_reach_each,
    measured_similarity,
    token_similarity,
)
from watchlist.match.score import unmatched_cost
from watchlist.match.weights import WEIGHTS
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityKey, EntityRecord, entity_names
from watchlist.model.schemata import THING_SCHEMATA
from watchlist.names.forms import NameForm, name_forms, parenthesised, undedicated
from watchlist.names.nicknames import nicknames
from watchlist.names.phonetic import fold, know_folds
from watchlist.names.rarity import Rarity


def with_parts(names: list[tuple[str, bool]], organisation: bool) -> list[tuple[str, bool]]:
    """An organisation's names, and each without its parenthesised part, which is an
    acronym (PEDCO) or a remark (branch located in...): the acronym is a name as well; and
    each without what it is named after (Istok named after Shokin: Istok)."""
    if not organisation:
        return names
    out = list(names)
    for name, weak in names:
        out.extend((part, weak) for part in parenthesised(name) + undedicated(name))
    return out


#: A build with a vocabulary this large makes its key table on a process of its own (index.forked).
PARALLEL_VOCAB = 50_000


#: A build with this many distinct names spells half of them on a forked process (index.forked).
PARALLEL_NAMES = 20_000


def spellings(names: Sequence[tuple[str, bool]]) -> list[tuple[NameForm, ...]]:
    """name_forms of each (name, of an organisation)."""
    return [name_forms(name, organisation) for name, organisation in names]


def spellings_apart(
    names: Sequence[Sequence[tuple[str, bool]]], kinds: Sequence[bool]
) -> dict[tuple[str, bool], tuple[NameForm, ...]]:
    """For a large build, the spellings of half the distinct names, made on a forked process
    while this one spells the other half (into name_forms' cache); empty for a small one, or
    where this process may not fork."""
    distinct = list(
        dict.fromkeys(
            (name, organisation)
            for its_names, organisation in zip(names, kinds, strict=True)
            for name, _ in its_names
        )
    )
    if len(distinct) < PARALLEL_NAMES or fork_workers() < 2:
        return {}
    half = len(distinct) // 2
    there = ForkedCalls([partial(spellings, distinct[half:])], 2)
    try:
        spellings(distinct[:half])
        return dict(zip(distinct[half:], there.results()[0], strict=True))
    finally:
        there.close()


def key_table(vocab: Sequence[tuple[str, bool]]) -> KeyPostings:
    """The index's key table: each key (index.keys) and the vocabulary entries filed under it."""
    return KeyPostings(filed_rows(vocab))


def segment_table(vocab: Sequence[tuple[str, bool]]) -> tuple[Words, Postings]:
    """The index's segment keys and their rows (index.keys.segment_rows): for lookups of
    tokens written together."""
    rows = segment_rows(vocab)
    return Words(rows), Postings(rows.values())


def _reach(value: float, rest: float, owed: float) -> float:
    """The most a name's bound may reach (NameIndex.candidates) with `value` the evidence
    of the query word that first meets it, `rest` the most the words after it may bring
    and `owed` the costs of the words that bring nothing: a hair over, for the bound's
    own sums, which add the same terms in another order (a name let in may still fail its
    bound)."""
    evidence = value + rest
    return evidence / (evidence + owed) + REACH_SLACK


def thing_joined(form: NameForm) -> list[tuple[tuple[int, ...], str]]:
    """Adjacent tokens written together; for an organisation's or vessel's name also the
    whole name, however it is spaced (RyeSongGang1, RYE SONG GANG 1)."""
    units = joined(form.tokens, form.abjad)
    if form.thing and len(form.tokens) > 1:
        whole = "".join(form.tokens)
        if whole not in {tok for _, tok in units}:
            units.append((tuple(range(len(form.tokens))), whole))
    return units


#: Query tokens whose similar listed tokens are remembered between queries.
SIMILAR_CACHE = 200_000
#: Vocabulary entries the rows of keys looked up (NameIndex.keyed_rows) may hold together,
#: some 12 bytes each, and one more a row (a few hundred bytes): a batch worker's single words
#: ask for some 10,000 keys per 2,000 queries, four fifths of their entries in keys asked for
#: before.
KEYED_CACHE = 1_000_000
#: The fields of NameIndex that are caches of a process, not part of the index.
_PROCESS_FIELDS = (
    "_similar",
    "_segments",
    "_things",
    "_persons",
    "_keyed",
    "_segmented",
    "_keyed_size",
)
#: What NameIndex.candidates adds to the most an unseen form could reach, for the rounding
#: of sums of the same terms added in another order.
REACH_SLACK = 1e-9
#: Folded spellings less alike than this cannot reach MIN_TOKEN_SIM by any route.
PREFILTER = 0.5
#: Tokens written together meet a vowelled listed token (match.names.joined_match) with a
#: similarity of MIN_JOINED_SIM, which no rule of token_similarity gives to folded spellings
#: less alike than that, or with folded spellings at least MIN_JOINED_FLOOR alike: never
#: below this normalised Levenshtein similarity (tests/match/test_may_reach.py).
JOINED_LEV = SEGMENT_LEV


def _met_word(
    entry: list[float],
    joined: tuple[list[float], list[float]],
    p: int,
    share: float,
    cost: float,
    unlike: float,
) -> None:
    """NameIndex.candidates' sums for one form (`entry`: evidence, cost no longer owed, words
    met, dissimilarity owed) when query word `p`, alone or written together with others, met
    a token of it with evidence `share` and dissimilarity `unlike` (of the word's own cost
    `cost` at most): a word is in one pair of an alignment at most, so what counts of it is
    its best evidence, its least dissimilarity, and its cost once. `joined` holds the
    word's best evidence and least dissimilarity so far (-1: not met yet)."""
    best, least = joined
    if share > best[p]:
        entry[0] += share - best[p]
        best[p] = share
    if least[p] < 0.0:
        least[p] = unlike
        entry[1] += cost
        entry[2] += 1.0
        entry[3] += unlike
    elif unlike < least[p]:
        entry[3] -= least[p] - unlike
        least[p] = unlike


#: Once no form may be taken, a token's forms are read only if they are fewer than this many
#: times the forms met: else each form met is looked for among them (NameIndex._collect).
FEW_MET = 4


def _gain(
    entry: list[float],
    joined: tuple[list[float], list[float]] | None,
    p: int,
    share: float,
    cost: float,
    positions: int,
    unlike: float,
) -> None:
    """NameIndex._collect's sums for a form met already, when query word `p` meets a token
    of it with evidence `share` and dissimilarity `unlike`: added, or as _met_word counts
    them where tokens written together met the form (`joined`)."""
    if joined is None:
        entry[0] += share
        entry[1] += cost
        entry[2] += positions
        entry[3] += unlike
    else:
        _met_word(entry, joined, p, share, cost, unlike)


#: The row of a key no entry is filed under (NameIndex.keyed_rows).
_NO_ROW: tuple[bytes, tuple[str, ...]] = (b"", ())


def _once(near: list[Any], ids: Sequence[int]) -> list[tuple[str, float, int]]:
    """The matches of process.extract (folded spelling, similarity, index) over entries
    `ids` that may hold one entry more than once (NameIndex.keyed_rows): each entry's first
    (they are the same, an entry having one folded spelling). Read untyped: compiled code
    would unpack each match typed as a tuple of its items and make it anew to keep it (a
    float object and a tuple a match, most of the cost)."""
    if len(near) < 2:
        return near
    taken: set[int] = set()
    out: list[Any] = []
    for item in near:
        tid = ids[item[2]]
        if tid not in taken:
            taken.add(tid)
            out.append(item)
    return out


def _among(few: Sequence[int], row: Sequence[int]) -> list[int]:
    """The items of `few` that ascending `row` holds, in their order, each found by bisection
    (NameIndex._collect: the forms met, in a common token's long row of forms)."""
    out: list[int] = []
    for f in few:
        at = bisect_left(row, f)
        if at < len(row) and row[at] == f:
            out.append(f)
    return out


@dataclass
class NameIndex:
    """Entities, their name forms, the token vocabulary and the key -> tokens postings."""

    entities: Sequence[EntityRecord] = field(default_factory=Packed)
    form_entity: Sequence[int] = field(default_factory=list)
    forms: Sequence[NameForm] = field(default_factory=Packed)
    form_weak: list[bool] = field(default_factory=list)
    form_total: Sequence[float] = field(default_factory=list)
    #: How many tokens each form has (without unpacking the form).
    form_size: Sequence[int] = field(default_factory=list)
    #: Whether each form is an organisation's or vessel's name (without unpacking the form).
    form_thing: Sequence[int] = field(default_factory=list)
    #: (token, from an abjad) of each vocabulary entry; joined pairs are entries too.
    vocab: Sequence[tuple[str, bool]] = field(default_factory=Vocabulary)
    vocab_fold: Sequence[str] = field(default_factory=Words)
    token_forms: Sequence[Sequence[int]] = field(default_factory=Postings)
    key_tokens: KeyPostings = field(default_factory=KeyPostings)
    #: Keys of the segments of vowelled entries' folded spellings, and the entries filed
    #: under each (segment_table).
    segment_keys: Sequence[str] = field(default_factory=Words)
    segment_rows: Sequence[Sequence[int]] = field(default_factory=Postings)
    rarity: Rarity = field(default_factory=lambda: Rarity({}, 1))
    #: How common each token is among the names of organisations and vessels alone.
    thing_rarity: Rarity = field(default_factory=lambda: Rarity({}, 1, reference=False))
    #: Entries of different lists that are one bearer (index.links).
    links: Links = field(default_factory=Links)
    #: The similar tokens of query tokens (similar_tokens): a cache of this process, not part
    #: of the index.
    _similar: dict[tuple[str, bool, bool], tuple[tuple[float, int], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: The row of each segment key (segment_keys), by its place and segment (keys.split_key):
    #: a table of this process, made from them at its first lookup of tokens written together
    #: (or as it unpacks), not part of the index.
    _segments: dict[str, dict[str, int]] = field(default_factory=dict, repr=False, compare=False)
    #: The organisations' and vessels' names among each vocabulary entry's forms (thing_forms):
    #: a cache of this process, not part of the index.
    _things: dict[int, Sequence[int]] = field(default_factory=dict, repr=False, compare=False)
    #: ...and the people's names (person_forms), likewise.
    _persons: dict[int, Sequence[int]] = field(default_factory=dict, repr=False, compare=False)
    #: The vocabulary entries filed under each key a lookup of a single word asked for, and
    #: their folded spellings (keyed_rows): a cache of this process, not part of the index.
    _keyed: dict[str, tuple[bytes, tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: ...and those of each segment row a lookup of tokens written together met (by row).
    _segmented: dict[int, tuple[bytes, tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: How many entries _keyed and _segmented hold, all their rows together.
    _keyed_size: int = field(default=0, repr=False, compare=False)

    @classmethod
    def build(
        cls, entities: Iterable[StoredEntity], links: Iterable[frozenset[EntityKey]] | None = None
    ) -> NameIndex:
        """The index of `entities`, linked as `links` says (groups of (list, id), from an index
        of more entities) or else as link_entities finds; with the cycle collector paused
        (index.collector), and what it made moved out of its sweeps for good, as a loaded
        index is (index.cache): else the first collection after it walks all of it again."""
        with collector_paused():
            index = cls._build(entities, links)
            gc.freeze()
        return index

    @classmethod
    def _build(
        cls, entities: Iterable[StoredEntity], links: Iterable[frozenset[EntityKey]] | None
    ) -> NameIndex:
        index = cls()
        records: list[EntityRecord] = []
        all_forms: list[NameForm] = []
        form_entity: list[int] = []
        vocab_ids: dict[tuple[str, bool], int] = {}
        token_forms: list[list[int]] = []
        strong: list[list[NameForm]] = []
        # What the build needs of each entity, read as the entities stream by (none kept).
        kinds: list[bool] = []
        names: list[list[tuple[str, bool]]] = []
        for entity in entities:
            records.append(EntityRecord.from_stored(entity))
            kinds.append(entity.schema in THING_SCHEMATA)
            names.append(with_parts(entity_names(entity), kinds[-1]))
        spelt = spellings_apart(names, kinds)
        for ent_id, (organisation, its_names) in enumerate(zip(kinds, names, strict=True)):
            known: dict[tuple[str, ...], int] = {}
            strong.append([])
            for name, weak in its_names:
                forms = spelt.get((name, organisation))
                if forms is None:
                    forms = name_forms(name, organisation)
                if not weak and forms:
                    strong[-1].append(forms[0])  # the usual spelling is enough to link by
                for form in forms:
                    key = tuple(sorted(form.tokens))
                    if key in known:
                        # The same tokens as a strong name make a weak alias strong.
                        if not weak:
                            index.form_weak[known[key]] = False
                        continue
                    form_id = len(all_forms)
                    known[key] = form_id
                    all_forms.append(form)
                    form_entity.append(ent_id)
                    index.form_weak.append(weak)
                    units = list(form.tokens)
                    units += [tok for _, tok in thing_joined(form)]
                    for tok in dict.fromkeys(units):
                        entry = (tok, form.abjad)
                        tid = vocab_ids.get(entry)
                        if tid is None:
                            tid = vocab_ids[entry] = len(token_forms)
                            token_forms.append([])
                        token_forms[tid].append(form_id)
        # The key table and linking's name pairs are made on forked processes (index.forked)
        # while this one makes the other tables.
        vocab = list(vocab_ids)
        pending = pairs_to_link(records, strong) if links is None else None
        workers = fork_workers()
        link_calls = pending.calls(workers) if pending is not None else []
        if len(link_calls) < 2 and len(vocab) < PARALLEL_VOCAB:
            workers = 1  # a small build: forking would cost more than it saves
        calls = ForkedCalls(
            [partial(key_table, vocab), partial(segment_table, vocab), *link_calls], workers
        )
        try:
            cls._tables(index, vocab, token_forms, all_forms)
            index.form_total = array(
                "d",
                (
                    sum(things.form_weights(index.rarity, f, index.thing_rarity)) or 1.0
                    for f in all_forms
                ),
            )
            index.form_entity = array("I", form_entity)
            index.form_size = array("H", (len(f.tokens) for f in all_forms))
            index.form_thing = array("B", (f.thing for f in all_forms))
            index.entities = Packed(records)
            index.forms = Packed(all_forms)
            done = calls.results()
        finally:
            calls.close()
        index.key_tokens = done[0]
        index.segment_keys, index.segment_rows = done[1]
        if pending is not None:
            index.links = pending.links(done[2:])
        else:
            index.links = Links.from_groups(records, links or ())
        return index

    @staticmethod
    def _tables(
        index: NameIndex,
        vocab: list[tuple[str, bool]],
        token_forms: list[list[int]],
        all_forms: list[NameForm],
    ) -> None:
        """The vocabulary, its postings, and the names' rarity tables."""
        # Flat arrays and byte strings (index.packed) load from the cache far faster than
        # millions of lists, arrays and records.
        index.vocab = Vocabulary(vocab)
        index.vocab_fold = Words(fold(tok) for tok, _ in vocab)
        index.token_forms = Postings(token_forms)
        index.rarity = Rarity.from_names(f.tokens for f in all_forms)
        index.thing_rarity = Rarity.from_names(
            (f.tokens for f in all_forms if f.thing), reference=False
        )

    def unpack(self, entries: bool = True) -> None:
        """Decode every entity, form and vocabulary entry now, for a process that screens for
        long (a server, a batch before it forks its workers): list access in the hot loop, and
        the index moved out of the collector's sweeps. A CLI call leaves them packed and
        decodes the few it meets. The collector paused meanwhile, as for a build: its sweeps
        over the hundred thousand objects made were two fifths of the time.

        `entries=False` leaves the entities and their forms packed, to be decoded where met:
        a batch of names alone meets a fifth of the entries in ten thousand queries, and its
        workers decoding those (at once, on every core) cost less than its parent decoding
        all before it forks them (on one)."""
        with collector_paused():
            if entries and isinstance(self.entities, Packed):
                self.entities = list(self.entities)
            if entries and isinstance(self.forms, Packed):
                self.forms = list(self.forms)
            if isinstance(self.vocab, Vocabulary):
                self.vocab = list(self.vocab)
            if isinstance(self.vocab_fold, Words):
                self.vocab_fold = list(self.vocab_fold)
            know_folds((tok for tok, _ in self.vocab), self.vocab_fold)
            self.segment_table()
            # Every query looks some forty keys up: in finer buckets, fewer comparisons each.
            self.key_tokens.finer()
            gc.freeze()

    def __getstate__(self) -> dict[str, object]:
        # Explicit (and without the cache): this class is compiled (watchlist.compiled), and
        # a compiled class keeps no __dict__.
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.name not in _PROCESS_FIELDS
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._similar = {}
        self._segments = {}
        self._things = {}
        self._persons = {}
        self._keyed = {}
        self._segmented = {}
        self._keyed_size = 0

    def segment_table(self) -> dict[str, dict[str, int]]:
        """The row of each segment key, by its place and then its segment (keys.split_key):
        made once, from the keys' one string split in C (a dictionary lookup per key is what
        makes a lookup of tokens written together cheap; the index stores the keys as one
        string, which loads at once). By place, a lookup looks a segment up as it slices it
        from the spelling, not joined to its place first, and passes over a place no listed
        spelling has (keys.probe_places)."""
        table = self._segments
        if not table and len(self.segment_keys):
            table = self._segments = {}
            for row, key in enumerate(self.segment_keys):
                segment, place = split_key(key)
                by_segment = table.get(place)
                if by_segment is None:
                    by_segment = table[place] = {}
                by_segment[segment] = row
        return table

    def thing_forms(self, tid: int) -> Sequence[int]:
        """The forms of vocabulary entry `tid` that are an organisation's or a vessel's name,
        in the order of its postings: what a lookup that takes those alone reads (a query
        without a schema, spelt as an organisation's name), without passing over the
        people's names that most entries are in. Kept for the process, an entry at a time."""
        found = self._things.get(tid)
        if found is None:
            form_thing = self.form_thing
            found = tuple([f for f in self._token_row(tid) if form_thing[f]])
            self._things[tid] = found
        return found

    def person_forms(self, tid: int) -> Sequence[int]:
        """The forms of vocabulary entry `tid` that are people's names, in the order of its
        postings: what the lookup of a query without a schema, spelt as a person's name,
        reads (an organisation's or a vessel's name meets it only in its spelling as one).
        Kept for the process, an entry at a time."""
        found = self._persons.get(tid)
        if found is None:
            form_thing = self.form_thing
            found = array("I", [f for f in self._token_row(tid) if not form_thing[f]])
            self._persons[tid] = found
        return found

    def _token_row(self, tid: int) -> Sequence[int]:
        """The forms of vocabulary entry `tid`: a slice of the packed postings' one array (no
        call of Postings.__getitem__), or its list once decoded."""
        token_forms = self.token_forms
        if isinstance(token_forms, Postings):
            ids, offsets = token_forms.flat()
            return ids[offsets[tid] : offsets[tid + 1]]
        return token_forms[tid]

    def similar_tokens(
        self, token: str, abjad: bool, joined_unit: bool
    ) -> tuple[tuple[float, int], ...]:
        """(similarity, vocabulary id) of the listed tokens like `token`, best first.

        Cached: names repeat across a portfolio far more than they vary.
        """
        cache = self._similar
        key = (token, abjad, joined_unit)
        found = cache.get(key)
        if found is None:
            if len(cache) >= SIMILAR_CACHE:
                cache.clear()
            found = cache[key] = self._similar_tokens(token, abjad, joined_unit)
        return found

    def _similar_tokens(
        self, token: str, abjad: bool, joined_unit: bool
    ) -> tuple[tuple[float, int], ...]:
        floor = MIN_JOINED_FLOOR if joined_unit else MIN_TOKEN_SIM
        vocab = self.vocab
        # What the passes in C below found of a listed token: its folded spelling, and the
        # Levenshtein and Jaro-Winkler similarities of this to the token's, which the full
        # similarity takes as they are (match.names.measured_similarity).
        measured: dict[int, tuple[str, float, float]] = {}
        ft = ""
        if joined_unit and not abjad:
            ft = fold(token)
            ids = self._joined_alike(token, ft, measured)
        elif abjad:
            ids = list(self.key_tokens.union(query_keys(token, abjad)))
        else:
            # The entries filed under each key, row after row, with their folded spellings:
            # an entry under two keys is there twice (one in fourteen), which costs the pass
            # below a comparison where a set of them all cost more than the pass did.
            keys = query_keys(token, abjad)
            filed, folds = self.keyed_rows(keys)
            if len(filed) <= len(keys) and len(set(filed)) <= 1:
                ids = list(set(filed))  # one entry at most: it gets the full similarity
            else:
                # A pass in C first: only tokens whose folded spelling is roughly alike get
                # the full similarity (tokens compared as abjad skeletons are few and all get
                # it). Abjad entries are filed under a: keys only, which a vowelled query does
                # not look up: every id here is a vowelled token.
                ft = fold(token)
                near = _once(
                    process.extract(
                        ft,
                        folds,
                        scorer=Levenshtein.normalized_similarity,
                        score_cutoff=PREFILTER,
                        limit=None,
                    ),
                    filed,
                )
                # The Jaro-Winkler similarity of each, in one more pass: most of them need
                # it, and a call of rapidfuzz per pair cost more than the pass.
                jws = [-1.0] * len(near)
                if near:
                    for _, jw, k in process.extract(
                        ft, [f for f, _, _ in near], scorer=JaroWinkler.similarity, limit=None
                    ):
                        jws[k] = jw
                # ...and of these only those the full similarity could find alike enough.
                ids = []
                others = [vocab[filed[i]][0] for _, _, i in near]
                reach = may_reach_each(token, ft, others, near, jws, floor)
                for (folded, lev, i), jw, alike in zip(near, jws, reach, strict=True):
                    if alike:
                        tid = filed[i]
                        ids.append(tid)
                        measured[tid] = (folded, lev, jw)
        if not abjad:
            # A nickname or short form (Bill, William) is like its full name in no letter.
            known = set(ids)
            for nick in nicknames(token):
                listed = self.key_tokens.get("x:" + fold(nick))
                if listed is not None:
                    ids.extend(t for t in listed if t not in known)
                    known.update(listed)
        found = []
        for tid in ids:
            other, other_abjad = vocab[tid]
            got = measured.get(tid)
            if got is not None and not other_abjad:
                sim = measured_similarity(token, ft, other, got[0], got[1], got[2])
            else:
                sim = token_similarity(token, other, abjad or other_abjad)
            # Tokens written together meet a listed token only as the alignment lets them
            # (match.names.joined_match): never by a shared part alone (Htoo Trade, Trade).
            if sim >= floor and (
                not joined_unit or joined_match(token, other, sim, abjad or other_abjad)
            ):
                found.append((sim, tid))
        found.sort(reverse=True)
        return tuple(found)

    def keyed_rows(self, keys: Sequence[str]) -> tuple[array[int], list[str]]:
        """The vocabulary entries filed under each of `keys` (key_tokens), row after row, and
        their folded spellings: an entry filed under two of them is there twice. Each key's
        row is kept for the process (at most KEYED_CACHE entries in all), ids and spellings
        together: a common consonant class's row is asked for by many words, and read again
        it is two copies of memory, where each lookup read every entry's folded spelling
        from a list of the whole vocabulary and put each id in a set."""
        cache = self._keyed
        ids: array[int] = array("I")
        folds: list[str] = []
        for key in keys:
            got = cache.get(key)
            if got is None:
                got = self._kept_row(self.key_tokens.get(key))
                cache[key] = got
            ids.frombytes(got[0])
            folds.extend(got[1])
        return ids, folds

    def _kept_row(self, row: Sequence[int] | None) -> tuple[bytes, tuple[str, ...]]:
        """A row of entries as keyed_rows and _segment_row keep it: its ids as the bytes of
        an array("I") and their folded spellings, in forms the cycle collector leaves alone
        (a tuple holding an array would be one more object each of its collections walks,
        in a process that screens for long); counted within KEYED_CACHE, one more for the
        row itself (an empty one too)."""
        got = (array("I", row).tobytes(), self._folds(row)) if row else _NO_ROW
        self._keep(len(got[1]) + 1)
        return got

    def _folds(self, ids: Sequence[int]) -> tuple[str, ...]:
        """The folded spellings of vocabulary entries `ids`, in their order."""
        vocab_fold = self.vocab_fold
        if isinstance(vocab_fold, Words):
            return tuple(vocab_fold.many(ids))
        return tuple([vocab_fold[i] for i in ids])

    def _segment_row(self, row: int) -> tuple[bytes, tuple[str, ...]]:
        """The entries of segment row `row` and their folded spellings, kept for the process
        (_segmented) as keyed_rows keeps a key's (_kept_row)."""
        rows = self.segment_rows
        if isinstance(rows, Postings):
            ids, offsets = rows.flat()
            entries: Sequence[int] = ids[offsets[row] : offsets[row + 1]]
        else:
            entries = rows[row]
        got = self._kept_row(entries)
        self._segmented[row] = got
        return got

    def forget_rows(self) -> None:
        """Empty the rows kept for the process (keyed_rows, _segment_row)."""
        self._keyed.clear()
        self._segmented.clear()
        self._keyed_size = 0

    def _keep(self, size: int) -> None:
        """Make room for a row of `size` entries among the rows kept (keyed_rows,
        _segment_row): past KEYED_CACHE entries in all, they start again."""
        if self._keyed_size >= KEYED_CACHE:
            self.forget_rows()
        self._keyed_size += size

    def _joined_alike(
        self, token: str, ft: str, measured: dict[int, tuple[str, float, float]]
    ) -> list[int]:
        """The vowelled listed tokens that vowelled tokens written together (`token`, folded
        `ft`) may meet: those the lookup's keys find (query_keys) whose folded spelling is
        JOINED_LEV alike to `ft`, with what `measured` keeps of each (_similar_tokens).

        Found through the segments of folded spellings the index files them by
        (keys.probe_keys, read by place: keys.probe_places), which hold a few dozen listed
        tokens where the lookup's keys held some hundred: almost every lookup of tokens
        written together finds none (Li Ma, Lima is rare), and then its keys are not even
        looked up."""
        table = self.segment_table()
        kept = self._segmented
        # The entries filed under each segment met, row after row, and their folded
        # spellings: an entry met by two segments is there twice (_once).
        ids: array[int] = array("I")
        folds: list[str] = []
        for place, spans in probe_places(len(ft)):
            by_segment = table.get(place)
            if by_segment is None:
                continue
            for start, end in spans:
                row = by_segment.get(ft[start:end])
                if row is not None:
                    got = kept.get(row)
                    if got is None:
                        got = self._segment_row(row)
                    ids.frombytes(got[0])
                    folds.extend(got[1])
        if not ids:
            return []
        near = _once(
            process.extract(
                ft,
                folds,
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=JOINED_LEV,
                limit=None,
            ),
            ids,
        )
        if not near:
            return []
        # As for any token, only listed tokens its keys find.
        keyed = self.key_tokens.union(query_keys(token, False))
        alike = []
        for folded, lev, k in near:
            tid = ids[k]
            if tid in keyed:
                alike.append(tid)
                measured[tid] = (folded, lev, JaroWinkler.similarity(ft, folded))
        return alike

    def candidates(
        self,
        forms: Sequence[NameForm],
        weights: Sequence[Sequence[float]],
        min_bound: float,
        own_kind: bool = False,
        whole: Sequence[bool] = (),
        lifted: frozenset[int] = frozenset(),
        lifted_bound: float = 1.0,
    ) -> dict[int, tuple[float, float]]:
        """Form -> (upper bound on its name score, rank estimate), for forms whose bound
        reaches `min_bound`, or `lifted_bound` (the lower) for the forms in `lifted`: the names
        another feature of the query could lift (a query's birth year shared), which need not
        reach as high by the name alone.

        `own_kind`: the query's spellings as a person's name find no organisation's or
        vessel's name, and its spellings as an organisation's no person's name (a query
        without a schema, spelt both ways, meets each name only in its spelling of the name's
        kind: match.score.form_score). `whole[k]`: the query's k-th spelling finds
        an organisation's or vessel's name only if each of its words of two letters or more
        met a word of it (a query without a schema that reads as a person's name is a
        company's or a ship's only word for word: match.persons.person_name_partly_met).

        The bound is the name score (match.score.alignment_score) with, as evidence, each
        query token's weight times the best similarity of any token of the form (one-to-one
        alignment can only lower it), and as doubt only the constant and the query tokens no
        token of the form resembles. Tokens are visited heaviest first; once those left could
        not lift an unseen form to `min_bound`, a token's forms only update forms already
        found (max-score pruning), so the long form lists of common names are read only when
        they could matter.
        """
        base = WEIGHTS["base_doubt"]
        per_candidate = WEIGHTS["unmatched_candidate"]
        best: dict[int, tuple[float, float]] = {}
        low = min(min_bound, lifted_bound) if lifted else min_bound
        form_thing = self.form_thing
        for k, (form, form_weights) in enumerate(zip(forms, weights, strict=True)):
            costs = [unmatched_cost(w, WEIGHTS["unmatched_query"]) for w in form_weights]
            all_costs = sum(costs)
            acc: dict[int, list[float]] = {}
            # The query words that met each name, one bit a position, where needed.
            covered: dict[int, int] | None = {} if k < len(whole) and whole[k] else None
            things_only = own_kind and form.thing
            persons_only = own_kind and not form.thing
            if things_only and covered is not None and not self._may_cover(form):
                continue
            # Joined tokens first: forms found through them are then in `acc`, so the
            # remaining single tokens bound every form still unseen. A query word is in one
            # pair at most, whether alone or written together with its neighbours: what the
            # joined tokens met is kept word by word (`shares`), and a form's evidence is the
            # best each word had, never the sum of a joined token's and its words' alone.
            shares: dict[int, tuple[list[float], list[float]]] = {}
            for ps, tok in thing_joined(form):
                similar = self.similar_tokens(tok, form.abjad, True)
                bits = sum(1 << p for p in ps)
                self._collect_joined(
                    similar,
                    ps,
                    form_weights,
                    costs,
                    acc,
                    shares,
                    form.thing,
                    covered,
                    bits,
                    things_only,
                    persons_only,
                )
            order = sorted(range(len(form.tokens)), key=lambda i: -form_weights[i])
            # Each word's similar tokens, looked up before any form is read: a word like no
            # listed word brings no evidence to an unseen form and its cost stays owed, and
            # a word can bring at most its weight times its best similarity. A form not yet
            # met can reach no more than what the words left bring so (`reach`): a name
            # with one word met and the others like nothing listed takes no new form at all
            # (most ordinary names), where the words' weights alone let in every form of
            # the word's postings, each to be dropped by its bound at the end.
            found = [
                self.similar_tokens(form.tokens[i], form.abjad, False)
                if len(form.tokens[i]) > 1
                else ()
                for i in order
            ]
            rest_w = rest_c = 0.0
            for i, similar in zip(order, found, strict=True):
                if similar:
                    rest_w += form_weights[i] * similar[0][0]
                    rest_c += costs[i]
            for i, similar in zip(order, found, strict=True):
                if similar:
                    # What the words after this one may bring a form at most, and the
                    # costs owed whatever they bring.
                    rest_w -= form_weights[i] * similar[0][0]
                    rest_c -= costs[i]
                    owed = base + all_costs - rest_c - costs[i]
                    if not acc and _reach(form_weights[i] * similar[0][0], rest_w, owed) < low:
                        break  # no form met, and none may be taken from here on
                    self._collect(
                        similar,
                        form_weights[i],
                        costs[i],
                        1,
                        acc,
                        rest_w,
                        owed,
                        min_bound,
                        form.thing,
                        covered,
                        1 << i,
                        lifted,
                        low,
                        things_only,
                        shares,
                        i,
                        persons_only,
                    )
            every = sum(1 << i for i, tok in enumerate(form.tokens) if len(tok) > 1)
            for f, (evidence, hit_cost, hits, unlike) in acc.items():
                if form_thing[f] and (
                    (own_kind and not form.thing)
                    or (covered is not None and covered.get(f, 0) & every != every)
                ):
                    continue
                doubt = base + all_costs - hit_cost + unlike
                bound = evidence / (evidence + doubt)
                if bound >= min_bound or (bound >= low and f in lifted):
                    # Names with many words the query lacks rank after those it covers.
                    extra = max(0.0, self.form_size[f] - hits) * per_candidate
                    estimate = evidence / (evidence + doubt + extra)
                    if f not in best or estimate > best[f][1]:
                        best[f] = (bound, estimate)
        return best

    def _may_cover(self, form: NameForm) -> bool:
        """Whether each word of two letters or more of a query's spelling as an organisation's
        name meets, alone or written together with its neighbours, a word of some
        organisation's or vessel's name: where the spelling meets such names word for word
        only (NameIndex.candidates' `whole`), a word that meets none of their words leaves it
        no candidate, and the forms of its words' similar tokens need not be read. Nearly
        every ordinary person's name read as a company's so ends here (most of their words
        are no word of any company's or ship's name).

        Its words' similar tokens are those the lookup reads anyway (its spelling as a
        person's name looked them up already)."""
        abjad = form.abjad
        missing = 0
        for i, tok in enumerate(form.tokens):
            if len(tok) > 1 and not any(
                self.thing_forms(tid) for _, tid in self.similar_tokens(tok, abjad, False)
            ):
                missing |= 1 << i
        if not missing:
            return True
        for ps, tok in thing_joined(form):
            bits = sum(1 << p for p in ps)
            if missing & bits and any(
                self.thing_forms(tid) for _, tid in self.similar_tokens(tok, abjad, True)
            ):
                missing &= ~bits
                if not missing:
                    return True
        return False

    def _collect_joined(
        self,
        similar: Sequence[tuple[float, int]],
        ps: tuple[int, ...],
        weights: Sequence[float],
        costs: Sequence[float],
        acc: dict[int, list[float]],
        shares: dict[int, tuple[list[float], list[float]]],
        query_thing: bool,
        covered: dict[int, int] | None,
        bits: int,
        things_only: bool,
        persons_only: bool = False,
    ) -> None:
        """_collect for query words written together (positions `ps`): each form holding
        one of the tokens is taken, met first or again, and each of the words counts what
        it met there as _met_word says (`shares`: the best each word met in each form so
        far, joined or alone)."""
        token_forms = self.token_forms
        flat = token_forms.flat() if isinstance(token_forms, Postings) else None
        form_thing = self.form_thing
        size = len(weights)
        met: set[int] = set()
        for sim, tid in similar:  # best first
            if things_only:
                forms: Sequence[int] = self.thing_forms(tid)
            elif persons_only:
                forms = self.person_forms(tid)
            elif flat is not None:
                ids, offsets = flat
                forms = ids[offsets[tid] : offsets[tid + 1]]
            else:
                forms = token_forms[tid]
            for f in forms:
                if f in met:
                    continue
                entry = acc.get(f)
                if entry is None:
                    entry = acc[f] = [0.0, 0.0, 0.0, 0.0]
                joined = shares.get(f)
                if joined is None:
                    joined = shares[f] = ([0.0] * size, [-1.0] * size)
                both = query_thing and form_thing[f]
                for p in ps:
                    unlike = 0.0 if both else min(weights[p] * (1.0 - sim), costs[p])
                    _met_word(entry, joined, p, weights[p] * sim, costs[p], unlike)
                met.add(f)
                if covered is not None:
                    covered[f] = covered.get(f, 0) | bits

    def _collect(
        self,
        similar: Sequence[tuple[float, int]],
        weight: float,
        cost: float,
        positions: int,
        acc: dict[int, list[float]],
        rest: float,
        owed: float,
        min_bound: float,
        query_thing: bool,
        covered: dict[int, int] | None = None,
        bits: int = 0,
        lifted: frozenset[int] = frozenset(),
        low: float = 1.0,
        things_only: bool = False,
        shares: dict[int, tuple[list[float], list[float]]] | None = None,
        position: int = 0,
        persons_only: bool = False,
    ) -> None:
        """Add weight times the best similarity, the cost no longer owed and the
        dissimilarity still owed, to each form holding one of the tokens; and where
        `covered` is kept, mark the query positions `bits` as met in each of them. Forms not
        yet met are taken if their bound may still reach `min_bound`, or `low` if they are in
        `lifted` (_reach: `rest` is the most the query's words after this one may bring, and
        `owed` the costs owed by the others); only organisations' and vessels' names if
        `things_only`, only people's if `persons_only`. A form that joined tokens met
        (`shares`, _collect_joined) gains for this one (at `position`) only what it adds to
        the best share they gave the word, and its cost only if none of them covered it."""
        token_forms = self.token_forms
        # The postings' flat arrays, sliced here: a call of Postings.__getitem__ (Python) for
        # each similar token was a tenth of the cost of a query whose words are all known.
        flat = token_forms.flat() if isinstance(token_forms, Postings) else None
        form_thing = self.form_thing
        # The forms this token met already: a form's first hit is its best.
        met: set[int] = set()
        # The forms met, listed once no form may be taken.
        pending: list[int] | None = None
        for sim, tid in similar:  # best first
            # Matched at best with this similarity, the token still costs its dissimilarity
            # (match.score.alignment_score), or if left unmatched its cost: the lesser of the two.
            # Not where both names are an organisation's or a vessel's: their words are aligned
            # with a similarity of their own (two words of one stem, match.things), which the
            # lookup does not use.
            value = weight * sim
            unlike = min(weight * (1.0 - sim), cost)
            # A form first met here reaches at most this (NameIndex.candidates); the tokens
            # after this one are less alike still.
            reach = _reach(value, rest, owed)
            new = reach >= min_bound
            new_lifted = reach >= low
            if not (new or new_lifted or acc):
                break
            if things_only:
                forms: Sequence[int] = self.thing_forms(tid)
            elif persons_only:
                forms = self.person_forms(tid)
            elif flat is not None:
                ids, offsets = flat
                forms = ids[offsets[tid] : offsets[tid + 1]]
            else:
                forms = token_forms[tid]
            if not (new or new_lifted) and len(acc) * FEW_MET < len(forms):
                # No form may be taken from this token on (nor from the less alike after it):
                # only forms met already gain. Where those are far fewer than the token's
                # forms, each is looked for among them (every row ascends) instead of each of
                # the token's forms being read to find the few met (a common word's
                # thousands, once the query's rarer words met a few dozen).
                if pending is None:
                    pending = list(acc)  # acc takes no form from here on
                forms = _among(pending, forms)
            elif new or new_lifted:
                pending = None  # acc may take forms here
            for f in forms:
                if f in met:
                    continue
                entry = acc.get(f)
                if entry is None:
                    if not (new or (new_lifted and f in lifted)):
                        continue
                    acc[f] = [
                        value,
                        cost,
                        positions,
                        0.0 if query_thing and form_thing[f] else unlike,
                    ]
                else:
                    _gain(
                        entry,
                        shares.get(f) if shares else None,
                        position,
                        value,
                        cost,
                        positions,
                        0.0 if query_thing and form_thing[f] else unlike,
                    )
                met.add(f)
                if covered is not None:
                    covered[f] = covered.get(f, 0) | bits
