"""CPU of one POST …/log/sets in-process, no HTTP server (issue #12): the app's own cost per set.

Fills a database with a 10-year athlete as bench/api_load.py does, runs the app's lifespan, and sends
requests straight to the ASGI app (no socket, no uvicorn, no client): CPU ms (process time) per
request, median and 10th percentile of `--runs` (the routes take turns), for the constant route
(GET /api/v1/health) and POST …/log/sets (an exercise id; with and without an Idempotency-Key).
`--profile` then prints cProfile's top functions of the set route (CPU time, sync code run inline).

Run: .venv/bin/python bench/bench_set.py [--years 10] [--runs 400] [--url postgresql+psycopg://…] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from api_load import SET
from bench_history import TODAY, fill

from runlift.settings import Settings
from runlift.web import create_app


class Client:
    """Raw ASGI requests to one app; its sync routes run in the loop's thread pool, as under uvicorn."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def request(
        self, method: str, path: str, body: dict[str, object] | None = None, key: str | None = None
    ) -> int:
        data = json.dumps(body).encode() if body is not None else b""
        headers = [(b"host", b"127.0.0.1"), (b"content-length", str(len(data)).encode())]
        if body is not None:
            headers.append((b"content-type", b"application/json"))
        if key is not None:
            headers.append((b"idempotency-key", key.encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False
        status = 0

        async def receive() -> dict[str, object]:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await self.app(scope, receive, send)
        return status


async def cpu_ms(steps: dict[str, Callable[[], Awaitable[int]]], runs: int) -> dict[str, tuple[float, float]]:
    """CPU of the whole process (the event loop and the thread pool the sync routes run in) per request:
    median and 10th percentile. The routes take turns, so a busy moment of the machine hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            t = time.process_time()
            status = await step()
            times[name].append((time.process_time() - t) * 1000)
            if status >= 400:
                raise RuntimeError(f"{name} answered {status}")
    return {name: (statistics.median(v), statistics.quantiles(v, n=10)[0]) for name, v in times.items()}


def inline() -> None:
    """Sync routes and dependencies run on the event loop's thread (cProfile sees one thread only)."""
    import fastapi.dependencies.utils
    import fastapi.routing

    async def run_inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    fastapi.routing.run_in_threadpool = run_inline  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = run_inline  # type: ignore[attr-defined]


async def measure(app: Any, athlete: int, runs: int, profile: bool) -> dict[str, tuple[float, float]]:
    client = Client(app)
    path = f"/api/v1/athletes/{athlete}/log/sets"
    async with app.router.lifespan_context(app):
        for _ in range(20):  # warm: imports, the plan cache, the pool, the thread pool
            await client.request("GET", "/api/v1/health")
            await client.request("POST", path, SET)
            await client.request("POST", path, SET, key=uuid.uuid4().hex)
        steps: dict[str, Callable[[], Awaitable[int]]] = {
            "GET health (baseline)": lambda: client.request("GET", "/api/v1/health"),
            "POST set": lambda: client.request("POST", path, SET),
            "POST set, Idempotency-Key": lambda: client.request("POST", path, SET, key=uuid.uuid4().hex),
        }
        rows = await cpu_ms(steps, runs)
        if profile:
            inline()
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(runs):
                await client.request("POST", path, SET, key=uuid.uuid4().hex)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(90)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--url", default="", help="a database URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--profile", action="store_true", help="then cProfile the set route (run inline)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'set.db'}"
        athlete = fill(url, args.years, long_season=False)
        app = create_app(Settings(database_url=url, today=TODAY, data_dir=Path(tmp), jobs_in_app=False))
        rows = asyncio.run(measure(app, athlete, args.runs, args.profile))
    kind = url.split(":", 1)[0]
    print(f"\n{kind}, {args.years}-year athlete, CPU ms per request over {args.runs} runs (median / p10)")
    for name, (median, p10) in rows.items():
        print(f"{name:28} {median:6.2f} / {p10:6.2f}")


if __name__ == "__main__":
    main()
