"""Who is calling: the API key from the Authorization header, the caller's role, the rate limit.

`CurrentUser` is the dependency every guarded route takes; `Guard(role)` refuses a caller
whose role is below the route's. Both run on the event loop (a dependency declared `def`
is run in a thread of the pool, a hand-over to another thread and back for every request):
what may wait on the store (a key not checked lately, places of the rate limit to lease)
goes to the pool.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from watchlist.api.errors import RateLimited
from watchlist.api.services import Services, ServicesDep
from watchlist.auth.keys import Caller, Unauthenticated, authenticate
from watchlist.auth.roles import Role
from watchlist.errors import AccessDenied, Conflict
from watchlist.store import rates
from watchlist.store.db import Store

SCHEMES = ("apikey", "bearer")


def presented_key(request: Request) -> str:
    return key_in(request.headers.get("authorization"))


def key_in(header: str | None) -> str:
    """The key an Authorization header presents (Unauthenticated if none)."""
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


#: Most places a worker leases from the store at a time (see `RateLimit`).
MAX_LEASE = 50


class RateLimit:
    """`per_minute` requests a key may make each minute (since the epoch), counted in the store
    for every worker and server on it: beyond, 429 with Retry-After until the next minute.

    A worker leases places from the store a few at a time (a fiftieth of the limit, 1 to
    `MAX_LEASE`), so one request in many writes there. The limit is never exceeded; places a
    worker leased and did not use in its minute are lost, so a key with traffic on W workers
    may be refused up to W x (lease - 1) requests early in a minute. Once the store says a
    key's minute is spent, the worker refuses it until the minute ends without asking again.
    Servers on one store need clocks that agree (NTP) to share minutes.
    """

    def __init__(
        self, store: Store, per_minute: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.per_minute = per_minute
        self.lease = max(1, min(MAX_LEASE, per_minute // 50))
        self.clock = clock
        #: key id -> (minute, places leased and not used yet; -1 when the minute is spent)
        self._held: dict[str, tuple[int, int]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._forgotten = 0

    def take(self, key_id: str) -> None:
        """Admit one request of `key_id`, or raise RateLimited."""
        now = self.clock()
        minute = int(now // 60)
        with self._lock_of(key_id):
            held_minute, left = self._held.get(key_id, (minute, 0))
            if held_minute != minute:
                left = 0  # a new minute: places left of the last one are gone
            if left == 0:
                with self.store.begin() as conn:
                    left = rates.take(conn, key_id, minute, self.lease, self.per_minute) or -1
            if left < 0:
                self._held[key_id] = (minute, -1)
                raise RateLimited(max(1, math.ceil((minute + 1) * 60 - now)))
            self._held[key_id] = (minute, left - 1)
        if minute > self._forgotten:
            self._forget(minute)

    def take_held(self, key_id: str) -> bool:
        """Admit one request of `key_id` from the places this worker holds for the current
        minute, never waiting on the store or another thread: False when it cannot say
        (no place held, the minute spent or new, another thread on the key), and `take`
        must (it may wait on the store)."""
        minute = int(self.clock() // 60)
        if minute > self._forgotten:
            return False
        lock = self._lock_of(key_id)
        if not lock.acquire(blocking=False):
            return False
        try:
            held_minute, left = self._held.get(key_id, (minute, 0))
            if held_minute != minute or left <= 0:
                return False
            self._held[key_id] = (minute, left - 1)
            return True
        finally:
            lock.release()

    def _lock_of(self, key_id: str) -> threading.Lock:
        with self._lock:
            found = self._locks.get(key_id)
            if found is None:
                if len(self._locks) > 10_000:
                    self._locks.clear()
                    self._held.clear()
                found = self._locks[key_id] = threading.Lock()
            return found

    def _forget(self, minute: int) -> None:
        """Delete the store's counts of minutes before the last one, once a minute a worker (a
        transaction of its own, so no request waits on another worker's delete)."""
        self._forgotten = minute
        try:
            with self.store.begin() as conn:
                rates.forget_before(conn, minute - 1)
        except Conflict:
            pass  # another worker is deleting the same rows: nothing lost, next minute again


def checked_key(services: Services, key: str) -> Caller:
    """The caller a key belongs to, looked up in the store (Unauthenticated if none)."""
    with services.store.read() as conn:
        caller = authenticate(conn, key)
    services.keys.put(key, caller)
    return caller


async def current_user(request: Request, services: ServicesDep) -> Caller:
    """The caller, authenticated by key and within its rate limit."""
    key = presented_key(request)
    caller = services.keys.get(key)
    if caller is None:
        caller = await run_in_threadpool(checked_key, services, key)
    if not services.rate.take_held(caller.key_id):
        await run_in_threadpool(services.rate.take, caller.key_id)
    request.state.caller = caller
    return caller


CurrentUser = Annotated[Caller, Depends(current_user)]


class Guard:
    """Refuses a caller whose role is below `role`."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, user: CurrentUser) -> None:
        if not user.role.allows(self.role):
            raise AccessDenied(
                f"this needs the {self.role.value} role; {user.name} is a {user.role.value}"
            )


__all__ = ["CurrentUser", "Guard", "Services", "current_user"]
