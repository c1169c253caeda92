"""What the log changes in a season plan: the shape `plan_season` accepts from `adapt`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from runlift.core.library import BodyArea, Level
from runlift.core.rules import RuleId

if TYPE_CHECKING:
    from runlift.core.pain import PainCourse


@dataclass(frozen=True, slots=True)
class WeekChange:
    """A week the log reshapes: pulled back to the minimum dose, deloaded, or restarted."""

    minimum_dose: bool = False  # SCH-6, DOSE-2: the running spiked
    deload: bool = False  # PER-9: back after missed sessions, or repeated misses
    intro: bool = False  # PER-10, DOSE-9: back after weeks off, start again conservatively
    why: tuple[RuleId, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Replacement:
    """MOD-1/MOD-2: an exercise the runner asked to modify, and the step back that replaces it."""

    exercise: str
    why: tuple[RuleId, ...]
    note: str


@dataclass(frozen=True, slots=True)
class PainLimit:
    """MOD-1/MOD-2 for one painful area on one day: exercises that load it sit at most `links`
    links above their chain's root (its easiest step), and while the pain is `active` at least one
    link below the usual exercise (see core/pain.py)."""

    links: int
    active: bool
    score: int


@dataclass(frozen=True, slots=True)
class LoadNote:
    """Why the next load of an exercise is what it is (PRO-1…PRO-6)."""

    why: tuple[RuleId, ...]
    note: str
    load: float  # the working weight the note is about; shown only where the plan prescribes it
    cap: bool = False  # a ceiling (a grind, pain, a spike): shown wherever the plan stays at or under it


@dataclass(frozen=True, slots=True)
class Adjustments:
    maxes: Mapping[str, float] = field(default_factory=dict)  # e1RM from the log, athlete's units
    load_notes: Mapping[str, LoadNote] = field(default_factory=dict)
    working: Mapping[str, float] = field(default_factory=dict)  # next weight per exercise (PRO-3 lifts too)
    progress_from: dt.date | None = None  # projected increases count from this date's week on
    pain: frozenset[BodyArea] = frozenset()  # areas the log says hurt now (MOD-1)
    pain_course: PainCourse | None = None  # the notes behind it: limits by day (MOD-1/2, TRK-3)
    replacements: Mapping[str, Replacement] = field(default_factory=dict)
    weeks: Mapping[dt.date, WeekChange] = field(default_factory=dict)  # by Monday
    progression_level: Level | None = None  # PRO-5: the level judged from the log
    show_from: dt.date | None = None  # build sessions from this week on (earlier weeks are history)
    calibrate: bool = False  # the runner logs: unknown loads get a calibration note
    moves: Mapping[dt.date, dt.date] = field(default_factory=dict)  # the runner's moves: planned day → new day

    notes: tuple[str, ...] = ()
