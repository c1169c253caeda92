"""Imported activities and imported strength sets, as plain values (issue #5).

Importers (runlift.importers.*) read files into these; the store keeps them; runs feed the
running-load model (TRK-1, SCH-6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from runlift.core.log import RunEntry
from runlift.core.profile import RunType

RUNNING = "running"


class SetKind(StrEnum):
    NORMAL = "normal"
    WARMUP = "warmup"
    DROP = "drop"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class Activity:
    """One activity's summary: what the load model and `runlift activities` need, not every record."""

    start: dt.datetime  # UTC, timezone-aware
    sport: str  # normalized lower-case: "running", "cycling", "swimming", "walking", "training", … ; never dropped
    source_format: str  # "fit", "gpx", "tcx", "strava"
    sub_sport: str | None = None
    utc_offset_s: int | None = None  # local time = start + offset, when the file says
    distance_m: float | None = None
    moving_s: float | None = None  # timer time (pauses removed)
    elapsed_s: float | None = None  # wall-clock from start to end
    avg_hr: float | None = None
    max_hr: float | None = None
    ascent_m: float | None = None
    name: str = ""
    rpe: float | None = None  # perceived exertion 1-10 when the source has it (Strava)
    index: int = 0  # position within a multi-sport file

    @property
    def is_run(self) -> bool:
        return self.sport == RUNNING


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One strength set from an app export (Strong, Hevy) or a watch (FIT `set` messages)."""

    performed_at: dt.datetime  # when the workout (or the set) started; naive means local time
    workout: str  # the workout's name or id, to group sets into sessions
    exercise: str  # the name as the source wrote it; mapped to the library later
    reps: int | None
    weight: float | None  # None or 0 for bodyweight
    unit: str  # "kg" or "lb"
    kind: SetKind = SetKind.NORMAL
    rpe: float | None = None
    seconds: float | None = None
    distance_m: float | None = None
    note: str = ""
    order: int = 0  # set order within the workout


# --- runs into the load model (TRK-1, SCH-6) -------------------------------------------

# A stated estimate of session RPE from heart rate as a share of the runner's highest recorded
# HR (a stand-in for HRmax), by the usual zone boundaries; used only when the source has no RPE.
HR_RPE: tuple[tuple[float, float], ...] = ((0.70, 3.0), (0.80, 5.0), (0.87, 7.0), (0.92, 8.0), (1.01, 9.0))
KEYWORDS: tuple[tuple[str, RunType], ...] = (
    ("race", RunType.RACE),
    ("interval", RunType.INTERVALS),
    ("repeat", RunType.INTERVALS),
    ("tempo", RunType.TEMPO),
    ("threshold", RunType.TEMPO),
    ("hill", RunType.HILLS),
    ("long", RunType.LONG),
    ("recovery", RunType.RECOVERY),
)
LONG_RUN_S = 90 * 60  # no name to go by: 90 minutes or more is a long run


def run_type(activity: Activity) -> RunType:
    """The run's type from its name, else long when ≥ 90 min, else easy."""
    name = activity.name.lower()
    for word, kind in KEYWORDS:
        if word in name:
            return kind
    duration = activity.moving_s or activity.elapsed_s or 0.0
    return RunType.LONG if duration >= LONG_RUN_S else RunType.EASY


def estimated_rpe(activity: Activity, hr_max: float | None) -> tuple[float | None, str]:
    """RPE from the source, else from heart rate; None leaves it to the run type's estimate."""
    if activity.rpe is not None:
        return activity.rpe, "source"
    if activity.avg_hr and hr_max:
        share = activity.avg_hr / hr_max
        return next(rpe for limit, rpe in HR_RPE if share < limit), "heart rate"
    return None, "run type"


def run_entry(activity: Activity, hr_max: float | None) -> RunEntry:
    """An imported run as the load model sees it (session RPE × minutes, Foster)."""
    rpe, _ = estimated_rpe(activity, hr_max)
    duration = activity.moving_s or activity.elapsed_s or 0.0
    local = activity.start + dt.timedelta(seconds=activity.utc_offset_s or 0)
    return RunEntry(
        local.date(),
        run_type(activity),
        activity.distance_m or 0.0,
        duration,
        rpe,
        activity.avg_hr,
        activity.source_format,
    )


# --- one activity, several sources --------------------------------------------------------

SAME_START_S = 60  # the same run from a FIT file and from Strava starts within a minute…
SAME_WITHIN = 0.02  # …and agrees on duration and distance within 2 %
FORMAT_RANK = {"fit": 3, "tcx": 2, "gpx": 1, "strava": 0}


def _close(a: float | None, b: float | None) -> bool | None:
    if not a or not b:
        return None
    return abs(a - b) <= SAME_WITHIN * max(a, b)


def same_activity(a: Activity, b: Activity) -> bool:
    """Two records of one activity: starts within 60 s, duration and distance (where both know) within 2 %."""
    if abs((a.start - b.start).total_seconds()) > SAME_START_S:
        return False
    checks = [_close(a.moving_s or a.elapsed_s, b.moving_s or b.elapsed_s), _close(a.distance_m, b.distance_m)]
    known = [c for c in checks if c is not None]
    return bool(known) and all(known)


def richness(a: Activity) -> tuple[int, int]:
    """Which record to keep: more fields known, then the richer format (FIT > TCX > GPX > Strava CSV)."""
    fields = (a.distance_m, a.moving_s, a.elapsed_s, a.avg_hr, a.max_hr, a.ascent_m, a.utc_offset_s, a.sub_sport)
    return sum(v is not None for v in fields), FORMAT_RANK.get(a.source_format, 0)


def merged(kept: Activity, other: Activity) -> Activity:
    """The kept record, with the name and perceived exertion the other source knows (Strava's CSV)."""
    return replace(kept, name=kept.name or other.name, rpe=kept.rpe if kept.rpe is not None else other.rpe)
