"""The statement store: sources, releases and statements with release intervals."""

from watchlist.store.db import Store

__all__ = ["Store"]
