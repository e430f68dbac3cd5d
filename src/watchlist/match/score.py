"""A query scored against one listed entity: the name, then every other feature, explained."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from watchlist.match.features import FACT_FEATURES, Feature, FeatureSpec
from watchlist.match.names import (
    Aligner,
    Alignment,
    surely_below,
    surely_unjoined,
    token_similarity,
)
from watchlist.match.persons import (
    THING_WORD_SIM,
    Similarity,
    contradiction,
    given_name_similarity,
    given_names_whole,
    person_name_partly_met,
    reads_as_person,
)
from watchlist.match.things import (
    PAIR_RULES,
    THING_WEIGHTS,
    organisation_words,
    thing_bound,
    thing_score,
    thing_similarity,
    thing_surely_below,
    thing_surely_unjoined,
    thing_weights,
)
from watchlist.match.weights import WEIGHTS
from watchlist.model.records import EntityRecord
from watchlist.names.forms import NameForm
from watchlist.names.rarity import MIN_WEIGHT


@dataclass(frozen=True)
class PreparedQuery:
    """A query's name forms with token weights, and its other facts cleaned."""

    forms: tuple[NameForm, ...]
    weights: tuple[tuple[float, ...], ...]
    schema: str | None
    birth_dates: tuple[str, ...]
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]
    gender: str | None


#: A name's best match with any spelling of a query: (score, that spelling, the alignment).
FormScore = tuple[float, NameForm | None, Alignment | None]
NO_MATCH: Final[FormScore] = (0.0, None, None)


def name_score(
    query: PreparedQuery,
    candidates: Sequence[tuple[NameForm, bool, Sequence[float]]],
    weights: dict[str, float] = WEIGHTS,
    via: Sequence[str] | None = None,
    thing: dict[str, float] = THING_WEIGHTS,
    aligners: dict[tuple[int, bool], Aligner] | None = None,
    scored: dict[tuple[NameForm, bool, int, int], FormScore] | None = None,
    floor: float = 0.0,
) -> Feature:
    """The best match between any spelling of the query and any name of the entity.

    `via`, beside each candidate form, names the linked entry of another list the name comes
    from ("" for the entity's own names). `aligners` keeps the query's aligners (an empty
    dict for a new query) from one entity to the next; `scored` the names' scores (an empty
    dict for a new query): linked entries of one bearer are candidates each with the other's
    names, so half the names met by a listed name were scored already for another entity.
    An organisation's or vessel's name that could not score `floor` against a spelling of
    the query is not aligned with it (things.thing_bound): scored or not, it is no hit.
    """
    best = Feature("name", 0.0, "name: no match")
    if aligners is None:
        aligners = {}
    for n, (form, weak, cweights) in enumerate(candidates):
        key = (form, weak, id(weights), id(thing))
        found = scored.get(key) if scored is not None else None
        if found is None:
            found = form_score(query, form, weak, cweights, weights, thing, aligners, floor)
            if scored is not None:
                scored[key] = found
        score, qform, al = found
        if score > best.value and qform is not None and al is not None:
            kind = "weak alias" if weak else "name"
            where = via[n] if via else ""
            if where:
                kind += f" of the same bearer on {where}"
            text = (
                f"{kind}: {' '.join(form.tokens)} ({al.describe(qform.tokens, form.tokens)}; "
                f"{al.query_cover:.0%} of the query, {al.candidate_cover:.0%} of the name)"
            )
            best = Feature(
                "name",
                score,
                text,
                (" ".join(qform.tokens),),
                (" ".join(form.tokens),),
                al.query_cover,
            )
    return best


def form_score(
    query: PreparedQuery,
    form: NameForm,
    weak: bool,
    cweights: Sequence[float],
    weights: dict[str, float],
    thing: dict[str, float],
    aligners: dict[tuple[int, bool], Aligner],
    floor: float = 0.0,
) -> FormScore:
    """The best match of one name with any spelling of the query (the first on ties); a
    spelling of an organisation's or vessel's name whose pairs could not score `floor`
    (things.thing_bound) is left out."""
    best = NO_MATCH
    kinds = {q.thing for q in query.forms}
    for k, (qform, qweights) in enumerate(zip(query.forms, query.weights, strict=True)):
        # A query spelt both ways (no schema) meets each name in the spelling of its kind.
        if qform.thing != form.thing and form.thing in kinds:
            continue
        abjad = qform.abjad or form.abjad
        things = form.thing and qform.thing
        aligner = aligners.get((k, things))
        if aligner is None:
            sim: Similarity = thing_similarity if things else token_similarity
            if qform.given:
                sim = given_name_similarity(qform.given, things)
            # A given name's similarity only lowers the one it is made from
            # (given_name_similarity): the cheap test of that one holds for it too.
            below = thing_surely_below if things else surely_below
            unjoined = thing_surely_unjoined if things else surely_unjoined
            # The query's other spellings share most words: pairs of units one of its
            # aligners of the same similarity worked out are not worked out again.
            # The table is begun only then: most aligners are a query's only one of their
            # similarity, and an unshared table would be kept for nothing.
            pairs = next((a.share() for a in aligners.values() if a.sim is sim), None)
            aligner = aligners[(k, things)] = Aligner(
                qform.tokens, qweights, sim, qform.abjad, below, unjoined, pairs
            )
        if (
            things
            and len(kinds) > 1
            and reads_as_person(qform.tokens, bool(qform.legal))
            and not aligner.may_meet_all(form.tokens, THING_WORD_SIM, abjad, form.abjad)
        ):
            continue  # person_name_partly_met, known before the alignment
        if (
            things
            and floor > 0.0
            and thing_bound(
                aligner.rows_of(form.tokens, abjad, form.abjad),
                qform,
                form,
                qweights,
                cweights,
                thing,
            )
            < floor
        ):
            continue
        al = aligner.align(form.tokens, cweights, abjad, form.abjad)
        if qform.given and not things:
            al = given_names_whole(al, qform, form.tokens, qweights, cweights)
        if not al.pairs:
            continue
        if len(kinds) > 1 and not form.thing and unmatched_organisation_word(al, qform):
            continue
        if len(kinds) > 1 and form.thing and person_name_partly_met(al, qform):
            continue
        if things:
            score = thing_score(
                al, qform, form, qweights, cweights, weak, weights["weak_alias"], thing
            )
        else:
            score = alignment_score(
                al,
                qweights,
                cweights,
                weak,
                weights,
                contradiction(
                    al,
                    qform.tokens,
                    form.tokens,
                    weights,
                    [g[0] for g in qform.given] if qform.given else (),
                ),
            )
        if score > best[0]:
            best = (score, qform, al)
    return best


def unmatched_organisation_word(al: Alignment, query: NameForm) -> bool:
    """Whether a query without a schema, spelt as a person's name, leaves a word of an
    organisation's or vessel's name (a number, a legal form, bank, shipping) unmatched: such
    a query is a company's or a ship's name, and a person who bears only its other words is
    not it (Memo Bank, a listed Memo; Wu Xing 5, a listed Wu Nan Xiong)."""
    found = organisation_words(query.tokens)
    if not found:
        return False
    matched = {i for qi, _, _ in al.pairs for i in qi}
    return not found <= matched


def flat_weights(form: NameForm) -> tuple[float, ...]:
    """Every token weighs the same; in an organisation's name legal forms and generic words
    less (match.things)."""
    if form.thing:
        return thing_weights(form, lambda _: 1.0)
    return tuple(MIN_WEIGHT if t in form.legal else 1.0 for t in form.tokens)


#: Comparing two names alone: the question is whether they are one name, not how telling it is.
PAIR_WEIGHTS: Final = dict(
    WEIGHTS,
    base_doubt=WEIGHTS["pair_base_doubt"],
    unmatched_candidate=WEIGHTS["pair_unmatched_candidate"],
)
PAIR_THING_WEIGHTS: Final = dict(
    THING_WEIGHTS,
    base_doubt=WEIGHTS["pair_base_doubt"],
    legal_mismatch=THING_WEIGHTS["pair_legal_mismatch"],
    **PAIR_RULES,
)


def pair_name_score(
    names: Sequence[NameForm],
    others: Sequence[NameForm],
    aligners: dict[tuple[int, bool], Aligner] | None = None,
    scored: dict[tuple[NameForm, bool, int, int], FormScore] | None = None,
) -> Feature:
    """How well any spelling of `others` matches any of `names`, every token weighing the same.

    `aligners` and `scored` are name_score's: kept by a caller that scores the same `names`
    against many others (index.links), empty dicts the first time."""
    query = PreparedQuery(
        forms=tuple(names),
        weights=tuple(flat_weights(f) for f in names),
        schema=None,
        birth_dates=(),
        countries=(),
        identifiers=(),
        gender=None,
    )
    return name_score(
        query,
        [(f, False, flat_weights(f)) for f in others],
        PAIR_WEIGHTS,
        thing=PAIR_THING_WEIGHTS,
        aligners=aligners,
        scored=scored,
    )


def unmatched_cost(weight: float, cost: float) -> float:
    """The doubt a token left unmatched adds: a particle or an initial says less than a name."""
    return cost * min(1.0, weight / WEIGHTS["full_token_weight"])


def alignment_score(
    al: Alignment,
    qweights: Sequence[float],
    cweights: Sequence[float],
    weak: bool,
    weights: dict[str, float] = WEIGHTS,
    contradicting: float = 0.0,
) -> float:
    """Evidence over evidence plus doubt: matched rarity against what is left unexplained.

    Evidence is each matched query token's rarity times its similarity. Doubt is the
    dissimilarity of matched tokens, a cost per query token and (smaller) per listed token
    left unmatched, and a constant, so that a match on common tokens alone stays lower than
    one on rare tokens.
    """
    evidence = 0.0
    doubt = weights["base_doubt"] + contradicting
    used_q: set[int] = set()
    used_c: set[int] = set()
    for qi, ci, sim in al.pairs:
        w = sum(qweights[i] for i in qi)
        # An initial says only which letter a name starts with, however rare the name it
        # stands for: "Sulvor" met by a listed "S." is not evidence of a rare surname.
        if qi[0] in al.by_initial:
            evidence += min(w, weights["initial_weight"]) * sim
        else:
            evidence += w * sim
        doubt += w * (1.0 - sim) * weights["dissimilarity"]
        used_q.update(qi)
        used_c.update(ci)
    for i, w in enumerate(qweights):
        if i not in used_q:
            doubt += unmatched_cost(w, weights["unmatched_query"])
    for i, w in enumerate(cweights):
        if i not in used_c:
            doubt += unmatched_cost(w, weights["unmatched_candidate"])
    score = evidence / (evidence + doubt) if evidence > 0 else 0.0
    return score * weights["weak_alias"] if weak else score


#: The name, scored by `name_score` over every spelling of the query and of the entry.
NAME = FeatureSpec(
    "name",
    (
        "base_doubt",
        "dissimilarity",
        "unmatched_query",
        "unmatched_candidate",
        "full_token_weight",
        "initial_weight",
        "weak_alias",
        "han_reading",
        "pair_base_doubt",
        "pair_unmatched_candidate",
        "patronymic_mismatch",
        "parts_differ",
        "dob_lift_from",
        "dob_lift_full",
        "dob_whole_query",
        "initials_only",
        "single_name",
    ),
    "The best alignment of any spelling of the query's name with any name of the entry: "
    "matched rarity (evidence) over evidence plus doubt (dissimilar tokens, tokens left "
    "unmatched, patronymics that differ, a match of initials alone, a constant); a weak "
    "alias counts less.",
)

#: Every feature the matcher scores, declared once with its weights and what it means.
FEATURES: tuple[FeatureSpec, ...] = (NAME, *FACT_FEATURES)


def other_features(query: PreparedQuery, entity: EntityRecord) -> list[Feature]:
    """The features beside the name that apply to this query and entry, in declared order."""
    found = [spec.compare(query, entity) for spec in FACT_FEATURES if spec.compare is not None]
    return [f for f in found if f is not None]


def confirmed(
    name: Feature, others: Sequence[Feature], weights: dict[str, float] = WEIGHTS
) -> list[Feature]:
    """The other features, a birth date in common lifting a weak name only in part.

    A birth date confirms a name; it does not make one. A name that is hardly matched (one
    given name of three) meets a listed person born on the same day by chance often enough
    on a long list, so below `dob_lift_full` the lift shrinks to nothing at `dob_lift_from`;
    unless every part of the query is in the listed name (Said, of a listed name of eight
    parts), where the date tells which bearer of those parts is meant.
    """
    low, full = weights["dob_lift_from"], weights["dob_lift_full"]
    if name.value >= full or name.cover >= weights["dob_whole_query"]:
        return list(others)
    share = max(0.0, (name.value - low) / (full - low))
    out = []
    for f in others:
        if f.name == "birth_date" and f.value > 0:
            f = Feature(
                f.name,
                f.value * share,
                f"{f.explanation}; for a name matched this little, {share:.0%} of its lift",
                f.query,
                f.listed,
            )
        out.append(f)
    return out


def combine(name: Feature, others: Sequence[Feature]) -> float:
    """The name score moved by each other feature, kept in [0, 1]."""
    return min(1.0, max(0.0, name.value + sum(f.value for f in others)))
