"""What the progress charts draw: the log week by week over a window (TRK-1, TRK-3, SCH-6).

Pure: a window of the log in, columns aligned to the window's Mondays out (a chart library's x axis
and one y column per line), plus each lift's e1RM points with their PRs. The report of core.stats
says how things stand on one day; these say how they got there. Weights are in the runner's unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from runlift.core.calendar import monday_of
from runlift.core.dose import e1rm
from runlift.core.library import BodyArea, Library
from runlift.core.log import Side, TrainingLog, from_kg, to_kg
from runlift.core.profile import Units
from runlift.core.rules import RuleId
from runlift.core.running_load import ACWR_SPIKE, CHRONIC_DAYS, acwr, weekly_loads

# stats' one pass over the sets and its side comparison, shared so a chart never disagrees with the report
from runlift.core.stats import (
    ASYMMETRY_WEEKS,
    CUSTOM,
    EPSILON,
    Asymmetry,
    _best_per_day,
    _compare,
    _counts_reps,
    _Done,
    _done,
    _name,
    _one_sided,
    _session_sets,
)

SERIES_WHY: tuple[RuleId, ...] = ("TRK-1", "TRK-3", "SCH-6")
LOOKBACK_DAYS = max(CHRONIC_DAYS, 7 * ASYMMETRY_WEEKS) - 1  # before the first Monday: ACWR and asymmetry windows
THRESHOLD = 0.10  # core.stats.asymmetry's default: a gap above 10 % is flagged
_BOTH = Side.BOTH


@dataclass(frozen=True, slots=True)
class E1rmPoint:
    date: dt.date
    e1rm: float
    weight: float
    reps: int
    pr: bool  # beat every earlier day's best, those before the window included (TRK-1)


@dataclass(frozen=True, slots=True)
class LiftSeries:
    exercise: str
    name: str
    best_before: float | None  # the best e1RM before the window
    points: tuple[E1rmPoint, ...]


@dataclass(frozen=True, slots=True)
class SideSeries:
    """One single-leg (or single-arm) exercise, each week over the four weeks ending that Sunday."""

    exercise: str
    name: str
    ratio: tuple[float | None, ...]  # weaker side / stronger side; None: not both sides that month
    left: tuple[float | None, ...]
    right: tuple[float | None, ...]
    measure: tuple[str | None, ...]  # "e1rm" or "volume", as core.stats.asymmetry
    flag: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class ProgressSeries:
    since: dt.date  # the first Monday
    until: dt.date  # the last day counted
    unit: Units
    weeks: tuple[dt.date, ...]  # Mondays
    distance_m: tuple[float, ...]
    run_load: tuple[float, ...]  # Foster: RPE × minutes
    runs: tuple[int, ...]
    acwr: tuple[float | None, ...]  # at the week's end (or `until`): SCH-6 pulls lifting back above 1.3
    lift_sets: tuple[int, ...]  # done sets, a set on each leg counted once (as stats' weekly sets)
    tonnage: tuple[float, ...]  # reps × weight of the done sets
    patterns: Mapping[str, tuple[int, ...]]  # pattern → done sets each week
    planned: tuple[int, ...]  # planned lift sessions up to the day counted
    done: tuple[int, ...]  # of those, the days with a done set
    pain: Mapping[BodyArea, tuple[int | None, ...]]  # the worst score noted each week; None: no note
    lifts: tuple[LiftSeries, ...]
    sides: tuple[SideSeries, ...]
    why: tuple[RuleId, ...] = SERIES_WHY


def best_before(loads: Iterable[tuple[str, Units, int, float]], unit: Units) -> dict[str, float]:
    """Each exercise's best e1RM from its heaviest done weight per (unit, reps): Epley grows with the
    weight at the same reps, so these few rows (the store groups them) hold the best of years of sets."""
    best: dict[str, float] = {}
    for exercise, logged_in, reps, weight in loads:
        if weight > 0 and reps > 0:
            value = e1rm(weight if logged_in is unit else from_kg(to_kg(weight, logged_in), unit), reps)
            if value > best.get(exercise, 0.0):
                best[exercise] = value
    return best


def progress_series(
    log: TrainingLog,
    library: Library,
    unit: Units,
    since: dt.date,
    until: dt.date,
    planned_dates: Iterable[dt.date],
    prior_best: Mapping[str, float],
) -> ProgressSeries:
    """The weeks from `since`'s Monday to `until`'s. `log` holds the window and the LOOKBACK_DAYS before
    it (runs: also the last day before that with any, so ACWR knows whether the history reaches back);
    `prior_best` is best_before's answer for the days before the window."""
    first = monday_of(since)
    count = (monday_of(until) - first).days // 7 + 1
    weeks = tuple(first + dt.timedelta(weeks=i) for i in range(count))
    ends = tuple(min(w + dt.timedelta(days=6), until) for w in weeks)
    log = log.until(until)
    done = _done(log, unit)
    running = weekly_loads(log.runs, first, count)
    planned, lifted = _adherence(planned_dates, log, weeks, ends)
    sets, tonnage, patterns = _lifting(log, done, library, weeks)
    return ProgressSeries(
        since=first,
        until=until,
        unit=unit,
        weeks=weeks,
        distance_m=tuple(w.distance_m for w in running),
        run_load=tuple(w.load for w in running),
        runs=tuple(w.runs for w in running),
        acwr=tuple(acwr(log.runs, end).value for end in ends),  # SCH-6
        lift_sets=sets,
        tonnage=tonnage,
        patterns=patterns,
        planned=planned,
        done=lifted,
        pain=_pain(log, weeks),
        lifts=_lifts([s for s in done if s.date >= first], library, prior_best),
        sides=_sides(done, library, weeks),
    )


def _index(day: dt.date, weeks: Sequence[dt.date]) -> int | None:
    i = (day - weeks[0]).days // 7
    return i if 0 <= i < len(weeks) else None


def _adherence(
    planned_dates: Iterable[dt.date], log: TrainingLog, weeks: Sequence[dt.date], ends: Sequence[dt.date]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """As core.stats.adherence, week by week: a planned day counts as done when it has a done set."""
    lifted = {s.date for s in log.lifts if any(x.done for x in s.sets)}
    planned = [0] * len(weeks)
    done = [0] * len(weeks)
    for day in set(planned_dates):
        i = _index(day, weeks)
        if i is not None and day <= ends[i]:
            planned[i] += 1
            done[i] += day in lifted
    return tuple(planned), tuple(done)


def _lifting(
    log: TrainingLog, done: Sequence[_Done], library: Library, weeks: Sequence[dt.date]
) -> tuple[tuple[int, ...], tuple[float, ...], dict[str, tuple[int, ...]]]:
    sets = [0] * len(weeks)
    tonnage = [0.0] * len(weeks)
    by_pattern: dict[str, list[int]] = {}
    for session in log.lifts:
        i = _index(session.date, weeks)
        if i is None:
            continue
        for exercise, n in _session_sets(session).items():
            known = library.exercises.get(exercise)
            key = known.pattern.value if known is not None else CUSTOM
            by_pattern.setdefault(key, [0] * len(weeks))[i] += n
            sets[i] += n
    for s in done:
        i = _index(s.date, weeks)
        if i is not None:
            tonnage[i] += s.reps * s.weight
    return tuple(sets), tuple(tonnage), {k: tuple(v) for k, v in sorted(by_pattern.items())}


def _pain(log: TrainingLog, weeks: Sequence[dt.date]) -> dict[BodyArea, tuple[int | None, ...]]:
    """TRK-3: each area's worst note each week, None for a week without one."""
    worst: dict[BodyArea, list[int | None]] = {}
    for note in log.pain:
        i = _index(note.date, weeks)
        if i is None:
            continue
        column = worst.setdefault(note.area, [None] * len(weeks))
        before = column[i]
        column[i] = note.score if before is None else max(before, note.score)
    return {area: tuple(worst[area]) for area in sorted(worst)}


def _lifts(done: Sequence[_Done], library: Library, prior_best: Mapping[str, float]) -> tuple[LiftSeries, ...]:
    """Each rep-counted lift's best set per day in the window, PRs against everything before (TRK-1)."""
    groups: dict[str, list[_Done]] = {}
    for s in done:
        groups.setdefault(s.exercise, []).append(s)
    out = []
    for exercise, sets in groups.items():
        if not _counts_reps(library, exercise):
            continue
        days = _best_per_day(sets)
        if not days:
            continue
        before = prior_best.get(exercise)
        best = before if before is not None else 0.0
        points = []
        for top in days:
            pr = top.e1rm > best + EPSILON
            best = max(best, top.e1rm)
            points.append(E1rmPoint(top.date, top.e1rm, top.weight, top.reps, pr))
        out.append(LiftSeries(exercise, _name(library, exercise), before, tuple(points)))
    return tuple(sorted(out, key=lambda x: (x.name, x.exercise)))


def _sides(done: Sequence[_Done], library: Library, weeks: Sequence[dt.date]) -> tuple[SideSeries, ...]:
    """Left vs right each week over the four training weeks ending with it (core.stats.asymmetry's
    window, on Mondays): one bucket per week, so a year of weeks reads each set once."""
    lead = ASYMMETRY_WEEKS - 1  # the weeks before the first that its window reaches back to
    buckets: dict[str, list[list[_Done]]] = {}
    for s in done:
        if s.side is _BOTH or not _one_sided(library, s.exercise):
            continue
        i = (s.date - weeks[0]).days // 7 + lead
        if 0 <= i < len(weeks) + lead:
            buckets.setdefault(s.exercise, [[] for _ in range(len(weeks) + lead)])[i].append(s)
    return tuple(
        _side_series(exercise, _name(library, exercise), by_week, _counts_reps(library, exercise))
        for exercise, by_week in sorted(buckets.items())
    )


def _side_series(exercise: str, name: str, by_week: list[list[_Done]], reps: bool) -> SideSeries:
    found: list[Asymmetry | None] = []
    for i in range(ASYMMETRY_WEEKS - 1, len(by_week)):
        by_side: dict[Side, list[_Done]] = {}
        for week in reversed(by_week[i - ASYMMETRY_WEEKS + 1 : i + 1]):
            for s in reversed(week):  # newest first, as core.stats reads them
                by_side.setdefault(s.side, []).append(s)
        found.append(_compare(exercise, name, by_side, THRESHOLD, reps) if len(by_side) == 2 else None)
    return SideSeries(
        exercise,
        name,
        tuple(None if a is None else a.ratio for a in found),
        tuple(None if a is None else a.left for a in found),
        tuple(None if a is None else a.right for a in found),
        tuple(None if a is None else a.measure for a in found),
        tuple(a is not None and a.flag for a in found),
    )


def series_to_dict(series: ProgressSeries) -> dict[str, object]:
    """The series as JSON-ready columns: ISO dates, weights and loads to 1 decimal, ratios to 2."""
    return {
        "since": series.since.isoformat(),
        "until": series.until.isoformat(),
        "unit": series.unit.value,
        "weeks": [w.isoformat() for w in series.weeks],
        "running": {
            "distance_m": [round(x, 1) for x in series.distance_m],
            "load": [round(x, 1) for x in series.run_load],
            "runs": list(series.runs),
            "acwr": [_ratio(x) for x in series.acwr],
            "acwr_spike": ACWR_SPIKE,
        },
        "lifting": {"sets": list(series.lift_sets), "tonnage": [round(x, 1) for x in series.tonnage]},
        "patterns": {k: list(v) for k, v in series.patterns.items()},
        "adherence": {
            "planned": list(series.planned),
            "done": list(series.done),
            "ratio": [round(d / p, 2) if p else None for p, d in zip(series.planned, series.done, strict=True)],
        },
        "pain": {area.value: list(scores) for area, scores in series.pain.items()},
        "lifts": [
            {
                "exercise": x.exercise,
                "name": x.name,
                "best_before": _weight(x.best_before),
                "points": [
                    {
                        "date": p.date.isoformat(),
                        "e1rm": round(p.e1rm, 1),
                        "weight": round(p.weight, 1),
                        "reps": p.reps,
                        "pr": p.pr,
                    }
                    for p in x.points
                ],
            }
            for x in series.lifts
        ],
        "asymmetry": [
            {
                "exercise": x.exercise,
                "name": x.name,
                "ratio": [_ratio(r) for r in x.ratio],
                "left": [_weight(v) for v in x.left],
                "right": [_weight(v) for v in x.right],
                "measure": list(x.measure),
                "flag": list(x.flag),
            }
            for x in series.sides
        ],
        "why": list(series.why),
    }


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _weight(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


DEFAULT_WEEKS = 52
MAX_WEEKS = 156  # three years a request: the cost grows with the window, never with the whole history


def window(since: dt.date | None, until: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The charts' window: `until` (default today) and the Monday of `since` (default: 52 weeks back)."""
    from runlift.core.errors import InputError
    from runlift.core.limits import check_year

    last = until or today
    check_year("to", last)
    first = monday_of(since) if since is not None else monday_of(last) - dt.timedelta(weeks=DEFAULT_WEEKS - 1)
    if since is not None:
        check_year("from", since)
        if since > last:
            raise InputError(f"from: expected a day on or before to ({last.isoformat()}), got {since.isoformat()}")
    weeks = (monday_of(last) - first).days // 7 + 1
    if weeks > MAX_WEEKS:
        raise InputError(f"from: expected at most {MAX_WEEKS} weeks before to, got {weeks} weeks")
    return first, last
