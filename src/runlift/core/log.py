"""What the runner did: lift sessions and sets, runs, pain, body weight, swaps (TRK-1).

Plain values the store fills and the core reads; weights stay exactly as entered (value and
unit), conversions happen when compared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from runlift.core.library import BodyArea
from runlift.core.profile import RunType, Units

KG_PER_LB = 0.45359237


class Side(StrEnum):
    LEFT = "L"
    RIGHT = "R"
    BOTH = "both"


class SetStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


class SwapReason(StrEnum):
    """MOD-1's reasons to modify an exercise."""

    PAIN = "pain"
    UNSAFE = "unsafe"
    TOO_HARD = "too-hard"
    CLUNKY = "clunky"
    SHAME = "shame"


def to_kg(value: float, unit: Units) -> float:
    return value * KG_PER_LB if unit is Units.LB else value


def from_kg(value: float, unit: Units) -> float:
    return value / KG_PER_LB if unit is Units.LB else value


@dataclass(frozen=True, slots=True)
class LoggedSet:
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
