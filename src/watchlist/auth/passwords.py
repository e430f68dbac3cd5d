"""Passwords of the web UI's users: argon2id hashes, set by an operator or an admin, audited.

Keys stay SHA-256 (see keys.py): a password is short and guessable, so it needs the slow hash.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, update

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import append
from watchlist.auth.tables import users
from watchlist.auth.users import find_user
from watchlist.errors import AccessDenied, InvalidInput
from watchlist.model.access import Actor
from watchlist.store.db import Store

#: Shorter passwords are refused; longer than this is refused too (argon2 hashes any length,
#: but a megabyte "password" is an attack on the server's time, not a password).
MIN_LENGTH = 10
MAX_LENGTH = 1024

_hasher = PasswordHasher()
#: Checked when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY = _hasher.hash("not a password of anyone")


def check_strength(password: str) -> str:
    """The password as given, or InvalidInput saying what is wrong with it."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"password: at least {MIN_LENGTH} characters, not {len(password)}")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"password: at most {MAX_LENGTH} characters")
    if password != password.strip():
        raise InvalidInput("password: no spaces at the start or the end")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether `password` is the one `stored` hashes; the same time spent when there is none."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


def store_hash(conn: Connection, name: str, hashed: str) -> None:
    conn.execute(update(users).where(users.c.name == name).values(password_hash=hashed))


def set_password(store: Store, actor: Actor, name: str, password: str) -> None:
    """Set a user's password (`watchlist users password NAME`); it also lifts a lock-out.

    Nobody sets the password of a user cleared above themselves."""
    hashed = hash_password(check_strength(password))
    with store.begin() as conn:
        user = find_user(conn, name)
        if not actor.may_read(user.clearance):
            raise AccessDenied(f"cannot set the password of a user cleared above you ({name!r})")
        conn.execute(
            update(users)
            .where(users.c.name == user.name)
            .values(password_hash=hashed, failed_signins=0, locked_until=None)
        )
        append(conn, actor, AuditAction.USER_PASSWORD, f"user:{user.name}", {})
