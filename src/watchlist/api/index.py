"""The screening index of one worker: the facade's live screener, loaded at start-up and
refreshed by a thread of its own, so no request waits for a reload.

A request takes the `Loaded` in force when it starts and keeps it to the end, so a reload never
changes the index under a request in flight; each answer names the releases it used.
"""

from __future__ import annotations

import logging
import threading

from watchlist.api.errors import NotReady
from watchlist.screening.live import CurrentRelease, LiveScreener, Loaded

__all__ = ["CurrentRelease", "Loaded", "ScreeningIndex"]

log = logging.getLogger("watchlist.api")


class ScreeningIndex:
    """Polls the live screener every `refresh_seconds` on a daemon thread; `current()` is the
    generation in force, or 503 before the first load."""

    def __init__(self, live: LiveScreener, refresh_seconds: float) -> None:
        self.live = live
        self.refresh_seconds = refresh_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        return self.live.loaded is not None

    def current(self) -> Loaded:
        loaded = self.live.loaded
        if loaded is None:
            raise NotReady()
        return loaded

    def refresh(self) -> bool:
        """Load a new index if a release landed since the last load; True if it did."""
        return self.live.refresh()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="screening-index", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.refresh():
                    loaded = self.live.loaded
                    log.info("screening index loaded: %s", loaded and loaded.key)
                self.error = None
            except Exception as exc:  # the database away: keep serving the index we have
                self.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                log.warning("screening index not refreshed: %s", self.error)
            self._stop.wait(self.refresh_seconds)
