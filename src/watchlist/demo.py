"""`make demo`: import the bundled sample lists and show what the registry knows of them."""

from __future__ import annotations

import shlex
import sys
from importlib import resources
from pathlib import Path

from rich.console import Console

from watchlist.cli.app import app

console = Console()


def samples() -> Path:
    return Path(str(resources.files("watchlist") / "data" / "samples"))


def run(*args: str) -> None:
    """Run one `watchlist` command as a user would type it."""
    console.print(f"\n[bold]$ watchlist {shlex.join(args)}[/bold]")
    try:
        app(list(args), prog_name="watchlist", standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, None):
            sys.exit(exc.code)


def main() -> None:
    data = samples()
    sdn = sorted(str(p) for p in (data / "us_ofac_sdn-2021-07").glob("*.csv"))
    cons_old = str(data / "us_ofac_cons-2025-03" / "consolidated.xml")
    cons_new = sorted(str(p) for p in (data / "us_ofac_cons-2025-12").glob("*.csv"))
    run("info")
    # OFAC's CSV sets carry no publication date, so the demo gives it.
    run("import", *sdn, "--date", "2021-07-07")
    run("import", str(data / "un_sc_sanctions-2026-02" / "consolidated.xml"), cons_old)
    run("import", *cons_new, "--date", "2025-12-01")
    run("lists")
    run("show", "us_ofac_sdn:15880")
    run("history", "us_ofac_sdn:15880")
    run("diff", "us_ofac_cons", "--from", "2025-03-28", "--to", "2025-12-01")
    # Screening: a transliterated name, and an ordinary one that must not alert.
    run("screen", "Павел Карпов", "--dob", "1977-08-27")
    run("screen", "Jane Smithson")
    # An alias only the UN records: OFAC's entry for the same man is found through the link.
    run("screen", "Jules Mateso Mlamba")
    # Workflow: a small portfolio screened, the alerts it opened, the audit trail checked.
    run("customers", "import", str(data.parent / "sample_portfolio.csv"))
    run("rescreen")
    run("alerts", "--status", "open")
    run("audit", "verify")
    # The HTTP API: a key for a screener, the server started briefly, one name screened.
    run("users", "add", API_USER, "--role", "screener", "--clearance", "public")
    over_http(API_USER, "Павел Карпов")
    show_ui()


#: The demo store's screener, who screens over HTTP with an API key.
API_USER = "screener"

#: The demo store's web UI user; a throwaway store, so its password may be printed.
UI_USER = "demo"
UI_PASSWORD = "demo-password"


def show_ui() -> None:
    """Give the demo store a web UI user and say how to open the UI on it."""
    try:
        from watchlist.auth.passwords import set_password
    except ModuleNotFoundError:
        return  # without the extra [ui]
    from watchlist.model.access import SYSTEM
    from watchlist.settings import get_settings
    from watchlist.store.db import Store

    run("users", "add", UI_USER, "--role", "admin", "--clearance", "secret")
    db = get_settings().db
    store = Store.open(db)
    try:
        set_password(store, SYSTEM, UI_USER, UI_PASSWORD)
    finally:
        store.close()
    console.print(
        "\n[bold]The web UI on this demo store:[/bold]\n"
        f"  WATCHLIST_DB={shlex.quote(db)} .venv/bin/watchlist serve\n"
        f"  then open http://127.0.0.1:8000/ui/ and sign in as {UI_USER} / {UI_PASSWORD}\n"
        "  (docs/webui.md: creating the first admin user of a real store)",
        highlight=False,
    )


def over_http(user: str, name: str) -> None:
    """`watchlist serve` on a free port of 127.0.0.1, a key created as a user would, one name
    screened with yente's /match, the answer printed, the server stopped."""
    import json
    import socket
    import subprocess
    import time

    import httpx

    exe = str(Path(sys.executable).parent / "watchlist")
    console.print(f"\n$ watchlist keys create {user} --json", style="bold", markup=False)
    made = subprocess.run([exe, "keys", "create", user, "--json"], capture_output=True, text=True)
    if made.returncode != 0:
        sys.exit(made.stderr.strip())
    console.print(made.stdout.strip(), markup=False)
    key = json.loads(made.stdout)["key"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    console.print(f"\n$ watchlist serve --port {port} &", style="bold", markup=False)
    server = subprocess.Popen([exe, "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("the demo server did not start")
            time.sleep(0.3)
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
        console.print(
            f"\n$ curl -H 'Authorization: ApiKey {key}' {base}/match/default "
            f"-d '{json.dumps(body, ensure_ascii=False)}'",
            style="bold",
            markup=False,
        )
        answer = httpx.post(
            f"{base}/match/default",
            json=body,
            headers={"Authorization": f"ApiKey {key}"},
            timeout=60,
        )
        console.print_json(answer.text)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
