"""An inverted index of name keys over listed entities, and candidate generation from it.

Every spelling of every name is a form; each token of a form is filed under its consonant
keys. A query collects, per token, the forms sharing a key, and keeps the forms whose
matched tokens could explain enough of the query: never a scan of the whole list.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from watchlist.index.keys import filed_keys, joined, query_keys
from watchlist.index.records import ORG_SCHEMATA, EntityRecord, entity_names
from watchlist.model.entity import StoredEntity
from watchlist.names.forms import NameForm, name_forms
from watchlist.names.rarity import MIN_WEIGHT, Rarity

#: A key filed under more forms than this is too common to select candidates by itself.
MAX_POSTINGS = 4000
#: How much a hit on each kind of key promises: the same folded spelling, the same consonant
#: classes, one consonant off, the same consonant skeleton of an abjad.
KEY_STRENGTH = {"x": 1.0, "c": 0.9, "d": 0.8, "a": 0.92}


@dataclass
class NameIndex:
    """Entities, their name forms and the key -> forms postings."""

    entities: list[EntityRecord] = field(default_factory=list)
    form_entity: list[int] = field(default_factory=list)
    forms: list[NameForm] = field(default_factory=list)
    form_weak: list[bool] = field(default_factory=list)
    postings: dict[str, Sequence[int]] = field(default_factory=dict)
    rarity: Rarity = field(default_factory=lambda: Rarity({}, 1))
    form_total: list[float] = field(default_factory=list)

    @classmethod
    def build(cls, entities: Iterable[StoredEntity]) -> NameIndex:
        index = cls()
        seen_tokens: list[tuple[str, ...]] = []
        postings: dict[str, list[int]] = {}
        for entity in entities:
            ent_id = len(index.entities)
            index.entities.append(EntityRecord.from_stored(entity))
            organisation = entity.schema in ORG_SCHEMATA
            known: dict[tuple[str, ...], int] = {}
            for name, weak in entity_names(entity):
                for form in name_forms(name, organisation):
                    key = tuple(sorted(form.tokens))
                    if key in known:
                        # The same tokens as a strong name make a weak alias strong.
                        if not weak:
                            index.form_weak[known[key]] = False
                        continue
                    form_id = len(index.forms)
                    known[key] = form_id
                    index.forms.append(form)
                    index.form_entity.append(ent_id)
                    index.form_weak.append(weak)
                    seen_tokens.append(form.tokens)
                    index._file(form_id, form, postings)
        # Arrays of form ids load from the cache far faster than lists of ints.
        index.postings = {k: array("I", v) for k, v in postings.items()}
        index.rarity = Rarity.from_names(seen_tokens)
        index.form_total = [
            sum(MIN_WEIGHT if t in f.legal else index.rarity.weight(t) for t in f.tokens) or 1.0
            for f in index.forms
        ]
        return index

    @staticmethod
    def _file(form_id: int, form: NameForm, postings: dict[str, list[int]]) -> None:
        keys: set[str] = set()
        for tok in form.tokens:
            keys.update(filed_keys(tok, form.abjad))
        for _, tok in joined(form.tokens):
            keys.update(filed_keys(tok, form.abjad))
        for key in keys:
            postings.setdefault(key, []).append(form_id)

    def candidates(
        self, forms: Iterable[NameForm], min_bound: float
    ) -> dict[int, tuple[float, float]]:
        """Form -> (bound on the share of the query its tokens could explain, rank estimate).

        A query token counts for a form when one of its keys (or the key of it written
        together with its neighbour) is filed for that form; forms below `min_bound` are
        dropped, as no alignment could give them more.
        """
        best: dict[int, tuple[float, float]] = {}
        for form in forms:
            weights = [self.rarity.weight(t) for t in form.tokens]
            total = sum(weights) or 1.0
            hit_weight: dict[int, float] = {}
            units: list[tuple[tuple[int, ...], str]] = [
                ((i,), t) for i, t in enumerate(form.tokens)
            ]
            units += list(joined(form.tokens))
            for positions, tok in units:
                w = sum(weights[p] for p in positions)
                hits: dict[int, float] = {}
                for key in query_keys(tok, form.abjad):
                    posting = self.postings.get(key)
                    if posting is None or len(posting) > MAX_POSTINGS:
                        continue
                    # A key one letter off promises less than the exact key.
                    kw = w * KEY_STRENGTH[key[0]]
                    for f in posting:
                        if hits.get(f, 0.0) < kw:
                            hits[f] = kw
                for f, kw in hits.items():
                    hit_weight[f] = hit_weight.get(f, 0.0) + kw
            # Joined units may count a token twice: the bound stays an upper bound.
            cut = min_bound * total
            for f, w in hit_weight.items():
                if w >= cut:
                    bound = min(1.0, w / total)
                    # Names with many unmatched words rank after those the query covers.
                    estimate = bound * (0.7 + 0.3 * min(1.0, w / self.form_total[f]))
                    if f not in best or estimate > best[f][1]:
                        best[f] = (bound, estimate)
        return best
