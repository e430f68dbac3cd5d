"""Opaque references to restricted hits: an HMAC of source:id that only the key holder maps back.

The key is the configured one (WATCHLIST_SCREENING_KEY) or else the store's own, made when the
store was created: never one per machine, so every server and worker on one store gives the
same reference for the same hit.
"""

from __future__ import annotations

import hashlib
import hmac

from watchlist.model.access import SYSTEM
from watchlist.settings import Settings
from watchlist.store.db import Store
from watchlist.store.secrets import REFERENCE_KEY, read_secret


def reference_key(store: Store, settings: Settings | None = None) -> bytes:
    """The HMAC key in force for `store`: the configured key if set, else the store's own."""
    if settings is not None and settings.screening_key is not None:
        return settings.screening_key.get_secret_value().encode("utf-8")
    with store.read() as conn:
        return read_secret(conn, SYSTEM, REFERENCE_KEY)


def make_ref(source: str, source_id: str, key: bytes) -> str:
    """An unguessable, stable reference to one listed entity."""
    digest = hmac.new(key, f"{source}:{source_id}".encode(), hashlib.sha256)
    return "r-" + digest.hexdigest()[:32]
