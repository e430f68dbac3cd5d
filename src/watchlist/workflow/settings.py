"""Workflow settings, read from the environment with the prefix WATCHLIST_ like all others."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkflowSettings(BaseSettings):
    """Alerting; kept beside the workflow so the core settings object stays the lead's."""

    model_config = SettingsConfigDict(env_prefix="WATCHLIST_", extra="ignore")

    alert_threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Score at or above which a screening hit opens an alert "
        "(default: the screening library's calibrated DEFAULT_THRESHOLD).",
    )


@lru_cache(maxsize=1)
def workflow_settings() -> WorkflowSettings:
    return WorkflowSettings()
