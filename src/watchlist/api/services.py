"""What the routes reach the library through, built once per worker: the facade (its store and
live screener), the index's refresh thread, the audit writer, the key cache and the rate limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from watchlist.api.index import ScreeningIndex
from watchlist.api.querylog import QueryLog
from watchlist.api.settings import ApiSettings
from watchlist.facade import ActorWatchlist, Watchlist
from watchlist.model.access import Actor
from watchlist.settings import Settings
from watchlist.store.db import Store

if TYPE_CHECKING:
    from watchlist.api.auth import KeyCache, RateLimit


@dataclass
class Services:
    watchlist: Watchlist
    settings: Settings
    api: ApiSettings
    store: Store
    index: ScreeningIndex
    audit: QueryLog
    keys: KeyCache
    rate: RateLimit

    @classmethod
    def start(cls, settings: Settings, api: ApiSettings) -> Services:
        from watchlist.api.auth import KeyCache, RateLimit

        # the index's own thread keeps the screener fresh and decodes it, off the request path
        watchlist = Watchlist.open(settings, serving=True)
        store = watchlist.store
        index = ScreeningIndex(watchlist.live, api.api_index_refresh)
        index.start()
        return cls(
            watchlist=watchlist,
            settings=settings,
            api=api,
            store=store,
            index=index,
            audit=QueryLog(store),
            keys=KeyCache(api.api_key_cache),
            rate=RateLimit(store, api.api_rate_limit),
        )

    def as_actor(self, actor: Actor) -> ActorWatchlist:
        """Every capability of the library as `actor` uses it."""
        return self.watchlist.for_actor(actor)

    def stop(self) -> None:
        self.index.stop()
        self.audit.close()
        self.store.close()


async def services(request: Request) -> Services:
    """The worker's services (on the event loop: no thread of the pool for an attribute)."""
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]
