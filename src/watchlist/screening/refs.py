"""Opaque references to restricted hits: an HMAC of source:id that only the key holder maps back."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir

from watchlist.settings import get_settings


@lru_cache(maxsize=1)
def reference_key() -> bytes:
    """The HMAC key: WATCHLIST_SCREENING_KEY if set, else a random key kept in the data dir."""
    configured = get_settings().screening_key
    if configured is not None:
        return configured.get_secret_value().encode("utf-8")
    path = Path(user_data_dir("watchlist", appauthor=False)) / "screening.key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as f:
        f.write(key.hex())
    return key


def make_ref(source: str, source_id: str, key: bytes | None = None) -> str:
    """An unguessable, stable reference to one listed entity (with `key`, or this machine's)."""
    digest = hmac.new(key or reference_key(), f"{source}:{source_id}".encode(), hashlib.sha256)
    return "r-" + digest.hexdigest()[:32]
