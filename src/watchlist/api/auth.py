"""Who is calling: the API key from the Authorization header, the caller's role, the rate limit.

`CurrentUser` is the dependency every guarded route takes; `Guard(role)` refuses a caller
whose role is below the route's.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from typing import Annotated

from fastapi import Depends, Request

from watchlist.api.errors import RateLimited
from watchlist.api.services import Services, ServicesDep
from watchlist.auth.keys import Caller, Unauthenticated, authenticate
from watchlist.auth.roles import Role
from watchlist.errors import AccessDenied

SCHEMES = ("apikey", "bearer")


def presented_key(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthenticated("an API key is needed: send 'Authorization: ApiKey <key>'")
    scheme, _, key = header.strip().partition(" ")
    if scheme.lower() not in SCHEMES or not key.strip():
        raise Unauthenticated("send the key as 'Authorization: ApiKey <key>' or 'Bearer <key>'")
    return key.strip()


class KeyCache:
    """Keys checked in the last few seconds, by the digest of the key (never the key)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._found: dict[str, tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Caller | None:
        if self.seconds <= 0:
            return None
        digest = hashlib.sha256(key.encode()).hexdigest()
        hit = self._found.get(digest)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, key: str, caller: Caller) -> None:
        if self.seconds <= 0:
            return
        digest = hashlib.sha256(key.encode()).hexdigest()
        with self._lock:
            if len(self._found) > 10_000:
                self._found.clear()
            self._found[digest] = (time.monotonic() + self.seconds, caller)


class RateLimit:
    """A token bucket per key: `per_minute` requests a minute, bursts up to a tenth of it."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1.0, per_minute / 10.0)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key_id: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens < 1.0:
                self._buckets[key_id] = (tokens, now)
                raise RateLimited(max(1, math.ceil((1.0 - tokens) / self.rate)))
            self._buckets[key_id] = (tokens - 1.0, now)


def current_user(request: Request, services: ServicesDep) -> Caller:
    """The caller, authenticated by key and within its rate limit."""
    key = presented_key(request)
    caller = services.keys.get(key)
    if caller is None:
        with services.store.read() as conn:
            caller = authenticate(conn, key)
        services.keys.put(key, caller)
    services.rate.take(caller.key_id)
    request.state.caller = caller
    return caller


CurrentUser = Annotated[Caller, Depends(current_user)]


class Guard:
    """Refuses a caller whose role is below `role`."""

    def __init__(self, role: Role) -> None:
        self.role = role

    def __call__(self, user: CurrentUser) -> None:
        if not user.role.allows(self.role):
            raise AccessDenied(
                f"this needs the {self.role.value} role; {user.name} is a {user.role.value}"
            )


__all__ = ["CurrentUser", "Guard", "Services", "current_user"]
