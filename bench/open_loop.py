"""Open-loop load, wrk2-style: requests are sent at a fixed rate whatever the server answers,
and each is timed from the moment it was due, so a server that falls behind shows it as latency
(no coordinated omission) rather than as fewer requests sent.

    python bench/open_loop.py URL KEY BODIES --rate 200 --seconds 60 [--connections 256]

BODIES holds one JSON body a line, POSTed in turn to URL (http://127.0.0.1:PORT/PATH only) with
`Authorization: ApiKey KEY`. A small HTTP/1.1 client on asyncio streams, so the generator costs
little CPU beside the server. Prints one JSON line: requests sent, the rate achieved, statuses,
p50/p95/p99 in ms over every answer and over the 200s only, and how late the sender fell.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: An answer slower than this counts as a timeout (status 0).
TIMEOUT = 10.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Pool:
    """Keep-alive connections to one host, opened as needed up to `size`."""

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port, self.size = host, port, size
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self.opened = 0

    async def get(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            try:
                return await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.opened -= 1
                raise
        return await self.idle.get()

    def put(self, conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], keep: bool) -> None:
        if keep:
            self.idle.put_nowait(conn)
        else:
            conn[1].close()
            self.opened -= 1


async def post(pool: Pool, head: bytes, body: bytes) -> int:
    reader, writer = conn = await pool.get()
    keep = False
    try:
        writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        length, keep = 0, True
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                keep = False
        await reader.readexactly(length)
        return status
    finally:
        pool.put(conn, keep)


async def drive(
    url: str, key: str, bodies: list[bytes], rate: float, seconds: float, connections: int
) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("open_loop drives 127.0.0.1 only")
    pool = Pool(parts.hostname, parts.port or 80, connections)
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Authorization: ApiKey {key}\r\nContent-Type: application/json\r\nContent-Length: "
    ).encode()
    loop = asyncio.get_running_loop()
    answers: list[tuple[float, int]] = []
    late = 0.0

    async def one(i: int, due: float) -> None:
        try:
            status = await asyncio.wait_for(post(pool, head, bodies[i % len(bodies)]), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            status = 0
        answers.append(((loop.time() - due) * 1000, status))

    total = int(rate * seconds)
    start = loop.time() + 0.2
    tasks: set[asyncio.Task[None]] = set()
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            late = max(late, -delay)
        task = asyncio.create_task(one(i, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    sent_in = loop.time() - start
    while tasks:
        await asyncio.gather(*list(tasks))
    statuses: dict[str, int] = {}
    for _, status in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    every = [ms for ms, _ in answers]
    ok = [ms for ms, s in answers if s == 200]
    refused = [ms for ms, s in answers if s in (429, 503)]
    return {
        "sent": total,
        "rate": rate,
        "sent_rate": round(total / sent_in, 1) if sent_in > 0 else None,
        "sender_late_ms": round(late * 1000, 1),
        "connections_opened": pool.opened,
        "statuses": statuses,
        "p50_ms": round(percentile(every, 0.50), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1),
        "ok_p50_ms": round(percentile(ok, 0.50), 1),
        "ok_p95_ms": round(percentile(ok, 0.95), 1),
        "ok_p99_ms": round(percentile(ok, 0.99), 1),
        "refused_p99_ms": round(percentile(refused, 0.99), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("key")
    ap.add_argument("bodies", type=Path)
    ap.add_argument("--rate", type=float, required=True, help="requests a second")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--connections", type=int, default=256, help="at most open at once")
    args = ap.parse_args()
    bodies = [ln.encode() for ln in args.bodies.read_text().splitlines() if ln.strip()]
    started = time.monotonic()
    figures = asyncio.run(
        drive(args.url, args.key, bodies, args.rate, args.seconds, args.connections)
    )
    figures["wall_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
