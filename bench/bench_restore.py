"""Peak memory of `runlift restore` against the size of the backup (issue #11: memory independent of size).

    python bench/bench_restore.py 20000 80000     # sessions of 12 sets each: ~9 MB and ~36 MB backups

Each size: a generated backup written as a stream, restored into a fresh SQLite file by the CLI in a
subprocess, its peak resident memory read with resource.getrusage(RUSAGE_CHILDREN). Set RUNLIFT_SRC
to another checkout's src/ to measure it instead (the figures before a change)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = """[athlete]
name = "Maya"
units = "lb"
bodyweight = 135
lifting_experience = "beginner"
equipment = ["dumbbells", "band", "box"]
pain = []
sessions_per_week = 2
session_minutes = 40

[running]
weekly_distance = 35
week = { mon = "easy", tue = "rest", wed = "tempo:am", thu = "easy", fri = "rest", sat = "long", sun = "rest" }

[[race]]
date = 2027-04-18
distance = "half-marathon"
priority = "A"
"""
MADE = "2026-01-01T00:00:00+00:00"


def write_backup(path: Path, sessions: int) -> None:
    """One athlete, `sessions` sessions of 12 sets and a run every other session, streamed to disk."""
    start = dt.date(1950, 1, 2)
    with path.open("w", encoding="utf-8") as out:
        head = {"name": "Maya", "created_at": MADE}
        profile = [{"version": 1, "valid_from": "2025-01-06", "toml": SEED, "created_at": MADE}]
        out.write('{"format": "runlift-backup", "version": 2, "athletes": [')
        out.write(json.dumps(head)[:-1] + ', "profiles": ' + json.dumps(profile) + ', "plans": [], "lift_sessions": [')
        for i in range(sessions):
            day = (start + dt.timedelta(days=i)).isoformat()
            sets = [
                {
                    "exercise": "goblet-squat",
                    "side": "both",
                    "weight": 40.0 + n,
                    "unit": "lb",
                    "reps": 8,
                    "rir": 2.0,
                    "rpe": None,
                    "status": "done",
                }
                for n in range(12)
            ]
            session = {"date": day, "planned": False, "note": "", "source": "manual", "created_at": MADE, "sets": sets}
            out.write(("," if i else "") + json.dumps(session))
        out.write('], "runs": [')
        for i in range(0, sessions, 2):
            day = (start + dt.timedelta(days=i)).isoformat()
            run = {
                "date": day,
                "type": "easy",
                "distance_m": 8000.0,
                "duration_s": 2700.0,
                "rpe": None,
                "avg_hr": None,
                "source": "manual",
                "created_at": MADE,
            }
            out.write(("," if i else "") + json.dumps(run))
        out.write(
            '], "pain": [], "body_weights": [], "activities": [], "imported_files": [], '
            '"exercise_names": [], "swaps": []}]}'
        )


MEASURE = """
import resource, subprocess, sys, time
began = time.perf_counter()
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(out.returncode, f"{peak:.0f}", f"{took:.1f}", out.stderr.strip()[:200])
"""


def measure(backup: Path, db: Path) -> str:
    env = {**os.environ, "RUNLIFT_DATABASE_URL": f"sqlite:///{db}"}
    src = os.environ.get("RUNLIFT_SRC")
    if src:
        env["PYTHONPATH"] = src
    command = [sys.executable, "-m", "runlift", "restore", str(backup)]
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=env)
    return out.stdout.strip() or out.stderr.strip()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [20_000, 80_000]
    with tempfile.TemporaryDirectory() as folder:
        for sessions in sizes:
            backup = Path(folder) / f"backup-{sessions}.json"
            write_backup(backup, sessions)
            mb = backup.stat().st_size / 1e6
            result = measure(backup, Path(folder) / f"restored-{sessions}.db")
            print(f"{sessions} sessions ({sessions * 12} sets, {mb:.1f} MB): exit, peak MB, s, error = {result}")
            backup.unlink()


if __name__ == "__main__":
    main()
