"""Writing a release in a transaction of its own, as the tests that build stores by hand need:
as the registry's import writes one, without its audit record."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from watchlist.model.access import Actor
from watchlist.store.db import Store
from watchlist.store.releases import (
    ReleaseContent,
    ReleaseInfo,
    concurrent_import,
    write_release,
)


def store_release(store: Store, actor: Actor, content: ReleaseContent) -> ReleaseInfo:
    try:
        with store.begin() as conn:
            return write_release(conn, actor, content)
    except IntegrityError:
        raise concurrent_import(content.source) from None
