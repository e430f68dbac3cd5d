"""API users and keys: a key authenticates its user until revoked or expired; a hash is kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from watchlist.audit import verify_store
from watchlist.auth import Role, Unauthenticated, Users
from watchlist.auth.tables import api_keys
from watchlist.errors import AccessDenied, Conflict, InvalidInput, NotFound
from watchlist.model.access import Actor, Classification
from watchlist.settings import get_settings
from watchlist.store.db import Store

ADMIN = Actor("root", Classification.SECRET)


def test_a_key_authenticates_its_user_until_revoked(store: Store) -> None:
    users = Users(store, ADMIN)
    users.add("ana", Role.ANALYST, Classification.CONFIDENTIAL)
    created = users.create_key("ana")
    caller = users.authenticate(created.secret)
    assert (caller.name, caller.role, caller.clearance) == (
        "ana",
        Role.ANALYST,
        Classification.CONFIDENTIAL,
    )
    assert caller.key_id == created.key.id
    users.revoke(created.key.id)
    with pytest.raises(Unauthenticated, match="revoked"):
        users.authenticate(created.secret)
    assert [k.state(datetime.now(UTC)) for k in users.keys("ana")] == ["revoked"]
    assert verify_store(store).ok


def test_only_the_hash_of_the_secret_is_stored(store: Store) -> None:
    users = Users(store, ADMIN)
    users.add("ana", Role.SCREENER, Classification.PUBLIC)
    created = users.create_key("ana")
    secret = created.secret.split("_", 2)[2]
    with store.read() as conn:
        row = conn.execute(select(api_keys)).one()
    assert secret not in " ".join(str(v) for v in row)
    assert len(row.secret_hash) == 64


@pytest.mark.parametrize(
    "mangle, problem",
    [
        (lambda k: k[:-1] + ("A" if k[-1] != "A" else "B"), "unknown API key"),
        (lambda k: "wl_0000000000000000_" + k.split("_", 2)[2], "unknown API key"),
        (lambda k: k.replace("wl_", "xx_"), "not an API key"),
        (lambda k: "", "not an API key"),
    ],
)
def test_a_wrong_key_is_refused(store: Store, mangle: object, problem: str) -> None:
    users = Users(store, ADMIN)
    users.add("ana", Role.SCREENER, Classification.PUBLIC)
    created = users.create_key("ana")
    with pytest.raises(Unauthenticated, match=problem):
        users.authenticate(mangle(created.secret))  # type: ignore[operator]


def test_an_expired_key_is_refused(store: Store) -> None:
    users = Users(store, ADMIN)
    users.add("ana", Role.SCREENER, Classification.PUBLIC)
    created = users.create_key("ana", days=1)
    with store.begin() as conn:
        past = datetime.now(UTC) - timedelta(seconds=1)
        conn.execute(update(api_keys).values(expires_at=past))
    with pytest.raises(Unauthenticated, match="expired"):
        users.authenticate(created.secret)


def test_user_and_key_errors(store: Store) -> None:
    users = Users(store, Actor("admin", Classification.RESTRICTED))
    users.add("ana", Role.SCREENER, Classification.PUBLIC)
    with pytest.raises(Conflict, match="exists already"):
        users.add("ana", Role.ADMIN, Classification.PUBLIC)
    with pytest.raises(AccessDenied, match="above your own"):
        users.add("bob", Role.ADMIN, Classification.SECRET)
    with pytest.raises(InvalidInput, match="user name"):
        users.add("a b", Role.ADMIN, Classification.PUBLIC)
    with pytest.raises(NotFound, match="no user"):
        users.create_key("zed")
    with pytest.raises(InvalidInput, match="days"):
        users.create_key("ana", days=0)
    with pytest.raises(NotFound, match="no API key"):
        users.revoke("nope")


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.allows(Role.SUPERVISOR) and Role.ANALYST.allows(Role.ANALYST)
    assert not Role.SCREENER.allows(Role.ANALYST)
    with pytest.raises(InvalidInput, match="screener, analyst, supervisor, admin"):
        Role.parse("boss")


def test_cli_users_and_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchlist.cli.app import app

    monkeypatch.setenv("WATCHLIST_DB", f"sqlite:///{tmp_path}/cli.db")
    get_settings.cache_clear()
    try:
        cli = CliRunner()
        result = cli.invoke(
            app, ["users", "add", "ana", "--role", "admin", "--clearance", "secret"]
        )
        assert result.exit_code == 0, result.output
        result = cli.invoke(app, ["keys", "create", "ana", "--json"])
        assert result.exit_code == 0, result.output
        created = json.loads(result.stdout)
        assert set(created) >= {"id", "key"} and created["key"].startswith("wl_")
        listed = cli.invoke(app, ["keys", "list", "--json"])
        assert created["key"] not in listed.output
        assert json.loads(listed.stdout)[0]["state"] == "active"
        result = cli.invoke(app, ["keys", "revoke", created["id"]])
        assert result.exit_code == 0 and "revoked" in result.output
        result = cli.invoke(app, ["users", "add", "bob", "--role", "boss"])
        assert result.exit_code == 2 and "unknown role 'boss'" in result.output
        store = Store.open(f"sqlite:///{tmp_path}/cli.db")
        try:
            with pytest.raises(Unauthenticated):
                Users(store, ADMIN).authenticate(created["key"])
        finally:
            store.close()
    finally:
        get_settings.cache_clear()
