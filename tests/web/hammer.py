"""A bounded load of concurrent clients against a real `runlift serve`, for the concurrency tests.

`served(url, workers)` starts the installed script on a free port (its own process group, killed at the
end whatever happens) and waits for /api/v1/health; `hammer(...)` runs `clients` async httpx clients at
once, each with its own connection, each sending `writes` writes with fresh Idempotency-Keys and one in
five again with the same key (a phone on a flaky network), and tallies what came back. Bounded by count,
not by time: the run ends when the work is done (fast on an idle machine, every client's writes sent on
a busy one), and a client still sending after `seconds` stops (then its writes are missing: a failure)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import httpx

from tests.cli.entry import RUNLIFT
from tests.web.test_serve import free_port

Send = Callable[[httpx.AsyncClient, str], Awaitable[httpx.Response]]


@contextlib.contextmanager
def served(db_url: str, workers: int, **env: str) -> Iterator[str]:
    """`runlift serve --workers N` on `db_url`; its base URL."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    proc = subprocess.Popen(
        [RUNLIFT, "--db", db_url, "serve", "--port", str(port), "--workers", str(workers)],
        env={**clean, "RUNLIFT_TODAY": "2026-11-30", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the workers go with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "runlift serve did not answer in 60 s"
            time.sleep(0.1)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


@dataclass
class Tally:
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    acked: dict[str, object] = field(default_factory=dict)  # key → the id its first 2xx named
    keys: set[str] = field(default_factory=set)  # every key sent, acknowledged or not
    mismatched: list[tuple[str, object, object]] = field(default_factory=list)  # a retry named another id
    transport_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)


async def _client(
    n: int,
    base: str,
    send: Send,
    ident: Callable[[httpx.Response], object],
    writes: int,
    until: float,
    tally: Tally,
    prefix: str,
) -> None:
    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=1)) as http:
        for i in range(writes):
            if time.monotonic() > until:
                return
            key = f"{prefix}{n}-{i}"
            for _attempt in range(2 if rng.random() < 0.2 else 1):
                tally.sent += 1
                tally.keys.add(key)
                try:
                    got = await send(http, key)
                except httpx.TransportError as exc:
                    tally.transport_errors.append(f"{key}: {type(exc).__name__}: {exc}")
                    continue
                tally.statuses[got.status_code] += 1
                if got.status_code >= 500:
                    tally.server_errors.append(f"{key}: {got.status_code} {got.text[:300]}")
                elif 200 <= got.status_code < 300:
                    seen = ident(got)
                    first = tally.acked.setdefault(key, seen)
                    if first != seen:
                        tally.mismatched.append((key, first, seen))


def hammer(
    base: str,
    send: Send,
    ident: Callable[[httpx.Response], object],
    clients: int,
    writes: int,
    seconds: float = 60,
    prefix: str = "c",
) -> Tally:
    """`prefix` starts every key this run sends (another run's keys on the same server differ)."""
    tally = Tally()

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_client(n, base, send, ident, writes, until, tally, prefix) for n in range(clients)))

    asyncio.run(main())
    return tally
