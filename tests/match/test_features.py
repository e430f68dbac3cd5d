"""Each feature alone: its value (a weight of WEIGHTS), what it compared, its sentence; and
every feature declared once with the weights it uses."""

from __future__ import annotations

import pytest

from watchlist.match.features import (
    FACT_FEATURES,
    Feature,
    birth_date,
    country,
    gender,
    identifier,
)
from watchlist.match.score import FEATURES, NAME, PreparedQuery, name_score, other_features
from watchlist.match.weights import WEIGHTS
from watchlist.model.access import Classification
from watchlist.model.records import EntityRecord
from watchlist.names.forms import name_forms


def listed(
    birth_dates: tuple[str, ...] = (),
    countries: frozenset[str] = frozenset(),
    identifiers: frozenset[str] = frozenset(),
    gender: str | None = None,
) -> EntityRecord:
    return EntityRecord(
        "l", "1", "Person", "X", Classification.PUBLIC, birth_dates, countries, identifiers, gender
    )


@pytest.mark.parametrize(
    ("query", "entry", "weight", "compared", "sentence"),
    [
        (("1977-08-27",), ("1977-08-27",), "dob_exact", (("1977-08-27",), ("1977-08-27",)),
         "born 1977-08-27, as the query"),
        (("1977-27-08",), ("1977-08-27",), "dob_swapped", (("1977-27-08",), ("1977-08-27",)),
         "day and month swapped"),
        (("1977-08",), ("1977-08-27",), "dob_month", (("1977-08",), ("1977-08-27",)),
         "same month"),
        (("1977",), ("1977-08-27",), "dob_year", (("1977",), ("1977-08-27",)), "same year"),
        (("1978-01-01",), ("1977-08-27",), "dob_near", (("1978-01-01",), ("1977-08-27",)),
         "a year from"),
        (("1950", "1951"), ("1977-08-27", "1978"), "dob_differ",
         (("1950", "1951"), ("1977-08-27", "1978")), "not 1950, 1951"),
        # the best pair of several is the one compared
        (("1960", "1977-08-27"), ("1977-08-27",), "dob_exact",
         (("1977-08-27",), ("1977-08-27",)), "as the query"),
    ],
)  # fmt: skip
def test_birth_date(
    query: tuple[str, ...],
    entry: tuple[str, ...],
    weight: str,
    compared: tuple[tuple[str, ...], tuple[str, ...]],
    sentence: str,
) -> None:
    f = birth_date(query, listed(birth_dates=entry))
    assert f is not None and f.name == "birth_date" and f.value == WEIGHTS[weight]
    assert (f.query, f.listed) == compared
    assert f.explanation.startswith("birth date: ") and sentence in f.explanation


def test_birth_date_absent_or_unreadable_is_no_feature() -> None:
    assert birth_date((), listed(birth_dates=("1977",))) is None
    assert birth_date(("1977",), listed()) is None
    assert birth_date(("someday",), listed(birth_dates=("1977",))) is None


def test_country() -> None:
    entry = listed(countries=frozenset({"ru", "by"}))
    same = country(("ru", "gb"), entry)
    assert same == Feature("country", WEIGHTS["country_match"], "country: ru", ("ru",), ("ru",))
    other = country(("gb",), entry)
    assert other == Feature(
        "country",
        WEIGHTS["country_mismatch"],
        "country: listed by, ru, not query's",
        ("gb",),
        ("by", "ru"),
    )
    assert country((), entry) is None and country(("ru",), listed()) is None


def test_identifier() -> None:
    entry = listed(identifiers=frozenset({"AB123456", "9123456"}))
    same = identifier(("AB123456",), entry)
    assert same is not None and same.value == WEIGHTS["id_match"]
    assert (same.query, same.listed) == (("AB123456",), ("AB123456",))
    other = identifier(("ZZ1",), entry)
    assert other is not None and other.value == WEIGHTS["id_mismatch"]
    assert (other.query, other.listed) == (("ZZ1",), ("9123456", "AB123456"))
    assert identifier((), entry) is None


def test_gender() -> None:
    f = gender("female", listed(gender="male"))
    assert f == Feature(
        "gender", WEIGHTS["gender_mismatch"], "gender: listed male", ("female",), ("male",)
    )
    assert gender("male", listed(gender="male")) is None
    assert gender("female", listed()) is None and gender(None, listed(gender="male")) is None


def prepared(name: str, **facts: tuple[str, ...]) -> PreparedQuery:
    forms = name_forms(name, False)
    return PreparedQuery(
        forms=forms,
        weights=tuple(tuple(1.0 for _ in f.tokens) for f in forms),
        schema=None,
        birth_dates=facts.get("birth_dates", ()),
        countries=facts.get("countries", ()),
        identifiers=facts.get("identifiers", ()),
        gender=None,
    )


def test_name_compares_a_spelling_of_the_query_with_a_listed_name() -> None:
    query = prepared("Georgy Zhukov")
    listed_forms = name_forms("ZHUKOV, Georgy", False)
    candidates = [(f, False, tuple(1.0 for _ in f.tokens)) for f in listed_forms]
    f = name_score(query, candidates)
    assert f.name == "name" and 0.5 < f.value <= 1.0
    assert f.query == ("georgy zhukov",) and set(f.listed[0].split()) == {"georgy", "zhukov"}
    assert f.explanation.startswith("name: ") and "100% of the query" in f.explanation
    weak = name_score(query, [(listed_forms[0], True, candidates[0][2])])
    assert weak.value == pytest.approx(f.value * WEIGHTS["weak_alias"])
    assert weak.explanation.startswith("weak alias: ")
    nothing = name_score(query, [(name_forms("Ivanov", False)[0], False, (1.0,))])
    assert nothing == Feature("name", 0.0, "name: no match")


def test_other_features_follow_the_declared_order() -> None:
    query = prepared("X", birth_dates=("1977",), countries=("ru",), identifiers=("A1",))
    entry = listed(("1977-08-27",), frozenset({"ru"}), frozenset({"A1"}), "male")
    assert [f.name for f in other_features(query, entry)] == [
        "birth_date",
        "country",
        "identifier",
    ]


def test_every_weight_belongs_to_one_declared_feature() -> None:
    assert FEATURES[0] is NAME and FEATURES[1:] == FACT_FEATURES
    names = [spec.name for spec in FEATURES]
    assert names == ["name", "birth_date", "country", "identifier", "gender"]
    owners = [key for spec in FEATURES for key in spec.weights]
    assert sorted(owners) == sorted(WEIGHTS) and len(owners) == len(set(owners))
    assert all(spec.description for spec in FEATURES)
    assert NAME.compare is None and all(spec.compare for spec in FACT_FEATURES)


def test_a_feature_renders_its_value() -> None:
    assert Feature("name", 0.7712, "name: x").render() == "name: x [0.77]"
    assert Feature("birth_date", 0.35, "birth date: y").render() == "birth date: y [+0.35]"
    assert Feature("country", -0.05, "country: z").render() == "country: z [-0.05]"
