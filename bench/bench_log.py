"""Benchmark: a generated 10-year history (3,500 runs, 1,000 lift sessions, 20,000 sets) on SQLite
and PostgreSQL.

Targets (issue #3): `runlift progress --json` < 300 ms; logging one set < 20 ms median; adapting
next week < 50 ms. In-process figures time the work itself (read the log, compute, serialize);
the CLI figure adds interpreter start-up and imports. Baselines in the same run: reading the
whole log from the store (for in-process work) and `runlift --help` (for the CLI).

Run: .venv/bin/python bench/bench_log.py   (PostgreSQL on 127.0.0.1:5432 is used when reachable)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from runlift.app.progress import progress_of
from runlift.app.state import AthleteState
from runlift.core.adapt import adapt_season
from runlift.core.calendar import monday_of
from runlift.core.log import LoggedSet
from runlift.core.profile import Units
from runlift.data import library
from runlift.gcpause import paused_gc
from runlift.profile_file import demo_profile
from runlift.store.changes import changed
from runlift.store.history import generate
from runlift.store.repo import Store, run_row, session_row

TODAY = dt.date(2026, 11, 26)
START = dt.date(2016, 11, 28)
NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def fill(store: Store) -> int:
    profile_text = (Path(__file__).parents[1] / "src/runlift/data/demo.toml").read_text()
    athlete = store.save_profile("Maya (demo)", profile_text, START, NOW).athlete_id
    sessions, runs, pain = generate(START, runs=3500, sessions=1000, sets_per_session=20)
    with store.transaction() as db:
        changed(db, athlete, None)  # the store refuses a plan-changing write that does not say so
        db.add_all(session_row(athlete, s, "generated", NOW) for s in sessions)
        db.add_all(run_row(athlete, r, "generated", NOW) for r in runs)
    for p in pain:
        store.log_pain(athlete, p, NOW)
    return athlete


def bench(name: str, url: str) -> list[tuple[str, float, float, str]]:
    store = Store.open(url)
    athlete = fill(store)
    lib = library()
    profile = demo_profile(TODAY)
    rows = []
    read = median_ms(lambda: store.training_log(athlete), 5)
    rows.append((f"{name}: read the whole log (baseline)", read, 1.0, ""))

    state = AthleteState(athlete, profile, START, 1)

    def progress() -> None:  # exactly what `runlift progress --json` runs once the modules are loaded
        with paused_gc():  # as the CLI runs every command (runlift.gcpause, bench/bench_gc.md)
            json.dumps(progress_of(store, state, TODAY).document, ensure_ascii=False, separators=(",", ":"))

    ms = median_ms(progress, 5)
    rows.append((f"{name}: progress --json, in-process", ms, ms / read, "< 300 ms"))
    counter = iter(range(10_000))
    one = median_ms(
        lambda: store.add_sets(
            athlete, TODAY - dt.timedelta(days=next(counter) % 300), [LoggedSet("goblet-squat", 8, 40, Units.LB)], NOW
        ),
        50,
    )
    rows.append((f"{name}: log one set", one, one / read, "< 20 ms"))
    log = store.training_log(athlete, until=TODAY)
    ms = median_ms(lambda: adapt_season(profile, lib, log, START, TODAY, show_from=monday_of(TODAY)), 10)
    rows.append((f"{name}: adapt next week (log in memory)", ms, ms / read, "< 50 ms"))
    rows += end_to_end(name, url)
    store.engine.dispose()
    return rows


def end_to_end(name: str, url: str) -> list[tuple[str, float, float, str]]:
    """The command as a runner starts it: a new interpreter, modules from compiled bytecode.

    These machines set PYTHONDONTWRITEBYTECODE=1, which would recompile runlift on every call; an
    installed package has its bytecode, so the bench gives the runs a bytecode cache (warmed first)."""
    py = sys.executable
    exe = str(Path(py).parent / "runlift")
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": cache, "RUNLIFT_DATABASE_URL": url, "RUNLIFT_TODAY": TODAY.isoformat()}

        def run(*argv: str) -> float:
            subprocess.run(argv, env=env, check=True, capture_output=True)  # warm the bytecode cache
            return median_ms(lambda: subprocess.run(argv, env=env, check=True, capture_output=True), 7)

        floor = run(py, "-c", "import sqlalchemy.orm")
        helped = run(exe, "--help")
        cli = run(exe, "progress", "--json")
    return [
        (f"{name}: python -c 'import sqlalchemy.orm' (baseline)", floor, 1.0, ""),
        (f"{name}: runlift --help", helped, helped / floor, ""),
        (f"{name}: runlift progress --json, end to end", cli, cli / floor, "(< 300 ms is the in-process row)"),
    ]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench("SQLite", f"sqlite:///{tmp}/bench.db")
    try:
        import psycopg

        name = f"runlift_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            rows += bench("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
        finally:
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError as exc:
        print(f"(PostgreSQL skipped: {exc})")
    print(f"{'what':52} {'median ms':>10} {'× baseline':>11}  target")
    for what, ms, ratio, target in rows:
        print(f"{what:52} {ms:10.1f} {ratio:11.2f}  {target}")


if __name__ == "__main__":
    main()
