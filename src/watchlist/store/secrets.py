"""Secrets the store keeps for itself, readable by the system actor only."""

from __future__ import annotations

from sqlalchemy import Connection, select

from watchlist.errors import AccessDenied, NotFound
from watchlist.model.access import SYSTEM, Actor
from watchlist.store.tables import store_secrets

#: The HMAC key of the opaque references given for restricted hits.
REFERENCE_KEY = "reference_key"


def read_secret(conn: Connection, actor: Actor, name: str) -> bytes:
    """A secret of the store, for the system's own use: never for a user, a page or a log."""
    if actor is not SYSTEM:
        raise AccessDenied("the store's secrets are the system's own")
    value = conn.execute(select(store_secrets.c.value).where(store_secrets.c.name == name)).scalar()
    if value is None:
        raise NotFound(f"the store keeps no secret {name!r}: upgrade its schema")
    return bytes.fromhex(value)
