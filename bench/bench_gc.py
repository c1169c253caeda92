"""Benchmark: the cyclic garbage collector while a 10-year log is read and reported on (issue #12).

A 10-year history (3,500 runs, 1,000 lift sessions, 20,000 sets, as in bench_log.py) in a SQLite
file; two pieces of work, each timed in three ways in the same process, rounds interleaved:

- gc as is (baseline): the collector on, nothing frozen;
- paused: gc.disable() around the work (runlift.gcpause: what the store and `progress` did, and what
  the CLI now does around a whole command);
- frozen: gc.freeze() once after start-up (every object loaded so far moves to the permanent
  generation, which collections no longer walk), the collector on.

Once with the modules a CLI command loads, then again after importing what a server loads
(FastAPI, pydantic, uvicorn, runlift.web when present): more long-lived objects, longer full passes.

Run: .venv/bin/python bench/bench_gc.py   (results: bench/bench_gc.md)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from runlift.core.profile import Units
from runlift.core.stats import progress_report, report_to_dict
from runlift.data import library
from runlift.store.history import generate
from runlift.store.repo import Store, run_row, session_row

START = dt.date(2016, 11, 28)
TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
ROUNDS = 9


def fill(store: Store) -> int:
    profile_text = (Path(__file__).parents[1] / "src/runlift/data/demo.toml").read_text()
    athlete = store.save_profile("Maya (demo)", profile_text, START, NOW).athlete_id
    sessions, runs, _pain = generate(START, runs=3500, sessions=1000, sets_per_session=20)
    with store.transaction() as db:
        db.add_all(session_row(athlete, s, "generated", NOW) for s in sessions)
        db.add_all(run_row(athlete, r, "generated", NOW) for r in runs)
    return athlete


class GcClock:
    """Time spent in the collector and full (generation 2) passes, from gc.callbacks."""

    def __init__(self) -> None:
        self.ms = 0.0
        self.full = 0
        self._t = 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t = time.process_time()
            return
        self.ms += (time.process_time() - self._t) * 1000
        self.full += info["generation"] == 2

    def reset(self) -> None:
        self.ms, self.full = 0.0, 0


CLOCK = GcClock()


def timed(work: Callable[[], object], mode: str) -> tuple[float, float, int]:
    """CPU ms of the work (process time: the machine is shared), CPU ms in the collector, full passes."""
    gc.collect()
    if mode == "frozen":
        gc.freeze()
    was = gc.isenabled()
    if mode == "paused":
        gc.disable()
    CLOCK.reset()
    t = time.process_time()
    result = work()
    ms = (time.process_time() - t) * 1000
    spent, full = CLOCK.ms, CLOCK.full
    if was:
        gc.enable()
    del result
    if mode == "frozen":
        gc.unfreeze()
    return ms, spent, full


MODES = ("as is", "paused", "frozen")


def measure(heap: str, works: dict[str, Callable[[], object]]) -> list[tuple[str, str, float, float, float, int, int]]:
    rows = []
    gc.collect()
    tracked = len(gc.get_objects())
    for name, work in works.items():
        samples: dict[str, list[tuple[float, float, int]]] = {m: [] for m in MODES}
        work()  # warm: caches, the library
        for _ in range(ROUNDS):
            for mode in MODES:
                samples[mode].append(timed(work, mode))
        base = statistics.median(ms for ms, _, _ in samples["as is"])
        for mode in MODES:
            ms = statistics.median(ms for ms, _, _ in samples[mode])
            in_gc = statistics.median(g for _, g, _ in samples[mode])
            full = round(statistics.median(f for _, _, f in samples[mode]))
            what = f"{name}, gc {mode}" + (" (baseline)" if mode == "as is" else "")
            rows.append((heap, what, ms, ms / base, in_gc, full, tracked))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/bench.db")
        athlete = fill(store)
        lib = library()
        works: dict[str, Callable[[], object]] = {
            "read the 10-year log": lambda: store.training_log(athlete),
            "read it + progress report": lambda: report_to_dict(
                progress_report(store.training_log(athlete), lib, Units.LB, [], TODAY)
            ),
        }
        rows = measure("CLI", works)
        import fastapi  # noqa: F401  (what a server process holds besides runlift)
        import pydantic  # noqa: F401
        import uvicorn  # noqa: F401

        with contextlib.suppress(ImportError):  # the web app, once it exists
            import runlift.web  # noqa: F401
        rows += measure("server", works)
        store.engine.dispose()
    print(f"Python {sys.version.split()[0]}, CPU ms (process time), median of {ROUNDS} interleaved rounds")
    print(f"{'heap':7} {'what':50} {'CPU ms':>8} {'× baseline':>11} {'in gc ms':>9} {'full gc':>8} {'tracked':>9}")
    for heap, what, ms, ratio, in_gc, full, tracked in rows:
        print(f"{heap:7} {what:50} {ms:8.1f} {ratio:11.2f} {in_gc:9.1f} {full:8} {tracked:9,}")


if __name__ == "__main__":
    main()
