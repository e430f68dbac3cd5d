"""The opaque reference of a restricted hit depends on the store, not on the machine or user.

Two processes with different home directories (two servers, two Spark workers) screening one
store give the same reference for the same hit; a configured key replaces the store's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.screening.lists import fill
from watchlist.errors import AccessDenied
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.screening.refs import make_ref, reference_key
from watchlist.settings import Settings
from watchlist.store.db import Store
from watchlist.store.secrets import REFERENCE_KEY, read_secret

WATCHLIST = str(Path(sys.executable).with_name("watchlist"))


def screen_as_uncleared(url: str, home: Path, key: str | None = None) -> dict[str, object]:
    """`watchlist screen --json` in a process of its own whose home is `home`."""
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WATCHLIST_", "XDG_")) and k != "HOME"
    }
    env.update(HOME=str(home), WATCHLIST_DB=url, WATCHLIST_CLEARANCE="public")
    if key is not None:
        env["WATCHLIST_SCREENING_KEY"] = key
    done = subprocess.run(
        [WATCHLIST, "screen", "Bartholomew Quixley", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (hit,) = json.loads(done.stdout)
    assert isinstance(hit, dict)
    return hit


def test_two_homes_on_one_store_give_one_reference(db_url: str, tmp_path: Path) -> None:
    store = Store.open(db_url)
    try:
        fill(store)
        key = reference_key(store)
    finally:
        store.close()
    first = screen_as_uncleared(db_url, tmp_path / "home-a")
    second = screen_as_uncleared(db_url, tmp_path / "home-b")
    assert first["restricted"] and first["source_id"] is None
    assert first["ref"] == second["ref"] == make_ref("secret_list", "S1", key)
    # Nothing was written into either home: the key lives in the store.
    assert not any((tmp_path / "home-a").rglob("*key*"))
    assert not any((tmp_path / "home-b").rglob("*key*"))


def test_a_configured_key_replaces_the_stores_own(
    db_url: str, store: Store, tmp_path: Path
) -> None:
    fill(store)
    settings = Settings(screening_key="one key for every server")  # type: ignore[arg-type]
    assert reference_key(store, settings) == b"one key for every server"
    assert reference_key(store, settings) != reference_key(store)
    hit = screen_as_uncleared(db_url, tmp_path / "home", key="one key for every server")
    assert hit["ref"] == make_ref("secret_list", "S1", b"one key for every server")


def test_only_the_system_reads_the_stores_secrets(store: Store) -> None:
    with store.read() as conn:
        assert len(read_secret(conn, SYSTEM, REFERENCE_KEY)) == 32
        for actor in (Actor("officer", Classification.SECRET), Actor("system")):
            with pytest.raises(AccessDenied):
                read_secret(conn, actor, REFERENCE_KEY)
