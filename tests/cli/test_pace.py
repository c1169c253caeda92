"""Runs show their pace: `log run`, `week`, `history` and `activities`, in the runner's units."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.entry import invoke
from tests.cli.test_cli import SEED_M

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
 <trk><name>Morning run</name><type>running</type><trkseg>
{points}
 </trkseg></trk>
</gpx>
"""


def cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "RUNLIFT_TODAY": "2026-12-02", "RUNLIFT_DATABASE_URL": db}
    out = invoke(args, env)  # the entry point in this process (tests/cli/entry.py)
    assert out.returncode == 0, out.stderr
    return out


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M.replace('units = "lb"', 'units = "kg"').replace("bodyweight = 135", "bodyweight = 61"))
    cli(url, "athlete", "add", str(path))
    return url


def test_a_logged_run_shows_its_pace_in_log_week_and_history(db: str):
    logged = cli(db, "log", "run", "10km", "52:30", "tempo", "--date", "2026-11-30")
    assert "Logged a tempo run of 10.00 km at 5:15 /km on Mon 30 Nov." in logged.stdout
    assert json.loads(cli(db, "log", "run", "5km", "30:00", "--json").stdout)["pace_s_per_km"] == 360.0
    assert "tempo 10.0 km at 5:15 /km" in cli(db, "week").stdout
    assert "easy 5.0 km at 6:00 /km" in cli(db, "week").stdout
    assert "(5:15 /km)" in cli(db, "history").stdout
    week = json.loads(cli(db, "week", "--json").stdout)
    assert week["days"][0]["runs"][0]["pace_s_per_km"] == 315.0


def test_imported_runs_show_their_pace(db: str, tmp_path: Path):
    # 11 points 100 m apart (north), 30 s apart: 1 km in 5:00
    points = "\n".join(
        f'  <trkpt lat="{46.0 + i * 0.0008993:.7f}" lon="14.0">'
        f"<time>2026-11-29T08:{i // 2:02d}:{i % 2 * 30:02d}Z</time></trkpt>"
        for i in range(11)
    )
    run = tmp_path / "run.gpx"
    run.write_text(GPX.format(points=points))
    cli(db, "import", str(run))
    listed = cli(db, "activities").stdout
    assert "pace" in listed and "1.0 km" in listed and "5:00 /km" in listed
    doc = json.loads(cli(db, "activities", "--json").stdout)
    assert 295 <= doc[0]["pace_s_per_km"] <= 305


def test_week_sets_the_runs_and_lifts_done_against_the_plan(db: str):
    cli(db, "log", "run", "10km", "52:30", "tempo", "--date", "2026-11-30")
    out = cli(db, "week", "--date", "2026-11-30").stdout
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 3}
    assert "tempo 10.0 km at 5:15 /km" in lines["Mon 30"]
    assert "long · planned" in lines["Sat 05"]  # today is Wed 02 Dec
    assert "Running: 10.0 km in 1 run; your usual week is" in out and "Lifting: 0 of " in out
    week = json.loads(cli(db, "week", "--json", "--date", "2026-11-30").stdout)
    assert {d["date"]: [r["type"] for r in d["planned_runs"]] for d in week["days"]}["2026-12-05"] == ["long"]
    assert week["usual_distance_m"] > 0


def test_history_shows_each_exercise_by_name_with_its_sets(db: str):
    cli(db, "log", "set", "goblet-squat", "2x6@40kg", "--date", "2026-11-30")
    cli(db, "log", "set", "goblet-squat", "1x5@45kg", "--date", "2026-11-30")
    cli(db, "log", "set", "split-squat", "2x8@10kg", "--side", "L", "--date", "2026-11-30")
    out = cli(db, "history").stdout
    assert "Mon 30 Nov 2026  lift: 5 sets" in out
    assert "Goblet squat: 40\u00a0kg × 6, 6 · 45\u00a0kg × 5" in out
    assert "split squat: L 10\u00a0kg × 8, 8" in out
