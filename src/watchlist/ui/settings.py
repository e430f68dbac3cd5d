"""Settings of the web UI, read from the environment with the prefix WATCHLIST_."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from watchlist.auth.sessions import Policy


class UiSettings(BaseSettings):
    """Sessions and sign-in of the web UI."""

    model_config = SettingsConfigDict(env_prefix="WATCHLIST_", extra="ignore")

    ui_idle_minutes: float = Field(
        default=30, gt=0, description="Minutes without a request after which a session ends."
    )
    ui_session_hours: float = Field(
        default=12, gt=0, description="Hours after sign-in after which a session ends anyway."
    )
    ui_max_failures: int = Field(
        default=5, ge=1, description="Wrong passwords in a row that lock a user out."
    )
    ui_lockout_minutes: float = Field(
        default=15, gt=0, description="Minutes a user stays locked out."
    )

    def policy(self) -> Policy:
        return Policy(
            idle=timedelta(minutes=self.ui_idle_minutes),
            max_age=timedelta(hours=self.ui_session_hours),
            max_failures=self.ui_max_failures,
            lockout=timedelta(minutes=self.ui_lockout_minutes),
        )
