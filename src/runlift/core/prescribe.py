"""A session's prescriptions: exercise × sets × reps × intensity × rest, fitted to the clock."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from runlift.core.adjust import LoadNote
from runlift.core.dose import (
    HOLD_RANGES,
    PLYO_MIN_CONTACTS,
    REP_RANGES,
    REST_FLOOR_HEAVY,
    REST_FLOOR_MODERATE,
    Dose,
    Progression,
    Reps,
    Role,
    accessory_dose,
    bodyweight_dose,
    calf_dose,
    core_dose,
    deload,
    eccentric_accessory_dose,
    epley_pct,
    main_dose,
    minimum_dose,
    plyo_dose,
)
from runlift.core.equipment import OwnedWeights, round_to_owned
from runlift.core.library import Equipment, Exercise, Intensity, Level, Library, Measure, Pattern
from runlift.core.periodize import Phase
from runlift.core.profile import Units
from runlift.core.rules import Decision, RuleId, join_why
from runlift.core.select import Chooser, Slot, WeekSelection, heavy_to_learn


@dataclass(frozen=True, slots=True)
class Load:
    value: float
    unit: str


# DOSE-8's clock: a strength rep takes about 4 s; a jump is a ground contact and a reset, about 2 s.
PLYO_REP_SECONDS = 2.0
PLYO_MAX_REPS = 10  # DOSE-5: 4-10 reps a set


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
    def top_reps(self) -> int:
        """The top of the rep range (or the reps), as Dose.top_reps."""
        return self.reps if isinstance(self.reps, int) else self.reps[1]

    @property
    def seconds(self) -> int:
        """Time for all sets including rest (DOSE-7), used to fit the session (DOSE-8).

        A paired exercise is done during its partner's rest, so only its work counts."""
        sides = 2 if self.exercise.unilateral else 1
        top = self.top_reps
        per_unit = {Measure.REPS: 4.0, Measure.SECONDS: 1.0, Measure.METERS: 1.0}[self.exercise.measure]
        if self.role is Role.PLYOMETRIC and self.exercise.measure is Measure.REPS:
            per_unit = PLYO_REP_SECONDS
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
    estimated: Mapping[str, str] = field(default_factory=dict)  # e1RMs estimated from another lift: the note
    # PER-3: in the race block, the exercises learned before it (and the runner's known lifts); None elsewhere
    familiar: frozenset[str] | None = None
    high_mileage: bool = False  # PER-8, SCH-6: a big running week lifts less, from the file alone
    masters: bool = False  # age 50+: heavy and fast, fewer reps (DOSE-3's strength/power end)
    plyo_max: Intensity = Intensity.LOW  # the hardest landings this session allows (DOSE-5, SEL-4)
    plyo_ramp: float = 1.0  # contacts build through base (DOSE-5)

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


def _repeats(library: Library, exercise: Exercise, chosen: Sequence[Prescription]) -> bool:
    """The exercise, or another step of its chain, is already one of the session's main lifts: a coach
    never writes feet-elevated push-ups twice in one session, nor push-ups beside hands-elevated ones."""

    def chain(e: Exercise) -> set[str]:
        return {e.id, *(s.id for s in library.regressions(e.id)), *(s.id for s in library.progressions(e.id))}

    # both ways: chains branch (a push-up steps up to feet-elevated push-ups and to the dumbbell bench)
    steps = chain(exercise)
    return any(p.role is Role.MAIN and (p.exercise.id in steps or exercise.id in chain(p.exercise)) for p in chosen)


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
    """Fill a session's slots, dose each exercise (deloaded in a deload week, PER-9), and fit the
    session to the runner's minutes (DOSE-8)."""
    notes: list[str] = []
    chosen: list[Prescription] = []
    heavy = main_dose(ctx.phase, ctx.level, ctx.week_in_block, ctx.weeks_into_plan, False, ctx.restart)
    light = main_dose(ctx.phase, ctx.level, ctx.week_in_block, ctx.weeks_into_plan, True, ctx.restart)
    if ctx.high_mileage and ctx.phase.loading:
        heavy = high_mileage_dose(heavy)
    if ctx.masters and ctx.phase.loading:
        heavy = masters_dose(heavy)
    for slot in slots:
        # light legs (SCH-3, a mini-taper) lighten the lower body only; arms and trunk train as usual
        legs = bool(slot.patterns & LOWER_PATTERNS)
        if not lower_body and slot.patterns <= LOWER_PATTERNS:
            continue  # an upper-body day (or the days after a long race, PER-8): the leg slots rest
        dose = _dose_for(slot, light if (ctx.light_legs and legs) else heavy, ctx)
        if dose is None:
            continue
        if slot.role is Role.PLYOMETRIC:
            slot = replace(slot, max_intensity=ctx.plyo_max)
        decision = chooser.choose(slot, week, lower_body)
        if decision.value is None:
            if decision.note:
                notes.append(decision.note)
            continue
        exercise = decision.value
        if slot.role is Role.MAIN and _repeats(chooser.library, exercise, chosen):
            continue  # SEL-1: an overhead slot with no overhead press for this runner fell back to a push-up
        if slot.role is Role.PLYOMETRIC:
            # PER-9 for jumps: fewer contacts in a deload week, never under DOSE-5's 30
            scale = (0.7 if ctx.level.experienced else 0.5) if ctx.deload else 1.0
            scale *= ctx.plyo_ramp * (HIGH_MILEAGE_PLYO if ctx.high_mileage else 1.0)
            contacts = exercise.foot_contacts * (2 if exercise.unilateral else 1)
            plyo = plyo_dose(ctx.level, ctx.phase, contacts, scale)
            if plyo is not None and not ctx.deload:  # fewer contacts early in a block is not a deload
                plyo = replace(plyo, why=tuple(w for w in plyo.why if w != "PER-9"))
            if plyo is not None and exercise.intensity is Intensity.LOW:
                # DOSE-7: pogos, skips and line hops are rhythmic sets of 6-15 submaximal contacts, not
                # maximal power: a minute's rest, where box jumps and bounds keep two
                plyo = replace(plyo, rest_s=REST_LOW_CONTACTS)
            if plyo is not None:
                chosen.append(_prescription(exercise, slot.role, plyo, join_why(decision.why), decision.note, ctx))
            continue
        if slot.role is Role.MAIN and not exercise.externally_loaded:
            # DOSE-4, PRO-3, PRO-8: reps first, then the harder step; PER-4: fewer, harder reps in the peak
            peak = ctx.phase is Phase.PEAK and not (ctx.light_legs and legs) and exercise.measure is Measure.REPS
            dose = bodyweight_dose(dose, peak)
            if peak:
                decision = Decision(decision.value, decision.why, _join(decision.note, PEAK_BODYWEIGHT_NOTE))
        if slot.role is Role.ACCESSORY and exercise.eccentric:
            dose = eccentric_accessory_dose(dose)
            decision = Decision(decision.value, decision.why, _join(decision.note, ECCENTRIC_NOTE))
        if ctx.familiar is not None and exercise.id not in ctx.familiar and heavy_to_learn(exercise, slot.role):
            dose = learning_dose(dose)
            decision = Decision(decision.value, join_why(decision.why, ("PER-3",)), _join(decision.note, LEARN_NOTE))
        if ctx.minimum_dose:
            dose = minimum_dose(dose)
        chosen.append(_prescription(exercise, slot.role, dose, join_why(decision.why), decision.note, ctx))
    hard_sets = _sets_before_jumps(ctx.level)
    if ctx.deload:
        # PER-9 before DOSE-8: a deload week is lighter by itself, so it is fitted to the minutes only
        # once deloaded (fitting the full week first cut jumps "to fit 40 min" from a session that then
        # took 26). What it deloads is the ordinary week as the runner would have done it: the sets and
        # rests the clock left that week. A set cut to fit is not cut twice, and a deload never rests
        # longer than the ordinary week (easier sets need no more rest; the session just ends sooner).
        # Its notes are the deload's: what the ordinary week dropped is not news in a lighter week.
        ordinary, _ = fit_to_minutes(tuple(chosen), session_minutes(ctx), hard_sets)
        chosen = _deload_week(chosen, ordinary, ctx)
    fitted, fit_notes = fit_to_minutes(tuple(chosen), session_minutes(ctx), hard_sets)
    return no_extra_above_mains(fitted), tuple(notes) + fit_notes


def no_extra_above_mains(exercises: Sequence[Prescription]) -> tuple[Prescription, ...]:
    """DOSE-9 for the session as it ends: no core, calf or accessory work gets more sets than the day's
    main lifts, whatever a deload or the clock left them (never 2 sets of Pallof presses beside 1 set
    of each main lift)."""
    mains = [p.sets for p in exercises if p.role is Role.MAIN]
    if not mains:
        return tuple(exercises)
    most = max(mains)
    return tuple(
        replace(p, sets=most, why=join_why(p.why, ("DOSE-9",)))
        if p.role not in (Role.MAIN, Role.PLYOMETRIC) and p.sets > most
        else p
        for p in exercises
    )


ECCENTRIC_NOTE = "Lower for 3-5 s each rep; stop the set when you can no longer control the way down (SEL-8)."
PEAK_BODYWEIGHT_NOTE = (
    "Peak: fewer, harder reps: lower for 3 s and pause 1 s in the hardest position, so 6-8 reps leave only 2-3 "
    "in reserve (PER-4)."
)
LEARN_NOTE = (
    "New this close to a race: learn it light (about RIR 4) and keep the heavy loading for after the race; "
    "no new heavy movements in the race block (PER-3)."
)
REST_LOW_CONTACTS = 60  # DOSE-7's low end for sets of 6-15 reps
HIGH_MILEAGE_PLYO = 0.5  # a big running week already lands thousands of times (SCH-6)


def _join(a: str, b: str) -> str:
    return f"{a} {b}" if a else b


HIGH_MILEAGE_MINUTES = 0.8  # PER-8, SCH-6: a big running week's sessions are a fifth shorter


def session_minutes(ctx: SessionContext) -> int:
    """The minutes a session may take: the runner's, a fifth less in a high-mileage week (never under 15)."""
    if ctx.high_mileage and ctx.phase.loading:
        return max(15, int(ctx.minutes * HIGH_MILEAGE_MINUTES))
    return ctx.minutes


def learning_dose(dose: Dose) -> Dose:
    """PER-3: a movement met for the first time in the race block is learned light, never heavy."""
    pct = min(dose.pct_1rm, 0.65) if dose.pct_1rm else None
    return replace(dose, sets=min(dose.sets, 2), pct_1rm=pct, rir=max(dose.rir, 4), why=join_why(dose.why, ("PER-3",)))


def high_mileage_dose(dose: Dose) -> Dose:
    """PER-8, SCH-6: with 100 km (60 mi) or four key runs a week, one set fewer (never under two)."""
    return replace(dose, sets=max(2, dose.sets - 1), why=join_why(dose.why, ("PER-8", "SCH-6")))


def masters_dose(dose: Dose) -> Dose:
    """Masters lifters (50+): heavy sets of at most five reps, each lifted with intent (DOSE-3's
    strength/power end), so the strength and the rate of force development that age erodes first
    are the ones trained."""
    if dose.top_reps <= 5:
        return replace(dose, why=join_why(dose.why, ("DOSE-3",)))
    pct = epley_pct(5, dose.rir)
    return replace(
        dose, reps=5, pct_1rm=pct, rest_s=max(dose.rest_s, REST_FLOOR_HEAVY), why=join_why(dose.why, ("DOSE-3",))
    )


def _deload_week(
    chosen: Sequence[Prescription], ordinary: Sequence[Prescription], ctx: SessionContext
) -> list[Prescription]:
    """PER-9 on the ordinary week: each exercise's planned dose deloaded, with no longer rests than the
    ordinary week as fitted; its jumps thin out by contacts instead. Accessories
    and jumps the clock dropped that week stay out (a lighter week brings back no Nordic curls or hops
    the runner has not been doing); a building block it had no minute left for (SEL-1, SEL-2) comes
    back, since the deload has the time."""
    # Coach's choice (PER-9): the deload is written from the plan, not from what the clock trimmed. The
    # clock trims unevenly (the last main lift loses a set first), and deloading that week cut again:
    # a 140 km runner's deload read "2×5 split squat, 1×5 single-leg RDL, 1×5 bench" in one session.
    # A coach writes "2×5 of everything, 10 % lighter": the planned dose deloaded is the same for every
    # main lift. What the runner did the week before caps it (season._undercut): no more sets, fewer
    # reps in all, the main lifts alike.
    fitted = {p.exercise.id: p for p in ordinary}
    out = []
    for p in chosen:
        week = fitted.get(p.exercise.id)
        if week is None and p.role in (Role.ACCESSORY, Role.PLYOMETRIC):
            continue
        if p.role is not Role.PLYOMETRIC:
            p = _deloaded(p, ctx)
            if week is not None:
                p = replace(p, rest_s=min(p.rest_s, week.rest_s))
        out.append(p)
    return out


def _deloaded(p: Prescription, ctx: SessionContext) -> Prescription:
    """PER-9 on a planned prescription: newer lifters keep the weight and halve the work; others
    drop the weight 10 % (at least one step of what they own) and the work 30 %."""
    ranges = REP_RANGES if p.exercise.measure is Measure.REPS else HOLD_RANGES
    dose = deload(Dose(p.sets, p.reps, p.pct_1rm, p.rir, p.rest_s, p.progression, p.why), ctx.level, ranges)
    load = p.load
    if load is not None and ctx.level.experienced:
        load = Load(_lighter(p.exercise, load.value, ctx), load.unit)
    return replace(
        p,
        sets=dose.sets,
        reps=dose.reps,
        pct_1rm=dose.pct_1rm if load else None,
        rir=dose.rir,
        load=load,
        rest_s=min(p.rest_s, _deload_rest(p)),
        why=dose.why,
    )


def _deload_rest(p: Prescription) -> int:
    """DOSE-7 for a deload's easy sets (RIR 4 or more, or 10 % lighter): the low end of the 1-2 min for
    6-15 reps, 90 s for loaded main lifts and slow eccentrics, 60 s for the rest. A wave week's five
    reps rest 2:30 when heavy; in the deload they are not heavy, so the week never rests longer than the
    ordinary weeks around it."""
    if (p.role is Role.MAIN and p.exercise.externally_loaded) or p.exercise.eccentric:
        return REST_FLOOR_LOADED_MAIN
    return REST_FLOOR_MODERATE


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
        return None if (light or ctx.phase not in (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD, Phase.PEAK)) else main
    # DOSE-6 accessories add volume; taper, race and recovery weeks don't need it, nor does a big
    # running week (PER-8, SCH-6); build trims them and peak drops them (PER-3, PER-4: dose.py).
    extra = None if (light or ctx.high_mileage) else accessory_dose(ctx.phase)
    if extra is None or extra.sets <= main.sets:
        return extra
    # DOSE-9: while the main lifts are on their introduction sets (a beginner's 2 × 6 of everything), an
    # accessory gets no more sets than they do: never 3 × 12-15 triceps beside 2 sets of squats
    return replace(extra, sets=main.sets, why=join_why(extra.why, ("DOSE-9",)))


# DOSE-7 gives 1-2 min to sets of 6-15 reps and 2-5 min to heavy, power or technically hard ones. Coach's
# choice: a barbell squat, deadlift, press or row of 8 reps or fewer at 70 % of a max or more is both
# (heavy, DOSE-3, and a whole-body lift whose form goes first when rushed), so it rests 2 min, not the
# 90 s of a dumbbell or bodyweight lift of the same reps; a session short of time still cuts it to 90 s
# (`_shorter_rest`).
REST_TECHNICAL = 120
TECHNICAL_REPS = 8
HEAVY_PCT = 0.70  # DOSE-3's heavy: above 70 % of a max (a light-legs day's 65 % keeps 90 s)


def _prescription(
    exercise: Exercise, role: Role, dose: Dose, why: tuple[RuleId, ...], note: str, ctx: SessionContext
) -> Prescription:
    reps = _reps_for_measure(exercise, dose.reps)
    pct = dose.pct_1rm if (role is Role.MAIN and exercise.externally_loaded) else None
    heavy = dose.pct_1rm is not None and dose.pct_1rm >= HEAVY_PCT and dose.top_reps <= TECHNICAL_REPS
    if role is Role.MAIN and exercise.barbell and heavy and dose.rest_s < REST_TECHNICAL:
        dose = replace(dose, rest_s=REST_TECHNICAL)  # DOSE-7: heavy, technically hard sets
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
    elif load is not None and pct is not None and exercise.id in ctx.estimated:
        note = _join(note, ctx.estimated[exercise.id])
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
    exercises: tuple[Prescription, ...], minutes: int, hard_sets: int = 3
) -> tuple[tuple[Prescription, ...], tuple[str, ...]]:
    """DOSE-8: trim a session to the runner's minutes, one small step at a time so the session still
    fills them, and the main heavy sets last of all: accessories go first (one at a time), then
    plyometric volume (down to DOSE-5's 30 contacts), then core and calf work is paired with the main
    lifts and comes down to two sets, then rests come down within DOSE-7 (heavy sets of five reps or
    fewer keep two minutes), then main sets to `hard_sets` (three; two for a newer lifter), then the
    jumps go, and only then main sets come down to two, then to one each (DOSE-2).

    A late trim can free more time than an early one needed, so whatever the trims left room for comes
    back, most valuable first (`_refilled`), and the notes describe the session as it ends: none says
    something was dropped, or rests cut, that the minutes would have held."""
    current = exercises

    def fits() -> bool:
        return estimate_minutes(current, minutes) <= minutes

    if fits():
        return current, ()
    while not fits() and any(p.role is Role.ACCESSORY for p in current):
        index = max(i for i, p in enumerate(current) if p.role is Role.ACCESSORY)
        current = current[:index] + current[index + 1 :]
    while not fits() and any(_smaller_jumps(p) is not None for p in current):
        index, smaller = next((i, q) for i, p in enumerate(current) if (q := _smaller_jumps(p)) is not None)
        current = current[:index] + (smaller,) + current[index + 1 :]
    if not fits() and any(p.role in PAIRABLE for p in current):
        current = _paired(current)
    while not fits() and any(p.role in PAIRABLE and p.sets > 2 for p in current):
        current = _one_set_less(current, PAIRABLE, 2)
    if not fits():
        current = tuple(_shorter_rest(p) for p in current)
    # Main sets come down to three before the jumps go: three hard sets are still DOSE-3's dose,
    # and the jumps are the week's only elastic work (SEL-4); below three the jumps go first.
    while (
        not fits()
        and any(p.role is Role.PLYOMETRIC for p in current)
        and any(p.role is Role.MAIN and p.sets > hard_sets for p in current)
    ):
        current = _one_set_less(current, (Role.MAIN,), hard_sets)
    if not fits():
        current = tuple(p for p in current if p.role is not Role.PLYOMETRIC)
    for roles, floor in (((Role.MAIN,), 2), (PAIRABLE, 1), ((Role.MAIN,), 1)):
        while not fits() and any(p.role in roles and p.sets > floor for p in current):
            current = _one_set_less(current, roles, floor)
    while not fits() and len(current) > 1:
        current = current[:-1]
    fitted = _refilled(current, exercises, minutes, hard_sets)
    return fitted, _fit_notes(exercises, fitted, minutes)


def _sets_before_jumps(level: Level) -> int:
    """The main sets a session keeps before its jumps go to fit the clock: DOSE-3's three hard sets
    for an experienced lifter; two for a newer one."""
    # Coach's choice (DOSE-9, SEL-4): a newer lifter's main work is 2-3 sets of moderate reps, not
    # heavy strength sets, and a third set of bodyweight squats is worth less to a runner than the
    # week's only elastic work. A 30-min novice's base week dropped its A-skips to keep 3 × 8-12 of
    # squats, while the build week of the same length had 2 sets and the skips.
    return 3 if level.experienced else 2


PAIRED_NOTE = "Core and calf work paired with the main lifts: do their sets in the main lift's rest."
SHORTER_REST_NOTE = "Rests shortened to the low end of their range to fit the time; heavy sets keep 2 min (DOSE-7)."
FEWER_SETS_NOTE = "Fewer sets than the phase asks, to fit the time: even one hard set works (DOSE-2)."
FEWER_SETS_NOTE_SHORT = "Fewer sets than the phase asks, to fit the time (DOSE-8)."


def _fit_notes(planned: tuple[Prescription, ...], fitted: tuple[Prescription, ...], minutes: int) -> tuple[str, ...]:
    """DOSE-8's notes, read off the session as fitted against the session as planned."""
    kept = {p.exercise.id: p for p in fitted}
    gone = [p for p in planned if p.exercise.id not in kept]
    pairs = [(plan, kept[plan.exercise.id]) for plan in planned if plan.exercise.id in kept]
    notes = []
    accessories = [p.exercise.name for p in gone if p.role is Role.ACCESSORY]
    if accessories:
        notes.append(f"Dropped {', '.join(accessories)} (accessory) to fit {minutes} min (DOSE-8).")
    if any(p.paired_with and not plan.paired_with for plan, p in pairs):
        notes.append(PAIRED_NOTE)
    if any(p.rest_s < plan.rest_s for plan, p in pairs):
        notes.append(SHORTER_REST_NOTE)
    jumps = [p.exercise.name for p in gone if p.role is Role.PLYOMETRIC]
    if jumps:
        notes.append(f"Dropped {', '.join(jumps)} (plyometrics) to fit {minutes} min (DOSE-8).")
    cut = [p for plan, p in pairs if p.role is not Role.PLYOMETRIC and p.sets < plan.sets]
    if cut:  # DOSE-2's "one hard set still works" only where one set is what is left
        notes.append(FEWER_SETS_NOTE if any(p.sets == 1 for p in cut) else FEWER_SETS_NOTE_SHORT)
    notes += [
        f"Dropped {p.exercise.name}: no time left in {minutes} min (DOSE-8)."
        for p in gone
        if p.role not in (Role.ACCESSORY, Role.PLYOMETRIC)
    ]
    return tuple(notes)


def _refilled(
    current: tuple[Prescription, ...], planned: tuple[Prescription, ...], minutes: int, hard_sets: int
) -> tuple[Prescription, ...]:
    """What the trims took and the minutes still hold comes back, most valuable first: main sets up to
    `hard_sets`, then the jumps (SEL-4: the week's only elastic work; as many contacts as fit, at least
    DOSE-5's 30), then main sets to the plan, core and calf sets, the accessories (at least two sets,
    DOSE-6), and last the full rests and unpaired core and calf work. Each prescription's DOSE-8 and
    DOSE-2 ids say what fitting finally cut."""
    kept = {p.exercise.id: p for p in current}
    slots: list[Prescription | None] = [kept.get(p.exercise.id) for p in planned]

    def fitted() -> tuple[Prescription, ...]:
        return tuple(p for p in slots if p is not None)

    def tried(index: int, p: Prescription) -> bool:
        """Put `p` in its place if the session still fits."""
        before = slots[index]
        slots[index] = p
        if estimate_minutes(fitted(), minutes) <= minutes:
            return True
        slots[index] = before
        return False

    def more_sets(roles: tuple[Role, ...], cap: int) -> None:
        # Main lifts come back in the session's order and stop at the first that has no room: a later
        # lift never keeps a set an earlier one could not (3, 2, 3 sets reads as a mistake; 3, 3, 2 as
        # the order of what matters). Core and calf sets fill what is left.
        for index, plan in enumerate(planned):
            while (p := slots[index]) is not None and p.role in roles and p.sets < min(cap, plan.sets):
                if not tried(index, replace(p, sets=p.sets + 1)):
                    if Role.MAIN in roles:
                        return
                    break

    def mains_short(cap: int) -> bool:
        return any(p.role is Role.MAIN and p.sets < min(cap, plan.sets) for plan, p in _zip(planned, slots))

    more_sets((Role.MAIN,), hard_sets)
    if not mains_short(hard_sets):
        for index, plan in enumerate(planned):
            have = slots[index]
            if plan.role is Role.PLYOMETRIC and (have is None or (have.foot_contacts or 0) < (plan.foot_contacts or 0)):
                for form in _jump_forms(plan):
                    if have is not None and (form.foot_contacts or 0) <= (have.foot_contacts or 0):
                        break
                    if tried(index, form):
                        break
    more_sets((Role.MAIN,), PLENTY)
    more_sets(PAIRABLE, PLENTY)
    if not mains_short(PLENTY):
        for index, plan in enumerate(planned):
            if plan.role is Role.ACCESSORY and slots[index] is None:
                for sets in range(plan.sets, min(plan.sets, 2) - 1, -1):
                    if tried(index, replace(plan, sets=sets)):
                        break
    _restore_rests(slots, planned, minutes)
    return tuple(_tagged(plan, p) for plan, p in _zip(planned, slots))


PLENTY = 99  # no cap on sets but the plan's


def _zip(
    planned: tuple[Prescription, ...], slots: list[Prescription | None]
) -> list[tuple[Prescription, Prescription]]:
    return [(plan, p) for plan, p in zip(planned, slots, strict=True) if p is not None]


def _restore_rests(slots: list[Prescription | None], planned: tuple[Prescription, ...], minutes: int) -> None:
    """Full rests and unpaired sets where the minutes hold them all; else full rests, still paired."""
    for restore in (_unpaired, _rested):
        candidate = [None if p is None else restore(plan, p) for plan, p in zip(planned, slots, strict=True)]
        if estimate_minutes(tuple(p for p in candidate if p is not None), minutes) <= minutes:
            slots[:] = candidate
            return


def _unpaired(plan: Prescription, p: Prescription) -> Prescription:
    """As planned (its own rests, no pairing), with the sets and reps fitting left it."""
    return replace(plan, sets=p.sets, reps=p.reps, foot_contacts=p.foot_contacts)


def _rested(plan: Prescription, p: Prescription) -> Prescription:
    return replace(p, rest_s=plan.rest_s)


def _tagged(plan: Prescription, p: Prescription) -> Prescription:
    """The planned reasons, plus DOSE-8 where fitting cut or paired it and DOSE-2 where one set is left."""
    cut = p.sets < plan.sets or (p.foot_contacts or 0) < (plan.foot_contacts or 0)
    tags: tuple[RuleId, ...] = ("DOSE-8",) if cut or (p.paired_with and not plan.paired_with) else ()
    if cut and p.role is not Role.PLYOMETRIC and p.sets == 1:
        tags += ("DOSE-2",)
    return replace(p, why=join_why(plan.why, tags))


def _contacts_per_rep(p: Prescription) -> int:
    return (p.foot_contacts or 0) // max(1, p.sets * p.top_reps)


def _smaller_jumps(p: Prescription) -> Prescription | None:
    """A jump with one set fewer and at least DOSE-5's 30 contacts (reps up to 10 to get there), or None."""
    if p.role is not Role.PLYOMETRIC or not p.foot_contacts:
        return None
    per_rep = _contacts_per_rep(p)
    for sets in range(p.sets - 1, 0, -1):
        reps = max(p.top_reps, math.ceil(PLYO_MIN_CONTACTS / (sets * per_rep)))
        if reps <= PLYO_MAX_REPS:
            return replace(p, sets=sets, reps=reps, foot_contacts=sets * reps * per_rep)
    return None


def _jump_forms(plan: Prescription) -> list[Prescription]:
    """The planned jumps, then each smaller form down to DOSE-5's 30 contacts."""
    forms = [plan]
    while (smaller := _smaller_jumps(forms[-1])) is not None:
        forms.append(smaller)
    return forms


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


# A loaded main lift of six or more reps is still above 70 % of a max (DOSE-3): it keeps 90 s, the
# middle of DOSE-7's 1-2 min, rather than the floor that suits accessories and core work.
REST_FLOOR_LOADED_MAIN = 90


def _shorter_rest(p: Prescription) -> Prescription:
    """DOSE-7's low end: 2 min for heavy (five reps or fewer) and power sets, 90 s for other loaded main
    lifts, 1 min for the rest."""
    if (p.role is Role.MAIN and p.top_reps <= 5) or p.role is Role.PLYOMETRIC:
        floor = REST_FLOOR_HEAVY
    elif p.role is Role.MAIN and p.exercise.externally_loaded:
        floor = REST_FLOOR_LOADED_MAIN
    else:
        floor = REST_FLOOR_MODERATE
    return replace(p, rest_s=min(p.rest_s, floor))


def _one_set_less(current: tuple[Prescription, ...], roles: tuple[Role, ...], floor: int) -> tuple[Prescription, ...]:
    """Take one set off the exercise with the most sets in `roles` (latest first on ties)."""
    index = max(
        (i for i, p in enumerate(current) if p.role in roles and p.sets > floor), key=lambda i: (current[i].sets, i)
    )
    p = current[index]
    cut = replace(p, sets=p.sets - 1, why=join_why(p.why, ("DOSE-8",) if p.sets - 1 > 1 else ("DOSE-8", "DOSE-2")))
    return current[:index] + (cut,) + current[index + 1 :]
