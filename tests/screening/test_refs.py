"""The key behind restricted hits' references: kept private, made once, shared by servers."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from watchlist.screening.refs import make_ref, reference_key
from watchlist.settings import get_settings

REF = "from watchlist.screening.refs import make_ref; print(make_ref('own', 'X-1'))"


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("WATCHLIST_SCREENING_KEY", raising=False)
    get_settings.cache_clear()
    reference_key.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()
    reference_key.cache_clear()


def other_process(env: dict[str, str]) -> str:
    """A second server: the same code in another process, with `env` over this one's."""
    return subprocess.run(
        [sys.executable, "-c", REF],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def test_without_a_setting_the_key_is_made_once_and_kept_private(data_home: Path) -> None:
    ref = make_ref("own", "X-1")
    key = data_home / "watchlist" / "screening.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key.read_text())) == 32
    assert ref.startswith("r-") and len(ref) == 34 and "X-1" not in ref
    assert make_ref("own", "X-2") != ref
    reference_key.cache_clear()
    assert make_ref("own", "X-1") == ref  # read back, not made again
    assert other_process({"XDG_DATA_HOME": str(data_home)}) == ref  # a server on this machine


def test_a_configured_key_gives_every_server_the_same_references(
    data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHLIST_SCREENING_KEY", "a key shared by every server")
    get_settings.cache_clear()
    ref = make_ref("own", "X-1")
    elsewhere = {"XDG_DATA_HOME": str(tmp_path / "elsewhere")}
    assert other_process(elsewhere) == ref
    assert not data_home.exists()  # nothing written
    assert other_process({**elsewhere, "WATCHLIST_SCREENING_KEY": "another key"}) != ref
