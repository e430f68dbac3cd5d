"""watchlist: a sanctions-list registry with full history, and screening that explains itself.

`watchlist.Watchlist` is the library's one face (`watchlist.facade`); it is imported on first
use, so `import watchlist` (and the CLI's start) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from watchlist import compiled

# An extension older than its source (a source checkout edited since the last build) is not
# run, nor any with WATCHLIST_PURE=1: the sources are (watchlist.compiled).
compiled.use_sources_if_stale()

if TYPE_CHECKING:
    from watchlist.facade import ActorWatchlist, Watchlist

__version__ = "0.1.0"
__all__ = ["ActorWatchlist", "Watchlist", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("Watchlist", "ActorWatchlist"):
        from watchlist import facade

        return getattr(facade, name)
    raise AttributeError(f"module 'watchlist' has no attribute {name!r}")
