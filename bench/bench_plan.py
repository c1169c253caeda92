"""Benchmark: building a season in-process, and `runlift plan --json` end to end.

Targets (issue #2): a 24-week season with 3 sessions/week builds in < 50 ms in-process;
`runlift plan --json` on the demo athlete starts and finishes in < 0.4 s. Each figure is
printed with its ratio to a baseline measured in the same run:
- in-process: parsing the runner's TOML file with tomllib (the cheapest step of a plan);
- end to end: the bare interpreter (`python -c pass`), i.e. the floor any CLI pays.

Run: .venv/bin/python bench/bench_plan.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path

from runlift.core import schedule
from runlift.core.profile import parse_profile
from runlift.core.season import plan_season
from runlift.data import library

START = dt.date(2026, 11, 30)
RUNS = 30


def median_ms(fn, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> None:
    text = resources.files("runlift.data").joinpath("demo.toml").read_text()
    profile = parse_profile(tomllib.loads(text))
    profile = replace(profile, athlete=replace(profile.athlete, sessions_per_week=3))
    lib = library()

    def cold() -> None:
        schedule._best_choice.cache_clear()
        plan_season(profile, lib, START, 24)

    rows = []
    base_toml = median_ms(lambda: tomllib.loads(text), 200)
    rows.append(("parse runner's TOML (baseline)", base_toml, 1.0, ""))
    cold_ms = median_ms(cold)
    rows.append(("24-week season, 3 sessions/wk, cold", cold_ms, cold_ms / base_toml, "< 50 ms"))
    warm_ms = median_ms(lambda: plan_season(profile, lib, START, 24))
    rows.append(("24-week season, 3 sessions/wk, warm", warm_ms, warm_ms / base_toml, "< 50 ms"))

    exe = Path(sys.executable).parent / "runlift"
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.toml"
        demo.write_text(text.replace("2027-04-18", "2027-05-16").replace("2027-03-07", "2027-04-04"))
        interp = median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 10)
        rows.append(("python -c pass (baseline)", interp, 1.0, ""))
        cli = median_ms(
            lambda: subprocess.run(
                [str(exe), "plan", str(demo), "--start", "2026-11-30", "--json"], check=True, stdout=subprocess.DEVNULL
            ),
            10,
        )
        rows.append(("runlift plan demo --json", cli, cli / interp, "< 400 ms"))

    print(f"{'what':42} {'median ms':>10} {'× baseline':>11}  target")
    for what, ms, ratio, target in rows:
        print(f"{what:42} {ms:10.1f} {ratio:11.1f}  {target}")


if __name__ == "__main__":
    main()
