"""API keys: random, shown once, stored as the SHA-256 of their secret, revocable, expiring.

A key reads `wl_<id>_<secret>`: the id finds the row, the secret (256 random bits) is compared
with its stored hash. A slow password hash such as argon2 buys nothing for a secret this long
and would cost every request milliseconds; it is what passwords need, not keys.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from watchlist.auth.roles import Role
from watchlist.auth.tables import api_keys, users
from watchlist.errors import ErrorCode, WatchlistError
from watchlist.model.access import Actor, Classification

PREFIX = "wl_"


class Unauthenticated(WatchlistError):
    """No key, or a key that is unknown, revoked or expired."""

    code: ErrorCode = "unauthenticated"


@dataclass(frozen=True)
class ApiKey:
    """What is kept of a key: never its secret."""

    id: str
    user: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"

    def to_dict(self, now: datetime | None = None) -> dict[str, object]:
        return {
            "id": self.id,
            "user": self.user,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "state": self.state(now or datetime.now(UTC)),
        }


@dataclass(frozen=True)
class CreatedKey:
    """A new key with its secret, which exists only here: shown once, never stored."""

    key: ApiKey
    secret: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.key.id,
            "key": self.secret,
            "user": self.key.user,
            "expires_at": self.key.expires_at.isoformat(),
        }


@dataclass(frozen=True)
class Caller:
    """The user a presented key belongs to, as authentication finds them."""

    name: str
    role: Role
    clearance: Classification
    key_id: str

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.clearance)


def aware(value: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_key(user: str, created: datetime, expires: datetime) -> tuple[dict[str, object], str]:
    """The row to insert for a new key, and the full key to show its owner once."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    row: dict[str, object] = {
        "id": key_id,
        "user_name": user,
        "secret_hash": secret_hash(secret),
        "created_at": created,
        "expires_at": expires,
        "revoked_at": None,
    }
    return row, f"{PREFIX}{key_id}_{secret}"


def split_key(key: str) -> tuple[str, str] | None:
    """(id, secret) of a key as presented, or None if it is not shaped as a key."""
    if not key.startswith(PREFIX):
        return None
    key_id, sep, secret = key[len(PREFIX) :].partition("_")
    if not sep or not key_id or not secret or len(key_id) > 40:
        return None
    return key_id, secret


def to_key(row: Any) -> ApiKey:
    """An api_keys row as an ApiKey."""
    return ApiKey(
        id=row.id,
        user=row.user_name,
        created_at=aware(row.created_at),
        expires_at=aware(row.expires_at),
        revoked_at=aware(row.revoked_at) if row.revoked_at else None,
    )


def authenticate(conn: Connection, key: str, now: datetime | None = None) -> Caller:
    """The user whose key this is; Unauthenticated for anything else, saying no more than the
    holder of the key may know (an unknown key and a wrong secret read the same)."""
    now = now or datetime.now(UTC)
    parts = split_key(key.strip())
    if parts is None:
        raise Unauthenticated("not an API key: keys read wl_<id>_<secret>")
    key_id, secret = parts
    row = conn.execute(
        select(api_keys, users.c.role, users.c.clearance, users.c.disabled_at)
        .join(users, users.c.name == api_keys.c.user_name)
        .where(api_keys.c.id == key_id)
    ).first()
    if row is None or not hmac.compare_digest(row.secret_hash, secret_hash(secret)):
        raise Unauthenticated("unknown API key")
    if row.revoked_at is not None:
        raise Unauthenticated(f"API key {key_id} was revoked")
    if aware(row.expires_at) <= now:
        raise Unauthenticated(f"API key {key_id} has expired")
    if row.disabled_at is not None:
        raise Unauthenticated(f"the user of API key {key_id} is disabled")
    return Caller(row.user_name, Role(row.role), Classification(row.clearance), key_id)


def create_key(conn: Connection, user: str, created: datetime, expires: datetime) -> CreatedKey:
    row, secret = new_key(user, created, expires)
    conn.execute(api_keys.insert().values(**row))
    return CreatedKey(ApiKey(str(row["id"]), user, created, expires, None), secret)
