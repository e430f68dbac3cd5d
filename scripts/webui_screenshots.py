"""Screenshots of the web UI's main pages for docs/webui.md, taken on the `make demo` store.

    make demo
    WATCHLIST_DB=sqlite:///$PWD/.demo/watchlist.db .venv/bin/python scripts/webui_screenshots.py

Starts the app on 127.0.0.1 (a free port), signs in as the demo user in the system Chromium,
and writes small PNGs (the first screen of each page) to docs/img/.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from playwright.sync_api import Page, sync_playwright

from watchlist.api import create_app
from watchlist.demo import UI_PASSWORD, UI_USER
from watchlist.model.access import SYSTEM
from watchlist.settings import get_settings
from watchlist.store.db import Store
from watchlist.workflow import Workflow

OUT = Path(__file__).resolve().parents[1] / "docs" / "img"
SIZE = {"width": 1000, "height": 640}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"webui-{name}.png"))
    print(f"docs/img/webui-{name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    store = Store.open(get_settings().db)
    alert = next(a for a in Workflow(store, SYSTEM).alerts() if not a.restricted)
    store.close()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/readyz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport=SIZE)
        page.goto(f"{base}/ui/signin")
        page.get_by_label("User name").fill(UI_USER)
        page.get_by_label("Password").fill(UI_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/ui/screen")
        page.get_by_label("Name", exact=True).fill("Павел Карпов")
        page.get_by_label("Birth date").fill("1977-08-27")
        with page.expect_navigation():
            page.get_by_role("button", name="Screen", exact=True).click()
        shot(page, "screen")
        page.goto(f"{base}/ui/entities/us_ofac_sdn/15880")
        shot(page, "entity")
        page.goto(f"{base}/ui/alerts?status=open&sort=score&order=desc")
        shot(page, "alerts")
        page.goto(f"{base}/ui/alerts/{alert.id}")
        shot(page, "alert")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
