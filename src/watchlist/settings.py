"""The one settings object, read from the environment with the prefix WATCHLIST_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from watchlist.model.access import Classification


def default_db_url() -> str:
    """A SQLite file in the user's data directory."""
    path = Path(user_data_dir("watchlist", appauthor=False)) / "watchlist.db"
    return f"sqlite:///{path}"


class Settings(BaseSettings):
    """Configuration of a watchlist installation; every field is an environment variable."""

    model_config = SettingsConfigDict(env_prefix="WATCHLIST_", extra="ignore")

    db: str = Field(
        default_factory=default_db_url,
        description="SQLAlchemy URL of the store (sqlite:///FILE or postgresql+psycopg://...).",
    )
    clearance: Classification = Field(
        default=Classification.SECRET,
        description="Clearance of the CLI operator: public, restricted, confidential, secret.",
    )
    operator: str = Field(default="cli", description="Name of the local CLI operator.")
    pool_size: int = Field(default=5, description="PostgreSQL connection pool size.")
    pool_max_overflow: int = Field(default=10, description="Extra connections beyond the pool.")
    screening_key: SecretStr | None = Field(
        default=None,
        description="Key of the opaque references to restricted hits (default: a random key "
        "kept in the user's data directory). Set the same key on every server.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
