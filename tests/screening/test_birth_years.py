"""A query with birth dates alone skips, before any feature is worked out, the entries the name
alone cannot bring to the threshold and no listed date of the query's year could lift: the same
hits as working out every entry's features."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.index.forked import ForkedCalls
from watchlist.index.packed import Packed
from watchlist.model.entity import StoredEntity
from watchlist.screening import Query, Screener
from watchlist.screening import screener as screening

NAMES = ["Georgy Zhukov", "Georgi Zhukova", "Ivan Petrov", "Ivan Petrovich Sidorov"]
DATES = ["1896-12-01", "1896", "1897-01-12", "1895", "12/01/1896", "1960-05-05", "not a date"]


def listed(dates: list[list[str]]) -> list[StoredEntity]:
    return [
        StoredEntity("l", str(i), "Person", {"name": [NAMES[i % len(NAMES)]], "birthDate": d})
        for i, d in enumerate(dates)
    ]


def every_entry_weighed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every entry has every year: none is skipped, each one's features are worked out.
    monkeypatch.setattr(screening, "birth_years", lambda dates: tuple(range(3000)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(DATES), max_size=2), min_size=1, max_size=6),
    st.sampled_from(NAMES + ["Georgiy Zhukov", "Petrov Ivan"]),
    st.lists(st.sampled_from(DATES), min_size=1, max_size=2),
    st.sampled_from([0.5, 0.65, 0.8]),
)
def test_the_same_hits_as_weighing_every_entry(
    dates: list[list[str]], name: str, query_dates: list[str], threshold: float
) -> None:
    entities = listed(dates)
    query = Query(name, birth_dates=tuple(query_dates))
    skipping = Screener.build(entities)
    skipping.index.unpack()  # as a warmed screener's: the index held to the query's year too
    assert skipping.lifted_forms(frozenset({1896})) is not None
    with pytest.MonkeyPatch.context() as mp:
        every_entry_weighed(mp)
        weighing = Screener.build(entities).scored(query, threshold)
    assert skipping.scored(query, threshold) == weighing


def test_only_entries_a_date_of_the_query_year_could_lift_are_weighed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weighed: list[str] = []
    features = screening.other_features

    def seen(query: object, entity: object) -> object:
        weighed.append(entity.source_id)  # type: ignore[attr-defined]
        return features(query, entity)  # type: ignore[arg-type]

    monkeypatch.setattr(screening, "other_features", seen)
    screener = Screener.build(
        [
            StoredEntity(
                "l", "same", "Person", {"name": ["Georgi Zhukovski"], "birthDate": ["1896"]}
            ),
            StoredEntity(
                "l", "other", "Person", {"name": ["Georgi Zhukovski"], "birthDate": ["1950"]}
            ),
        ]
    )
    query = Query("Georgy Zhukov", birth_dates=("1896-12-01",))
    hits = screener.scored(query, 0.65)
    assert "same" in weighed and "other" not in weighed
    # With a country the query gives, a country could lift it: it is weighed.
    weighed.clear()
    screener.scored(Query("Georgy Zhukov", birth_dates=("1896-12-01",), countries=("ru",)), 0.65)
    assert {"same", "other"} <= set(weighed)
    assert [screener.index.entities[e].source_id for _, e, _ in hits] in ([], ["same"])


def test_the_names_a_birth_year_could_lift_are_those_of_entries_born_that_year() -> None:
    screener = Screener.build(
        [
            StoredEntity("l", "a", "Person", {"name": ["Georgi Zhukov"], "birthDate": ["1896"]}),
            StoredEntity("l", "b", "Person", {"name": ["Ivan Petrov"], "birthDate": ["1950-02"]}),
            StoredEntity("l", "c", "Person", {"name": ["Ivan Sidorov"]}),
        ]
    )
    index = screener.index
    # Left packed (a CLI call), the table is not worked out: every name keeps the lower bound.
    assert screener.lifted_forms(frozenset({1896})) is None
    index.unpack()

    def owners(forms: frozenset[int] | None) -> set[str]:
        assert forms is not None
        return {index.entities[index.form_entity[f]].source_id for f in forms}

    assert owners(screener.lifted_forms(frozenset({1896}))) == {"a"}
    assert owners(screener.lifted_forms(frozenset({1896, 1950}))) == {"a", "b"}
    assert owners(screener.lifted_forms(frozenset({1897}))) == set()


def test_a_warmed_screener_has_the_names_by_birth_year_already() -> None:
    screener = Screener.build(
        [StoredEntity("l", "a", "Person", {"name": ["Georgi Zhukov"], "birthDate": ["1896"]})]
    )
    screener.warm()
    assert screener._year_forms is not None and 1896 in screener._year_forms


@pytest.mark.parametrize("cores", [1, 2])
def test_a_batch_makes_the_names_by_birth_year_on_a_forked_process(
    monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    # A batch leaves its entries packed (Screener.warm(entries=False)): the table needs every
    # entry's dates, so another process decodes them and sends the table back while this one
    # screens the warm-up queries (or, if that process has not started by then, this one
    # makes it: index.forked). The same table as one made here.
    forked: list[int] = []

    def calls(todo: list[object], workers: int) -> ForkedCalls:
        forked.append(workers)
        return ForkedCalls(todo, workers)  # type: ignore[arg-type]

    monkeypatch.setattr(screening, "fork_workers", lambda: cores)
    monkeypatch.setattr(screening, "ForkedCalls", calls)
    entities = listed([["1896"], ["1950-02"], [], ["1896-12-01", "1897"], ["not a date"]])
    packed = pickle.loads(pickle.dumps(Screener.build(entities).index))
    screener = Screener(packed)
    screener.warm(entries=False)
    assert isinstance(packed.entities, Packed)
    assert forked == [cores]
    unpacked = Screener.build(entities)
    unpacked.index.unpack()
    assert screener._year_forms == unpacked._years_table()
    assert screener._year_forms is not None and set(screener._year_forms) == {1896, 1897, 1950}
