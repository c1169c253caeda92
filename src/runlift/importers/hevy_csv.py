"""Hevy app CSV exports (workout_data.csv) read into ImportedSet values.

Columns: `title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,
set_type,weight_kg|weight_lbs,reps,distance_km|distance_miles,duration_seconds,rpe`. The unit is in the
weight and distance headers. Times look like "30 Jun 2025, 19:56" (local time); ISO 8601 is accepted too.
Each set's `order` is its 1-based position within its workout, in file order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import BinaryIO

from runlift.core.activity import ImportedSet, SetKind
from runlift.core.errors import ImportFileError
from runlift.importers.strong_csv import Row, blank, read_table, text_lines

COLUMNS: Mapping[str, str] = {
    "title": "title",
    "start_time": "start",
    "exercise_title": "exercise",
    "exercise_notes": "notes",
    "set_type": "set_type",
    "weight_kg": "weight",
    "weight_lbs": "weight",
    "reps": "reps",
    "distance_km": "distance",
    "distance_miles": "distance",
    "duration_seconds": "seconds",
    "rpe": "rpe",
}
REQUIRED = ("title", "start", "exercise", "weight", "reps")
EXPECTED = "title, start_time, exercise_title, weight_kg or weight_lbs, reps"
WEIGHT_UNITS: Mapping[str, str] = {"weight_kg": "kg", "weight_lbs": "lb"}
METERS_PER: Mapping[str, float] = {"distance_km": 1000.0, "distance_miles": 1609.344}
KINDS: Mapping[str, SetKind] = {
    "normal": SetKind.NORMAL,
    "warmup": SetKind.WARMUP,
    "dropset": SetKind.DROP,
    "failure": SetKind.FAILURE,
}
TIME_FORMATS = ("%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%b %d, %Y, %I:%M %p", "%b %d, %Y, %H:%M")


def _fields(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        field = COLUMNS.get(cell.strip().casefold())
        if field is not None and field not in found:
            found[field] = i
    return found


def read(data: bytes, name: str) -> list[ImportedSet]:
    """The sets of a Hevy CSV export."""
    return list(iter_sets(data, name))


def iter_sets(data: bytes | BinaryIO, name: str) -> Iterator[ImportedSet]:
    """The sets of a Hevy CSV export one by one, read as a stream (memory does not grow with the rows)."""
    lines = text_lines(data, name)
    first = next(lines, "")
    if blank(first, lines):
        raise ImportFileError(name, "1", f"not a Hevy export: expected columns {EXPECTED}, got an empty file")
    header, columns, rows = read_table(itertools.chain([first], lines), name, _fields)
    if any(f not in columns for f in REQUIRED):
        got = ", ".join(repr(cell) for cell in header[:8]) + (", …" if len(header) > 8 else "")
        raise ImportFileError(name, "1", f"not a Hevy export: expected columns {EXPECTED}, got {got}")
    unit = WEIGHT_UNITS[header[columns["weight"]].strip().casefold()]
    meters_per = METERS_PER[header[columns["distance"]].strip().casefold()] if "distance" in columns else 1.0

    position: Counter[tuple[dt.datetime, str]] = Counter()
    for row in rows:
        kind = _kind(row)
        performed_at = _time(row)
        workout = row.text("title")
        exercise = row.text("exercise")
        if not exercise:
            raise row.fail("exercise", "an exercise name", exercise)
        distance = row.number("distance")
        position[performed_at, workout] += 1
        yield ImportedSet(
            performed_at=performed_at,
            workout=workout,
            exercise=exercise,
            reps=row.whole("reps"),
            weight=row.number("weight"),
            unit=unit,
            kind=kind,
            rpe=row.number("rpe"),
            seconds=row.number("seconds"),
            distance_m=None if distance is None else distance * meters_per,
            note=row.text("notes"),
            order=position[performed_at, workout],
        )


def _kind(row: Row) -> SetKind:
    cell = row.text("set_type")
    if not cell:
        return SetKind.NORMAL  # an export without set types: every set counts as normal
    kind = KINDS.get(cell.casefold())
    if kind is None:
        raise row.fail("set_type", "normal, warmup, dropset or failure", cell)
    return kind


def _time(row: Row) -> dt.datetime:
    cell = row.text("start")
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(cell, fmt)
        except ValueError:
            pass
    try:
        return dt.datetime.fromisoformat(cell)
    except ValueError:
        raise row.fail("start", "a time like '30 Jun 2025, 19:56' or ISO 8601", cell) from None
