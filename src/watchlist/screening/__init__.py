"""Screening: the library's entry points for matching names against the lists."""

from watchlist.screening.model import Hit, Query
from watchlist.screening.screener import DEFAULT_THRESHOLD, Screener

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Query", "Screener"]
