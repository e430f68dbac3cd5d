"""Settings of the HTTP API, read from the environment with the prefix WATCHLIST_."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    """Limits and refresh of `watchlist serve`; kept beside the API so the core settings object
    stays the library's."""

    model_config = SettingsConfigDict(env_prefix="WATCHLIST_", extra="ignore")

    api_max_body: int = Field(
        default=2_000_000, ge=1024, description="Largest request body in bytes (413 beyond)."
    )
    api_max_upload: int = Field(
        default=200_000_000,
        ge=1024,
        description="Largest list file uploaded as a new release, in bytes (413 beyond).",
    )
    api_max_batch: int = Field(
        default=1000, ge=1, le=100_000, description="Most queries in one batch request."
    )
    api_rate_limit: int = Field(
        default=6000,
        ge=1,
        description=(
            "Requests per minute one API key may make, counted in the store for every worker "
            "and server on it (429 beyond, until the next minute)."
        ),
    )
    api_max_in_flight: int = Field(
        default=64,
        ge=1,
        description="Requests one worker handles at once; more are refused with 503 at once.",
    )
    api_index_refresh: float = Field(
        default=2.0,
        gt=0,
        description="Seconds between checks for a new release to load into the screening index.",
    )
    api_key_cache: float = Field(
        default=5.0,
        ge=0,
        description="Seconds a worker trusts a key it checked (a revoked key stops within this).",
    )
