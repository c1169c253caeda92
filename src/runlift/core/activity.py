"""Imported activities and imported strength sets, as plain values (issue #5).

Importers (runlift.importers.*) read files into these; the store keeps them; runs feed the
running-load model (TRK-1, SCH-6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from runlift.core.log import LiftSession, RunEntry, impossible_pace
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

SAME_START_S = 60  # the same recording, whatever the format, starts within a minute…
SAME_OVERLAP = 0.90  # …and its time ranges overlap by 90 % of the longer one…
SAME_ELAPSED_S = 60  # …or the wall-clock lengths agree within a minute or…
SAME_ELAPSED_SHARE = 0.05  # …5 % (formats disagree on moving time: gpxpy's is ~3 % short of the timer)
DISTANCE_BAND = 0.5  # distance only breaks ties, and rules out records that disagree by more than half
FORMAT_RANK = {"fit": 3, "tcx": 2, "gpx": 1, "strava": 0}
ANY_SPORT = frozenset({"", "unknown", "generic", "other"})  # a GPX track rarely says what it was


def _span(a: Activity) -> float | None:
    return a.elapsed_s or a.moving_s


def _same_sport(a: Activity, b: Activity) -> bool:
    return a.sport == b.sport or a.sport in ANY_SPORT or b.sport in ANY_SPORT


def overlap(a: Activity, b: Activity) -> float:
    """How much the two time ranges overlap, as a share of the longer one (0 when either is unknown)."""
    span_a, span_b = _span(a), _span(b)
    if not span_a or not span_b:
        return 0.0
    end_a, end_b = a.start + dt.timedelta(seconds=span_a), b.start + dt.timedelta(seconds=span_b)
    shared = (min(end_a, end_b) - max(a.start, b.start)).total_seconds()
    return max(0.0, shared) / max(span_a, span_b)


def same_activity(a: Activity, b: Activity) -> bool:
    """Two records of one activity, from any two formats: same sport, starts within 60 s, and the
    elapsed times agree (within a minute or 5 %) or the time ranges overlap by 90 %. Distance is
    measured too differently (GPX sums its points, a FIT file has the device's wheel or GPS) to
    decide; it only rules out records that disagree by more than half (DISTANCE_BAND)."""
    if not _same_sport(a, b) or abs((a.start - b.start).total_seconds()) > SAME_START_S:
        return False
    span_a, span_b = _span(a), _span(b)
    if not span_a or not span_b:
        return False
    close = abs(span_a - span_b) <= max(SAME_ELAPSED_S, SAME_ELAPSED_SHARE * max(span_a, span_b))
    if not (close or overlap(a, b) >= SAME_OVERLAP):
        return False
    if a.distance_m and b.distance_m:
        return abs(a.distance_m - b.distance_m) <= DISTANCE_BAND * max(a.distance_m, b.distance_m)
    return True


def closeness(a: Activity, b: Activity) -> tuple[float, float]:
    """Which of several matching records is the best match (smaller is closer): distance, then start."""
    far = abs(a.distance_m - b.distance_m) / max(a.distance_m, b.distance_m) if a.distance_m and b.distance_m else 1.0
    return far, abs((a.start - b.start).total_seconds())


def richness(a: Activity) -> tuple[int, int]:
    """Which record to keep: more fields known, then the richer format (FIT > TCX > GPX > Strava CSV)."""
    fields = (a.distance_m, a.moving_s, a.elapsed_s, a.avg_hr, a.max_hr, a.ascent_m, a.utc_offset_s, a.sub_sport)
    return sum(v is not None for v in fields), FORMAT_RANK.get(a.source_format, 0)


def merged(kept: Activity, other: Activity) -> Activity:
    """The kept record, with the name and perceived exertion the other source knows (Strava's CSV)."""
    return replace(kept, name=kept.name or other.name, rpe=kept.rpe if kept.rpe is not None else other.rpe)


# --- a run is a run: hand-logged and imported, counted once --------------------------------

SAME_RUN_WITHIN = 0.02  # a hand-logged run and a file of it agree on distance and duration within 2 %


def _within(a: float, b: float, share: float) -> bool:
    return a > 0 and b > 0 and abs(a - b) <= share * max(a, b)


def same_run(a: RunEntry, b: RunEntry) -> bool:
    """One run written twice: same day, distance and duration within 2 %."""
    return (
        a.date == b.date
        and _within(a.distance_m, b.distance_m, SAME_RUN_WITHIN)
        and _within(a.duration_s, b.duration_s, SAME_RUN_WITHIN)
    )


def _run_richness(r: RunEntry) -> tuple[bool, bool]:
    """What a record knows beyond distance and time (the RPE is kept from the hand-logged one anyway)."""
    return r.avg_hr is not None, r.source != "manual"


def one_run_each(manual: Sequence[RunEntry], imported: Sequence[RunEntry]) -> list[RunEntry]:
    """Every run once: a hand-logged run that a file also recorded is one run, whichever came first.

    The richer record wins (heart rate; the file on a tie) and keeps the hand-logged RPE and run type:
    the runner said them, a file only lets us guess (TRK-1)."""
    out = list(imported)
    by_day: dict[dt.date, list[int]] = {}
    for i, other in enumerate(imported):
        by_day.setdefault(other.date, []).append(i)
    taken: set[int] = set()  # an imported run is one hand-logged run at most
    for run in manual:
        match = next((i for i in by_day.get(run.date, ()) if i not in taken and same_run(run, imported[i])), None)
        if match is None:
            out.append(run)
            continue
        taken.add(match)
        other = out[match]
        kept = other if _run_richness(other) >= _run_richness(run) else run
        out[match] = replace(
            kept,
            type=run.type,
            rpe=run.rpe if run.rpe is not None else other.rpe,
            avg_hr=kept.avg_hr if kept.avg_hr is not None else run.avg_hr or other.avg_hr,
            source=other.source,
        )
    return sorted(out, key=lambda r: r.date)


def held_back(a: Activity) -> str | None:
    """Why an imported run stays out of the running load until the runner confirms it, or None."""
    if not a.is_run:
        return None
    if not a.distance_m:
        return None  # no distance, no pace to judge
    return impossible_pace(a.distance_m, a.moving_s or a.elapsed_s or 0.0)


@dataclass
class FileImport:
    """What one file brings, as an importer read it (runlift.importers.driver.read_source): activities
    and/or lift sessions, plus the names it mapped. The store writes it keyed by its content hash."""

    path: str
    sha256: str
    kind: str
    activities: list[Activity] = field(default_factory=list)
    sessions: Iterable[LiftSession] = field(default_factory=list)  # a list, or read as it is written (a CSV)
    names: dict[str, tuple[str, str, float]] = field(default_factory=dict)  # source → (exercise, how, score)
    warnings: list[str] = field(default_factory=list)  # imported, but the file is damaged: why
