"""Download settings, read from the environment with the prefix WATCHLIST_ like all others."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from watchlist.fetch.sources import OFFICIAL, parse_table


class FetchSettings(BaseSettings):
    """Where `watchlist update` downloads from; beside fetch/ so the core settings stay small."""

    model_config = SettingsConfigDict(env_prefix="WATCHLIST_", extra="ignore")

    fetch_urls: str | None = Field(
        default=None,
        description="JSON object replacing the table of official addresses: "
        '{"dataset": {"file name": "url", ...}} or {"dataset": ["url", ...]}.',
    )
    fetch_timeout: float = Field(
        default=120.0, gt=0, description="Seconds to wait on a silent download before failing."
    )
    fetch_max_mb: int = Field(
        default=1024, gt=0, description="Largest file, in MB, that a download may bring."
    )

    def table(self) -> dict[str, dict[str, str]]:
        """The addresses in force: the override when set, else the official table."""
        if self.fetch_urls:
            return parse_table(self.fetch_urls)
        return {k: dict(v) for k, v in OFFICIAL.items()}
