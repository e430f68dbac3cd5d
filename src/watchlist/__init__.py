"""watchlist: a sanctions-list registry with full history, and screening that explains itself."""

__version__ = "0.1.0"
