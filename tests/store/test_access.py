"""Confidential lists: an uncleared actor learns nothing of their contents from any read."""

from __future__ import annotations

import pytest

from tests.store.releases import store_release
from tests.store.test_history import release
from watchlist.errors import AccessDenied, Conflict, NotFound, WatchlistError
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.store.db import Store
from watchlist.store.lists import CREATE_REFUSED
from watchlist.store.reads import current_entities

OFFICER = Actor("officer", Classification.SECRET)
CLERK = Actor("clerk", Classification.PUBLIC)
SECRET_NAME = "Ivan Undisclosed"


@pytest.fixture
def confidential(store: Store) -> Store:
    Registry(store, OFFICER).create_list(
        "magnitsky_own", "Own Magnitsky list", Classification.CONFIDENTIAL
    )
    store_release(
        store,
        OFFICER,
        release(
            "2024-01-01",
            {"X-77": {"$schema": ["Person"], "name": [SECRET_NAME]}},
            source="magnitsky_own",
        ),
    )
    store_release(
        store,
        OFFICER,
        release("2024-01-01", {"1": {"$schema": ["Person"], "name": ["Public Person"]}}),
    )
    return store


def _message(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except WatchlistError as exc:
        return exc.message
    raise AssertionError("expected an error")


def test_cleared_officer_sees_the_list(confidential: Store) -> None:
    reg = Registry(confidential, OFFICER)
    assert {r.source for r in reg.lists()} == {"demo", "magnitsky_own"}
    assert reg.show("magnitsky_own", "X-77").entity.caption == SECRET_NAME


def test_uncleared_actor_sees_no_trace(confidential: Store) -> None:
    reg = Registry(confidential, CLERK)
    summaries = reg.lists()
    assert [r.source for r in summaries] == ["demo"]
    assert summaries[0].entities == 1  # the confidential entity is not counted
    for call in (
        lambda: reg.show("magnitsky_own", "X-77"),
        lambda: reg.history("magnitsky_own", "X-77"),
        lambda: reg.diff("magnitsky_own"),
        lambda: list(reg.export("magnitsky_own")),
    ):
        message = _message(call)
        assert SECRET_NAME not in message and "Ivan" not in message
        assert "confidential" not in message.lower()
    # the same message as for a list that does not exist at all
    with pytest.raises(NotFound) as missing:
        reg.show("no_such_list", "1")
    with pytest.raises(NotFound) as hidden:
        reg.show("magnitsky_own", "1")
    assert str(missing.value).replace("no_such_list", "") == str(hidden.value).replace(
        "magnitsky_own", ""
    )
    with confidential.read() as conn:
        names = [e.caption for e in current_entities(conn, CLERK)]
    assert names == ["Public Person"]


@pytest.mark.parametrize("level", ["public", "restricted", "confidential"])
def test_only_an_actor_cleared_for_all_creates_lists(confidential: Store, level: str) -> None:
    actor = Actor("clerk", Classification(level))
    reg = Registry(confidential, actor)
    before = Registry(confidential, OFFICER).lists()
    answers = set()
    for name in ("magnitsky_own", "demo", "fresh"):  # hidden, visible, missing
        for cls in Classification:
            with pytest.raises(AccessDenied) as refused:
                reg.create_list(name, "X", cls)
            answers.add(refused.value.message)
    assert answers == {CREATE_REFUSED}
    assert Registry(confidential, OFFICER).lists() == before
    with pytest.raises(Conflict, match="'magnitsky_own' exists already"):
        Registry(confidential, OFFICER).create_list("magnitsky_own", "X", Classification.PUBLIC)
