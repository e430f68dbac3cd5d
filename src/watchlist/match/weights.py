"""The matcher's weights, as data: adjustments each feature adds to the name score."""

from __future__ import annotations

WEIGHTS: dict[str, float] = {
    # Name: score = query_cover^QUERY_POWER * (CANDIDATE_FLOOR + (1 - floor) * candidate_cover)
    "query_power": 1.0,
    "candidate_floor": 0.7,
    # A name match carrying less than this much rarity (sum of -log10 shares) is discounted...
    "min_information": 3.0,
    # ...down to this factor at no information.
    "information_floor": 0.75,
    # A weak alias (OFAC "weak AKA", UN "low quality") counts this much of a strong name.
    "weak_alias": 0.9,
    "dob_exact": 0.10,
    "dob_swapped": 0.07,
    "dob_month": 0.06,
    "dob_year": 0.04,
    "dob_near": -0.03,
    "dob_differ": -0.15,
    "country_match": 0.03,
    "country_mismatch": -0.05,
    "id_match": 0.30,
    "id_mismatch": -0.05,
    "gender_mismatch": -0.10,
}
