"""A local HTTP server on 127.0.0.1 serving the fixture files, and failures on demand."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FILES = Path(__file__).parent / "files"
SDN = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    cut: bool = False  # announce the whole length, send half, hang up
    stall: float = 0.0  # send half, then fall silent this long before the rest


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def serve_sdn(self, version: str) -> None:
        """Serve one of the OFAC SDN CSV sets under OFAC's upper-case names."""
        for name in SDN:
            self.routes[f"/sdn/{name.upper()}"] = Route((FILES / version / name).read_bytes())

    def table(self) -> str:
        """WATCHLIST_FETCH_URLS pointing at this server."""
        sdn = {name: f"{self.base}/sdn/{name.upper()}" for name in SDN}
        return json.dumps(
            {"us_ofac_sdn": sdn, "un_sc_sanctions": [f"{self.base}/un/consolidated.xml"]}
        )


@contextmanager
def serve() -> Iterator[Server]:
    """A server on a free port answering from `routes`; anything else is a 404."""
    state = Server("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            state.hits.append(self.path)
            route = state.routes.get(self.path, Route(b"no such file", 404))
            self.send_response(route.status)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if route.stall:
                self.wfile.write(route.body[: len(route.body) // 2])
                self.wfile.flush()
                time.sleep(route.stall)
                self.wfile.write(route.body[len(route.body) // 2 :])
                return
            self.wfile.write(route.body[: len(route.body) // 2] if route.cut else route.body)
            if route.cut:
                self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
