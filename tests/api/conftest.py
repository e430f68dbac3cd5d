"""An API over a small store: a public list, a confidential one, one key per role."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from tests.screening.lists import release  # noqa: E402
from watchlist.api import create_app  # noqa: E402
from watchlist.api.settings import ApiSettings  # noqa: E402
from watchlist.auth import Role, Users  # noqa: E402
from watchlist.model.access import SYSTEM, Classification  # noqa: E402
from watchlist.model.entity import StoredEntity  # noqa: E402
from watchlist.settings import Settings  # noqa: E402
from watchlist.store.db import Store  # noqa: E402

PUBLIC = [
    StoredEntity(
        "us_ofac_sdn",
        "15880",
        "Person",
        {"name": ["Pavel KARPOV"], "birthDate": ["1977-08-27"], "nationality": ["ru"]},
    ),
    StoredEntity(
        "us_ofac_sdn", "7001", "Person", {"name": ["Georgy Zhukov"], "passportNumber": ["AB1234"]}
    ),
    StoredEntity("us_ofac_sdn", "7002", "Vessel", {"name": ["Zhukov Star"]}),
]
#: Nothing of this list may reach a caller without confidential clearance.
CONFIDENTIAL = [
    StoredEntity(
        "own_watch",
        "15880",
        "Person",
        {"name": ["Bartholomew Quixley"], "birthDate": ["1961-02-03"], "idNumber": ["QX99881"]},
        Classification.CONFIDENTIAL,
    ),
    StoredEntity(
        "own_watch", "C2", "Company", {"name": ["Quixley Holdings"]}, Classification.CONFIDENTIAL
    ),
]
SECRET_WORDS = ("own_watch", "Quixley", "Bartholomew", "QX99881", "1961-02-03")

ROLES = {
    "screener": (Role.SCREENER, Classification.PUBLIC),
    "analyst": (Role.ANALYST, Classification.PUBLIC),
    "supervisor": (Role.SUPERVISOR, Classification.PUBLIC),
    "admin": (Role.ADMIN, Classification.PUBLIC),
    "officer": (Role.ADMIN, Classification.SECRET),
}


@dataclass
class Api:
    client: TestClient
    store: Store
    keys: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"ApiKey {self.keys[who]}"}


def load_lists(store: Store) -> None:
    release(store, "us_ofac_sdn", PUBLIC)
    release(store, "own_watch", CONFIDENTIAL, classification=Classification.CONFIDENTIAL)


def add_users(store: Store) -> dict[str, str]:
    users = Users(store, SYSTEM)
    keys = {}
    for name, (role, clearance) in ROLES.items():
        users.add(name, role, clearance)
        keys[name] = users.create_key(name).secret
    return keys


def make_api(
    db_url: str, lists: Callable[[Store], None] = load_lists, **limits: object
) -> Iterator[Api]:
    settings = Settings(db=db_url)
    api_settings = ApiSettings(**{"api_key_cache": 0, **limits})  # type: ignore[arg-type]
    store = Store.open(db_url)
    lists(store)
    keys = add_users(store)
    app = create_app(settings, api_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.services.index.refresh()
        yield Api(client, store, keys)
    store.close()


@pytest.fixture
def api(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield from make_api(db_url)


@pytest.fixture
def sqlite_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield from make_api(f"sqlite:///{tmp_path}/api.db")


def free_port() -> int:
    """A port nothing listens on at 127.0.0.1, for a real server of a test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
