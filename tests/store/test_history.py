"""Statements with release intervals: history, as-of reads, diffs, idempotence, ordering."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.store.releases import store_release
from watchlist.errors import Conflict, NotFound
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.store.releases import Key, ReleaseContent

OFFICER = Actor("officer", Classification.SECRET)


def release(
    day: str, rows: dict[str, dict[str, list[str]]], source: str = "demo"
) -> ReleaseContent:
    keys: set[Key] = set()
    for entity_id, props in rows.items():
        for prop, values in props.items():
            for value in values:
                keys.add((entity_id, prop, value))
    return ReleaseContent(
        source=source,
        title="Demo list",
        published=date.fromisoformat(day),
        content_hash=str(hash(frozenset(keys))) + day,
        files="demo.csv",
        format="test",
        statements=frozenset(keys),
    )


KARPOV = {"$schema": ["Person"], "name": ["Pavel Karpov"], "birthDate": ["1977-08-27"]}
KARPOV_AMENDED = {**KARPOV, "alias": ["Pavel Karpow"]}
BANK = {"$schema": ["Organization"], "name": ["Example Bank"]}


@pytest.fixture
def three_releases(store: Store) -> Registry:
    store_release(store, OFFICER, release("2021-01-01", {"1": KARPOV, "2": BANK}))
    store_release(store, OFFICER, release("2021-06-01", {"1": KARPOV_AMENDED, "2": BANK}))
    store_release(store, OFFICER, release("2022-01-01", {"1": KARPOV_AMENDED}))
    return Registry(store, OFFICER)


def test_history_lists_listed_amended_delisted(three_releases: Registry) -> None:
    events = three_releases.history("demo", "1")
    assert [(e.published.isoformat(), e.change.kind) for e in events] == [
        ("2021-01-01", "listed"),
        ("2021-06-01", "amended"),
    ]
    assert events[1].change.added == {"alias": ["Pavel Karpow"]}
    bank = three_releases.history("demo", "2")
    assert [e.change.kind for e in bank] == ["listed", "delisted"]
    assert bank[1].published == date(2022, 1, 1)


def test_show_as_of_a_date(three_releases: Registry) -> None:
    early = three_releases.show("demo", "1", date(2021, 3, 1))
    assert "alias" not in early.entity.properties
    assert early.release.seq == 1
    late = three_releases.show("demo", "1")
    assert late.entity.properties["alias"] == ["Pavel Karpow"]
    with pytest.raises(NotFound):
        three_releases.show("demo", "2")  # delisted in the latest release
    assert three_releases.show("demo", "2", date(2021, 12, 31)).entity.caption == "Example Bank"
    with pytest.raises(NotFound):
        three_releases.show("demo", "1", date(2020, 1, 1))


def test_diff_between_releases(three_releases: Registry) -> None:
    d = three_releases.diff("demo", date(2021, 1, 1), date(2022, 1, 1))
    kinds = {c.source_id: c.kind for c in d.changes}
    assert kinds == {"1": "amended", "2": "delisted"}
    latest = three_releases.diff("demo")
    assert [c.kind for c in latest.changes] == ["delisted"]
    first = three_releases.diff("demo", None, date(2021, 1, 1))
    assert {c.kind for c in first.changes} == {"listed"}


def test_statements_are_stored_once_across_releases(three_releases: Registry) -> None:
    from sqlalchemy import func, select

    from watchlist.store.tables import statements

    with three_releases.store.read() as conn:
        count = conn.execute(
            select(func.count()).where(statements.c.value == "Pavel Karpov")
        ).scalar_one()
    assert count == 1


def test_repeated_content_adds_no_release(store: Store) -> None:
    content = release("2021-01-01", {"1": KARPOV})
    first = store_release(store, OFFICER, content)
    again = store_release(store, OFFICER, content)
    assert not first.unchanged and again.unchanged
    assert Registry(store, OFFICER).lists()[0].releases == 1


def test_older_release_is_refused(store: Store) -> None:
    store_release(store, OFFICER, release("2021-06-01", {"1": KARPOV}))
    with pytest.raises(Conflict, match="older than the latest"):
        store_release(store, OFFICER, release("2021-01-01", {"1": KARPOV_AMENDED}))
    assert Registry(store, OFFICER).lists()[0].releases == 1


def test_lists_counts_current_entities(three_releases: Registry) -> None:
    (summary,) = three_releases.lists()
    assert (summary.releases, summary.entities, summary.last_release) == (3, 1, date(2022, 1, 1))


def test_a_list_may_return_to_an_earlier_state(store: Store) -> None:
    first = release("2021-01-01", {"1": KARPOV})
    store_release(store, OFFICER, first)
    store_release(store, OFFICER, release("2021-02-01", {"1": KARPOV, "2": BANK}))
    # the first file again, undated: an old file re-imported, nothing changes
    again = store_release(store, OFFICER, replace(first, dated=False, published=date(2021, 3, 1)))
    assert again.unchanged and again.seq == 1
    # the same content published later: the bank was delisted, a new release
    back = store_release(store, OFFICER, replace(first, published=date(2021, 3, 1)))
    assert not back.unchanged and back.seq == 3
    events = Registry(store, OFFICER).history("demo", "2")
    assert [e.change.kind for e in events] == ["listed", "delisted"]
