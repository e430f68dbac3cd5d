"""The matcher's weights, as data: adjustments each feature adds to the name score."""

from __future__ import annotations

WEIGHTS: dict[str, float] = {
    # Name: evidence / (evidence + doubt), evidence = sum of matched rarity x similarity.
    # Doubt: a constant, so common tokens alone stay lower than rare ones...
    "base_doubt": 1.0,
    # ...plus this much of each matched token's rarity times its dissimilarity...
    "dissimilarity": 1.0,
    # ...plus a cost per query token left unmatched, and per listed token left unmatched...
    "unmatched_query": 0.6,
    "unmatched_candidate": 0.3,
    # ...in full for tokens at least this rare, less for particles and initials.
    "full_token_weight": 1.5,
    # A listed initial meeting a query name is evidence of one letter (about 1 in 20) at most.
    "initial_weight": 1.3,
    # A weak alias (OFAC "weak AKA", UN "low quality") counts this much of a strong name.
    "weak_alias": 0.95,
    # Han characters that read as the romanised name in Japanese or Korean (pair comparison).
    "han_reading": 0.9,
    # Comparing two names alone (compare): every token weighs 1 and the constant doubt is
    # small, since the question is whether two spellings are one name, not how telling it is.
    "pair_base_doubt": 0.15,
    # ...and a part of the second name the first leaves out costs less than in screening: a
    # name given by its most telling part (President Erdogan) is that name, while a part each
    # side gives differently is still counted against (match.persons).
    "pair_unmatched_candidate": 0.25,
    # Patronymics both names give that differ (match.persons), and a match of initials alone.
    "patronymic_mismatch": 1.5,
    # Parts both names give that the other lacks (match.persons): another given name or surname.
    "parts_differ": 0.8,
    "initials_only": 1.0,
    # A query of one word meeting a listed name of several (match.persons).
    "single_name": 1.0,
    "dob_exact": 0.35,
    # A birth date in common lifts a name scoring at least this in full, one scoring below
    # the first figure not at all (match.score.confirmed).
    "dob_lift_from": 0.35,
    "dob_lift_full": 0.5,
    # ...unless the name explains this share of the query: all of it, the listed name more.
    "dob_whole_query": 0.9,
    "dob_swapped": 0.25,
    "dob_month": 0.03,
    "dob_year": 0.03,
    "dob_near": -0.05,
    "dob_differ": -0.30,
    "country_match": 0.03,
    "country_mismatch": -0.05,
    "id_match": 0.30,
    "id_mismatch": -0.05,
    "gender_mismatch": -0.10,
}
