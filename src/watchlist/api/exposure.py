"""The one rule before listening: beyond loopback only once some API key can authenticate."""

from __future__ import annotations

import ipaddress

from watchlist.auth.users import active_keys
from watchlist.errors import WatchlistError
from watchlist.store.db import Store


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(store: Store, host: str) -> None:
    """Refuse to listen on `host` beyond this machine while no key is configured."""
    if is_loopback(host):
        return
    with store.read() as conn:
        if active_keys(conn) > 0:
            return
    raise WatchlistError(
        f"refusing to listen on {host} with no API key configured: create one with "
        "`watchlist users add` and `watchlist keys create`, or listen on 127.0.0.1"
    )
