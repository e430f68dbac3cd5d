"""/metrics of `watchlist serve --workers 2` on 127.0.0.1: whichever worker answers a scrape,
it reports the requests of both, and the server leaves no folder of figures behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import add_users, free_port, load_lists
from tests.api.test_metrics import samples
from watchlist.store.db import Store

pytest.importorskip("uvicorn")

REQUESTS = 12


def test_every_scrape_sums_both_workers_and_the_folder_goes_at_exit(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/m.db"
    store = Store.open(db)
    load_lists(store)
    key = add_users(store)["screener"]
    store.close()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "WATCHLIST_DB": db,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TMPDIR": str(temp),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    watchlist = str(Path(sys.executable).parent / "watchlist")
    cmd = [watchlist, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    headers = {"Authorization": f"ApiKey {key}"}
    try:
        deadline = time.monotonic() + 120
        pids: set[str] = set()
        while len(pids) < 2:  # both workers loaded their index, as a scrape of either says
            assert server.poll() is None, server.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "the two workers were not ready in time"
            time.sleep(0.3)
            try:
                text = httpx.get(f"{base}/metrics", headers=headers).text
            except httpx.TransportError:
                continue
            pids = {
                labels["pid"]
                for name, labels, value in samples(text)
                if name == "watchlist_index_ready" and value == 1
            }
        [folder] = list(temp.glob("watchlist-metrics.*"))
        for _ in range(REQUESTS):  # each on a connection of its own: either worker may answer
            r = httpx.post(f"{base}/v1/screen", json={"name": "Pavel Karpov"}, headers=headers)
            assert r.status_code == 200
        writers = {p.stem.rsplit("_", 1)[1] for p in folder.glob("counter_*.db")}
        assert writers == pids  # both workers counted requests of their own
        for _ in range(6):
            found = samples(httpx.get(f"{base}/metrics", headers=headers).text)
            screened = [
                value
                for name, labels, value in found
                if name == "watchlist_http_requests_total" and labels["route"] == "/v1/screen"
            ]
            assert screened == [REQUESTS]  # the sum over both workers, at every scrape
            ready = {labels["pid"] for name, labels, v in found if name == "watchlist_index_ready"}
            assert ready == pids
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert not list(temp.glob("watchlist-metrics.*"))  # removed when the server stopped
