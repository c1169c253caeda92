"""`runlift today` as a gym card, through the entry point."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.entry import invoke

SAM = """
[athlete]
name = "Sam"
units = "lb"
bodyweight = 160
lifting_experience = "intermediate"
equipment = ["barbell", "dumbbells", "bench", "band"]
pain = []
sessions_per_week = 2
session_minutes = 45

[running]
weekly_distance = 30
week = { mon = "easy", tue = "rest", wed = "tempo:am", thu = "easy", fri = "rest", sat = "long", sun = "rest" }

[weights]
dumbbells = [10, 15, 20, 25, 30, 35, 40, 45, 50]
bar = 45
plates = [45, 45, 25, 25, 10, 10, 5, 5, 2.5, 2.5]

[[race]]
date = 2027-04-18
distance = "marathon"
priority = "A"
"""


def cli(db: str, *args: str, today: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "RUNLIFT_TODAY": today, "RUNLIFT_DATABASE_URL": db}
    out = invoke(args, env)  # the entry point in this process (tests/cli/entry.py)
    assert out.returncode == 0, out.stderr
    return out


@pytest.fixture
def sam(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'log.db'}"
    path = tmp_path / "sam.toml"
    path.write_text(SAM)
    cli(db, "athlete", "add", str(path), today="2026-11-30")
    cli(db, "log", "set", "barbell bench press", "2x5@135", "rir2", today="2026-11-30")
    cli(db, "log", "set", "db-single-leg-rdl-contralateral", "2x5@30", "rir3", "--side", "L", today="2026-11-30")
    cli(db, "log", "set", "db-single-leg-rdl-contralateral", "2x5@30", "rir3", "--side", "R", today="2026-11-30")
    return db


def test_the_gym_card_has_the_order_warm_up_loads_last_time_cues_and_plates(sam: str):
    out = cli(sam, "today", today="2026-12-07").stdout
    lines = out.splitlines()
    assert lines[0] == "Monday 07 December 2026 · base phase"
    assert "Lift first, run after (easy run): 3 hours or more apart." in out
    assert "Warm-up" in out and "· 5-10 min easy jog, bike or brisk walk" in out and "Cool-down" in out
    bench = out[out.index("Barbell bench press: 3×5") :]
    assert "Load 140 lb (81% of your max): 45 lb bar + 45 + 2.5 lb on each side" in bench
    assert "Last time, Mon 30 Nov: 2×5 @ 135 lb, RIR 2" in bench
    assert "Cues: Grip just wider than shoulders" in bench
    hinge = out[out.index("Contralateral dumbbell single-leg RDL: 3×5 each side") :]
    assert "Last time, Mon 30 Nov: 2×5 @ 30 lb, RIR 3 each side" in hinge
    assert "lb dumbbell" in hinge[: hinge.index("Last time")]  # the load line: what to pick up
    assert max(map(len, lines)) <= 80 and "rest 120\u00a0s" in out


def test_the_gym_card_json_carries_what_to_pick_up_and_last_time(sam: str):
    doc = json.loads(cli(sam, "today", "--json", today="2026-12-07").stdout)
    card = {c["id"]: c for c in doc["sessions"][0]["card"]}
    assert card["bench-press"]["pick_up"] == "45 lb bar + 45 + 2.5 lb on each side"
    assert card["bench-press"]["last"]["sets"][0] == {"reps": 5, "weight": 135.0, "unit": "lb", "rir": 2.0}
    assert doc["runs"] == [{"type": "easy", "time": None}]


def test_a_day_without_a_lift_says_the_run_and_the_next_lift(sam: str):
    out = cli(sam, "today", today="2026-12-09").stdout
    assert "Run: tempo run (am) ★." in out and "No lift today. Next lift: Thu 10 Dec." in out


def test_a_day_past_the_longest_season_is_refused_at_once(sam: str):
    """Every week up to the day is planned: `today --date 2150-03-30` once took about a minute."""
    import time

    from tests.cli.inproc import runlift

    for command in ("today", "week"):
        started = time.perf_counter()
        far = runlift(sam, command, "--date", "2150-03-30")
        assert far.returncode == 1 and time.perf_counter() - started < 2, far.stderr
        assert far.stderr.strip() == (
            "Error: --date: expected a day at most 104 weeks after today (2028-11-27), got 2150-03-30"
        )
    assert runlift(sam, "today", "--date", "2028-11-27").returncode == 0
