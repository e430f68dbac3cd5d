"""Signing in to the web UI with a name and a password, and the sessions that follow.

A session is a random token in an HttpOnly cookie; the store keeps only its SHA-256. It ends
when its user signs out, after `idle` without a request, after `max_age` in all, or as soon as
its user is disabled. Too many wrong passwords in a row lock the user out for a while; every
sign-in, lock-out and sign-out is in the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import append
from watchlist.auth.keys import Unauthenticated, aware
from watchlist.auth.passwords import hash_password, needs_rehash, store_hash, verify_password
from watchlist.auth.tables import ui_sessions, users
from watchlist.auth.users import User, _user
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store

#: A session's last request is written at most this often (not on every page).
TOUCH_EVERY = timedelta(seconds=30)

WRONG = "wrong user name or password"


@dataclass(frozen=True)
class Policy:
    """How long sessions last and when failed sign-ins lock a user out."""

    idle: timedelta = timedelta(minutes=30)
    max_age: timedelta = timedelta(hours=12)
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


class LockedOut(Unauthenticated):
    """Too many wrong passwords in a row: no sign-in until `until`."""

    status = 429

    def __init__(self, until: datetime) -> None:
        super().__init__(
            f"too many failed sign-ins: try again after {until.strftime('%H:%M')} UTC, "
            "or ask an admin to set a new password"
        )
        self.until = until


@dataclass(frozen=True)
class Session:
    """A signed-in user, as a request finds them through the session cookie."""

    id: str  # the SHA-256 of the token, as stored
    user: User
    csrf: str  # the token forms must carry, derived from the cookie's token

    @property
    def actor(self) -> Actor:
        return self.user.actor


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(token: str) -> str:
    """The CSRF token of a session: a MAC of the cookie's token a page from elsewhere cannot
    read or compute, and the store does not hold."""
    return hmac.new(token.encode("utf-8"), b"watchlist csrf", hashlib.sha256).hexdigest()


def csrf_matches(session_token: str, presented: str) -> bool:
    return hmac.compare_digest(csrf_token(session_token), presented or "")


def sign_in(
    store: Store, name: str, password: str, policy: Policy, now: datetime | None = None
) -> str:
    """A new session's token for `name` with `password`; Unauthenticated (the same words for an
    unknown name and a wrong password) or LockedOut otherwise. A failure is recorded (the count,
    the audit record) before it is refused."""
    now = now or datetime.now(UTC)
    name = name.strip()
    refusal: Unauthenticated | None = None
    with store.begin() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first() if name else None
        stored = row.password_hash if row is not None else None
        good = verify_password(stored, password)
        if row is None:
            raise Unauthenticated(WRONG)
        actor = Actor(row.name, Classification(row.clearance))
        subject = f"user:{row.name}"
        if row.locked_until is not None and aware(row.locked_until) > now:
            append(conn, actor, AuditAction.USER_SIGNIN_REFUSED, subject, {"locked": True})
            refusal = LockedOut(aware(row.locked_until))
        elif not good or row.disabled_at is not None:
            failures = row.failed_signins + 1
            if failures >= policy.max_failures:
                until = now + policy.lockout
                values: dict[str, object] = {"failed_signins": 0, "locked_until": until}
                append(conn, actor, AuditAction.USER_LOCKED, subject, {"failures": failures})
                refusal = LockedOut(until)
            else:
                values = {"failed_signins": failures}
                append(conn, actor, AuditAction.USER_SIGNIN_FAILED, subject, {"failures": failures})
                refusal = Unauthenticated(WRONG)
            conn.execute(update(users).where(users.c.name == row.name).values(**values))
        else:
            token = secrets.token_urlsafe(32)
            conn.execute(
                update(users)
                .where(users.c.name == row.name)
                .values(failed_signins=0, locked_until=None)
            )
            if stored is not None and needs_rehash(stored):
                store_hash(conn, row.name, hash_password(password))
            conn.execute(
                ui_sessions.insert().values(
                    id=session_id(token),
                    user_name=row.name,
                    created_at=now,
                    last_seen=now,
                    ended_at=None,
                )
            )
            append(conn, actor, AuditAction.USER_SIGNIN, subject, {})
    if refusal is not None:
        raise refusal
    return token


def find_session(
    store: Store, token: str, policy: Policy, now: datetime | None = None
) -> Session | None:
    """The live session of this token, its last request noted; None when there is none (never
    was, signed out, idle too long, too old, or its user disabled)."""
    if not token or len(token) > 200:
        return None
    now = now or datetime.now(UTC)
    sid = session_id(token)
    with store.read() as conn:
        row = conn.execute(
            select(
                users,
                ui_sessions.c.created_at.label("session_created"),
                ui_sessions.c.last_seen,
                ui_sessions.c.ended_at,
            )
            .join(users, users.c.name == ui_sessions.c.user_name)
            .where(ui_sessions.c.id == sid)
        ).first()
    if row is None or row.ended_at is not None or row.disabled_at is not None:
        return None
    last = aware(row.last_seen)
    if now - last > policy.idle or now - aware(row.session_created) > policy.max_age:
        return None
    if now - last > TOUCH_EVERY:
        with store.begin() as conn:
            conn.execute(update(ui_sessions).where(ui_sessions.c.id == sid).values(last_seen=now))
    return Session(sid, _user(row), csrf_token(token))


def sign_out(store: Store, token: str, now: datetime | None = None) -> None:
    """End the session of this token (nothing when it is not live)."""
    now = now or datetime.now(UTC)
    sid = session_id(token)
    with store.begin() as conn:
        row = conn.execute(
            select(ui_sessions.c.user_name, users.c.clearance)
            .join(users, users.c.name == ui_sessions.c.user_name)
            .where(ui_sessions.c.id == sid, ui_sessions.c.ended_at.is_(None))
        ).first()
        if row is None:
            return
        conn.execute(update(ui_sessions).where(ui_sessions.c.id == sid).values(ended_at=now))
        actor = Actor(row.user_name, Classification(row.clearance))
        append(conn, actor, AuditAction.USER_SIGNOUT, f"user:{row.user_name}", {})
