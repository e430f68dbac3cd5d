"""The yente Python SDK, unchanged, against a real server on 127.0.0.1: only the base URL and
the key differ from calling yente."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

yente_client = pytest.importorskip("yente_client")
uvicorn = pytest.importorskip("uvicorn")

from yente_client import (  # noqa: E402
    AuthenticationError,
    BadRequestError,
    Client,
    Company,
    NotFoundError,
    Person,
)

from tests.api.conftest import add_users, free_port, load_lists  # noqa: E402
from watchlist.api import create_app  # noqa: E402
from watchlist.api.settings import ApiSettings  # noqa: E402
from watchlist.settings import Settings  # noqa: E402
from watchlist.store.db import Store  # noqa: E402


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, str]]]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path}/yc.db"
    store = Store.open(url)
    load_lists(store)
    keys = add_users(store)
    store.close()
    app = create_app(Settings(db=url), ApiSettings(api_key_cache=0))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not (server.started and app.state.services.index.ready):
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", keys
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_the_yente_sdk_works_unchanged(served: tuple[str, dict[str, str]]) -> None:
    base, keys = served
    with Client(base_url=base, api_key=keys["analyst"]) as client:
        assert client.healthz().status == "ok" and client.readyz().status == "ok"
        answer = client.match(Person(name=["Павел Карпов"], birthDate=["1977-08-27"]))
        assert answer.top is not None and answer.top.id == "us_ofac_sdn:15880"
        assert answer.top.match and answer.limit == 5 and answer.total.value >= 1
        assert answer.top.explanations["name"].score > 0
        assert client.match(Company(name=["Pavel Karpov"]), datasets=["us_ofac_sdn"]).limit == 5
        strict = client.match(Person(name=["Georgy Zhukov"]), threshold=0.999, cutoff=0.999)
        assert strict.results == []
        many = dict(
            client.match_iter(
                [("a", Person(name=["Pavel Karpov"])), ("b", Person(name=["Georgy Zhukov"]))],
                workers=2,
            )
        )
        assert {k: v.top.id for k, v in many.items() if v.top} == {  # type: ignore[union-attr]
            "a": "us_ofac_sdn:15880",
            "b": "us_ofac_sdn:7001",
        }
        found = client.search("zhukov", limit=1)
        assert found.total.value == 2 and len(found.results) == 1 and found.limit == 1
        entity = client.fetch("us_ofac_sdn:15880")
        assert entity.caption == "Pavel KARPOV" and entity.datasets == ["us_ofac_sdn"]
        assert entity.first_seen is not None
        catalog = client.datasets()
        assert catalog.current == ["us_ofac_sdn"]
        assert {d.name for d in catalog.datasets} == {"us_ofac_sdn", "default"}
        algos = client.algorithms()
        assert algos.best in {a.name for a in algos.algorithms}
        with pytest.raises(NotFoundError):
            client.fetch("us_ofac_sdn:nope")
        with pytest.raises(NotFoundError):
            client.match(Person(name=["x"]), datasets=["own_watch"])  # hidden: as missing
        with pytest.raises(BadRequestError):
            client.match(Person(name=["x"]), algorithm="neural-net")
    with Client(base_url=base, api_key="wl_nope_nope") as client:
        with pytest.raises(AuthenticationError):
            client.match(Person(name=["Pavel Karpov"]))
