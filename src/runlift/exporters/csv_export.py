"""The log as tidy CSV: one file per table (lift_sessions, lift_sets, runs, pain, body_weight, activities)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from runlift.core.activity import Activity
from runlift.core.log import TrainingLog


def write_csv(folder: Path, log: TrainingLog, activities: Sequence[tuple[int, Activity, str]]) -> list[Path]:
    """Write every table; each file is written whole or not at all (exporters.safe_write)."""
    from runlift.exporters.safe_write import ensure_folder, write_whole

    ensure_folder(folder)
    sessions = [(i + 1, s) for i, s in enumerate(log.lifts)]
    tables: dict[str, tuple[list[str], Iterable[Sequence[object]]]] = {
        "lift_sessions": (
            ["session", "date", "planned", "note"],
            [(i, s.date.isoformat(), s.planned, s.note) for i, s in sessions],
        ),
        "lift_sets": (
            ["session", "position", "exercise", "side", "weight", "unit", "reps", "rir", "rpe", "status"],
            [
                (i, n + 1, x.exercise, x.side.value, x.weight, x.unit.value, x.reps, x.rir, x.rpe, x.status.value)
                for i, s in sessions
                for n, x in enumerate(s.sets)
            ],
        ),
        "runs": (
            ["date", "type", "distance_m", "duration_s", "rpe", "avg_hr", "source"],
            [
                (r.date.isoformat(), r.type.value, r.distance_m, r.duration_s, r.rpe, r.avg_hr, r.source)
                for r in log.runs
            ],
        ),
        "pain": (["date", "area", "score"], [(p.date.isoformat(), p.area.value, p.score) for p in log.pain]),
        "body_weight": (["date", "value", "unit"], [(w.date.isoformat(), w.value, w.unit.value) for w in log.weights]),
        "activities": (
            [
                "id",
                "start",
                "sport",
                "distance_m",
                "moving_s",
                "elapsed_s",
                "avg_hr",
                "max_hr",
                "ascent_m",
                "source",
                "sha256",
            ],
            [
                (
                    i,
                    a.start.isoformat(),
                    a.sport,
                    a.distance_m,
                    a.moving_s,
                    a.elapsed_s,
                    a.avg_hr,
                    a.max_hr,
                    a.ascent_m,
                    a.source_format,
                    sha,
                )
                for i, a, sha in activities
            ],
        ),
    }
    written = []
    for name, (header, rows) in tables.items():
        path = folder / f"{name}.csv"
        handle = io.StringIO(newline="")
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([cell(v) for v in row] for row in rows)
        write_whole(path, handle.getvalue().encode("utf-8"))
        written.append(path)
    return written


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A value as a spreadsheet may open it safely: text that starts like a formula (=, +, -, @,
    tab, CR) gets a leading ' so it stays text (CSV injection); numbers are written as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
