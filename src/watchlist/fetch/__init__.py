"""Official download addresses of each list, change detection and the scheduled update."""

from watchlist.fetch.download import FetchError
from watchlist.fetch.sources import OFFICIAL, fetch_table
from watchlist.fetch.update import ListOutcome, UpdateReport, parse_interval, run_every, update

__all__ = [
    "OFFICIAL",
    "FetchError",
    "ListOutcome",
    "UpdateReport",
    "fetch_table",
    "parse_interval",
    "run_every",
    "update",
]
