"""Managing API users and keys, each change audited; what `watchlist users`/`keys` and
/v1/admin call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, update

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import append
from watchlist.auth.keys import ApiKey, Caller, CreatedKey, authenticate, aware, create_key, to_key
from watchlist.auth.roles import Role
from watchlist.auth.tables import api_keys, users
from watchlist.errors import AccessDenied, Conflict, InvalidInput, NotFound
from watchlist.model.access import Actor, Classification
from watchlist.store.db import Store

#: How long a key lives unless told otherwise.
DEFAULT_KEY_DAYS = 365
MAX_KEY_DAYS = 3650


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    clearance: Classification
    created_at: datetime
    disabled: bool = False

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.clearance)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role.value,
            "clearance": self.clearance.value,
            "created_at": self.created_at.isoformat(),
            "disabled": self.disabled,
        }


def valid_user_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 255 or not all(c.isalnum() or c in "_-.@" for c in name):
        raise InvalidInput(
            f"invalid user name {name!r}: use letters, digits, '_', '-', '.', '@'", field="name"
        )
    return name


def _user(row: Any) -> User:
    return User(
        row.name,
        Role(row.role),
        Classification(row.clearance),
        aware(row.created_at),
        row.disabled_at is not None,
    )


def find_user(conn: Connection, name: str) -> User:
    row = conn.execute(select(users).where(users.c.name == name)).first()
    if row is None:
        raise NotFound(f"no user named {name!r}")
    return _user(row)


def active_keys(conn: Connection, now: datetime | None = None) -> int:
    """How many keys could authenticate now (the server will not listen openly with none)."""
    now = now or datetime.now(UTC)
    return int(
        conn.execute(
            select(func.count())
            .select_from(api_keys)
            .join(users, users.c.name == api_keys.c.user_name)
            .where(
                api_keys.c.revoked_at.is_(None),
                api_keys.c.expires_at > now,
                users.c.disabled_at.is_(None),
            )
        ).scalar_one()
    )


class Users:
    """API users and keys, as an operator or an admin manages them."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    def add(self, name: str, role: Role, clearance: Classification) -> User:
        """A new user; nobody grants a clearance above their own."""
        name = valid_user_name(name)
        if not self.actor.may_read(clearance):
            raise AccessDenied(f"cannot grant {clearance.value} clearance above your own")
        with self.store.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise Conflict(f"a user named {name!r} exists already")
            user = User(name, role, clearance, datetime.now(UTC))
            conn.execute(
                users.insert().values(
                    name=name,
                    role=role.value,
                    clearance=clearance.value,
                    created_at=user.created_at,
                    disabled_at=None,
                )
            )
            detail: dict[str, object] = {"role": role.value, "clearance": clearance.value}
            append(conn, self.actor, AuditAction.USER_ADD, f"user:{name}", detail)
        return user

    def get(self, name: str) -> User:
        with self.store.read() as conn:
            return find_user(conn, name)

    def all(self) -> list[User]:
        with self.store.read() as conn:
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.name))]

    def create_key(self, user: str, days: int = DEFAULT_KEY_DAYS) -> CreatedKey:
        """A new key for `user`, valid for `days`; its secret is in the result only."""
        if not 1 <= days <= MAX_KEY_DAYS:
            raise InvalidInput(
                f"days: a key lives 1 to {MAX_KEY_DAYS} days, not {days}",
                code="out_of_range",
                field="days",
            )
        with self.store.begin() as conn:
            owner = find_user(conn, user)
            if not self.actor.may_read(owner.clearance):
                raise AccessDenied(f"cannot create a key for a user cleared above you ({user!r})")
            now = datetime.now(UTC)
            created = create_key(conn, owner.name, now, now + timedelta(days=days))
            detail: dict[str, object] = {
                "key": created.key.id,
                "expires_at": created.key.expires_at.isoformat(),
            }
            append(conn, self.actor, AuditAction.KEY_CREATE, f"user:{owner.name}", detail)
        return created

    def keys(self, user: str | None = None) -> list[ApiKey]:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
        if user is not None:
            query = query.where(api_keys.c.user_name == user)
        with self.store.read() as conn:
            return [to_key(r) for r in conn.execute(query)]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key at once; revoking it again changes nothing."""
        with self.store.begin() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id.strip())).first()
            if row is None:
                raise NotFound(f"no API key {key_id!r}")
            key = to_key(row)
            if key.revoked_at is not None:
                return key
            now = datetime.now(UTC)
            conn.execute(update(api_keys).where(api_keys.c.id == key.id).values(revoked_at=now))
            append(conn, self.actor, AuditAction.KEY_REVOKE, f"user:{key.user}", {"key": key.id})
        return ApiKey(key.id, key.user, key.created_at, key.expires_at, now)

    def authenticate(self, key: str) -> Caller:
        with self.store.read() as conn:
            return authenticate(conn, key)
