"""Screening: ranked, explained hits; features move scores; restricted hits reveal nothing."""

from __future__ import annotations

import pytest

from tests.screening.lists import PUBLIC, SECRET, fill
from watchlist.errors import InvalidInput
from watchlist.match.features import Feature
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.screening import DEFAULT_THRESHOLD, Hit, Query, Screener
from watchlist.screening.results import HitResult, hit_data
from watchlist.store.db import Store

PUBLIC_ACTOR = Actor("clerk", Classification.PUBLIC)


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.build(PUBLIC + SECRET, reference_key=b"a test key")


def test_a_transliterated_name_hits_with_an_explanation(screener: Screener) -> None:
    (hit, *_) = screener.screen(Query("Георгий Жуков"), SYSTEM)
    assert (hit.source, hit.source_id, hit.schema) == ("public_list", "P1", "Person")
    assert hit.score is not None and hit.score >= DEFAULT_THRESHOLD
    (name,) = hit.features
    assert name.name == "name" and name.value == hit.score
    # a romanised spelling of the query against the listed name
    assert (name.query, name.listed) == (("georgiy zhukov",), ("georgy zhukov",))
    assert hit.explanation == f"{name.explanation} [{name.value:.2f}]"


def test_a_person_query_does_not_hit_a_vessel(screener: Screener) -> None:
    hits = screener.screen(Query("Zhukov Star", schema="Person"), SYSTEM, threshold=0.3)
    assert "V1" not in {h.source_id for h in hits}
    hits = screener.screen(Query("Zhukov Star", schema="Vessel"), SYSTEM)
    assert [h.source_id for h in hits] == ["V1"]


# (query, expected effect on the score, the feature beside the name: name, value, compared)
FEATURE_CASES = [
    (Query("Georgy Zhukov", birth_dates=("1896-12-01",)), "up",
     ("birth_date", 0.35, ("1896-12-01",), ("1896-12-01",))),
    (Query("Georgy Zhukov", birth_dates=("1896",)), "up",
     ("birth_date", 0.03, ("1896",), ("1896-12-01",))),
    (Query("Georgy Zhukov", birth_dates=("1896-01-12",)), "up",
     ("birth_date", 0.25, ("1896-01-12",), ("1896-12-01",))),
    (Query("Georgy Zhukov", birth_dates=("1970-05-05",)), "down",
     ("birth_date", -0.30, ("1970-05-05",), ("1896-12-01",))),
    (Query("Georgy Zhukov", identifiers=("AB 123456",)), "up",
     ("identifier", 0.30, ("AB123456",), ("AB123456",))),
    (Query("Georgy Zhukov", identifiers=("ZZ999999",)), "down",
     ("identifier", -0.05, ("ZZ999999",), ("AB123456",))),
    (Query("Georgy Zhukov", gender="female"), "same", None),  # the list gives no gender
]  # fmt: skip


@pytest.mark.parametrize(("query", "effect", "feature"), FEATURE_CASES)
def test_features_move_the_score(
    screener: Screener,
    query: Query,
    effect: str,
    feature: tuple[str, float, tuple[str, ...], tuple[str, ...]] | None,
) -> None:
    base = screener.screen(Query("Georgy Zhukov"), SYSTEM, threshold=0.0)[0]
    (hit,) = [h for h in screener.screen(query, SYSTEM, threshold=0.0) if h.source_id == "P1"]
    assert base.score is not None and hit.score is not None
    moved = "up" if hit.score > base.score else "down" if hit.score < base.score else "same"
    assert moved == effect, (feature, hit.features)
    name, *others = hit.features
    assert name == base.features[0]
    found = [(f.name, f.value, f.query, f.listed) for f in others]
    assert found == ([feature] if feature else [])
    assert hit.score == pytest.approx(min(1.0, name.value + sum(f.value for f in others)))


RYKOVA = StoredEntity(
    "public_list",
    "P9",
    "Person",
    {"name": ["Olga Rykova"], "nationality": ["ru"], "gender": ["female"]},
)
# (query, expected effect on the score, the explanation's line for it, reason)
COUNTRY_AND_GENDER_CASES = [
    (Query("Olga Rykova", countries=("ru",)), "up", "country: ru", "the listed nationality"),
    (Query("Olga Rykova", countries=("Russia",)), "up", "country: ru", "a country by name"),
    (Query("Olga Rykova", countries=("fr",)), "down", "listed ru", "another country"),
    (Query("Olga Rykova", gender="male"), "down", "gender: listed female", "another gender"),
    (Query("Olga Rykova", gender="female"), "same", None, "the listed gender"),
    (Query("Georgy Zhukov", countries=("ru",)), "same", None, "the list gives no country"),
]


@pytest.mark.parametrize(("query", "effect", "line", "reason"), COUNTRY_AND_GENDER_CASES)
def test_country_and_gender_move_the_score(
    query: Query, effect: str, line: str | None, reason: str
) -> None:
    screener = Screener.build([*PUBLIC, RYKOVA])
    target = "P9" if query.name == "Olga Rykova" else "P1"
    base = screener.screen(Query(query.name), SYSTEM, threshold=0.0)
    (before,) = [h for h in base if h.source_id == target]
    (hit,) = [h for h in screener.screen(query, SYSTEM, threshold=0.0) if h.source_id == target]
    assert before.score is not None and hit.score is not None
    moved = "up" if hit.score > before.score else "down" if hit.score < before.score else "same"
    assert moved == effect, (reason, hit.explanation)
    if line is not None:
        assert line in hit.explanation, (reason, hit.explanation)
    else:
        assert hit.explanation == before.explanation, reason


def test_threshold_and_limit(screener: Screener) -> None:
    assert screener.screen(Query("Georgy Zhukov"), SYSTEM, threshold=1.0) == []
    with pytest.raises(InvalidInput) as err:
        screener.screen(Query("Georgy Zhukov"), SYSTEM, threshold=1.01)
    assert (err.value.code, err.value.field) == ("out_of_range", "threshold")
    assert len(screener.screen(Query("Zhukov"), SYSTEM, threshold=0.0, limit=1)) == 1


def test_an_uncleared_actor_gets_a_restricted_hit(screener: Screener) -> None:
    (cleared,) = screener.screen(Query("Bartholomew Quixley"), SYSTEM)
    assert cleared.source == "secret_list" and not cleared.restricted
    (hit,) = screener.screen(Query("Bartholomew Quixley"), PUBLIC_ACTOR)
    assert hit.restricted and hit.ref and hit.ref.startswith("r-")
    assert (hit.source, hit.source_id, hit.caption, hit.schema, hit.score) == (None,) * 5
    assert hit.explanation == ""
    assert "Quixley" not in repr(hit_data(hit)) and "secret" not in repr(hit_data(hit))
    # The same entity always has the same reference, and it does not spell its id.
    again = screener.screen(Query("Bartholomew Quixley"), PUBLIC_ACTOR)[0]
    assert again.ref == hit.ref and "S1" not in (hit.ref or "")


def test_from_store_sees_every_list(store: Store) -> None:
    fill(store)
    screener = Screener.from_store(store)
    assert {e.source for e in screener.index.entities} == {"public_list", "secret_list"}
    (hit,) = screener.screen(Query("Bartholomew Quixley"), PUBLIC_ACTOR)
    assert hit.restricted


def test_a_hit_as_data_is_the_result_model_every_shell_answers_with() -> None:
    features = (
        Feature("name", 0.81234, "name: x", ("x",), ("x",)),
        Feature("country", 0.03, "country: ru", ("ru",), ("ru",)),
    )
    hit = Hit("s", "1", "X", "Person", 0.81234, features, False, None)
    assert hit_data(hit) == {
        "id": "s:1",
        "source": "s",
        "source_id": "1",
        "caption": "X",
        "schema": "Person",
        "score": 0.8123,
        "explanation": "name: x [0.81]; country: ru [+0.03]",
        "features": [
            {"feature": "name", "value": 0.8123, "query": ["x"], "listed": ["x"],
             "explanation": "name: x"},
            {"feature": "country", "value": 0.03, "query": ["ru"], "listed": ["ru"],
             "explanation": "country: ru"},
        ],
        "restricted": False,
        "ref": None,
    }  # fmt: skip

    restricted = Hit(None, None, None, None, None, (), True, "r-1")
    assert hit_data(restricted) == {
        "id": None,
        "source": None,
        "source_id": None,
        "caption": None,
        "schema": None,
        "score": None,
        "explanation": "",
        "features": [],
        "restricted": True,
        "ref": "r-1",
    }
    # the API declares its hits with the same model
    from watchlist.api.models import HitModel

    assert HitModel is HitResult


def test_around_adds_the_linked_entries_of_other_lists_and_nothing_else(store: Store) -> None:
    from tests.index.test_links import OFAC, UN
    from tests.screening.lists import release
    from watchlist.model.entity import StoredEntity

    release(store, "un", [UN])
    release(store, "ofac", [OFAC, StoredEntity("ofac", "2", "Person", {"name": ["Anna Novak"]})])
    around = Screener.around(store, [UN])
    keys = {(e.source, e.source_id) for e in around.index.entities}
    assert keys == {("un", "CDi.026"), ("ofac", "11391")}
    assert len(around.index.links.members) == 1
    hits = around.screen(Query("Jules Mateso Mlamba"), SYSTEM)
    assert {(h.source, h.source_id) for h in hits} == keys
    alone = Screener.around(store, [StoredEntity("ofac", "2", "Person", {"name": ["Anna Novak"]})])
    assert [e.source_id for e in alone.index.entities] == ["2"]


def test_around_skips_a_linked_entry_delisted_since_the_index_was_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from tests.index.test_links import OFAC, UN
    from tests.screening.lists import release
    from watchlist.index.cache import cached_index
    from watchlist.model.entity import StoredEntity
    from watchlist.screening import screener as screener_module

    other = StoredEntity("ofac", "2", "Person", {"name": ["Anna Novak"]})
    release(store, "un", [UN])
    release(store, "ofac", [OFAC, other])
    stale = cached_index(store)  # read while OFAC still lists its entry linked to the UN's
    assert any(e.source_id == OFAC.source_id for e in stale.entities)
    release(store, "ofac", [other], published=date(2024, 2, 1))  # OFAC delists it
    monkeypatch.setattr(screener_module, "cached_index", lambda _store: stale)
    around = Screener.around(store, [UN])
    assert [(e.source, e.source_id) for e in around.index.entities] == [("un", "CDi.026")]
    hits = around.screen(Query("Jules Mateso Mlamba"), SYSTEM)
    assert [(h.source, h.source_id) for h in hits] == [("un", "CDi.026")]
