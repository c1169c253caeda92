"""The season plan: phases, weeks, days, runs and lift sessions, every choice explained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from runlift.core.adjust import Adjustments, WeekChange
from runlift.core.calendar import ONE_DAY, Calendar, monday_of
from runlift.core.dose import e1rm
from runlift.core.errors import ProfileError
from runlift.core.library import Level, Library
from runlift.core.pain import PainCourse
from runlift.core.periodize import Phase, PhaseSpan, PhaseWeek, default_weeks, phase_spans, plan_phases
from runlift.core.prescribe import (
    COOLDOWN,
    WARMUP_LOWER,
    WARMUP_UPPER,
    Prescription,
    SessionContext,
    estimate_minutes,
    prescribe,
)
from runlift.core.profile import Profile, Run, TimeOfDay
from runlift.core.rules import RuleId, join_why
from runlift.core.schedule import FOCUS_BY_COUNT, Focus, LowerBody, Order, PlacedSession, schedule_week
from runlift.core.select import TEMPLATES, Chooser, Slot, WeekSelection


@dataclass(frozen=True, slots=True)
class Session:
    date: dt.date
    time: TimeOfDay
    focus: Focus
    minutes: int
    lower_body: LowerBody
    order: Order
    why: tuple[RuleId, ...]
    warmup: tuple[str, ...]
    cooldown: tuple[str, ...]
    exercises: tuple[Prescription, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    runs: tuple[Run, ...]
    sessions: tuple[Session, ...]


@dataclass(frozen=True, slots=True)
class Week:
    start: dt.date
    phase: Phase
    deload: bool
    notes: tuple[str, ...]
    why: tuple[RuleId, ...]
    days: tuple[Day, ...]

    @property
    def sessions(self) -> tuple[Session, ...]:
        return tuple(s for d in self.days for s in d.sessions)


@dataclass(frozen=True, slots=True)
class SeasonPlan:
    athlete: str
    start: dt.date
    phases: tuple[PhaseSpan, ...]
    weeks: tuple[Week, ...]

    def sessions(self) -> tuple[Session, ...]:
        return tuple(s for w in self.weeks for s in w.sessions)

    def week_of(self, day: dt.date) -> Week | None:
        monday = monday_of(day)
        return next((w for w in self.weeks if w.start == monday), None)


PHASE_NOTES: Mapping[Phase, str] = {
    Phase.OFF_SEASON: "Off-season: lift your heaviest, learn new movements, soreness is fine (PER-1).",
    Phase.BASE: "Base: mileage builds, lifting stays heavy (PER-2).",
    Phase.BUILD: "Race-specific block: same heavy loads, fewer sets, no new heavy movements (PER-3).",
    Phase.PEAK: "Peak month: still heavy, far fewer sets and reps (PER-4).",
    Phase.TAPER: "Taper: keep lifting, much lighter, to stay strong and recover (PER-5).",
    Phase.RACE: "Race week: one short, light session early in the week (PER-5, PER-6).",
    Phase.RECOVERY: "Recovery after the race: lifting reduced, not stopped (PER-8).",
}
STRENGTH_PHASES = (Phase.OFF_SEASON, Phase.BASE)
# PRO-5: beginners add weight almost every week, intermediates every other week, advanced
# lifters a few times a year; only strength phases progress, the race block maintains (PER-3).
PROGRESS_PER_WEEK: Mapping[Level, float] = {
    Level.NOVICE: 1.0,
    Level.BEGINNER: 1.0,
    Level.INTERMEDIATE: 0.5,
    Level.ADVANCED: 0.25,
}


def plan_season(
    profile: Profile,
    library: Library,
    start: dt.date,
    weeks: int | None = None,
    adjust: Adjustments | None = None,
) -> SeasonPlan:
    """Build the whole season for a runner, from `start`'s week, deterministically.

    `adjust` carries what the training log changes (see core/adapt.py); without it this is the
    plan from the runner's file alone."""
    athlete = profile.athlete
    adjust = adjust or Adjustments()
    calendar = Calendar(profile.running, profile.races)
    count = weeks if weeks is not None else default_weeks(start, profile.races)
    phase_weeks = plan_phases(start, count, profile.races, athlete.level)
    maxes = estimated_maxes(profile, library) | dict(adjust.maxes)
    chooser = Chooser(library, athlete.level, athlete.equipment, athlete.pain | adjust.pain, adjust.replacements)
    pain = adjust.pain_course or PainCourse(file_areas=athlete.pain)  # MOD-1/2 by session day (core/pain.py)
    rate = PROGRESS_PER_WEEK[adjust.progression_level or athlete.level]
    progress_from = monday_of(adjust.progress_from) if adjust.progress_from else None
    show_from = monday_of(adjust.show_from) if adjust.show_from else None
    familiar: set[str] = set()
    step_base: dict[str, int] = {}
    progress = 0.0
    out: list[Week] = []
    previous: Phase | None = None
    phase_start = 0
    for index, pw in enumerate(phase_weeks):
        if pw.phase is not previous:
            phase_start = index
            if pw.phase in STRENGTH_PHASES:
                familiar = set()  # a new strength block may bring new movements (PER-1, PRO-8)
        previous = pw.phase
        counts = progress_from is None or pw.start >= progress_from
        if show_from is None or pw.start >= show_from:
            change = adjust.weeks.get(pw.start)
            week = _plan_week(
                profile,
                chooser,
                calendar,
                _changed(pw, change),
                index,
                index - phase_start,
                maxes,
                familiar,
                (int(progress), step_base),
                adjust,
                change,
                pain,
            )
            familiar.update(p.exercise.id for s in week.sessions for p in s.exercises)
            # projections run from each exercise's first coming session on (PRO-1, PRO-5)
            for s in week.sessions:
                if adjust.progress_from is None or s.date >= adjust.progress_from:
                    for p in s.exercises:
                        step_base.setdefault(p.exercise.id, int(progress))

            out.append(week)
        if counts and pw.phase in STRENGTH_PHASES and not pw.deload:
            progress += rate
    return SeasonPlan(athlete.name, monday_of(start), phase_spans(phase_weeks), tuple(out))


def lift_dates(profile: Profile, start: dt.date, weeks: int, since: dt.date, until: dt.date) -> tuple[dt.date, ...]:
    """The days the plan from the runner's file alone puts its lift sessions on, within [since, until].

    The same phases and schedule as `plan_season`, without choosing and dosing the sessions: adherence
    needs only the days, and dosing is nine-tenths of a plan's cost (a property test keeps them equal)."""
    calendar = Calendar(profile.running, profile.races)
    first = monday_of(since)
    dates: list[dt.date] = []
    for pw in plan_phases(start, weeks, profile.races, profile.athlete.level):
        if first <= pw.start <= until:
            schedule = schedule_week(pw.start, calendar, profile.athlete.sessions_per_week, pw.phase, pw.deload)
            dates += (s.date for s in schedule.sessions if since <= s.date <= until)
    return tuple(dates)


def _changed(pw: PhaseWeek, change: WeekChange | None) -> PhaseWeek:
    """A week the log reshapes (deload, minimum dose, restart) says so in its notes and why."""
    if change is None:
        return pw
    deload = pw.deload or (change.deload and pw.phase.loading)
    return PhaseWeek(pw.start, pw.phase, deload, join_why(pw.why, change.why), (*pw.notes, change.note))


def estimated_maxes(profile: Profile, library: Library) -> dict[str, float]:
    """e1RM (Epley) for each lift the runner told us about."""
    maxes = {}
    for lift in profile.athlete.lifts:
        if lift.exercise not in library:
            raise ProfileError(
                f"lifts.{lift.exercise}", "an exercise id from the library (see `runlift library`)", lift.exercise
            )
        maxes[lift.exercise] = e1rm(lift.weight, lift.reps)
    return maxes


def _plan_week(
    profile: Profile,
    chooser: Chooser,
    calendar: Calendar,
    pw: PhaseWeek,
    index: int,
    week_in_phase: int,
    maxes: Mapping[str, float],
    familiar: set[str],
    progress: tuple[int, Mapping[str, int]],
    adjust: Adjustments,
    change: WeekChange | None,
    pain: PainCourse,
) -> Week:
    athlete = profile.athlete
    schedule = schedule_week(pw.start, calendar, athlete.sessions_per_week, pw.phase, pw.deload)
    # PER-3: no new heavy movements in the race block; in strength blocks a routine is kept
    # and progressed for its block (PRO-8).
    familiar_why = ("PRO-8",) if pw.phase in STRENGTH_PHASES else ("PER-3",)
    selection = WeekSelection(frozenset(familiar), familiar_why)
    sessions_by_date: dict[dt.date, list[Session]] = {}
    for placed, slots in zip(schedule.sessions, _templates_for(schedule.sessions), strict=True):
        ctx = SessionContext(
            phase=pw.phase,
            level=athlete.level,
            units=athlete.units,
            equipment=athlete.equipment,
            minutes=athlete.session_minutes,
            deload=pw.deload,
            light_legs=placed.lower_body is LowerBody.LIGHT and pw.phase.loading and not pw.deload,
            minimum_dose=placed.minimum_dose or bool(change and change.minimum_dose),
            week_in_block=week_in_phase,
            weeks_into_plan=index,
            e1rm=maxes,
            progress_steps=progress[0],
            step_base=progress[1],
            load_notes=adjust.load_notes,
            calibrate=adjust.calibrate,
            working=adjust.working,
            restart=bool(change and change.intro),
            weights=athlete.weights,
        )
        session = _session(placed, slots, chooser.on_day(pain.limits(placed.date)), selection, ctx, pw)
        sessions_by_date.setdefault(placed.date, []).append(session)
    days = tuple(
        Day(d, calendar.runs_on(d), tuple(sessions_by_date.get(d, ())))
        for d in (pw.start + ONE_DAY * i for i in range(7))
    )
    notes = (PHASE_NOTES[pw.phase],) + pw.notes + schedule.notes
    why = join_why(pw.why, schedule.why)
    frequency = frequency_note(profile) if index == 0 else ""
    if frequency:
        notes, why = (*notes, frequency), join_why(why, ("DOSE-1",))
    return Week(pw.start, pw.phase, pw.deload, notes, why, days)


# DOSE-1: "2-3 when mileage is low"; we call under 20 mi (32 km) a week low.
LOW_MILEAGE_KM = 32.0


def frequency_note(profile: Profile) -> str:
    """DOSE-1 says how often; a one-session week or low mileage gets a sentence about it."""
    sessions = profile.athlete.sessions_per_week
    km = profile.running.weekly_distance * (1.609344 if profile.athlete.units.value == "lb" else 1.0)
    if sessions == 1:
        return "One session a week keeps strength; two is the usual dose and enough for most runners (DOSE-1)."
    if sessions == 2 and 0 < km < LOW_MILEAGE_KM:
        return "With your mileage this low, a third session a week would fit if you want it (DOSE-1)."
    return ""


def _templates_for(placed: tuple[PlacedSession, ...]) -> list[tuple[Slot, ...]]:
    """Match each placed session to its template by focus, in date order (SEL-1, SEL-2)."""
    count = len(placed)
    pool: dict[Focus, list[tuple[Slot, ...]]] = {}
    for focus, slots in zip(FOCUS_BY_COUNT[count], TEMPLATES[count], strict=True) if count else ():
        pool.setdefault(focus, []).append(slots)
    return [pool[p.focus].pop(0) if pool.get(p.focus) else TEMPLATES[1][0] for p in placed]


def _session(
    placed: PlacedSession,
    slots: tuple[Slot, ...],
    chooser: Chooser,
    selection: WeekSelection,
    ctx: SessionContext,
    pw: PhaseWeek,
) -> Session:
    lower = placed.lower_body is not LowerBody.NONE
    exercises, notes = prescribe(slots, chooser, selection, ctx, lower_body=lower)
    why = join_why(placed.why, pw.why, ("SEL-12", "DOSE-8", "WU-1", "WU-2"))
    if placed.note:
        notes = (placed.note,) + notes
    return Session(
        date=placed.date,
        time=placed.time,
        focus=placed.focus,
        minutes=estimate_minutes(exercises, ctx.minutes),
        lower_body=placed.lower_body,
        order=placed.order,
        why=why,
        warmup=WARMUP_LOWER if lower else WARMUP_UPPER,
        cooldown=COOLDOWN,
        exercises=exercises,
        notes=notes,
    )
