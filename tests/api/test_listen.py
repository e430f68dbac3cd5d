"""`watchlist serve --workers N`: each worker on a listening socket of its own (SO_REUSEPORT),
so the kernel spreads connections over the workers."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import add_users, load_lists
from tests.api.test_metrics_workers import free_port
from watchlist.api import listen
from watchlist.store.db import Store

pytestmark = pytest.mark.skipif(not listen.AVAILABLE, reason="no SO_REUSEPORT here")


def test_a_worker_socket_travels_as_its_address_and_opens_where_it_is_read() -> None:
    port = free_port()
    sent = listen.WorkerSocket("127.0.0.1", port)
    copies = [pickle.loads(pickle.dumps(sent)) for _ in range(2)]
    assert not list.__len__(sent)  # pickling opened nothing
    socks = [next(iter(c)) for c in copies]  # two workers' sockets on the one port
    try:
        assert {s.getsockname() for s in socks} == {("127.0.0.1", port)}
        assert list(copies[0]) == [socks[0]]  # opened once
        assert not listen.in_use("127.0.0.1", port)  # bound, not listening yet
        socks[0].listen()
        assert listen.in_use("127.0.0.1", port)
    finally:
        for s in socks:
            s.close()


def sockets(pid: int, port: int, state: str) -> int:
    """Sockets on local `port` in TCP `state` ("01" established, "0A" listening) that process
    `pid` holds (Linux /proc)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == state and fields[9] in inodes:
                count += 1
    return count


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="counts connections in /proc")
def test_connections_opened_at_once_reach_both_workers(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/l.db"
    store = Store.open(db)
    load_lists(store)
    key = add_users(store)["screener"]
    store.close()
    env = {
        **os.environ,
        "WATCHLIST_DB": db,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    watchlist = str(Path(sys.executable).parent / "watchlist")
    cmd = [watchlist, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    clients = [httpx.Client(base_url=base) for _ in range(16)]
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2 or not all(sockets(pid, port, "0A") for pid in workers):
            assert server.poll() is None, server.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "the two workers were not ready in time"
            time.sleep(0.3)
            workers = children(server.pid)
        # a second server on the port would share its connections: refused instead
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 2 and "already answers" in second.stderr
        answers: list[int] = []
        start = threading.Barrier(len(clients))

        def one(client: httpx.Client) -> None:
            start.wait()  # every connection opened at once
            r = client.post(
                "/v1/screen",
                json={"name": "Pavel Karpov"},
                headers={"Authorization": f"ApiKey {key}"},
            )
            answers.append(r.status_code)

        threads = [threading.Thread(target=one, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert answers == [200] * len(clients)
        held = [sockets(pid, port, "01") for pid in workers]
        # 16 connections hashed over two sockets: all on one worker once in 32,768 runs
        assert sum(held) == len(clients) and min(held) > 0, held
    finally:
        for c in clients:
            c.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def children(pid: int) -> list[int]:
    """uvicorn's worker processes of the server `pid`."""
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    workers = []
    for child in (int(p) for p in found.stdout.split()):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(child)
        except OSError:
            continue
    return workers
