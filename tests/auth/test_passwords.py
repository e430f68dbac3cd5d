"""Passwords and sign-in sessions of the web UI, in the library: lock-out, idle time-out, the
longest session, signing out, a disabled user, `watchlist users password`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, select, update
from typer.testing import CliRunner

from watchlist.audit.tables import audit_log
from watchlist.audit.verify import verify
from watchlist.auth import Role, Unauthenticated, Users
from watchlist.auth.passwords import set_password
from watchlist.auth.sessions import (
    LockedOut,
    Policy,
    csrf_matches,
    find_session,
    sign_in,
    sign_out,
)
from watchlist.auth.tables import ui_sessions, users
from watchlist.errors import AccessDenied, InvalidInput
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.store.db import Store

pytest.importorskip("argon2")

PASSWORD = "a long enough secret"
POLICY = Policy(
    idle=timedelta(minutes=30),
    max_age=timedelta(hours=12),
    max_failures=3,
    lockout=timedelta(minutes=15),
)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def ann(store: Store) -> Store:
    Users(store, SYSTEM).add("ann", Role.ANALYST, Classification.PUBLIC)
    set_password(store, SYSTEM, "ann", PASSWORD)
    return store


def test_the_store_keeps_an_argon2_hash_never_the_password(ann: Store) -> None:
    with ann.read() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.name == "ann")).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_session_lasts_while_used_and_ends_when_idle_or_too_old(ann: Store) -> None:
    token = sign_in(ann, "ann", PASSWORD, POLICY, now=T0)
    found = find_session(ann, token, POLICY, now=T0 + timedelta(minutes=29))
    assert found is not None and found.user.name == "ann" and found.user.role is Role.ANALYST
    assert csrf_matches(token, found.csrf) and not csrf_matches(token, "x" * 64)
    # each request moves the idle clock on
    assert find_session(ann, token, POLICY, now=T0 + timedelta(minutes=58)) is not None
    assert find_session(ann, token, POLICY, now=T0 + timedelta(minutes=89)) is None
    # used every few minutes, it still ends after max_age
    other = sign_in(ann, "ann", PASSWORD, POLICY, now=T0)
    at = T0
    while at < T0 + timedelta(hours=12):
        at += timedelta(minutes=20)
        alive = find_session(ann, other, POLICY, now=at)
        assert (alive is not None) == (at - T0 <= timedelta(hours=12)), at
    assert find_session(ann, "not a token", POLICY, now=T0) is None


def test_signing_out_ends_the_session_and_no_other(ann: Store) -> None:
    one = sign_in(ann, "ann", PASSWORD, POLICY, now=T0)
    two = sign_in(ann, "ann", PASSWORD, POLICY, now=T0)
    sign_out(ann, one, now=T0)
    assert find_session(ann, one, POLICY, now=T0) is None
    assert find_session(ann, two, POLICY, now=T0) is not None
    with ann.read() as conn:
        ids = {r.id for r in conn.execute(select(ui_sessions.c.id))}
    assert one not in ids and two not in ids  # only digests are stored


def test_wrong_passwords_lock_the_user_out_until_the_time_is_up(ann: Store) -> None:
    with pytest.raises(Unauthenticated, match="wrong user name or password") as unknown:
        sign_in(ann, "nobody", PASSWORD, POLICY, now=T0)
    for n in range(POLICY.max_failures - 1):
        with pytest.raises(Unauthenticated) as wrong:
            sign_in(ann, "ann", "not it at all", POLICY, now=T0 + timedelta(seconds=n))
        assert not isinstance(wrong.value, LockedOut)
        assert wrong.value.message == unknown.value.message
    with pytest.raises(LockedOut):
        sign_in(ann, "ann", "not it at all", POLICY, now=T0 + timedelta(minutes=1))
    # locked: the right password is refused too, until the lock-out ends
    with pytest.raises(LockedOut, match="too many failed sign-ins"):
        sign_in(ann, "ann", PASSWORD, POLICY, now=T0 + timedelta(minutes=10))
    assert sign_in(ann, "ann", PASSWORD, POLICY, now=T0 + timedelta(minutes=17))
    with ann.read() as conn:
        actions = [r["action"] for r in verify_actions(conn)]
    assert actions.count("user.signin_failed") == 2 and "user.locked" in actions
    assert "user.signin_refused" in actions and actions.count("user.signin") == 1


def verify_actions(conn: Connection) -> list[dict[str, str]]:
    """The actions in the audit trail, which verifies."""
    assert verify(conn).ok
    return [{"action": r.action} for r in conn.execute(select(audit_log.c.action))]


def test_a_disabled_user_can_neither_sign_in_nor_use_a_session(ann: Store) -> None:
    token = sign_in(ann, "ann", PASSWORD, POLICY, now=T0)
    with ann.begin() as conn:
        conn.execute(update(users).where(users.c.name == "ann").values(disabled_at=T0))
    assert find_session(ann, token, POLICY, now=T0) is None
    with pytest.raises(Unauthenticated):
        sign_in(ann, "ann", PASSWORD, POLICY, now=T0)


def test_passwords_too_short_or_above_ones_clearance_are_refused(ann: Store) -> None:
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        set_password(ann, SYSTEM, "ann", "short")
    Users(ann, SYSTEM).add("spy", Role.ADMIN, Classification.SECRET)
    with pytest.raises(AccessDenied):
        set_password(ann, Actor("admin", Classification.PUBLIC), "spy", PASSWORD)
    # a user with no password cannot sign in with any
    with pytest.raises(Unauthenticated):
        sign_in(ann, "spy", "", POLICY, now=T0)


def test_users_password_reads_standard_input(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchlist.cli.app import app
    from watchlist.settings import get_settings

    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("WATCHLIST_DB", url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["users", "add", "bob", "--role", "analyst"]).exit_code == 0
        result = runner.invoke(app, ["users", "password", "bob"], input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        bad = runner.invoke(app, ["users", "password", "bob"], input="short\n")
        assert bad.exit_code != 0 and "at least 10 characters" in bad.output
    finally:
        get_settings.cache_clear()
    store = Store.open(url)
    try:
        assert sign_in(store, "bob", PASSWORD, POLICY, now=T0)
    finally:
        store.close()
