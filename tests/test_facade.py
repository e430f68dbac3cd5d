"""The facade: one long-lived screener swapped when a release lands, imports audited in their own
transaction, the same validation as the CLI, and every read as the actor may see it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.screening.lists import PUBLIC, SECRET, release
from watchlist import ActorWatchlist, Watchlist
from watchlist.audit.verify import export
from watchlist.errors import InvalidInput, WatchlistError
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.screening import Query
from watchlist.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
OFFICER = Actor("officer", Classification.SECRET)
CLERK = Actor("clerk", Classification.PUBLIC)


@pytest.fixture
def watchlist(db_url: str) -> Iterator[Watchlist]:
    with Watchlist.open(Settings(db=db_url)) as found:
        release(found.store, "public_list", PUBLIC)
        release(found.store, "secret_list", SECRET, classification=Classification.SECRET)
        found.live.recheck_seconds = 0.0  # look at the store's version on every call
        yield found


def test_one_screener_serves_every_actor_until_a_release_lands(watchlist: Watchlist) -> None:
    first = watchlist.current()
    officer, clerk = watchlist.for_actor(OFFICER), watchlist.for_actor(CLERK)
    assert officer.screen(Query("Georgy Zhukov"))[0].source_id == "P1"
    assert clerk.screen(Query("Georgy Zhukov"))[0].source_id == "P1"
    assert watchlist.current() is first  # no release landed: the same screener

    # A release written by another process's facade (another server, the CLI) on the same store.
    with Watchlist.open(watchlist.settings) as other:
        late = StoredEntity("public_list", "P9", "Person", {"name": ["Ermolai Tsvetkov"]})
        release(other.store, "public_list", [*PUBLIC, late], published=date(2024, 2, 1))
    assert officer.screen(Query("Ermolai Tsvetkov"))[0].source_id == "P9"
    second = watchlist.current()
    assert second is not first
    assert {r.source: r.seq for r in second.releases}["public_list"] == 2
    assert first.screener.screen(Query("Ermolai Tsvetkov"), SYSTEM) == []  # kept as it was


def test_restricted_hits_reach_an_uncleared_actor_as_references_only(
    watchlist: Watchlist,
) -> None:
    [hit] = watchlist.for_actor(CLERK).screen(Query("Bartholomew Quixley"))
    assert hit.restricted and hit.ref and hit.source is None and hit.caption is None
    [seen] = watchlist.for_actor(OFFICER).screen(Query("Bartholomew Quixley"))
    assert (seen.source, seen.source_id, seen.restricted) == ("secret_list", "S1", False)


def karpov(**fields: list[str] | str) -> Query:
    return Query.from_fields("Pavel Karpov", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "field", "code"),
    [
        (lambda me: me.screen(karpov(), threshold=5), "threshold", "out_of_range"),
        (lambda me: me.screen(karpov(birth_dates=["1999-99-99"])), "birth_dates", "invalid_date"),
        (lambda me: me.screen(karpov(schema="Banana")), "schema", "unknown_schema"),
        (lambda me: me.screen(Query.from_fields("  ")), "name", "required"),
    ],
)
def test_bad_input_through_the_facade_names_the_field_with_the_cli_codes(
    watchlist: Watchlist, call: object, field: str, code: str
) -> None:
    me = watchlist.for_actor(OFFICER)
    with pytest.raises(InvalidInput) as err:
        call(me)  # type: ignore[operator]
    assert (err.value.field, err.value.code) == (field, code)


def test_an_import_and_its_audit_record_commit_together(
    watchlist: Watchlist, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = watchlist.for_actor(OFFICER)
    files = sorted((FIXTURES / "us_ofac_sdn").glob("*.csv"))
    before = [s.source for s in officer.lists()]

    def broken(*args: object) -> None:
        raise WatchlistError("the audit log is unwritable")

    monkeypatch.setattr("watchlist.registry.imports.record_import", broken)
    with pytest.raises(WatchlistError, match="unwritable"):
        officer.import_lists(files)
    assert [s.source for s in officer.lists()] == before  # no release without its record
    monkeypatch.undo()

    [info] = officer.import_lists(files, origin="sdn.zip from the publisher")
    with watchlist.store.read() as conn:
        records = [r for r in export(conn, OFFICER) if r["action"] == "list.import"]
    details = [(r["subject"], r["detail"]) for r in records]
    assert [(s, d["release"], d["origin"]) for s, d in details] == [  # type: ignore[index]
        (f"list:{info.source}", info.seq, "sdn.zip from the publisher")
    ]
    assert officer.verify_audit().ok


def test_the_facade_is_what_the_package_exports(watchlist: Watchlist) -> None:
    me = watchlist.for_actor(CLERK)
    assert isinstance(me, ActorWatchlist) and me.actor == CLERK
    assert [s.source for s in me.lists()] == ["public_list"]  # the secret list is not named


def test_an_actor_without_a_name_is_refused_when_built() -> None:
    with pytest.raises(InvalidInput) as err:
        Actor("  ", Classification.SECRET)
    assert (err.value.field, err.value.code) == ("actor", "required")


def test_a_server_screens_the_generation_in_force_and_never_loads_on_a_read(
    db_url: str,
) -> None:
    """On a server's facade (`serving`: refreshed on a thread of its own) a read takes the
    generation in force as it is: not ready before the first load, the old releases until the
    next refresh, and one `Screening` names the releases of every answer taken from it."""
    with Watchlist.open(Settings(db=db_url), serving=True) as served:
        release(served.store, "public_list", PUBLIC)
        clerk = served.for_actor(CLERK)
        with pytest.raises(WatchlistError) as refused:
            clerk.screening()
        assert refused.value.code == "not_ready" and refused.value.status == 503
        assert served.live.loaded is None  # the read did not load the index itself

        served.live.refresh()
        held = clerk.screening()
        late = StoredEntity("public_list", "P9", "Person", {"name": ["Ermolai Tsvetkov"]})
        release(served.store, "public_list", [*PUBLIC, late], published=date(2024, 2, 1))
        assert clerk.screen(Query("Ermolai Tsvetkov")) == []  # not refreshed yet
        served.live.refresh()
        assert clerk.screen(Query("Ermolai Tsvetkov"))[0].source_id == "P9"
        assert held.screen(Query("Ermolai Tsvetkov")) == []  # a request keeps its generation
        assert held.releases()["public_list"]["release"] == 1
        assert clerk.screening().releases()["public_list"]["release"] == 2
