"""Today's server time for a 10-year athlete (issue #13: goal < 100 ms), against a baseline in the same run.

`runlift serve` (SQLite, one process) on loopback; a database filled as bench/api_load.py fills it (per
year 350 runs and 100 lift sessions of 20 sets; the runner's file added 8 weeks ago). One request at a
time (closed loop: server time, no queueing), wall ms from send to the whole answer, p50 / p95 / max:

- GET /api/v1/health: the baseline (the app, its middleware, one `SELECT 1`), measured between the others;
- GET /a/{id}/today: the Today page (HTML), cached (nothing written since) and cold (a set logged
  yesterday just before: today's plan is made again, app/season.py);
- GET /api/v1/athletes/{id}/today: the same card as JSON, cached.

Run: .venv/bin/python bench/bench_today.py [--years 10] [--requests 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from api_load import database, server
from bench_history import TODAY, fill

YESTERDAY = TODAY - dt.timedelta(days=1)


def timed(client: httpx.Client, method: str, path: str, **kw: object) -> float:
    start = time.perf_counter()
    got = client.request(method, path, **kw)  # type: ignore[arg-type]
    took = (time.perf_counter() - start) * 1000
    assert got.status_code < 400, (path, got.status_code, got.text[:300])
    return took


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.median(ordered):7.1f} {p95:7.1f} {max(ordered):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database("sqlite", Path(tmp)) as url:
        athlete = fill(url, args.years, long_season=False)
        with server(url, 1, Path(tmp)) as (base, _pgid), httpx.Client(base_url=base, timeout=30) as client:
            page, api = f"/a/{athlete}/today", f"/api/v1/athletes/{athlete}/today"
            for path in ("/api/v1/health", page, api):  # warm: modules, templates, the plan cached
                timed(client, "GET", path)
            results: dict[str, list[float]] = {"health": [], "page cached": [], "page cold": [], "api cached": []}
            body = {"exercise": "goblet-squat", "reps": 8, "weight": 40, "unit": "lb", "date": YESTERDAY.isoformat()}
            for _ in range(args.requests):
                results["health"].append(timed(client, "GET", "/api/v1/health"))
                results["page cached"].append(timed(client, "GET", page))
                results["api cached"].append(timed(client, "GET", api))
                timed(client, "POST", f"/api/v1/athletes/{athlete}/log/sets", json=body)  # today's plan changes
                results["page cold"].append(timed(client, "GET", page))
    print(
        f"Today's server time, {args.years}-year athlete, SQLite × 1, {args.requests} requests each, one at a time; "
        f"wall ms; load {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs); {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(f"{'':32} {'p50':>7} {'p95':>7} {'max':>7}")
    labels = {
        "health": "GET health (baseline)",
        "page cached": "GET Today page, cached",
        "page cold": "GET Today page, cold",
        "api cached": "GET …/today (API), cached",
    }
    for key, label in labels.items():
        print(f"{label:32} {summary(results[key])}")


if __name__ == "__main__":
    main()
