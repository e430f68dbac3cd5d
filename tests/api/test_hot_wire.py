"""POST /v1/screen's fast way under uvicorn (what `watchlist serve` runs) writes its answer to
the socket in one piece: the same bytes uvicorn writes for the answer's two ASGI messages."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

uvicorn = pytest.importorskip("uvicorn")

from tests.api.conftest import add_users, free_port, load_lists  # noqa: E402
from watchlist.api import create_app, hot  # noqa: E402
from watchlist.api.settings import ApiSettings  # noqa: E402
from watchlist.settings import Settings  # noqa: E402
from watchlist.store.db import Store  # noqa: E402


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, str]]:
    """A server on 127.0.0.1 with uvicorn's httptools protocol; its port and a screener's key."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path}/wire.db"
    store = Store.open(url)
    load_lists(store)
    keys = add_users(store)
    store.close()
    app = create_app(Settings(db=url), ApiSettings(api_key_cache=60))
    port = free_port()
    # as `watchlist serve` runs it: httptools, no access log
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http="httptools", access_log=False, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not (server.started and app.state.services.index.ready):
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield port, keys["screener"]
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def request(key: str, body: dict[str, Any], close: bool = False) -> bytes:
    content = json.dumps(body).encode()
    lines = [
        "POST /v1/screen HTTP/1.1",
        "Host: 127.0.0.1",
        f"Authorization: ApiKey {key}",
        "Content-Type: application/json",
        f"Content-Length: {len(content)}",
    ]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + content


def answer(sock: socket.socket) -> tuple[list[bytes], bytes]:
    """The header lines and the body of one answer read from `sock`."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection before answering"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(
        int(v) for n, _, v in (ln.partition(b": ") for ln in lines) if n == b"content-length"
    )
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk
        body += chunk
    assert len(body) == length
    return lines, body


def comparable(lines: list[bytes], body: bytes) -> tuple[list[bytes], dict[str, Any]]:
    """The answer without what differs from one request to the next: the date, the audit id
    (and so the length)."""
    data = json.loads(body)
    data.pop("audit_id")
    kept = [re.sub(rb"^(date|content-length): .*", rb"\1: -", ln) for ln in lines]
    return kept, data


@pytest.mark.parametrize("close", [False, True], ids=["kept alive", "connection: close"])
def test_one_write_is_the_bytes_of_the_two_messages(
    served: tuple[int, str], monkeypatch: pytest.MonkeyPatch, close: bool
) -> None:
    port, key = served
    whole: list[bool] = []
    sent_whole = hot.HotScreen._sent_whole

    def spy(self: hot.HotScreen, send: Any, content: bytes) -> bool:
        whole.append(sent_whole(self, send, content))
        return whole[-1]

    monkeypatch.setattr(hot.HotScreen, "_sent_whole", spy)
    body = {"name": "Pavel Karpov"}
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request(key, body))  # the route's: the key checked, then cached
        answer(sock)
    answers = []
    protocol = hot._uvicorn  # type: ignore[attr-defined]
    for one_write in (True, False, True):
        # without the protocol at hand, the two messages, through uvicorn
        monkeypatch.setattr(hot, "_uvicorn", protocol if one_write else None)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            for _ in range(1 if close else 2):  # a second answer on the same connection
                sock.sendall(request(key, body, close))
                lines, content = answer(sock)
                assert lines[0] == b"HTTP/1.1 200 OK"
                assert int(json.loads(content)["audit_id"]) > 0
                answers.append(comparable(lines, content))
            if close:
                assert sock.recv(1) == b"", "the server keeps a connection asked to close"
    per = 1 if close else 2
    assert whole == [True] * per + [False] * per + [True] * per
    assert all(a == answers[0] for a in answers), "the one write differs from the two messages"
    headers = [ln.split(b":")[0] for ln in answers[0][0][1:]]
    assert headers == [b"date", b"server", b"content-length", b"content-type"] + (
        [b"connection"] if close else []
    )
