"""What the log shows: records, weekly sets, asymmetry, foot contacts, adherence, pain, progress (TRK, PRO-7).

Pure: a TrainingLog in, frozen values out. Weights are converted to the report's unit only here,
so sets logged in lb and kg compare correctly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from typing import NamedTuple

from runlift.core.dose import e1rm
from runlift.core.library import BodyArea, Library, Measure, Pattern
from runlift.core.log import LiftSession, LoggedSet, PainNote, Side, TrainingLog, from_kg
from runlift.core.profile import Units
from runlift.core.rules import RuleId
from runlift.core.running_load import WeekLoad, weekly_loads

CUSTOM = "custom"  # the pattern key for the runner's own exercises, which the library does not know
ASYMMETRY_WEEKS = 4
SETTLED_DAYS = 14  # TRK-3: two weeks of logging without a note means the soreness stopped appearing
GAIN_MIN_DAYS = 14  # TRK-2: a climb over less than two weeks is noise, not a sign
PLATEAU_MIN_SESSIONS = 3  # PRO-7: "still being logged" in the window
EPSILON = 1e-9
REPORT_WHY: tuple[RuleId, ...] = ("TRK-1", "TRK-2", "TRK-3", "PRO-7", "DOSE-5")


@dataclass(frozen=True, slots=True)
class TopSet:
    """One set, its weight in the report's unit, with its Epley e1RM."""

    date: dt.date
    weight: float
    reps: int
    e1rm: float


@dataclass(frozen=True, slots=True)
class LiftRecord:
    exercise: str
    name: str
    best: TopSet | None  # None when never loaded, or not counted in reps (holds, carries)
    heaviest: float
    sets: int
    first: dt.date
    last: dt.date
    prs: tuple[TopSet, ...]  # each day that raised the best e1RM, the first loaded day included


class WeekSets(NamedTuple):
    start: dt.date  # Monday
    sets: Mapping[str, int]  # pattern value (or "custom") -> done sets


@dataclass(frozen=True, slots=True)
class Asymmetry:
    exercise: str
    name: str
    measure: str  # "e1rm" (report unit) or "volume" (reps × weight, or reps when unloaded)
    left: float
    right: float
    ratio: float  # weaker side / stronger side, 0-1
    weaker: Side | None
    flag: bool


@dataclass(frozen=True, slots=True)
class PlyoDay:
    date: dt.date
    contacts: int


@dataclass(frozen=True, slots=True)
class Adherence:
    planned: int
    done: int
    ratio: float | None  # None when nothing was planned yet
    missed: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class AreaPain:
    area: BodyArea
    first: dt.date
    last: dt.date
    latest: int
    peak: int
    series: tuple[tuple[dt.date, int], ...]
    settled: bool


@dataclass(frozen=True, slots=True)
class Gain:
    exercise: str
    name: str
    first: dt.date
    first_weight: float
    latest: dt.date
    latest_weight: float
    weeks: int
    text: str


@dataclass(frozen=True, slots=True)
class Plateau:
    exercise: str
    name: str
    weight: float
    reps: int
    since: dt.date
    sessions: int  # sessions in the window
    note: str


@dataclass(frozen=True, slots=True)
class ProgressReport:
    until: dt.date
    unit: Units
    records: tuple[LiftRecord, ...]
    weekly_sets: tuple[WeekSets, ...]
    running: tuple[WeekLoad, ...]
    asymmetries: tuple[Asymmetry, ...]
    plyo: tuple[PlyoDay, ...]
    adherence: Adherence
    pain: tuple[AreaPain, ...]
    gains: tuple[Gain, ...]
    plateaus: tuple[Plateau, ...]
    why: tuple[RuleId, ...] = REPORT_WHY


def _done(log: TrainingLog) -> Iterator[tuple[dt.date, LoggedSet]]:
    """Every done set with its session date, in date order."""
    for session in sorted(log.lifts, key=lambda s: s.date):
        yield from ((session.date, s) for s in session.sets if s.done)


def _weight(s: LoggedSet, unit: Units) -> float:
    return s.weight if s.unit is unit else from_kg(s.weight_kg, unit)


def _name(library: Library, exercise: str) -> str:
    return library.exercises[exercise].name if exercise in library else exercise


def _counts_reps(library: Library, exercise: str) -> bool:
    """e1RM makes sense only when a rep is a rep (not seconds of a hold or metres of a carry)."""
    return exercise not in library or library.exercises[exercise].measure is Measure.REPS


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _fmt(weight: float) -> str:
    return f"{round(weight, 1):g}"


def _top(day: dt.date, s: LoggedSet, unit: Units) -> TopSet:
    weight = _weight(s, unit)
    return TopSet(day, weight, s.reps, e1rm(weight, s.reps))


def e1rm_series(log: TrainingLog, exercise: str, unit: Units) -> tuple[TopSet, ...]:
    """Best e1RM per session date for one exercise, from done sets with weight > 0."""
    return _series(((day, s) for day, s in _done(log) if s.exercise == exercise), unit)


def _series(sets: Iterable[tuple[dt.date, LoggedSet]], unit: Units) -> tuple[TopSet, ...]:
    best: dict[dt.date, tuple[float, LoggedSet]] = {}
    for day, s in sets:
        if s.weight > 0 and s.reps > 0:
            score = e1rm(_weight(s, unit), s.reps)
            if day not in best or score > best[day][0]:
                best[day] = (score, s)
    return tuple(_top(day, best[day][1], unit) for day in sorted(best))


def _prs(series: Iterable[TopSet]) -> tuple[TopSet, ...]:
    """The days whose best e1RM beat every earlier day."""
    prs: list[TopSet] = []
    for top in series:
        if not prs or top.e1rm > prs[-1].e1rm + EPSILON:
            prs.append(top)
    return tuple(prs)


def lift_records(log: TrainingLog, library: Library, unit: Units) -> tuple[LiftRecord, ...]:
    """Per exercise: best e1RM and its set, heaviest weight, done sets, first/last date, PRs (TRK-1)."""
    return _records(list(_done(log)), library, unit)


def _records(done: Sequence[tuple[dt.date, LoggedSet]], library: Library, unit: Units) -> tuple[LiftRecord, ...]:
    groups: dict[str, list[tuple[dt.date, LoggedSet]]] = {}
    for day, s in done:
        groups.setdefault(s.exercise, []).append((day, s))
    records = []
    for exercise, sets in groups.items():
        prs = _prs(_series(sets, unit)) if _counts_reps(library, exercise) else ()

        heaviest = max(_weight(s, unit) for _, s in sets)
        name = _name(library, exercise)
        records.append(
            LiftRecord(exercise, name, prs[-1] if prs else None, heaviest, len(sets), sets[0][0], sets[-1][0], prs)
        )
    return tuple(sorted(records, key=lambda r: (r.name, r.exercise)))


def _session_sets(session: LiftSession) -> dict[str, int]:
    """Done sets per exercise in one session; a set on each leg counts as one set."""
    counts: dict[tuple[str, Side], int] = {}
    for s in session.sets:
        if s.done:
            counts[s.exercise, s.side] = counts.get((s.exercise, s.side), 0) + 1
    return {
        exercise: counts.get((exercise, Side.BOTH), 0)
        + max(counts.get((exercise, Side.LEFT), 0), counts.get((exercise, Side.RIGHT), 0))
        for exercise, _ in counts
    }


def weekly_sets_by_pattern(log: TrainingLog, library: Library) -> tuple[WeekSets, ...]:
    """Done sets per training week (Monday start) and pattern, every week from the first to the last."""
    weeks: dict[dt.date, dict[str, int]] = {}
    for session in log.lifts:
        counts = weeks.setdefault(_monday(session.date), {})
        for exercise, n in _session_sets(session).items():
            key = library.exercises[exercise].pattern.value if exercise in library else CUSTOM
            counts[key] = counts.get(key, 0) + n
    if not weeks:
        return ()
    first, last = min(weeks), max(weeks)
    mondays = (first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1))
    return tuple(WeekSets(m, dict(sorted(weeks.get(m, {}).items()))) for m in mondays)


def _one_sided(library: Library, exercise: str) -> bool:
    """Unilateral in the library; a custom exercise counts when the runner logged sides."""
    return exercise not in library or library.exercises[exercise].unilateral


def asymmetry(log: TrainingLog, library: Library, unit: Units, threshold: float = 0.10) -> tuple[Asymmetry, ...]:
    """Left vs right on single-leg work in the last four weeks of lifting; flag a gap above `threshold`."""
    if not log.lifts:
        return ()
    return _asymmetry(list(_done(log)), library, unit, threshold)


def _asymmetry(
    done: Sequence[tuple[dt.date, LoggedSet]], library: Library, unit: Units, threshold: float = 0.10
) -> tuple[Asymmetry, ...]:
    if not done:
        return ()
    since = done[-1][0] - dt.timedelta(days=7 * ASYMMETRY_WEEKS - 1)
    sides: dict[str, dict[Side, list[LoggedSet]]] = {}
    for day, s in done:
        if day >= since and s.side is not Side.BOTH and _one_sided(library, s.exercise):
            sides.setdefault(s.exercise, {}).setdefault(s.side, []).append(s)
    return tuple(
        _compare(exercise, _name(library, exercise), by_side, unit, threshold, _counts_reps(library, exercise))
        for exercise, by_side in sorted(sides.items())
        if len(by_side) == 2
    )


def _compare(
    exercise: str, name: str, by_side: dict[Side, list[LoggedSet]], unit: Units, threshold: float, reps: bool
) -> Asymmetry:
    loaded = any(s.weight > 0 for sets in by_side.values() for s in sets)
    by_e1rm = loaded and reps

    def score(sets: list[LoggedSet]) -> float:
        if by_e1rm:
            return max((e1rm(_weight(s, unit), s.reps) for s in sets if s.weight > 0), default=0.0)
        return float(sum(s.reps * (_weight(s, unit) if loaded else 1.0) for s in sets))

    left, right = score(by_side[Side.LEFT]), score(by_side[Side.RIGHT])
    stronger = max(left, right)
    ratio = min(left, right) / stronger if stronger > 0 else 1.0
    weaker = None if abs(left - right) <= EPSILON else (Side.LEFT if left < right else Side.RIGHT)
    measure = "e1rm" if by_e1rm else "volume"
    return Asymmetry(exercise, name, measure, left, right, ratio, weaker, 1.0 - ratio > threshold + EPSILON)


def plyo_contacts(log: TrainingLog, library: Library) -> tuple[PlyoDay, ...]:
    """Foot contacts per session date (DOSE-5): reps × contacts per rep, ×2 for a single-leg set on "both"."""
    return _plyo(list(_done(log)), library)


def _plyo(done: Sequence[tuple[dt.date, LoggedSet]], library: Library) -> tuple[PlyoDay, ...]:
    days: dict[dt.date, int] = {}
    for day, s in done:
        exercise = library.exercises.get(s.exercise)
        if exercise is None or exercise.pattern is not Pattern.PLYOMETRIC:
            continue
        legs = 2 if exercise.unilateral and s.side is Side.BOTH else 1
        days[day] = days.get(day, 0) + s.reps * exercise.foot_contacts * legs
    return tuple(PlyoDay(day, days[day]) for day in sorted(days))


def adherence(planned_dates: Iterable[dt.date], log: TrainingLog, until: dt.date) -> Adherence:
    """Planned session dates up to `until` against dates with a lift session that has a done set."""
    planned = sorted({d for d in planned_dates if d <= until})
    lifted = {s.date for s in log.lifts if any(x.done for x in s.sets)}
    missed = tuple(d for d in planned if d not in lifted)
    done = len(planned) - len(missed)
    return Adherence(len(planned), done, done / len(planned) if planned else None, missed)


def _last_entry(log: TrainingLog) -> dt.date | None:
    dates = [x.date for group in (log.lifts, log.runs, log.pain, log.weights, log.swaps) for x in group]
    return max(dates, default=None)


def pain_by_area(log: TrainingLog) -> tuple[AreaPain, ...]:
    """TRK-3: where soreness appears, how bad it got, and whether it has stopped appearing."""
    end = _last_entry(log)
    notes: dict[BodyArea, list[PainNote]] = {}
    for note in sorted(log.pain, key=lambda p: p.date):
        notes.setdefault(note.area, []).append(note)
    return tuple(_area_pain(area, notes[area], end or notes[area][-1].date) for area in sorted(notes))


def _area_pain(area: BodyArea, notes: list[PainNote], end: dt.date) -> AreaPain:
    latest = notes[-1]
    settled = latest.score == 0 or (end - latest.date).days > SETTLED_DAYS
    series = tuple((n.date, n.score) for n in notes)
    return AreaPain(area, notes[0].date, latest.date, latest.score, max(n.score for n in notes), series, settled)


def _top_sets(done: Iterable[tuple[dt.date, LoggedSet]], unit: Units) -> dict[str, list[TopSet]]:
    """Per exercise, each session date's top set: the heaviest weight, then the most reps at it."""
    tops: dict[str, dict[dt.date, tuple[tuple[float, int], LoggedSet]]] = {}
    for day, s in done:
        key = (round(_weight(s, unit), 1), s.reps)
        days = tops.setdefault(s.exercise, {})
        if day not in days or key > days[day][0]:
            days[day] = (key, s)
    return {exercise: [_top(d, days[d][1], unit) for d in sorted(days)] for exercise, days in tops.items()}


def signs_it_works(log: TrainingLog, library: Library, unit: Units) -> tuple[Gain, ...]:
    """TRK-2: loads that climb, first vs latest session's top working weight, at least two weeks apart."""
    return _gains(_top_sets(_done(log), unit), library, unit)


def _gains(top_sets: Mapping[str, list[TopSet]], library: Library, unit: Units) -> tuple[Gain, ...]:
    gains = []
    for exercise, tops in top_sets.items():
        loaded = [t for t in tops if t.weight > 0]
        if not loaded:
            continue
        first, latest = loaded[0], loaded[-1]
        days = (latest.date - first.date).days
        if days >= GAIN_MIN_DAYS and round(latest.weight, 1) > round(first.weight, 1):
            name, weeks = _name(library, exercise), round(days / 7)
            text = f"{name} {_fmt(first.weight)} → {_fmt(latest.weight)} {unit.value} in {weeks} weeks"
            gains.append(Gain(exercise, name, first.date, first.weight, latest.date, latest.weight, weeks, text))
    return tuple(sorted(gains, key=lambda g: (g.name, g.exercise)))


def _unchanged_since(tops: list[TopSet]) -> dt.date:
    """The first date of the latest run of sessions with the same top weight and top reps."""
    since = tops[-1]
    for top in reversed(tops):
        if (round(top.weight, 1), top.reps) != (round(since.weight, 1), since.reps):
            break
        since = top
    return since.date


def plateaus(log: TrainingLog, library: Library, unit: Units, weeks: int = 12) -> tuple[Plateau, ...]:
    """PRO-7: the same top weight for the same top reps for `weeks`+ weeks, ≥ 3 sessions in that window.

    The window is the last `weeks` weeks of lifting; plyometrics are dosed by contacts (DOSE-5), not here."""
    if not log.lifts:
        return ()
    last = max(s.date for s in log.lifts)
    return _plateaus(_top_sets(_done(log), unit), last, library, unit, weeks)


def _plateaus(
    top_sets: Mapping[str, list[TopSet]], last: dt.date, library: Library, unit: Units, weeks: int = 12
) -> tuple[Plateau, ...]:
    start = last - dt.timedelta(weeks=weeks)
    found = []
    for exercise, tops in top_sets.items():
        known = library.exercises.get(exercise)
        if known is not None and known.pattern is Pattern.PLYOMETRIC:
            continue
        since = _unchanged_since(tops)
        recent = sum(1 for t in tops if t.date > start)
        if since <= start and recent >= PLATEAU_MIN_SESSIONS:
            found.append(_plateau(exercise, _name(library, exercise), tops[-1], since, recent, unit))
    return tuple(sorted(found, key=lambda p: (p.name, p.exercise)))


def _plateau(exercise: str, name: str, top: TopSet, since: dt.date, sessions: int, unit: Units) -> Plateau:
    load = f"{_fmt(top.weight)} {unit.value}" if top.weight > 0 else "bodyweight"
    note = f"{name}: {load} × {top.reps} since {since.isoformat()}: maintaining, not building. Add a rep or weight."
    return Plateau(exercise, name, top.weight, top.reps, since, sessions, note)


def _running_weeks(log: TrainingLog, until: dt.date) -> tuple[WeekLoad, ...]:
    """TRK-1: weekly running load beside the lifting, from the first run's week to `until`'s week."""
    if not log.runs:
        return ()
    first = _monday(min(r.date for r in log.runs))
    return weekly_loads(log.runs, first, (_monday(until) - first).days // 7 + 1)


def progress_report(
    log: TrainingLog, library: Library, unit: Units, planned_dates: Iterable[dt.date], until: dt.date
) -> ProgressReport:
    """Everything the log shows as it stood at the end of `until` (TRK-1/2/3, PRO-7)."""
    log = log.until(until)
    done = list(_done(log))  # one pass over the sets, shared by every section below
    top_sets = _top_sets(done, unit)
    last_lift = max((s.date for s in log.lifts), default=until)
    return ProgressReport(
        until=until,
        unit=unit,
        records=_records(done, library, unit),
        weekly_sets=weekly_sets_by_pattern(log, library),
        running=_running_weeks(log, until),
        asymmetries=_asymmetry(done, library, unit),
        plyo=_plyo(done, library),
        adherence=adherence(planned_dates, log, until),
        pain=pain_by_area(log),
        gains=_gains(top_sets, library, unit),
        plateaus=_plateaus(top_sets, last_lift, library, unit) if log.lifts else (),
    )


def report_to_dict(report: ProgressReport) -> dict[str, object]:
    """The report as plain JSON-ready values: ISO dates, enum values, floats to 1 decimal."""
    return {f.name: _json(getattr(report, f.name)) for f in fields(report)}


def _json(value: object) -> object:
    if isinstance(value, WeekSets):
        return {"start": value.start.isoformat(), "sets": dict(value.sets)}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value
