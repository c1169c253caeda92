"""Strava bulk export: `activities.csv` (name, type, perceived exertion, the file of each activity).

The CSV changed over the years: older exports have one `Distance` column (km), newer ones repeat
`Elapsed Time` and `Distance` (the second in metres) and add `Moving Time`, `Perceived Exertion`…
Columns are found by name, the last occurrence winning where a newer, more precise one repeats."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from runlift.core.activity import Activity
from runlift.core.errors import ImportFileError

# Strava's activity types → runlift's sport names; anything else is kept, lower-cased.
SPORTS = {
    "run": "running",
    "trail run": "running",
    "virtual run": "running",
    "ride": "cycling",
    "virtual ride": "cycling",
    "swim": "swimming",
    "walk": "walking",
    "hike": "hiking",
    "weight training": "training",
    "workout": "training",
}
DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class StravaRow:
    activity: Activity
    filename: str  # e.g. "activities/203707851.gpx" (may be empty)


def is_strava_csv(header: list[str]) -> bool:
    return "Activity ID" in header and "Activity Type" in header and "Activity Date" in header


def read(data: bytes, name: str) -> list[StravaRow]:
    """Every row of activities.csv as an Activity (source "strava") plus the file it points to."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:  # a stray carriage return, a NUL byte: this file's error, not a crash
        raise ImportFileError(name, str(reader.line_num), f"expected CSV, got {exc}") from exc
    if not rows or not is_strava_csv(rows[0]):
        raise ImportFileError(
            name, "1", "not a Strava activities.csv: expected Activity ID, Activity Date, Activity Type columns"
        )
    header = rows[0]
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        out.append(_row(dict(_columns(header, row)), name, line))
    return out


def _columns(header: list[str], row: list[str]) -> list[tuple[str, str]]:
    """(column, value) pairs; a repeated column's later value overrides an earlier empty or coarser one."""
    pairs: dict[str, str] = {}
    seen: dict[str, int] = {}
    for column, value in zip(header, row, strict=False):
        seen[column] = seen.get(column, 0) + 1
        key = f"{column}#{seen[column]}"
        pairs[key] = value.strip()
    return list(pairs.items())


def _get(cols: dict[str, str], column: str, last: bool = True) -> str:
    found = [v for k, v in cols.items() if k.rsplit("#", 1)[0] == column and v]
    return (found[-1] if last else found[0]) if found else ""


def _number(cols: dict[str, str], column: str, name: str, line: int, last: bool = True) -> float | None:
    value = _get(cols, column, last)
    if not value:
        return None
    try:
        return float(value.replace(",", ""))
    except ValueError:
        raise ImportFileError(name, str(line), f"{column}: expected a number, got {value!r}") from None


def _row(cols: dict[str, str], name: str, line: int) -> StravaRow:
    when = _get(cols, "Activity Date")
    start = None
    for fmt in DATE_FORMATS:
        try:
            start = dt.datetime.strptime(when, fmt).replace(tzinfo=dt.UTC)  # Strava writes UTC
            break
        except ValueError:
            continue
    if start is None:
        raise ImportFileError(
            name, str(line), f"Activity Date: expected a date like 'Oct 5, 2014, 4:15:21 PM', got {when!r}"
        )
    kind = _get(cols, "Activity Type").lower()
    distance = _distance_m(cols, name, line)
    activity = Activity(
        start=start,
        sport=SPORTS.get(kind, kind or "unknown"),
        source_format="strava",
        distance_m=distance,
        moving_s=_number(cols, "Moving Time", name, line),
        elapsed_s=_number(cols, "Elapsed Time", name, line),
        avg_hr=_number(cols, "Average Heart Rate", name, line),
        max_hr=_number(cols, "Max Heart Rate", name, line),
        ascent_m=_number(cols, "Elevation Gain", name, line),
        name=_get(cols, "Activity Name"),
        rpe=_number(cols, "Perceived Exertion", name, line),
    )
    return StravaRow(activity, _get(cols, "Filename"))


def _distance_m(cols: dict[str, str], name: str, line: int) -> float | None:
    """Newer exports repeat Distance in metres after the first one in km; older ones have only km."""
    values = [v for k, v in cols.items() if k.rsplit("#", 1)[0] == "Distance" and v]
    if not values:
        return None
    if len(values) >= 2:
        return _number({"Distance#1": values[-1]}, "Distance", name, line)
    km = _number({"Distance#1": values[0]}, "Distance", name, line)
    return None if km is None else km * 1000.0
