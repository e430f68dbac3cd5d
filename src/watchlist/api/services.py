"""What the routes reach the library through, built once per worker: the store, the screening
index, the audit writer, the key cache and the rate limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from watchlist.api.index import ScreeningIndex
from watchlist.api.querylog import QueryLog
from watchlist.api.settings import ApiSettings
from watchlist.screening.refs import reference_key
from watchlist.settings import Settings
from watchlist.store.db import Store

if TYPE_CHECKING:
    from watchlist.api.auth import KeyCache, RateLimit


@dataclass
class Services:
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

        store = Store.open(settings=settings)
        index = ScreeningIndex(store, api.api_index_refresh, reference_key(store, settings))
        index.start()
        return cls(
            settings=settings,
            api=api,
            store=store,
            index=index,
            audit=QueryLog(store),
            keys=KeyCache(api.api_key_cache),
            rate=RateLimit(api.api_rate_limit),
        )

    def stop(self) -> None:
        self.index.stop()
        self.audit.close()
        self.store.close()


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]
