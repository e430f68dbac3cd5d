"""`watchlist serve --workers N`: each worker listens on a socket of its own on the one port
(SO_REUSEPORT), and the kernel spreads the connections over the workers.

uvicorn's workers share one listening socket that the parent opens: whichever worker wakes
first accepts every connection waiting, so a client opening a few connections at once could
give them all to one worker and leave the other idle (a 300 s benchmark of 4 connections ran
entirely on one worker of two; 2 of 8 short runs left one idle). With a socket per worker the
kernel picks a worker for each new connection by a hash of its addresses. A worker opens its
socket once it is ready (its index loaded and warmed), so no connection waits for a worker
that is still starting; one that dies takes no new connections, and uvicorn starts another.
"""

from __future__ import annotations

import inspect
import socket
from collections.abc import Iterator
from typing import Any

#: Whether the platform has SO_REUSEPORT (Linux, the BSDs, macOS; not Windows).
AVAILABLE = hasattr(socket, "SO_REUSEPORT")


class WorkerSocket(list[socket.socket]):
    """The `sockets` uvicorn hands each worker: sent to the worker as the address alone, it
    opens the worker's own listening socket there when uvicorn first reads it."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__()
        self.host = host
        self.port = port

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.host, self.port))

    def __iter__(self) -> Iterator[socket.socket]:
        if not list.__len__(self):
            self.append(listening(self.host, self.port))
        return list.__iter__(self)


def listening(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port with SO_REUSEPORT (the event loop makes it listen)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


def in_use(host: str, port: int) -> bool:
    """Whether something answers on host:port already. Another server with sockets like these
    would share the port with this one, each taking part of the connections, where a plain
    bind would have failed: so look first."""
    target = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    try:
        with socket.create_connection((target, port), timeout=1):
            return True
    except OSError:
        return False


def run_workers(config: Any) -> None:
    """uvicorn's supervisor of `config.workers` processes (it restarts a worker that dies),
    each on its own socket. The parent opens none."""
    from uvicorn.supervisors.multiprocess import Multiprocess

    sockets = WorkerSocket(config.host, config.port)
    probe = listening(config.host, config.port)  # the address is one this host may bind
    probe.close()
    try:
        if "target" in inspect.signature(Multiprocess).parameters:  # older uvicorn
            from uvicorn import Server

            Multiprocess(config, target=Server(config).run, sockets=sockets).run()  # type: ignore[call-arg]
        else:
            Multiprocess(config, sockets=sockets).run()
    except KeyboardInterrupt:  # as uvicorn.run: the workers were told to stop
        pass
