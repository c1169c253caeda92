"""Load: `runlift serve` on loopback for a 10-year athlete, open loop at a fixed rate (issue #12).

For each deployment (SQLite with 1 process, PostgreSQL with 2 and 4 by default) the script fills a
database (store/history.py generate: per year 350 runs and 100 lift sessions of 20 sets; the runner's
file added 8 weeks ago, the history imported), starts `runlift serve --workers N`, and sends requests
at `--rate` per second for `--duration` seconds per phase, open loop: each request leaves at its
scheduled time whether or not the earlier ones have been answered, and its latency counts from that
time (a slow server is not hidden by a client that waits for it). In flight at most `--max-in-flight`;
a request that would pass it is counted as dropped, never sent late.

The client is bench/loopback.py (HTTP/1.1 keep-alive on asyncio streams, ~0.4 ms of CPU a request:
the server shares the 2 CPUs with it); `--client httpx` is the earlier one. Before the phases a warm-up
sends every route the phases send (progress aside) for 2 s at 50/s: a process's first request of a
route does one-time work (a new process's first Today makes the plan, ~140 ms; its first set ~26 ms),
and the figures are a running server's.

Phases: the baseline route (GET /api/v1/health: the app, its middleware and one `SELECT 1`, the floor
of any route), GET …/today, POST …/log/sets (an exercise id, one set), the two mixed half and half
(a set logged today leaves today's card cached, store/changes.py), GET …/progress at
`--progress-rate` when the route exists (it reads the whole history by design), and with `--athletes N`
(N > 1) a many-athlete phase: N - 1 more athletes with `--many-years` of history each, the mixed
requests spread over all N in turn (a server's load of many people: one athlete's row lock no longer
queues every set). `--series` then lists each second of a phase whose slowest answer took 50+ ms.

Goals (issue #12): log-a-set p99 < 20 ms, today p99 < 50 ms.

Run: .venv/bin/python bench/api_load.py [--rate 200] [--duration 30] [--deployments sqlite:1,postgresql:2,postgresql:4]
     (PostgreSQL on 127.0.0.1:5432, user postgres, is used when reachable)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_history import TODAY, fill
from loopback import HttpxClient, Loopback

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{}"
SET = {"exercise": "goblet-squat", "sets": 1, "reps": 8, "weight": 40, "unit": "lb", "rir": 2}


@dataclass
class Route:
    """One route's answers in a phase."""

    label: str
    latencies: list[float] = field(default_factory=list)  # ms, from the scheduled send time
    sent_at: list[float] = field(default_factory=list)  # s from the phase's start, of each latency
    errors: dict[str, int] = field(default_factory=dict)
    sent: int = 0

    def pct(self, q: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


@dataclass
class Phase:
    name: str
    routes: dict[str, Route] = field(default_factory=dict)
    dropped: int = 0
    seconds: float = 0.0
    server_cpu_s: float = 0.0  # CPU the server's processes spent in the phase (user + system)
    load: float = 0.0  # the machine's 1-minute load average at the end


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every process in the process group (the server and its workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the command: state, ppid, pgrp, … utime (11), stime (12)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'load-{uuid.uuid4().hex[:8]}.db'}"
        return
    import psycopg

    name = f"runlift_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.format(name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server(url: str, workers: int, folder: Path) -> Iterator[tuple[str, int]]:
    """`runlift serve` in a process group of its own, killed (all its workers) at the end."""
    port = free_port()
    exe = str(Path(sys.executable).parent / "runlift")
    env = {
        **os.environ,
        "RUNLIFT_DATABASE_URL": url,
        "RUNLIFT_TODAY": TODAY.isoformat(),
        "RUNLIFT_DATA_DIR": str(folder),
    }
    log = (folder / f"serve-{port}.log").open("w")
    cmd = [exe, "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"runlift serve exited ({proc.returncode}); see {log.name}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"runlift serve did not answer in 60 s; see {log.name}")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


Request = tuple[str, str, str, dict[str, object] | None]  # label, method, path, JSON body


async def run_phase(
    client: Loopback | HttpxClient,
    name: str,
    requests: list[Request],
    rate: float,
    seconds: float,
    cap: int,
    pgid: int = 0,
    keys: bool = False,
) -> Phase:
    """Open loop: request i leaves at start + i / rate (cycling through `requests`). `keys`: each POST
    carries a new Idempotency-Key, as the web app's outbox sends it."""
    phase = Phase(name, {label: Route(label) for label, *_ in requests})
    in_flight = 0
    tasks: set[asyncio.Task[None]] = set()

    async def one(route: Route, method: str, path: str, body: dict[str, object] | None, due: float) -> None:
        nonlocal in_flight
        try:
            headers = {"Idempotency-Key": uuid.uuid4().hex} if keys and method == "POST" else None
            status = await client.request(method, path, body, headers)
            took = (time.perf_counter() - due) * 1000
            if status < 400:
                route.latencies.append(took)
                route.sent_at.append(due - start)
            else:
                route.errors[str(status)] = route.errors.get(str(status), 0) + 1
        except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
            route.errors[type(exc).__name__] = route.errors.get(type(exc).__name__, 0) + 1
        finally:
            in_flight -= 1

    cpu = group_cpu(pgid) if pgid else 0.0
    start = time.perf_counter()
    count = int(rate * seconds)
    for i in range(count):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if in_flight >= cap:
            phase.dropped += 1
            continue
        label, method, path, body = requests[i % len(requests)]
        route = phase.routes[label]
        in_flight += 1
        route.sent += 1
        task = asyncio.create_task(one(route, method, path, body, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks, timeout=60)
    phase.seconds = time.perf_counter() - start
    phase.server_cpu_s = group_cpu(pgid) - cpu if pgid else 0.0
    phase.load = os.getloadavg()[0]
    return phase


async def load(base: str, pgid: int, athlete: int, args: argparse.Namespace, others: list[int]) -> list[Phase]:
    a = f"/api/v1/athletes/{athlete}"
    async with httpx.AsyncClient(base_url=base, timeout=30) as check:
        today = await check.get(f"{a}/today")
        if today.status_code != 200:
            raise RuntimeError(f"GET {a}/today answered {today.status_code}: {today.text[:300]}")
        has_progress = (await check.get(f"{a}/progress")).status_code == 200
    health: Request = ("GET health (baseline)", "GET", "/api/v1/health", None)
    card: Request = ("GET today", "GET", f"{a}/today", None)
    logged: Request = ("POST set", "POST", f"{a}/log/sets", SET)
    phases: list[tuple[str, list[Request], float, float]] = [
        ("baseline", [health], args.rate, args.duration),
        ("today", [card], args.rate, args.duration),
        ("set", [logged], args.rate, args.duration),
        ("mixed 1:1", [card, logged], args.rate, args.duration),
    ]
    if others:
        spread: list[Request] = []
        for who in [athlete, *others]:
            spread += [("GET today", "GET", f"/api/v1/athletes/{who}/today", None)]
            spread += [("POST set", "POST", f"/api/v1/athletes/{who}/log/sets", SET)]
        phases.append((f"{len(others) + 1} athletes", spread, args.rate, args.duration))
    if has_progress:
        progress: Request = ("GET progress", "GET", f"{a}/progress", None)
        phases.append(("progress", [progress], args.progress_rate, min(args.duration, 10.0)))
    wanted = {p.strip() for p in args.phases.split(",") if p.strip()}
    phases = [p for p in phases if not wanted or p[0] in wanted]
    cap = args.max_in_flight
    client = HttpxClient(base, cap) if args.client == "httpx" else Loopback(base)
    try:
        # every route the phases send, 2 s at 50/s before any phase is timed: each process's first
        # request of a route does one-time work (a cold plan, the statements compiled, the pool filled)
        warm = list({r[0]: r for _, reqs, _, _ in phases for r in reqs if r[0] != "GET progress"}.values())
        await run_phase(client, "warm-up", warm or [health], 50, 2, cap)
        return [
            await run_phase(client, name, reqs, rate, secs, cap, pgid, args.keys) for name, reqs, rate, secs in phases
        ]
    finally:
        await client.aclose()


def pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second, each phase")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--deployments", default="sqlite:1,postgresql:2,postgresql:4")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--max-in-flight", type=int, default=256)
    parser.add_argument("--progress-rate", type=float, default=5.0)
    parser.add_argument("--athletes", type=int, default=1, help="N > 1: a phase spread over N athletes")
    parser.add_argument("--many-years", type=int, default=1, help="history of each other athlete")
    parser.add_argument("--keys", action="store_true", help="an Idempotency-Key on each POST (as the outbox)")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw", help="raw: bench/loopback.py")
    parser.add_argument("--series", action="store_true", help="then each second whose slowest answer took 50+ ms")
    parser.add_argument("--phases", default="", help="only these phases (comma-separated names), e.g. '50 athletes'")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for deployment in args.deployments.split(","):
            kind, workers = deployment.split(":")
            if kind == "postgresql" and not pg_reachable():
                print(f"({deployment} skipped: PostgreSQL is not reachable on 127.0.0.1:5432)")
                continue
            with database(kind, folder) as url:
                athlete = fill(url, args.years, long_season=False)
                others = [fill(url, args.many_years, False, f"Runner {i}") for i in range(1, args.athletes)]
                with server(url, int(workers), folder) as (base, pgid):
                    phases = asyncio.run(load(base, pgid, athlete, args, others))
            rows.append((f"{kind} × {workers}", phases))
    print(
        f"\nOpen loop at {args.rate:g} req/s, {args.duration:g} s per phase; {args.years}-year athlete; "
        f"latency ms from the scheduled send; cpu/req: the server processes' CPU ms per request (PostgreSQL's "
        f"own not counted); load: the machine's 1-minute load average ({os.cpu_count()} CPUs); "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; client: {args.client}"
        + ("; each POST with an Idempotency-Key" if args.keys else "")
    )
    head = f"{'deployment':15} {'phase':10} {'route':22} {'sent':>6} {'ok/s':>6} {'p50':>7} {'p99':>7} {'max':>7}"
    print(head + f" {'cpu/req':>8} {'load':>5}  errors, dropped")
    for deployment, phases in rows:
        for p in phases:
            for r in p.routes.values():
                bad = ", ".join(f"{k}: {v}" for k, v in r.errors.items())
                bad += (", " if bad else "") + (f"dropped {p.dropped}" if p.dropped else "")
                ok_rate = len(r.latencies) / p.seconds if p.seconds else 0.0
                top = max(r.latencies) if r.latencies else None
                cells = " ".join(_ms(v) for v in (r.pct(50), r.pct(99), top))
                sent = sum(x.sent for x in p.routes.values())
                per = f"{p.server_cpu_s * 1000 / sent:8.2f}" if sent else "       -"  # the phase's, all routes
                row = f"{deployment:15} {p.name:10} {r.label:22} {r.sent:6} {ok_rate:6.1f} {cells} {per} {p.load:5.1f}"
                print(f"{row}  {bad}")
    if args.series:
        print("\nseconds (from the phase's start) whose slowest answer took 50 ms or more: second: p50 / max ms")
        for deployment, phases in rows:
            for p in phases:
                for r in p.routes.values():
                    slow = _slow_seconds(r)
                    print(f"{deployment:15} {p.name:10} {r.label:22} " + ("  ".join(slow) or "none"))


def _slow_seconds(route: Route) -> list[str]:
    by_second: dict[int, list[float]] = {}
    for at, took in zip(route.sent_at, route.latencies, strict=True):
        by_second.setdefault(int(at), []).append(took)
    return [
        f"{second}: {sorted(v)[len(v) // 2]:.0f} / {max(v):.0f}"
        for second, v in sorted(by_second.items())
        if max(v) >= 50
    ]


def _ms(value: float | None) -> str:
    return f"{value:7.1f}" if value is not None else "      -"


if __name__ == "__main__":
    main()
