"""What the log shows: records, weekly sets, asymmetry, foot contacts, adherence, pain, progress (TRK, PRO-7).

Pure: a TrainingLog in, frozen values out. Weights are converted to the report's unit only here,
so sets logged in lb and kg compare correctly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from typing import NamedTuple

from runlift.core.dose import e1rm
from runlift.core.library import BodyArea, Library, Measure, Pattern
from runlift.core.log import LiftSession, PainNote, SetStatus, Side, TrainingLog, from_kg
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
# module constants: enum attribute lookups are slow in loops that run 20,000+ times per report
_DONE = SetStatus.DONE
_BOTH, _LEFT, _RIGHT = Side.BOTH, Side.LEFT, Side.RIGHT
_OTHER_SIDE = {_LEFT: _RIGHT, _RIGHT: _LEFT}


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


class _Done(NamedTuple):
    """A done set as every section reads it: converted to the report's unit once, e1RM once."""

    date: dt.date
    exercise: str
    side: Side
    weight: float  # in the report's unit
    reps: int
    e1rm: float  # Epley on `weight`; 0 when unloaded


def _done(log: TrainingLog, unit: Units) -> list[_Done]:
    """Every done set with its session date, in date order: the one pass over a decade of sets."""
    out: list[_Done] = []
    append = out.append
    for session in sorted(log.lifts, key=lambda s: s.date):
        day = session.date
        for s in session.sets:
            if s.status is _DONE:
                weight = s.weight if s.unit is unit else from_kg(s.weight_kg, unit)
                append(_Done(day, s.exercise, s.side, weight, s.reps, e1rm(weight, s.reps)))
    return out


def _name(library: Library, exercise: str) -> str:
    return library.exercises[exercise].name if exercise in library else exercise


def _counts_reps(library: Library, exercise: str) -> bool:
    """e1RM makes sense only when a rep is a rep (not seconds of a hold or metres of a carry)."""
    return exercise not in library or library.exercises[exercise].measure is Measure.REPS


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _fmt(weight: float) -> str:
    return f"{round(weight, 1):g}"


def _top(s: _Done) -> TopSet:
    return TopSet(s.date, s.weight, s.reps, s.e1rm)


def e1rm_series(log: TrainingLog, exercise: str, unit: Units) -> tuple[TopSet, ...]:
    """Best e1RM per session date for one exercise, from done sets with weight > 0."""
    return _series([s for s in _done(log, unit) if s.exercise == exercise])


def _series(sets: Iterable[_Done]) -> tuple[TopSet, ...]:
    return tuple(_top(s) for s in _best_per_day(sets))


def _best_per_day(sets: Iterable[_Done]) -> list[_Done]:
    """Each date's loaded set with the best e1RM (the first logged on a tie); `sets` in date order."""
    best: list[_Done] = []
    for s in sets:
        if s.weight > 0 and s.reps > 0:
            if not best or best[-1].date != s.date:
                best.append(s)
            elif s.e1rm > best[-1].e1rm:
                best[-1] = s
    return best


def _prs(days: Iterable[_Done]) -> tuple[TopSet, ...]:
    """The days whose best e1RM beat every earlier day."""
    prs: list[_Done] = []
    for top in days:
        if not prs or top.e1rm > prs[-1].e1rm + EPSILON:
            prs.append(top)
    return tuple(_top(s) for s in prs)


def lift_records(log: TrainingLog, library: Library, unit: Units) -> tuple[LiftRecord, ...]:
    """Per exercise: best e1RM and its set, heaviest weight, done sets, first/last date, PRs (TRK-1)."""
    return _records(_done(log, unit), library)


def _records(done: Sequence[_Done], library: Library) -> tuple[LiftRecord, ...]:
    groups: dict[str, list[_Done]] = {}
    for s in done:
        groups.setdefault(s.exercise, []).append(s)
    records = []
    for exercise, sets in groups.items():
        prs = _prs(_best_per_day(sets)) if _counts_reps(library, exercise) else ()
        heaviest = max(s.weight for s in sets)
        name = _name(library, exercise)
        records.append(
            LiftRecord(exercise, name, prs[-1] if prs else None, heaviest, len(sets), sets[0].date, sets[-1].date, prs)
        )
    return tuple(sorted(records, key=lambda r: (r.name, r.exercise)))


def _session_sets(session: LiftSession) -> dict[str, int]:
    """Done sets per exercise in one session; a set on each leg counts as one set (both + the busier side)."""
    counts: dict[tuple[str, Side], int] = {}
    for s in session.sets:
        if s.status is _DONE:
            key = (s.exercise, s.side)
            counts[key] = counts.get(key, 0) + 1
    sets: dict[str, int] = {}
    for (exercise, side), n in counts.items():
        if side is not _BOTH:
            other = counts.get((exercise, _OTHER_SIDE[side]), 0)
            if other > n or (other == n and side is _RIGHT):
                continue  # the other side is the one counted
        sets[exercise] = sets.get(exercise, 0) + n
    return sets


def weekly_sets_by_pattern(log: TrainingLog, library: Library) -> tuple[WeekSets, ...]:
    """Done sets per training week (Monday start) and pattern, every week from the first to the last."""
    weeks: dict[dt.date, dict[str, int]] = {}
    patterns: dict[str, str] = {}  # exercise -> pattern key, looked up once per exercise
    for session in log.lifts:
        counts = weeks.setdefault(_monday(session.date), {})
        for exercise, n in _session_sets(session).items():
            key = patterns.get(exercise)
            if key is None:
                key = patterns[exercise] = library.exercises[exercise].pattern.value if exercise in library else CUSTOM
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
    return _asymmetry(_done(log, unit), library, threshold)


def _asymmetry(done: Sequence[_Done], library: Library, threshold: float = 0.10) -> tuple[Asymmetry, ...]:
    if not done:
        return ()
    since = done[-1].date - dt.timedelta(days=7 * ASYMMETRY_WEEKS - 1)
    sides: dict[str, dict[Side, list[_Done]]] = {}
    for s in reversed(done):  # newest first: stop at the window's start
        if s.date < since:
            break
        if s.side is not Side.BOTH and _one_sided(library, s.exercise):
            sides.setdefault(s.exercise, {}).setdefault(s.side, []).append(s)
    return tuple(
        _compare(exercise, _name(library, exercise), by_side, threshold, _counts_reps(library, exercise))
        for exercise, by_side in sorted(sides.items())
        if len(by_side) == 2
    )


def _compare(exercise: str, name: str, by_side: dict[Side, list[_Done]], threshold: float, reps: bool) -> Asymmetry:
    loaded = any(s.weight > 0 for sets in by_side.values() for s in sets)
    by_e1rm = loaded and reps

    def score(sets: list[_Done]) -> float:
        if by_e1rm:
            return max((s.e1rm for s in sets if s.weight > 0), default=0.0)
        return float(sum(s.reps * (s.weight if loaded else 1.0) for s in reversed(sets)))  # oldest first, as logged

    left, right = score(by_side[Side.LEFT]), score(by_side[Side.RIGHT])
    stronger = max(left, right)
    ratio = min(left, right) / stronger if stronger > 0 else 1.0
    weaker = None if abs(left - right) <= EPSILON else (Side.LEFT if left < right else Side.RIGHT)
    measure = "e1rm" if by_e1rm else "volume"
    return Asymmetry(exercise, name, measure, left, right, ratio, weaker, 1.0 - ratio > threshold + EPSILON)


def plyo_contacts(log: TrainingLog, library: Library) -> tuple[PlyoDay, ...]:
    """Foot contacts per session date (DOSE-5): reps × contacts per rep, ×2 for a single-leg set on "both"."""
    return _plyo(_done(log, Units.KG), library)


def _plyo(done: Sequence[_Done], library: Library) -> tuple[PlyoDay, ...]:
    days: dict[dt.date, int] = {}
    for s in done:
        day = s.date
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


def _top_sets(done: Iterable[_Done]) -> dict[str, list[_Done]]:
    """Per exercise, each session date's top set: the heaviest weight, then the most reps at it.

    `done` is in date order, so each exercise's list grows in date order too."""
    tops: dict[str, list[tuple[tuple[float, int], _Done]]] = {}
    for s in done:
        key = (round(s.weight, 1), s.reps)
        days = tops.get(s.exercise)
        if days is None:
            tops[s.exercise] = [(key, s)]
        elif days[-1][1].date != s.date:
            days.append((key, s))
        elif key > days[-1][0]:
            days[-1] = (key, s)
    return {exercise: [s for _, s in days] for exercise, days in tops.items()}


def signs_it_works(log: TrainingLog, library: Library, unit: Units) -> tuple[Gain, ...]:
    """TRK-2: loads that climb, first vs latest session's top working weight, at least two weeks apart."""
    return _gains(_top_sets(_done(log, unit)), library, unit)


def _gains(top_sets: Mapping[str, list[_Done]], library: Library, unit: Units) -> tuple[Gain, ...]:
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


def _unchanged_since(tops: list[_Done]) -> dt.date:
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
    return _plateaus(_top_sets(_done(log, unit)), last, library, unit, weeks)


def _plateaus(
    top_sets: Mapping[str, list[_Done]], last: dt.date, library: Library, unit: Units, weeks: int = 12
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


def _plateau(exercise: str, name: str, top: _Done, since: dt.date, sessions: int, unit: Units) -> Plateau:
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
    done = _done(log, unit)  # one pass over the sets, shared by every section below
    top_sets = _top_sets(done)
    last_lift = max((s.date for s in log.lifts), default=until)
    return ProgressReport(
        until=until,
        unit=unit,
        records=_records(done, library),
        weekly_sets=weekly_sets_by_pattern(log, library),
        running=_running_weeks(log, until),
        asymmetries=_asymmetry(done, library),
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
