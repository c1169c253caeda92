"""Running load (Foster: session RPE × minutes), daily and weekly totals, and when the running spikes (SCH-6).

Pure: runs in, values out; "today" is always the `day` parameter."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runlift.core.log import RunEntry
from runlift.core.profile import RunType
from runlift.core.rules import Decision, RuleId

# A stated estimate of session RPE (0-10) per run type, used when a run was logged without one.
ESTIMATED_RPE: Mapping[RunType, float] = {
    RunType.EASY: 3.0,
    RunType.RECOVERY: 2.0,
    RunType.LONG: 5.0,
    RunType.TEMPO: 7.0,
    RunType.INTERVALS: 8.0,
    RunType.HILLS: 8.0,
    RunType.RACE: 9.0,
}
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
CHRONIC_WEEKS = CHRONIC_DAYS // ACUTE_DAYS
ACWR_SPIKE = 1.3  # SCH-6: above 1.3 the acute:chronic ratio leaves the usual "sweet spot" (0.8-1.3)
ACWR_LOW = 0.8  # SCH-6: below 0.8, the sweet spot's other edge: the running dropped off (the coach looks why)
HARD_WEEK = 1.5  # SCH-6: a week at 1.5× the mean of the three before it is a hard running week
PREVIOUS_WEEKS = 3
ONE_DAY = dt.timedelta(days=1)
ACWR_WHY: tuple[RuleId, ...] = ("SCH-6",)
SPIKE_WHY: tuple[RuleId, ...] = ("SCH-6", "DOSE-2")  # SCH-6 pulls strength back; DOSE-2 is how far


@dataclass(frozen=True, slots=True)
class RunLoad:
    date: dt.date
    load: float  # arbitrary units: RPE × minutes
    estimated: bool  # True when the RPE came from ESTIMATED_RPE, not the runner
    rpe_used: float


@dataclass(frozen=True, slots=True)
class DayLoad:
    date: dt.date
    load: float
    runs: int
    estimated: bool  # True when any run that day had an estimated RPE


@dataclass(frozen=True, slots=True)
class WeekLoad:
    start: dt.date
    load: float
    runs: int
    distance_m: float
    minutes: float


def session_load(run: RunEntry) -> RunLoad:
    """Foster's session load: RPE × minutes, with the run type's estimated RPE when none was logged."""
    rpe = ESTIMATED_RPE[run.type] if run.rpe is None else run.rpe
    return RunLoad(run.date, rpe * run.duration_s / 60.0, run.rpe is None, rpe)


def daily_loads(runs: Iterable[RunEntry], start: dt.date, end: dt.date) -> tuple[DayLoad, ...]:
    """One DayLoad for every day from `start` to `end` inclusive, rest days as 0."""
    by_day: dict[dt.date, list[RunLoad]] = {}
    for run in runs:
        if start <= run.date <= end:
            by_day.setdefault(run.date, []).append(session_load(run))
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return tuple(_day_load(day, by_day.get(day, [])) for day in days)


def _day_load(day: dt.date, loads: list[RunLoad]) -> DayLoad:
    return DayLoad(day, sum(x.load for x in loads), len(loads), any(x.estimated for x in loads))


def weekly_loads(runs: Iterable[RunEntry], first_monday: dt.date, weeks: int) -> tuple[WeekLoad, ...]:
    """Load, run count, distance and minutes for `weeks` weeks starting on `first_monday`."""
    starts = [first_monday + dt.timedelta(weeks=i) for i in range(max(0, weeks))]
    by_week: dict[int, list[RunEntry]] = {}
    for run in runs:  # one pass: a decade of runs is 3,500 entries over 520 weeks
        index = (run.date - first_monday).days // 7
        if 0 <= index < len(starts):
            by_week.setdefault(index, []).append(run)
    return tuple(_week_load(by_week.get(i, []), start) for i, start in enumerate(starts))


def _week_load(runs: list[RunEntry], start: dt.date) -> WeekLoad:
    return WeekLoad(
        start,
        sum(session_load(r).load for r in runs),
        len(runs),
        sum(r.distance_m for r in runs),
        sum(r.duration_s for r in runs) / 60.0,
    )


def _window_load(runs: Iterable[RunEntry], end: dt.date, days: int) -> float:
    """Total load of the `days` days ending on `end` (inclusive)."""
    first = end - dt.timedelta(days=days - 1)
    return sum(session_load(r).load for r in runs if first <= r.date <= end)


def _logged_since(runs: Iterable[RunEntry], day: dt.date) -> bool:
    """True when the running history reaches back to `day` (a run on or before it)."""
    return any(r.date <= day for r in runs)


def acwr(runs: Iterable[RunEntry], day: dt.date) -> Decision[float | None]:
    """Acute:chronic workload ratio on `day`: the last 7 days' load over the 28-day load / 4 (SCH-6).

    None until the history covers the whole 28-day window ending `day` (a run on or before
    `day` - 27), or when the chronic load is 0."""
    runs = tuple(r for r in runs if r.date <= day)
    if not _logged_since(runs, day - dt.timedelta(days=CHRONIC_DAYS - 1)):
        return Decision(None, ACWR_WHY, "Not enough running logged yet: the ratio needs four weeks of history.")
    chronic = _window_load(runs, day, CHRONIC_DAYS) / CHRONIC_WEEKS
    if not chronic > 0 or not math.isfinite(chronic):  # a ratio over 0 (or NaN) is no ratio: None, never NaN
        return Decision(None, ACWR_WHY, "No running logged in the last four weeks.")
    ratio = _window_load(runs, day, ACUTE_DAYS) / chronic
    return Decision(ratio, ACWR_WHY, f"This week's running load is {ratio:.2f}× your four-week average.")


def _previous_week_loads(runs: tuple[RunEntry, ...], day: dt.date) -> list[float]:
    """Loads of the up-to-three full weeks before the last 7 days that the history covers."""
    loads = []
    for k in range(1, PREVIOUS_WEEKS + 1):
        week_end = day - dt.timedelta(weeks=k)
        if _logged_since(runs, week_end - dt.timedelta(days=ACUTE_DAYS - 1)):
            loads.append(_window_load(runs, week_end, ACUTE_DAYS))
    return loads


def hard_week(runs: Iterable[RunEntry], day: dt.date) -> bool:
    """SCH-6: the last 7 days' load is at least 1.5× the mean of the previous three weeks'.

    Weeks before the first logged run are left out of the mean, so the check works from the
    second week of history on (ACWR needs four)."""
    runs = tuple(r for r in runs if r.date <= day)
    previous = _previous_week_loads(runs, day)
    acute = _window_load(runs, day, ACUTE_DAYS)
    return bool(previous) and acute > 0 and acute >= HARD_WEEK * sum(previous) / len(previous)


def running_spike(runs: Iterable[RunEntry], day: dt.date) -> Decision[bool]:
    """SCH-6: the running is hard this week (ACWR > 1.3, or a hard running week): pull the strength back (DOSE-2)."""
    runs = tuple(runs)
    ratio = acwr(runs, day).value
    if ratio is not None and ratio > ACWR_SPIKE:
        reason = f"your running load is {ratio:.2f}× your four-week average"
    elif hard_week(runs, day):
        reason = "this was a hard running week, well above the three before it"
    else:
        return Decision(False, ACWR_WHY, "Your running load is steady: lift as planned.")
    return Decision(
        True, SPIKE_WHY, f"Pull the lifting back: {reason}; one hard set per exercise still keeps you strong."
    )
