"""What the runner did: lift sessions and sets, runs, pain, body weight, swaps (TRK-1).

Plain values the store fills and the core reads; weights stay exactly as entered (value and
unit), conversions happen when compared."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from runlift.core.errors import InputError
from runlift.core.library import BodyArea
from runlift.core.profile import RunType, Units

if TYPE_CHECKING:
    from collections.abc import Mapping

    from runlift.core.season import Session

KG_PER_LB = 0.45359237


class Side(StrEnum):
    LEFT = "L"
    RIGHT = "R"
    BOTH = "both"


class SetStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    WARMUP = "warmup"  # imported warm-up sets: kept, but not counted as work


class SwapReason(StrEnum):
    """MOD-1's reasons to modify an exercise."""

    PAIN = "pain"
    UNSAFE = "unsafe"
    TOO_HARD = "too-hard"
    CLUNKY = "clunky"
    SHAME = "shame"


_LB = Units.LB  # a module constant: enum attribute lookups are slow in hot loops


def to_kg(value: float, unit: Units) -> float:
    return value * KG_PER_LB if unit is _LB else value


def from_kg(value: float, unit: Units) -> float:
    return value / KG_PER_LB if unit is _LB else value


class LoggedSet(NamedTuple):
    """One set as logged. A NamedTuple rather than a frozen dataclass (STYLE §7) because a decade
    of history is 20,000+ of them per read: NamedTuple builds ~6× faster (bench/bench_log.py)."""

    exercise: str  # library id, or a custom exercise's id

    reps: int
    weight: float = 0.0  # external load as entered; 0 for bodyweight
    unit: Units = Units.KG
    side: Side = Side.BOTH
    rir: float | None = None
    rpe: float | None = None
    status: SetStatus = SetStatus.DONE

    @property
    def weight_kg(self) -> float:
        return to_kg(self.weight, self.unit)

    @property
    def done(self) -> bool:
        return self.status is SetStatus.DONE


@dataclass(frozen=True, slots=True)
class LiftSession:
    date: dt.date
    sets: tuple[LoggedSet, ...]
    planned: bool = True  # logged against the plan's session for that date
    note: str = ""
    source_names: tuple[str, ...] = ()  # imported: each set's exercise as the source named it (`import --map`)


@dataclass(frozen=True, slots=True)
class RunEntry:
    date: dt.date
    type: RunType
    distance_m: float
    duration_s: float
    rpe: float | None = None  # session RPE, 0-10 (Foster)
    avg_hr: float | None = None
    source: str = "manual"


@dataclass(frozen=True, slots=True)
class PainNote:
    date: dt.date
    area: BodyArea
    score: int  # 0 (none) - 10 (worst)


@dataclass(frozen=True, slots=True)
class BodyWeight:
    date: dt.date
    value: float
    unit: Units


@dataclass(frozen=True, slots=True)
class Swap:
    """The runner asked to modify an exercise (MOD-1), or to progress back (`back=True`)."""

    date: dt.date
    exercise: str
    reason: SwapReason
    back: bool = False


@dataclass(frozen=True, slots=True)
class TrainingLog:
    lifts: tuple[LiftSession, ...] = ()
    runs: tuple[RunEntry, ...] = ()
    pain: tuple[PainNote, ...] = ()
    weights: tuple[BodyWeight, ...] = ()
    swaps: tuple[Swap, ...] = field(default=())

    def until(self, day: dt.date) -> TrainingLog:
        """The log as it stood at the end of `day`."""
        return TrainingLog(
            tuple(s for s in self.lifts if s.date <= day),
            tuple(r for r in self.runs if r.date <= day),
            tuple(p for p in self.pain if p.date <= day),
            tuple(w for w in self.weights if w.date <= day),
            tuple(s for s in self.swaps if s.date <= day),
        )

    def before_session(self, day: dt.date) -> TrainingLog:
        """The log a session on `day` is planned from: lifts, runs and swaps up to the day before,
        pain noted up to and on the day itself (MOD-1: pain logged today changes today's session)."""
        before = self.until(day - dt.timedelta(days=1))
        return TrainingLog(
            before.lifts, before.runs, tuple(p for p in self.pain if p.date <= day), before.weights, before.swaps
        )


def prescribed_sets(
    session: Session, units: Units, weights: Mapping[str, float] | None = None
) -> tuple[LoggedSet, ...]:
    """The session as prescribed: each set on each side, at the prescribed RIR; a rep range at its
    low end (the prescription's floor: PRO-3 adds reps from there). Lifts with no known weight are
    left out unless `weights` gives one (in `units`)."""
    weights = weights or {}
    out: list[LoggedSet] = []
    for p in session.exercises:
        if p.load is not None:
            weight, unit = p.load.value, Units(p.load.unit)
        elif p.exercise.externally_loaded:
            if p.exercise.id not in weights:
                continue
            weight, unit = weights[p.exercise.id], units
        else:
            weight, unit = 0.0, units
        reps = p.reps if isinstance(p.reps, int) else p.reps[0]
        sides = (Side.LEFT, Side.RIGHT) if p.exercise.unilateral else (Side.BOTH,)
        for _ in range(p.sets):
            out += [LoggedSet(p.exercise.id, reps, weight, unit, side, rir=float(p.rir)) for side in sides]
    return tuple(out)


# --- checks: bad input is a clear error and writes nothing -------------------------------

MAX_LOAD_KG = 500.0
MAX_REPS = 100
EARLIEST = dt.date(1970, 1, 1)


def check_date(day: dt.date, today: dt.date, field: str = "date") -> None:
    if day > today:
        raise InputError(f"{field}: expected today ({today.isoformat()}) or earlier, got {day.isoformat()}")
    if day < EARLIEST:
        raise InputError(f"{field}: expected a date after {EARLIEST.isoformat()}, got {day.isoformat()}")


def check_set(s: LoggedSet, field: str = "set") -> None:
    if s.weight < 0:
        raise InputError(f"{field}.weight: expected 0 or more, got {s.weight:g}")
    if s.weight_kg > MAX_LOAD_KG:
        raise InputError(f"{field}.weight: expected at most {MAX_LOAD_KG:g} kg, got {s.weight:g} {s.unit.value}")
    if not 1 <= s.reps <= MAX_REPS:
        raise InputError(f"{field}.reps: expected a whole number from 1 to {MAX_REPS}, got {s.reps}")
    if s.rir is not None and not 0 <= s.rir <= 10:
        raise InputError(f"{field}.rir: expected 0-10 reps in reserve, got {s.rir:g}")
    if s.rpe is not None and not 1 <= s.rpe <= 10:
        raise InputError(f"{field}.rpe: expected an RPE from 1 to 10, got {s.rpe:g}")


def check_run(run: RunEntry, today: dt.date) -> None:
    check_date(run.date, today, "run.date")
    if not 0 < run.distance_m <= 400_000:
        raise InputError(f"run.distance: expected more than 0 and at most 400 km, got {run.distance_m / 1000:g} km")
    if run.duration_s <= 0:
        raise InputError(f"run.duration: expected a time of more than 0 s, got {run.duration_s:g} s")
    if not 60 <= run.duration_s <= 48 * 3600:
        raise InputError(f"run.duration: expected 1 minute to 48 hours, got {run.duration_s:g} s")
    pace = impossible_pace(run.distance_m, run.duration_s)
    if pace is not None:
        raise InputError(f"run: {pace}; check the distance and the time ({_clock(run.duration_s)})")
    if run.rpe is not None and not 1 <= run.rpe <= 10:
        raise InputError(f"run.rpe: expected an RPE from 1 to 10, got {run.rpe:g}")
    if run.avg_hr is not None and not 30 <= run.avg_hr <= 240:
        raise InputError(f"run.avg_hr: expected 30-240 bpm, got {run.avg_hr:g}")


# --- runs nobody can run -------------------------------------------------------------------

FASTEST_S_PER_KM = 120.0  # 2:00/km over a kilometre or more is faster than the world record
SLOWEST_S_PER_KM = 30 * 60.0  # 30 min/km is standing more than moving
FASTEST_OVER_M = 1000.0


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def impossible_pace(distance_m: float, duration_s: float) -> str | None:
    """Why a run's distance and time cannot both be right, or None."""
    if duration_s <= 0:
        return "a run with no time"
    if distance_m <= 0:
        return None
    pace = duration_s * 1000 / distance_m  # not / (distance_m / 1000): 5e-324 m / 1000 is 0.0
    if not math.isfinite(pace):
        return f"a pace slower than 30:00/km over {distance_m:g} m"
    shown = f"{int(pace // 60)}:{int(pace % 60):02d}/km"
    if pace < FASTEST_S_PER_KM and distance_m >= FASTEST_OVER_M:
        return f"a pace of {shown} is faster than 2:00/km"
    if pace > SLOWEST_S_PER_KM:
        return f"a pace of {shown} is slower than 30:00/km"
    return None


def check_pain(note: PainNote, today: dt.date) -> None:
    check_date(note.date, today, "pain.date")
    if not 0 <= note.score <= 10:
        raise InputError(f"pain.score: expected 0 (none) to 10 (worst), got {note.score}")


def check_body_weight(weight: BodyWeight, today: dt.date) -> None:
    check_date(weight.date, today, "weight.date")
    kg = to_kg(weight.value, weight.unit)
    if not 25 <= kg <= 300:
        raise InputError(
            f"weight: expected a body weight between 25 and 300 kg, got {weight.value:g} {weight.unit.value}"
        )
