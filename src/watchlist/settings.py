"""The settings of a watchlist installation: one object, read from the environment at the edges.

The CLI and the API read `Settings` once (prefix WATCHLIST_) and pass it in; nothing below them
reads the environment. Every field's description is its help text and the README's row.

`Settings` reads the environment itself, as pydantic-settings' BaseSettings would for these
fields (the variable WATCHLIST_<FIELD> in any case, its text validated as the field's type,
a value given to the constructor first): importing pydantic-settings cost a CLI call more
than anything the call did with its settings.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from watchlist.model.access import Classification


def default_db_url() -> str:
    """A SQLite file in the user's data directory."""
    path = Path(user_data_dir("watchlist", appauthor=False)) / "watchlist.db"
    return f"sqlite:///{path}"


#: The prefix of every setting's environment variable.
ENV_PREFIX = "WATCHLIST_"


class Settings(BaseModel):
    """Configuration of a watchlist installation; every field is an environment variable."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

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
        "the store keeps for itself, so every server and worker on one store agrees).",
    )
    alert_threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Score at or above which a screening hit opens an alert "
        "(default: the screening library's calibrated DEFAULT_THRESHOLD).",
    )
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

    def __init__(self, **values: Any) -> None:
        """The values given, and the others from the environment (WATCHLIST_<FIELD>)."""
        super().__init__(**{**environment(type(self).model_fields), **values})


def environment(fields: dict[str, Any]) -> dict[str, str]:
    """The environment's value of each of `fields` that it sets: the variable's name in any
    case, as BaseSettings reads it (case_sensitive=False)."""
    names = {(ENV_PREFIX + name).lower(): name for name in fields}
    return {names[k.lower()]: v for k, v in os.environ.items() if k.lower() in names}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once: for the shells (CLI, API), not the library."""
    return Settings()
