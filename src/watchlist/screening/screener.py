"""The screener: a query's name forms, candidates from the index, features, ranked hits."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache

from watchlist.errors import NotFound
from watchlist.index.build import NameIndex
from watchlist.index.cache import cached_index
from watchlist.index.forked import ForkedCalls, fork_workers
from watchlist.index.packed import Packed, Vocabulary
from watchlist.match.dates import parse_prefix
from watchlist.match.features import Feature, schema_compatible
from watchlist.match.names import Aligner
from watchlist.match.persons import reads_as_person
from watchlist.match.score import (
    FormScore,
    PreparedQuery,
    combine,
    confirmed,
    name_score,
    other_features,
    pair_name_score,
)
from watchlist.match.things import THING_WEIGHTS, VESSEL_WEIGHTS, form_weights
from watchlist.match.weights import WEIGHTS
from watchlist.model.access import SYSTEM, Actor
from watchlist.model.entity import StoredEntity
from watchlist.model.records import clean_identifier
from watchlist.model.schemata import THING_SCHEMATA
from watchlist.names.everyday import everyday_cap
from watchlist.names.forms import NameForm, initials_apart, name_forms, query_parts, undedicated
from watchlist.names.han import reads_as
from watchlist.names.rarity import MAX_WEIGHT
from watchlist.screening import caches, inputs, refs
from watchlist.screening.model import Hit, Query
from watchlist.store.db import Store
from watchlist.store.reads import get_entity

#: The score at or above which a hit is reported; calibrated on the dev set (docs/screening.md).
DEFAULT_THRESHOLD = 0.65

#: Candidates whose keys explain less of the query than this share are not scored.
MIN_BOUND = 0.3
#: A query word unknown to the lists and to the reference corpus, at least this alike to a
#: listed word and at least ALIKE_MIN letters long, weighs as that word (Screener.query_weights).
ALIKE_SPELLING = 0.9
ALIKE_MIN = 4
#: ...or, in an organisation's or a vessel's name, at least this alike (a letter mistyped in a
#: word of seven or eight: 0.86-0.88) to one of the commonest words of their names, borne by
#: this share of them or more (company, trading, industry, shipping): a word that near so
#: common a word is far likelier its typo than a name of its own. A rarer listed word needs
#: ALIKE_SPELLING (Zenith is not Zenit), and so does a person's name: the commonest words of
#: those are names, and a name one letter off is often another (Myongc, Myong).
ALIKE_COMMON = 0.85
COMMON_SHARE = 0.01
#: At most this many candidates per query get the full comparison.
MAX_CANDIDATES = 40

#: Queries in every script and of every kind the name pipeline reads, screened once by a
#: process that screens for long (`Screener.warm`), so that its tables (name and word
#: frequencies, nicknames, Han readings) and transliterators load before the first real query.
WARM_UP = (
    Query("John Smith", birth_dates=("1970-01-01",), identifiers=("X1",)),
    Query("Владимир Путин"),
    Query("Олександр Іваненко"),
    Query("محمد علي"),
    Query("محمد رضا حسینی"),
    Query("王小明"),
    Query("김정은"),
    Query("やまだ たろう"),
    Query("Γιώργος Παπαδόπουλος"),
    Query("Mao Tse-tung"),
    Query("Rosneft Trading LLC", schema="Company"),
    Query("ООО Ромашка"),
    Query("Samma 2", schema="Vessel"),
)
#: A query naming a country: its warm-up loads the country table (followthemoney and rigour's
#: territories, about a second), which a batch of queries naming none never needs.
WARM_UP_COUNTRY = Query("John Smith", countries=("ru",))


@lru_cache(maxsize=4096)
def clean_country(value: str) -> str | None:
    from followthemoney import registry

    code = registry.country.clean(value)
    return str(code) if code else None


#: A warmed screener's process collects its oldest generation only after this many
#: collections of the middle one (Python's default: 10; Screener.warm).
OLDEST_EVERY = 100


def collect_oldest_less_often() -> None:
    """The caches queries fill (token similarities, spellings, keys: millions of entries in a
    long run) are walked through at every collection of the oldest generation, some 0.1 s
    each, at every 1,500 queries or so with Python's default: ten times less often in a
    process that screens many names (Screener.warm, Screener.settle). Young garbage is
    collected as before; a threshold set higher already is kept."""
    young, middle, oldest = gc.get_threshold()
    gc.set_threshold(young, middle, max(oldest, OLDEST_EVERY))


@lru_cache(maxsize=65536)
def birth_years(dates: tuple[str, ...]) -> tuple[int, ...]:
    """The years of the birth dates that read as dates (match.dates.parse_prefix); a tuple
    of numbers, which the collector stops walking, for the cache."""
    return tuple(p[0] for p in map(parse_prefix, dates) if p is not None)


#: Queries whose spellings a screener keeps (a portfolio repeats names).
QUERY_CACHE = 1024


@lru_cache(maxsize=QUERY_CACHE)
def query_forms(name: str, schema: str | None) -> tuple[NameForm, ...]:
    """A query's spellings: as an organisation's or vessel's name, a person's, or (no schema)
    both, each meeting the listed names of its kind.

    Kept for the last few thousand queries only, and not through name_forms' own cache
    (which holds the listed names' spellings while an index is built): a spelling is some
    twenty objects the garbage collector walks through, and tens of thousands of queries'
    kept for good made every collection of its oldest generation a pause of hundreds of
    milliseconds in a long-running worker, growing with the cache.
    """
    forms = name_forms.__wrapped__
    thing = forms(name, True)
    for part in query_parts(name) + undedicated(name):
        thing += tuple(f for f in forms(part, True) if f not in thing)
    if schema in THING_SCHEMATA:
        return thing
    person = forms(name, False)
    # Initials written together (JC Juncker) are also read apart, in a query only.
    person += tuple(f for f in map(initials_apart, person) if f is not None and f not in person)
    if schema:
        return person
    return person + thing


class Screener:
    """Screens queries against an index of listed entities."""

    def __init__(self, index: NameIndex, reference_key: bytes | None = None) -> None:
        self.index = index
        # The key of restricted hits' references (screening.refs): the same for every screener
        # on one store, so a server, a worker or an executor gives the same reference.
        self.reference_key = reference_key
        self._form_weights: dict[int, tuple[float, ...]] = {}
        self._year_forms: dict[int, frozenset[int]] | None = None
        #: Entries the name pipeline's caches may hold (screening.caches): set by warm(), for
        #: a process that screens for long; None leaves each cache to its own bound.
        self.cache_budget: int | None = None
        self._since_trim = 0
        self.candidates_seen = 0
        self.queries_seen = 0
        self._turn = threading.Lock()
        self._screened = 0

    @classmethod
    def build(
        cls, entities: Iterable[StoredEntity], reference_key: bytes | None = None
    ) -> Screener:
        """A screener over any set of entities."""
        return cls(NameIndex.build(entities), reference_key)

    @classmethod
    def from_store(cls, store: Store, reference_key: bytes | None = None) -> Screener:
        """A screener over every current entity of every list, from the on-disk cache when the
        store has not changed since it was built; references with `reference_key`, else with
        the store's own key."""
        key = refs.reference_key(store) if reference_key is None else reference_key
        return cls(cached_index(store), key)

    @classmethod
    def around(cls, store: Store, entities: Sequence[StoredEntity]) -> Screener:
        """A screener over `entities` and the entries of other lists linked to them, linked
        as in the screener of the whole store: what screening against the changed entries of
        a release finds is what screening against everything finds of them and their links."""
        full = cached_index(store)
        wanted = {(e.source, e.source_id) for e in entities}
        groups = [
            full.links.keys(full.entities, i)
            for i, e in enumerate(full.entities)
            if (e.source, e.source_id) in wanted and len(full.links.linked(i)) > 1
        ]
        partners = {k for g in groups for k in g} - wanted
        found = list(entities)
        if partners:
            with store.read() as conn:
                for source, entity_id in sorted(partners):
                    try:
                        found.append(get_entity(conn, SYSTEM, source, entity_id)[0])
                    except NotFound:
                        continue  # delisted since the index was read: a run after sees it
        return cls(NameIndex.build(found, links=groups))

    def warm(self, countries: bool = True, births: bool = True, entries: bool = True) -> None:
        """Make ready to screen for long (a server's worker, a batch before it forks): decode
        the whole index and screen the `WARM_UP` queries once, so that no real query waits
        for a table to load; the country table too unless `countries` is False (a batch whose
        first queries name no country: a later one that does loads it in its worker). With
        `entries` False (a batch) the entries and their names stay packed, decoded where a
        query meets them (NameIndex.unpack). With `births` False (a batch whose first queries
        give no birth date) the table of names by birth year is not made: a later query with
        a date is screened without it, as a CLI call's is, to the same hits. A CLI call skips
        all this and loads what its one query needs."""
        self.index.unpack(entries=entries)
        # The names by birth year, before a batch forks: every entry decoded for its dates.
        # Entries left packed (a batch) are decoded for it on a forked process, on the core
        # that would otherwise wait, while this one screens the warm-up queries: a tenth of a
        # second of a dated batch's start, and only the table comes back (index.forked).
        years = (
            ForkedCalls([self._years_table], fork_workers())
            if births and isinstance(self.index.entities, Packed)
            else None
        )
        try:
            for query in WARM_UP + ((WARM_UP_COUNTRY,) if countries else ()):
                self.scored(query, DEFAULT_THRESHOLD)
            self.compare(Query("山田太郎"), "Yamada Taro")
            self.compare(Query("김정은"), "Kim Jong Un")  # Korean syllables (names/syllables.py)
            if years is not None:
                self._year_forms = years.results()[0]
            elif births:
                self._year_forms = self._years_table()
        finally:
            if years is not None:
                years.close()
        self.cache_budget = caches.BUDGET
        self.queries_seen = self.candidates_seen = 0
        # What the warm-up loaded is there for good: out of the collector's sweeps too.
        gc.freeze()
        collect_oldest_less_often()

    def prepare(self, query: Query) -> PreparedQuery:
        forms = query_forms(query.name, query.schema)
        weights = tuple(self.query_weights(f) for f in forms)
        countries = tuple(c for c in map(clean_country, query.countries) if c)
        return PreparedQuery(
            forms=forms,
            weights=weights,
            schema=query.schema,
            birth_dates=tuple(d.strip() for d in query.birth_dates if d.strip()),
            countries=countries,
            identifiers=tuple(clean_identifier(i) for i in query.identifiers if i.strip()),
            gender=query.gender,
        )

    def query_weights(self, form: NameForm) -> tuple[float, ...]:
        """A query name's token weights (match.things.form_weights), where a word no list
        and no reference corpus knows but a common listed word is spelt nearly alike (a
        typo, a rarer romanisation: Induutries, Mukhammad) weighing as that word: as rare as
        the unknown spelling, it would make a common word the name's most telling one."""
        index = self.index
        weights = form_weights(index.rarity, form, index.thing_rarity)
        table = (index.thing_rarity or index.rarity) if form.thing else index.rarity
        out = list(weights)
        for i, tok in enumerate(form.tokens):
            if (
                len(tok) < ALIKE_MIN
                or tok in form.legal
                or tok in form.generic
                or tok.isdigit()
                or table.share(tok) > 0
            ):
                continue
            for sim, tid in index.similar_tokens(tok, form.abjad, False):
                if sim < ALIKE_COMMON:
                    break
                other = index.vocab[tid][0]
                # A word one listed name bears is as rare as the unknown one: only a word
                # several bear (or the corpus knows) says the spelling is a common word's.
                share = table.share(other)
                if (
                    other != tok
                    and share > 1 / table.list_names
                    and (sim >= ALIKE_SPELLING or (form.thing and share >= COMMON_SHARE))
                ):
                    w = table.weight(other)
                    if form.thing:
                        w = min(w, everyday_cap(other, MAX_WEIGHT))
                    out[i] = min(out[i], w)
                    break
        return tuple(out)

    def kinds(self, query: PreparedQuery) -> tuple[bool, list[bool]]:
        """NameIndex.candidates' `own_kind` and `whole` for the query: a query spelt both ways
        (no schema) meets an organisation's or a vessel's name only in its spelling as one,
        and then, if that spelling reads as a person's name, only word for word
        (match.score.form_score): names that cannot score are no candidates."""
        both = len({f.thing for f in query.forms}) > 1
        return both, [
            both and f.thing and reads_as_person(f.tokens, bool(f.legal)) for f in query.forms
        ]

    def lifted_forms(self, years: frozenset[int]) -> frozenset[int] | None:
        """The names of every entry linked to one born in one of `years` (a query's birth
        years): those a shared birth year could lift. Worked out at the first such query of
        a decoded index (a warmed screener: before a batch forks); None for an index left
        packed (a CLI call, whose one query would not repay decoding every entry)."""
        table = self._year_forms
        if table is None:
            if isinstance(self.index.entities, Packed):
                return None
            table = self._year_forms = self._years_table()
        if len(years) == 1:
            return table.get(next(iter(years)), frozenset())
        return frozenset().union(*(table.get(year, frozenset()) for year in years))

    def _years_table(self) -> dict[int, frozenset[int]]:
        """Each birth year of an entry and the names of the entries linked to it."""
        entities = self.index.entities
        found: dict[int, set[int]] = {}
        linked = self.index.links.linked
        # Each entry's forms, for this table only: kept, ten thousand lists would be walked
        # by every full sweep of the cycle collector.
        entity_forms: list[list[int]] = [[] for _ in range(len(entities))]
        for form_id, ent in enumerate(self.index.form_entity):
            entity_forms[ent].append(form_id)
        for ent_id, entity in enumerate(entities):
            for year in set(birth_years(entity.birth_dates)):
                into = found.setdefault(year, set())
                for other in linked(ent_id):
                    into.update(entity_forms[other])
        return {year: frozenset(f) for year, f in found.items()}

    def max_bonus(self, query: PreparedQuery) -> float:
        """The most the features other than the name could add to a score."""
        bonus = 0.0
        if query.birth_dates:
            bonus += WEIGHTS["dob_exact"]
        if query.countries:
            bonus += WEIGHTS["country_match"]
        if query.identifiers:
            bonus += WEIGHTS["id_match"]
        return bonus

    def scored(
        self, query: Query, threshold: float
    ) -> list[tuple[float, int, tuple[Feature, ...]]]:
        """(score, entity, features) of every entity at or above the threshold, best first.

        Threads sharing a screener (a server's worker) take turns, one query at a time: the
        work is Python under one interpreter lock, which would otherwise pass between the
        queries every few milliseconds and stretch each of N concurrent queries N-fold. In
        turns each takes its own time, so a long query is no longer the last to finish.
        """
        with self._turn:
            self._screened += 1
            if self._screened == 2:
                self.settle()
            if self.cache_budget is not None:
                self._since_trim += 1
                if self._since_trim >= caches.CHECK_EVERY:
                    self._since_trim = 0
                    caches.trim(self.index, self.cache_budget)
            return self._scored(query, threshold)

    def settle(self) -> None:
        """At a screener's second query, one that was not warmed: it screens more than one
        name (a library caller's loop, a Spark partition, `compare --pairs`), so it is made
        ready for many as a warmed one is, short of the warm-up queries. The vocabulary is
        decoded into lists (NameIndex.unpack without the entries, which stay packed and are
        decoded where met) and lent to fold, and the collector's oldest generation is swept
        ten times less often (collect_oldest_less_often). A CLI call's one query pays
        neither.

        Each query over a packed vocabulary read its listed words through a Python call
        apiece (some 280 a query), and the caches queries fill made the collector's full
        sweeps 40-70 ms pauses every 200-300 queries: 8 of the 10 slowest of 2,000 listed
        names in bench/screening_bench.py. The decoding takes some 40 ms, once."""
        if isinstance(self.index.vocab, Vocabulary):
            self.index.unpack(entries=False)
        collect_oldest_less_often()

    def _scored(
        self, query: Query, threshold: float
    ) -> list[tuple[float, int, tuple[Feature, ...]]]:
        prepared = self.prepare(query)
        if not prepared.forms:
            return []
        index = self.index
        # The name score never exceeds the share of the query its keys explain.
        need = max(MIN_BOUND, threshold - self.max_bonus(prepared))
        born = bool(prepared.birth_dates)
        # With birth dates and nothing else beside the name, only a listed date of the same
        # year as a query's lifts a score (match.weights: a near or other year costs): an entry
        # the name alone cannot bring to the threshold, with no such date, is dropped before
        # any feature is worked out (as the lift check below would drop it, at far more cost).
        years = (
            frozenset(birth_years(prepared.birth_dates))
            if born and not prepared.countries and not prepared.identifiers
            else None
        )
        # The index itself lowers its bound only for the names a shared year could lift.
        lifted = None if years is None else self.lifted_forms(years)
        if lifted is None:
            bounds = index.candidates(prepared.forms, prepared.weights, need, *self.kinds(prepared))
        else:
            bounds = index.candidates(
                prepared.forms,
                prepared.weights,
                max(MIN_BOUND, threshold),
                *self.kinds(prepared),
                lifted,
                need,
            )
        by_entity: dict[int, list[tuple[float, int]]] = {}
        reach: dict[int, float] = {}
        links = index.links
        for form_id, (bound, estimate) in bounds.items():
            # A name of one list's entry finds the linked entries of other lists too.
            for ent_id in links.linked(index.form_entity[form_id]):
                by_entity.setdefault(ent_id, []).append((estimate, form_id))
                reach[ent_id] = max(bound, reach.get(ent_id, 0.0))
        # Rank by the name estimate moved by the other features (a birth date in common lifts
        # one "Abd al-Rahman" above the many others), schema-incompatible entities dropped.
        ranked = []
        for ent_id, form_bounds in by_entity.items():
            entity = index.entities[ent_id]
            if not schema_compatible(prepared.schema, entity.schema, born):
                continue
            if (
                years is not None
                and reach[ent_id] < threshold
                and years.isdisjoint(birth_years(entity.birth_dates))
            ):
                continue
            others = other_features(prepared, entity)
            lift = sum(f.value for f in others)
            # `need` let in every name that a birth date (a country, a number) in common could
            # lift to the threshold; this entry's own features say whether they do. Checked
            # before the full alignment, so a birth date costs little more than a name alone.
            if reach[ent_id] + lift < threshold:
                continue
            estimate = max(form_bounds)[0] + lift
            ranked.append((estimate, ent_id, form_bounds, others))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        del ranked[MAX_CANDIDATES:]
        self.queries_seen += 1
        self.candidates_seen += len(ranked)
        results = []
        # A name that cannot score this cannot make a hit, whatever else the entry has in
        # common with the query (max_bonus): organisations' names that cannot are not
        # aligned (match.score.name_score).
        floor = threshold - self.max_bonus(prepared)
        aligners: dict[tuple[int, bool], Aligner] = {}
        names: dict[tuple[NameForm, bool, int, int], FormScore] = {}
        for _estimate, ent_id, form_bounds, others in ranked:
            form_bounds.sort(reverse=True)
            # The entries of one bearer on several lists mostly repeat each other's names (two
            # in five of the names met by listed names, every list imported): a name scores
            # what its first copy scored, which the first keeps, so each is scored once.
            forms = []
            via = []
            seen: set[tuple[NameForm, bool]] = set()
            for _, f in form_bounds:
                key = (index.forms[f], index.form_weak[f])
                if key not in seen:
                    seen.add(key)
                    forms.append((*key, self.form_weights(f)))
                    via.append(self._via(ent_id, f))
            kind = VESSEL_WEIGHTS if index.entities[ent_id].schema == "Vessel" else THING_WEIGHTS
            name = name_score(
                prepared,
                forms,
                via=via,
                thing=kind,
                aligners=aligners,
                scored=names,
                floor=floor,
            )
            if name.value <= 0:
                continue
            others = confirmed(name, others)
            score = combine(name, others)
            if score >= threshold:
                results.append((score, ent_id, (name, *others)))
        results.sort(key=lambda r: (-r[0], r[1]))
        return results

    def _ref(self, source: str, source_id: str) -> str:
        if self.reference_key is None:
            raise RuntimeError(
                "a screener built without a reference key met a hit above the reader's "
                "clearance: build it with the store's key (screening.refs.reference_key)"
            )
        return refs.make_ref(source, source_id, self.reference_key)

    def _via(self, ent_id: int, form_id: int) -> str:
        """ "" for the entity's own name, else the linked entry the name comes from."""
        owner = self.index.form_entity[form_id]
        if owner == ent_id:
            return ""
        entity = self.index.entities[owner]
        return f"{entity.source}:{entity.source_id}"

    def form_weights(self, form_id: int) -> tuple[float, ...]:
        weights = self._form_weights.get(form_id)
        if weights is None:
            weights = form_weights(
                self.index.rarity, self.index.forms[form_id], self.index.thing_rarity
            )
            self._form_weights[form_id] = weights
        return weights

    def compare(self, query: Query, name: str) -> tuple[float, Feature]:
        """Score and name feature of `name` as a name of the query's bearer (the name alone)."""
        prepared = self.prepare(query)
        organisation = query.schema in THING_SCHEMATA
        # The pair question does not depend on how common a name is: no rarity here.
        forms = name_forms(name, organisation)
        if not prepared.forms or not forms:
            return 0.0, Feature("name", 0.0, "name: nothing to compare", (query.name,), (name,))
        feature = pair_name_score(prepared.forms, forms)
        # Han characters may be a Japanese or Korean name, which pinyin does not spell.
        han_score = WEIGHTS["han_reading"]
        if feature.value < han_score and (reads_as(query.name, name) or reads_as(name, query.name)):
            return han_score, Feature(
                "name",
                han_score,
                "name: the Han characters read so in Japanese or Korean",
                (query.name,),
                (name,),
            )
        return feature.value, feature

    def screen(
        self, query: Query, actor: Actor, threshold: float | None = None, limit: int = 10
    ) -> list[Hit]:
        """Ranked hits for a query; entities above the actor's clearance come back restricted."""
        threshold = inputs.threshold(threshold)
        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        hits = []
        for score, ent_id, features in self.scored(query, threshold)[:limit]:
            entity = self.index.entities[ent_id]
            if actor.may_read(entity.classification):
                hits.append(
                    Hit(
                        entity.source,
                        entity.source_id,
                        entity.caption,
                        entity.schema,
                        score,
                        features,
                    )
                )
            else:
                hits.append(
                    Hit(
                        None,
                        None,
                        None,
                        None,
                        None,
                        (),
                        True,
                        self._ref(entity.source, entity.source_id),
                    )
                )
        return hits
