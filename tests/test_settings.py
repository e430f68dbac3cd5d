"""Settings read the environment as pydantic-settings' BaseSettings did, without importing it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from watchlist.model.access import Classification
from watchlist.settings import Settings

# (environment, values given, field, expected, reason)
READ = [
    ({"WATCHLIST_POOL_SIZE": "7"}, {}, "pool_size", 7, "the text validated as the field's type"),
    ({"watchlist_operator": "ana"}, {}, "operator", "ana", "the variable's name in any case"),
    ({"WATCHLIST_Clearance": "public"}, {}, "clearance", Classification.PUBLIC, "an enum by value"),
    ({"WATCHLIST_DB": "sqlite:///env.db"}, {"db": "sqlite:///given.db"}, "db",
     "sqlite:///given.db", "a value given wins over the environment"),
    ({"WATCHLIST_FETCH_TIMEOUT": "3"}, {"db": "sqlite:///given.db"}, "fetch_timeout", 3.0,
     "the environment fills the fields not given"),
    ({"WATCHLIST_ALERT_THRESHOLD": "0.5"}, {}, "alert_threshold", 0.5, "an optional float"),
    ({"WATCHLIST_NOT_A_SETTING": "x"}, {}, "operator", "cli", "other variables are ignored"),
    ({"POOL_SIZE": "9"}, {}, "pool_size", 5, "only the prefixed variable is read"),
]  # fmt: skip


@pytest.mark.parametrize(("env", "given", "field", "expected", "reason"), READ)
def test_settings_read_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    given: dict[str, str],
    field: str,
    expected: object,
    reason: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert getattr(Settings(**given), field) == expected, reason


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WATCHLIST_ALERT_THRESHOLD", "2"),
        ("WATCHLIST_POOL_SIZE", "many"),
        ("WATCHLIST_CLEARANCE", "x"),
    ],
)
def test_invalid_environment_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_screening_from_the_cli_does_not_import_pydantic_settings() -> None:
    """The CLI's screening path: settings, store and screener (pydantic-settings is the API's)."""
    code = (
        "import sys, watchlist.cli.app, watchlist.facade, watchlist.screening.screener; "
        "from watchlist.settings import get_settings; get_settings(); "
        "print('pydantic_settings' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
