"""A session's prescriptions: exercise × sets × reps × intensity × rest, fitted to the clock."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from runlift.core.adjust import LoadNote
from runlift.core.dose import (
    REST_FLOOR_HEAVY,
    REST_FLOOR_MODERATE,
    Dose,
    Progression,
    Reps,
    Role,
    accessory_dose,
    calf_dose,
    core_dose,
    deload,
    main_dose,
    minimum_dose,
    plyo_dose,
)
from runlift.core.equipment import OwnedWeights, round_to_owned
from runlift.core.library import Equipment, Exercise, Level, Measure, Pattern
from runlift.core.periodize import Phase
from runlift.core.profile import Units
from runlift.core.rules import RuleId, join_why
from runlift.core.select import Chooser, Slot, WeekSelection


@dataclass(frozen=True, slots=True)
class Load:
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Prescription:
    exercise: Exercise
    role: Role
    sets: int
    reps: Reps
    pct_1rm: float | None
    rir: int
    load: Load | None
    rest_s: int
    foot_contacts: int | None
    progression: Progression
    why: tuple[RuleId, ...]
    note: str = ""
    paired_with: str | None = None  # done in the rest of this main lift (S's paired sets)

    @property
    def seconds(self) -> int:
        """Time for all sets including rest (DOSE-7), used to fit the session (DOSE-8).

        A paired exercise is done during its partner's rest, so only its work counts."""
        sides = 2 if self.exercise.unilateral else 1
        top = self.reps if isinstance(self.reps, int) else self.reps[1]
        per_unit = {Measure.REPS: 4.0, Measure.SECONDS: 1.0, Measure.METERS: 1.0}[self.exercise.measure]
        work = top * per_unit * sides + 15  # 15 s to set up each set
        rest = 0 if self.paired_with else self.rest_s
        return int(self.sets * (work + rest))


@dataclass(frozen=True, slots=True)
class SessionContext:
    """Everything about the athlete and the week that shapes one session's prescriptions."""

    phase: Phase
    level: Level
    units: Units
    equipment: frozenset[Equipment]
    minutes: int
    deload: bool
    light_legs: bool
    minimum_dose: bool
    week_in_block: int
    weeks_into_plan: int
    e1rm: Mapping[str, float]
    progress_steps: int = 0  # load increments earned so far in the season (PRO-1, PRO-5)
    # the season's count when each exercise first appeared: its projection starts there
    step_base: Mapping[str, int] = field(default_factory=dict)
    load_notes: Mapping[str, LoadNote] = field(default_factory=dict)  # from the log (PRO-1…PRO-6)
    calibrate: bool = False  # say how to find a starting weight where none is known
    working: Mapping[str, float] = field(default_factory=dict)  # weights earned, for PRO-3 lifts
    restart: bool = False  # PER-10: back after weeks off, DOSE-9's start for every level

    weights: OwnedWeights = field(default_factory=OwnedWeights)  # the runner's rack, if listed

    def steps_for(self, exercise_id: str) -> int:
        """Increments projected for an exercise since it (re)entered the plan."""
        return self.progress_steps - self.step_base.get(exercise_id, self.progress_steps)


WARMUP_LOWER = (
    "5-10 min easy jog, bike or brisk walk",
    "Foam roll calves, quads and glutes (optional)",
    "Leg swings front-back and side-side, 10 each leg",
    "Ankle rocks and calf pumps, 10 each side",
    "Hip openers and hamstring sweeps, 5 each side",
    "Two lighter ramp-up sets of the first lift",
)
WARMUP_UPPER = (
    "5-10 min easy jog, bike, row or brisk walk",
    "Arm circles and band pull-aparts, 15 each",
    "Thoracic rotations on hands and knees, 5 each side",
    "Two lighter ramp-up sets of the first lift",
)
COOLDOWN = ("Stretch hamstrings, calves, quads and hip flexors, 30-45 s each",)


def warmup_minutes(session_minutes: int) -> int:
    """WU-1: 5-10 min; short sessions take the short end."""
    return 10 if session_minutes >= 45 else 5


def cooldown_minutes(session_minutes: int) -> int:
    """WU-2: stretch the major groups afterwards."""
    return 5 if session_minutes >= 45 else 3


def estimate_minutes(exercises: Sequence[Prescription], session_minutes: int) -> int:
    work = sum(p.seconds for p in exercises)
    return warmup_minutes(session_minutes) + cooldown_minutes(session_minutes) + math.ceil(work / 60)


LOWER_PATTERNS = frozenset({Pattern.SQUAT, Pattern.HINGE, Pattern.HIP_EXTENSION, Pattern.CALF, Pattern.PLYOMETRIC})


def prescribe(
    slots: Sequence[Slot],
    chooser: Chooser,
    week: WeekSelection,
    ctx: SessionContext,
    lower_body: bool,
) -> tuple[tuple[Prescription, ...], tuple[str, ...]]:
    """Fill a session's slots, dose each exercise, fit the session to the runner's minutes, and
    only then deload it (PER-9), so a deload week is always lighter than the week it relieves."""
    notes: list[str] = []
    chosen: list[Prescription] = []
    heavy = main_dose(ctx.phase, ctx.level, ctx.week_in_block, ctx.weeks_into_plan, False, ctx.restart)
    light = main_dose(ctx.phase, ctx.level, ctx.week_in_block, ctx.weeks_into_plan, True, ctx.restart)
    for slot in slots:
        # light legs (SCH-3, a mini-taper) lighten the lower body only; arms and trunk train as usual
        legs = bool(slot.patterns & LOWER_PATTERNS)
        dose = _dose_for(slot, light if (ctx.light_legs and legs) else heavy, ctx)
        if dose is None:
            continue
        decision = chooser.choose(slot, week, lower_body)
        if decision.value is None:
            if decision.note:
                notes.append(decision.note)
            continue
        exercise = decision.value
        if slot.role is Role.PLYOMETRIC:
            # PER-9 for jumps: fewer contacts in a deload week, never under DOSE-5's 30
            scale = (0.7 if ctx.level.experienced else 0.5) if ctx.deload else 1.0
            contacts = exercise.foot_contacts * (2 if exercise.unilateral else 1)
            plyo = plyo_dose(ctx.level, ctx.phase, contacts, scale)
            if plyo is not None:
                chosen.append(_prescription(exercise, slot.role, plyo, join_why(decision.why), decision.note, ctx))
            continue
        if ctx.minimum_dose:
            dose = minimum_dose(dose)
        chosen.append(_prescription(exercise, slot.role, dose, join_why(decision.why), decision.note, ctx))
    fitted, fit_notes = fit_to_minutes(tuple(chosen), ctx.minutes)
    if ctx.deload:
        fitted = tuple(p if p.role is Role.PLYOMETRIC else _deloaded(p, ctx) for p in fitted)
    return fitted, tuple(notes) + fit_notes


def _deloaded(p: Prescription, ctx: SessionContext) -> Prescription:
    """PER-9 on a fitted prescription: newer lifters keep the weight and halve the work; others
    drop the weight 10 % (at least one step of what they own) and the work 30 %."""
    dose = deload(Dose(p.sets, p.reps, p.pct_1rm, p.rir, p.rest_s, p.progression, p.why), ctx.level)
    load = p.load
    if load is not None and ctx.level.experienced:
        load = Load(_lighter(p.exercise, load.value, ctx), load.unit)
    return replace(
        p, sets=dose.sets, reps=dose.reps, pct_1rm=dose.pct_1rm if load else None, rir=dose.rir, load=load, why=dose.why
    )


def _lighter(exercise: Exercise, value: float, ctx: SessionContext) -> float:
    """About 10 % lighter, and never the same weight because of rounding."""
    owned = ctx.weights.loads_for(exercise)
    if owned:
        lower = [w for w in owned if w < value]
        target = round_to_owned(value * 0.9, owned)
        return target if target < value else (lower[-1] if lower else value)
    step = increment(exercise, ctx.units, ctx.equipment)
    target = round_load(value * 0.9, step)
    return target if target < value else max(step, value - step)


def _dose_for(slot: Slot, main: Dose, ctx: SessionContext) -> Dose | None:
    # DOSE-2 sessions keep only the strength work: no jumps or accessory volume on top.
    light = ctx.phase in (Phase.TAPER, Phase.RACE, Phase.RECOVERY) or ctx.light_legs or ctx.minimum_dose
    if slot.role is Role.MAIN:
        return main
    if slot.role is Role.CALF:
        return calf_dose(main)
    if slot.role is Role.CORE:
        return core_dose(main, ctx.level)
    if slot.role is Role.PLYOMETRIC:
        # placeholder dose: recomputed for the chosen exercise's foot contacts (DOSE-5)
        return (
            None
            if (
                light
                or ctx.level is Level.NOVICE
                or ctx.phase not in (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD, Phase.PEAK)
            )
            else main
        )
    # DOSE-6 accessories add volume; taper, race and recovery weeks don't need it.
    return None if light else accessory_dose()


def _prescription(
    exercise: Exercise, role: Role, dose: Dose, why: tuple[RuleId, ...], note: str, ctx: SessionContext
) -> Prescription:
    reps = _reps_for_measure(exercise, dose.reps)
    pct = dose.pct_1rm if (role is Role.MAIN and exercise.externally_loaded) else None
    load = _load(exercise, pct, ctx)
    if load is None and role is not Role.MAIN and exercise.externally_loaded and exercise.id in ctx.working:
        # PRO-3: calf, core and accessory lifts keep the weight they last earned; reps climb first
        load = Load(ctx.working[exercise.id], ctx.units.value)
    if load is not None and ctx.minimum_dose and exercise.id in ctx.working:
        # SCH-6, DOSE-2: a week pulled back for the running never lifts more than last time (core/adapt.py)
        load = Load(min(load.value, ctx.working[exercise.id]), load.unit)
    if load is not None:
        why = join_why(why, ("PRO-4",))  # rounded to what they own
    reason = ctx.load_notes.get(exercise.id)
    # the log's reason shows where the plan prescribes exactly the weight it is about, never in a
    # deload (PER-9): "target hit: up 5" would contradict the lighter week
    if (
        load is not None
        and reason is not None
        and not ctx.deload
        and (abs(load.value - reason.load) < 1e-6 or (reason.cap and load.value <= reason.load + 1e-6))
    ):
        why, note = join_why(why, reason.why), (f"{note} {reason.note}" if note else reason.note)
    elif load is None and pct is not None and ctx.calibrate:
        # No 1RM known and nothing logged yet: the first session finds the working weight.
        calibration = (
            f"Calibration: pick a weight you could lift {dose.top_reps + dose.rir} times; "
            "log it and the next loads follow from it."
        )
        note = f"{note} {calibration}" if note else calibration
    contacts = None
    if role is Role.PLYOMETRIC:
        contacts = dose.sets * dose.top_reps * exercise.foot_contacts * (2 if exercise.unilateral else 1)
    return Prescription(
        exercise=exercise,
        role=role,
        sets=dose.sets,
        reps=reps,
        pct_1rm=pct if load is not None else None,
        rir=dose.rir,
        load=load,
        rest_s=dose.rest_s,
        foot_contacts=contacts,
        progression=dose.progression,
        why=join_why(why, dose.why, ("DOSE-7",)),
        note=note,
    )


def _reps_for_measure(exercise: Exercise, reps: Reps) -> Reps:
    """Holds are prescribed in seconds and carries in metres rather than reps."""
    if exercise.measure is Measure.SECONDS:
        return (20, 40)
    if exercise.measure is Measure.METERS:
        return (20, 40)
    return reps


# Most a projected load may grow over its starting point: seed M's split squat went 65 → 90 lb
# (+38 %) in 8 weeks for a newer lifter; intermediates and advanced lifters progress slower (PRO-5).
PROJECTED_GAIN_CAP: Mapping[Level, float] = {
    Level.NOVICE: 0.4,
    Level.BEGINNER: 0.4,
    Level.INTERMEDIATE: 0.2,
    Level.ADVANCED: 0.1,
}


# A projected jump is at most 3 % of the load: a 5 lb dumbbell step on a 40 lb goblet squat
# (12 %) would otherwise run into the cap within a month.
PROJECTED_STEP_CAP = 0.03


# PRO-4: the smallest jump the runner can make with what they own.


def increment(exercise: Exercise, units: Units, equipment: frozenset[Equipment]) -> float:
    fractional = Equipment.FRACTIONAL_PLATES in equipment
    if exercise.barbell:
        return (2.5 if fractional else 5.0) if units is Units.LB else (1.25 if fractional else 2.5)
    if Equipment.DUMBBELLS in exercise.equipment or Equipment.KETTLEBELL in exercise.equipment:
        return (2.5 if fractional else 5.0) if units is Units.LB else (1.0 if fractional else 2.0)
    return 5.0 if units is Units.LB else 2.5


def round_load(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


def _load(exercise: Exercise, pct: float | None, ctx: SessionContext) -> Load | None:
    """pct × estimated 1RM, rounded to what the athlete can load (PRO-4), when a 1RM is known."""
    if pct is None or exercise.id not in ctx.e1rm:
        return None
    step = increment(exercise, ctx.units, ctx.equipment)
    base = pct * ctx.e1rm[exercise.id]
    # PRO-1/PRO-5: the plan projects the weekly jumps; the training log will replace projection
    # with what was lifted. Growth is capped by level so a projection stays believable.
    steps = ctx.steps_for(exercise.id)
    gained = min(steps * step, steps * PROJECTED_STEP_CAP * base, PROJECTED_GAIN_CAP[ctx.level] * base)

    owned = ctx.weights.loads_for(exercise)
    if owned:  # PRO-4: round to what is on their rack, never above the heaviest
        return Load(round_to_owned(base + gained, owned), ctx.units.value)
    value = round_load(base + gained, step)
    if exercise.barbell:
        value = max(value, 45.0 if ctx.units is Units.LB else 20.0)  # the empty bar
    return Load(max(value, step), ctx.units.value)


def fit_to_minutes(
    exercises: tuple[Prescription, ...], minutes: int
) -> tuple[tuple[Prescription, ...], tuple[str, ...]]:
    """DOSE-8: trim a session to the runner's minutes. Accessories go first, then core and calf
    work is paired with the main lifts, rests come down to DOSE-7's floor, sets come down to two,
    plyometrics go (below 30 contacts they stop being DOSE-5 work), then single sets (DOSE-2)."""
    notes: list[str] = []
    current = exercises

    def fits() -> bool:
        return estimate_minutes(current, minutes) <= minutes

    def drop(role: Role, reason: str) -> None:
        nonlocal current
        names = [p.exercise.name for p in current if p.role is role]
        current = tuple(p for p in current if p.role is not role)
        if names:
            notes.append(f"Dropped {', '.join(names)} ({reason}) to fit {minutes} min (DOSE-8).")

    if fits():
        return current, ()
    drop(Role.ACCESSORY, "accessory")
    if not fits():
        current = _paired(current)
        notes.append("Core and calf work paired with the main lifts: do their sets in the main lift's rest.")
    if not fits():
        current = tuple(_shorter_rest(p) for p in current)
        notes.append("Rests shortened to the low end of their range to fit the time (DOSE-7).")
    planned_sets = {p.exercise.id: p.sets for p in current}
    for roles, floor in (((Role.CORE, Role.CALF), 2), ((Role.MAIN,), 2)):
        while not fits() and any(p.role in roles and p.sets > floor for p in current):
            current = _one_set_less(current, roles, floor)
    if not fits():
        drop(Role.PLYOMETRIC, "plyometrics")
    while not fits() and any(p.sets > 1 for p in current):
        current = _one_set_less(current, (Role.CORE, Role.CALF, Role.MAIN), 1)
    if any(p.sets < planned_sets[p.exercise.id] for p in current):
        notes.append("Fewer sets than the phase asks, to fit the time (DOSE-2: even one hard set works).")
    while not fits() and len(current) > 1:
        last = current[-1]
        current = current[:-1]
        notes.append(f"Dropped {last.exercise.name}: no time left in {minutes} min (DOSE-8).")
    return current, tuple(notes)


PAIRABLE = (Role.CORE, Role.CALF)


def _paired(current: tuple[Prescription, ...]) -> tuple[Prescription, ...]:
    """Pair each core or calf exercise with a main lift that works other muscles (S's paired sets)."""
    partners = [p for p in current if p.role is Role.MAIN]
    out = []
    for p in current:
        if p.role in PAIRABLE and partners:
            # a calf raise rests the legs least next to an upper-body lift; core goes with anything
            partner = next((m for m in partners if p.role is not Role.CALF or not m.exercise.lower_body), partners[0])
            partners.remove(partner)
            p = replace(
                p,
                paired_with=partner.exercise.id,
                why=join_why(p.why, ("DOSE-8",)),
                note=(p.note + " " if p.note else "") + f"Paired with {partner.exercise.name}.",
            )
        out.append(p)
    return tuple(out)


def _shorter_rest(p: Prescription) -> Prescription:
    floor = REST_FLOOR_HEAVY if p.rest_s >= REST_FLOOR_HEAVY else REST_FLOOR_MODERATE
    return replace(p, rest_s=min(p.rest_s, floor))


def _one_set_less(current: tuple[Prescription, ...], roles: tuple[Role, ...], floor: int) -> tuple[Prescription, ...]:
    """Take one set off the exercise with the most sets in `roles` (latest first on ties)."""
    index = max(
        (i for i, p in enumerate(current) if p.role in roles and p.sets > floor), key=lambda i: (current[i].sets, i)
    )
    p = current[index]
    cut = replace(p, sets=p.sets - 1, why=join_why(p.why, ("DOSE-8",) if p.sets - 1 > 1 else ("DOSE-8", "DOSE-2")))
    return current[:index] + (cut,) + current[index + 1 :]
