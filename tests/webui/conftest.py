"""The web UI in a real browser: one app server on 127.0.0.1 and one headless Chromium per
test process, over a throwaway store with two releases of a public list, a confidential list,
a screened portfolio with its alerts, and one user per role.

Chromium is Debian's (scripts/browser.sh installs it); Playwright drives it without a browser
download of its own. Each test leaves a screenshot of its page in .screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")
playwright_api = pytest.importorskip("playwright.sync_api")

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from tests.screening.lists import release  # noqa: E402
from watchlist.api import create_app  # noqa: E402
from watchlist.api.settings import ApiSettings  # noqa: E402
from watchlist.auth import Role, Users  # noqa: E402
from watchlist.auth.passwords import set_password  # noqa: E402
from watchlist.model.access import SYSTEM, Classification  # noqa: E402
from watchlist.model.entity import StoredEntity  # noqa: E402
from watchlist.screening.screener import clean_country  # noqa: E402
from watchlist.settings import Settings  # noqa: E402
from watchlist.store.db import Store  # noqa: E402
from watchlist.ui.settings import UiSettings  # noqa: E402
from watchlist.workflow import Workflow  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "correct horse battery"
MAX_FAILURES = 3

KARPOV = {"name": ["Pavel KARPOV"], "birthDate": ["1977-08-27"], "nationality": ["ru"]}
KIM = {
    "name": ["KIM Jong Un"],
    "alias": ["金正恩", "김정은"],
    "birthDate": ["1984-01-08"],
    "nationality": ["kp"],
}
FIRST = [
    StoredEntity("us_ofac_sdn", "15880", "Person", KARPOV),
    StoredEntity(
        "us_ofac_sdn", "7001", "Person", {"name": ["Georgy Zhukov"], "passportNumber": ["AB1234"]}
    ),
    StoredEntity("us_ofac_sdn", "7002", "Vessel", {"name": ["Zhukov Star"]}),
    StoredEntity("us_ofac_sdn", "8001", "Person", KIM),
]
#: The second release amends KARPOV (a Cyrillic alias, a passport), delists the vessel and
#: lists a new name.
SECOND = [
    StoredEntity(
        "us_ofac_sdn",
        "15880",
        "Person",
        {**KARPOV, "alias": ["Павел Карпов"], "passportNumber": ["4509123456"]},
    ),
    FIRST[1],
    FIRST[3],
    StoredEntity("us_ofac_sdn", "7003", "Person", {"name": ["Ivan Petrovich Sidorov"]}),
]
#: Nothing of this list may reach a user without confidential clearance.
CONFIDENTIAL = [
    StoredEntity(
        "own_watch",
        "W1",
        "Person",
        {"name": ["Bartholomew Quixley"], "birthDate": ["1961-02-03"], "idNumber": ["QX99881"]},
        Classification.CONFIDENTIAL,
    ),
]
#: What only the confidential list holds (customer C-3's own name and birth date are the
#: customer's, which the alert's existence already concerns).
SECRET_WORDS = ("own_watch", "Bartholomew", "QX99881", "W1")

PORTFOLIO = """id,name,type,dob,country,identifiers
C-1,Pavel Karpov,person,1977-08-27,RU,
C-2,Georgy Zhukov,person,,,AB1234
C-3,Bartolomew Quixley,person,1961-02-03,,
C-4,Kim Jong Un,person,1984-01-08,KP,
C-5,Georgy Zhukov,person,,,
C-6,Pavel Karpov,person,1977-08-27,,
C-7,Kim Jong Un,person,,,
C-8,Pavel Karpov,person,,RU,
C-9,Georgy Zhukov,person,,RU,
"""

USERS = {
    "screener": (Role.SCREENER, Classification.PUBLIC),
    "analyst": (Role.ANALYST, Classification.PUBLIC),
    "analyst2": (Role.ANALYST, Classification.PUBLIC),
    "supervisor": (Role.SUPERVISOR, Classification.PUBLIC),
    "admin": (Role.ADMIN, Classification.SECRET),
    "officer": (Role.SUPERVISOR, Classification.SECRET),
}


def fill_store(store: Store, folder: Path) -> None:
    release(store, "us_ofac_sdn", FIRST, date(2024, 1, 1))
    release(store, "us_ofac_sdn", SECOND, date(2024, 6, 1))
    release(
        store,
        "own_watch",
        CONFIDENTIAL,
        date(2024, 2, 1),
        classification=Classification.CONFIDENTIAL,
    )
    users = Users(store, SYSTEM)
    for name, (role, clearance) in USERS.items():
        users.add(name, role, clearance)
        set_password(store, SYSTEM, name, PASSWORD)
    portfolio = folder / "portfolio.csv"
    portfolio.write_text(PORTFOLIO, encoding="utf-8")
    flow = Workflow(store, SYSTEM)
    flow.import_customers(portfolio)
    flow.rescreen(full=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    store: Store
    folder: Path
    #: Signed-in browser states by user, so most tests skip the (slow on purpose) argon2 check.
    states: dict[str, Any] = field(default_factory=dict)

    def alert_id(self, customer: str) -> int:
        """The first alert of a customer (restricted or not)."""
        found = Workflow(self.store, SYSTEM).alerts(customer_id=customer)
        assert found, customer
        return found[0].id


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make sysdeps` installs it (scripts/browser.sh)")
    folder = tmp_path_factory.mktemp("webui")
    saved = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    url = f"sqlite:///{folder}/ui.db"
    store = Store.open(url)
    fill_store(store, folder)
    # the first look-up of a country name reads followthemoney's tables: do it before timing
    # out any page on it
    clean_country("Atlantis")
    app = create_app(Settings(db=url), ApiSettings(api_key_cache=0, api_index_refresh=0.5))
    # three wrong passwords lock a user out here (five by default): fewer slow hashes to wait
    app.state.ui_settings = UiSettings(ui_max_failures=MAX_FAILURES)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, name="ui-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the UI server did not get ready in 30 s")
        time.sleep(0.1)
    yield Server(base, store, folder)
    running.should_exit = True
    thread.join(timeout=10)
    store.close()
    if saved is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = saved


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class Ui:
    """A browser tab signed in (or not) to the server, with helpers the tests share."""

    def __init__(self, server: Server, browser: Any, name: str) -> None:
        self.server = server
        self.browser = browser
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.name = name
        self.shots = 0

    def go(self, path: str) -> Any:
        return self.page.goto(self.server.url + path)

    def sign_in(self, user: str, password: str = PASSWORD, here: bool = False) -> None:
        """Sign in on the sign-in page (the one the browser is on, with `here`)."""
        if not here:
            self.go("/ui/signin")
        self.page.get_by_label("User name").fill(user)
        self.page.get_by_label("Password").fill(password)
        self.submit("Sign in")

    def as_user(self, user: str) -> None:
        """Signed in as `user` with a session of this test process (signed in once)."""
        state = self.server.states.get(user)
        if state is None:
            self.sign_in(user)
            assert "/ui/signin" not in self.page.url, f"{user} could not sign in"
            self.server.states[user] = self.context.storage_state()
            return
        self.context.close()
        self.context = self.browser.new_context(
            viewport={"width": 1280, "height": 800}, locale="en-GB", storage_state=state
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()

    def submit(self, name: str) -> None:
        """Click a submit button and wait for the page it brings."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()

    def text(self) -> str:
        return str(self.page.content())

    def shot(self, label: str = "") -> Path:
        SHOTS.mkdir(exist_ok=True)
        self.shots += 1
        suffix = f"-{label}" if label else f"-{self.shots}"
        path = SHOTS / f"{self.name}{suffix}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self) -> list[dict[str, Any]]:
        """Serious and critical accessibility violations axe-core finds on the page."""
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async () => { const r = await axe.run(document); return r.violations; }"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result
            if v["impact"] in ("serious", "critical")
        ]

    def csrf(self) -> str:
        value = self.page.locator('input[name="csrf"]').first.get_attribute("value")
        return str(value or "")


@pytest.fixture
def ui(server: Server, browser: Any, request: pytest.FixtureRequest) -> Iterator[Ui]:
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
    tab = Ui(server, browser, name)
    try:
        yield tab
    finally:
        try:
            tab.shot("last")
        finally:
            tab.context.close()
