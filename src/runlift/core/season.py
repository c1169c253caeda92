"""The season plan: phases, weeks, days, runs and lift sessions, every choice explained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from runlift.core.adjust import Adjustments, WeekChange
from runlift.core.calendar import ONE_DAY, Calendar, monday_of
from runlift.core.dose import Role, e1rm, mid_reps
from runlift.core.errors import NotFound, ProfileError
from runlift.core.library import Intensity, Level, Library, Pattern
from runlift.core.moves import MoveOutcome, apply_moves
from runlift.core.pain import PainCourse
from runlift.core.periodize import Phase, PhaseSpan, PhaseWeek, default_weeks, phase_spans, plan_phases
from runlift.core.prescribe import (
    COOLDOWN,
    WARMUP_LOWER,
    WARMUP_UPPER,
    Prescription,
    SessionContext,
    estimate_minutes,
    no_extra_above_mains,
    prescribe,
    session_minutes,
)
from runlift.core.profile import SHORT_SESSION_MINUTES, Athlete, Profile, Run, TimeOfDay
from runlift.core.rules import RuleId, join_why
from runlift.core.schedule import (
    FOCUS_BY_COUNT,
    HEAVY_GAP_DAYS,
    MASTERS_HEAVY_GAP_DAYS,
    Focus,
    LowerBody,
    Order,
    PlacedSession,
    schedule_week,
    strength_first,
    week_days,
)
from runlift.core.select import PULL, Chooser, Slot, WeekSelection, templates_for


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
    moved_from: dt.date | None = None  # the runner moved it here from the day the plan chose (core/moves.py)


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
    moves: tuple[MoveOutcome, ...] = ()  # the runner's moves of this week: applied or set aside, and why

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
    given, estimated = known_maxes(profile, library)
    maxes = given | {k: v for k, v in estimated.items() if k not in given} | dict(adjust.maxes)
    estimate_notes = {k: v for k, v in estimated_notes(library, given).items() if k not in adjust.maxes}
    known_loads = {k: (0 if k in given or k in adjust.maxes else 1) for k in maxes}
    chooser = Chooser(
        library, athlete.level, athlete.equipment, athlete.pain | adjust.pain, adjust.replacements, known_loads
    )
    pain = adjust.pain_course or PainCourse(file_areas=athlete.pain)  # MOD-1/2 by session day (core/pain.py)
    season = _SeasonState(estimate_notes, frozenset(given))
    rate = PROGRESS_PER_WEEK[adjust.progression_level or athlete.level]
    progress_from = monday_of(adjust.progress_from) if adjust.progress_from else None
    show_from = monday_of(adjust.show_from) if adjust.show_from else None
    familiar: set[str] = set()
    step_base: dict[str, int] = {}
    progress = 0.0
    out: list[Week] = []
    previous: Phase | None = None
    phase_start = 0
    planned_from = _block_anchor(phase_weeks, show_from)
    for index, pw in enumerate(phase_weeks):
        if pw.phase is not previous:
            phase_start = index
            if pw.phase in STRENGTH_PHASES:
                familiar = set()  # a new strength block may bring new movements (PER-1, PRO-8)
            if _starts_cycle(previous, pw.phase):
                season.new_block()
        previous = pw.phase
        counts = progress_from is None or pw.start >= progress_from
        if index >= planned_from:
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
                season,
            )
            # the block's routine is what the chooser picked: a swap (MOD-1) or a PRO-8 step stands in for
            # its pick, so the pick stays familiar and the stand-in keeps its reason every week
            stand_ins = {r.exercise: pick for pick, r in adjust.replacements.items()} | season.origin
            familiar.update(stand_ins.get(p.exercise.id, p.exercise.id) for s in week.sessions for p in s.exercises)
            season.after_week(week, library, athlete)
            # projections run from each exercise's first coming session on (PRO-1, PRO-5)
            for s in week.sessions:
                if adjust.progress_from is None or s.date >= adjust.progress_from:
                    for p in s.exercises:
                        step_base.setdefault(p.exercise.id, int(progress))
            if show_from is None or pw.start >= show_from:
                out.append(week)
        if counts and pw.phase in STRENGTH_PHASES and not pw.deload:
            progress += rate
    return SeasonPlan(athlete.name, monday_of(start), phase_spans(phase_weeks), tuple(out))


def _block_anchor(phase_weeks: tuple[PhaseWeek, ...], show_from: dt.date | None) -> int:
    """The first week to plan when the plan is shown from `show_from`: the week before the training
    cycle (see _starts_cycle) that `show_from` is in or follows. Every choice that carries from week to
    week (the block's familiar exercises, PRO-8's steps, the 48 h spacing, the deload's week before)
    starts again with a cycle, so a plan shown from any day holds the same sessions as the whole
    season's, at a cost that does not grow with the weeks before the cycle."""
    if show_from is None:
        return 0
    anchor = 0
    for i, pw in enumerate(phase_weeks):
        if pw.start > show_from:
            break
        if _starts_cycle(phase_weeks[i - 1].phase if i else None, pw.phase):
            anchor = i
    return max(0, anchor - 1)


def _starts_cycle(previous: Phase | None, phase: Phase) -> bool:
    """Where PRO-8's steps start again: an off-season (PER-1: the time for new movements), or a base
    that follows racing rather than an off-season; off-season into base carries the steps earned."""
    if phase is Phase.OFF_SEASON:
        return previous is not Phase.OFF_SEASON
    return phase is Phase.BASE and previous not in STRENGTH_PHASES


def lift_dates(
    profile: Profile,
    start: dt.date,
    weeks: int,
    since: dt.date,
    until: dt.date,
    moves: Mapping[dt.date, dt.date] | None = None,
) -> tuple[dt.date, ...]:
    """The days the plan from the runner's file alone puts its lift sessions on, within [since, until]
    (with the runner's `moves` applied as the plan applies them).

    The same phases and schedule as `plan_season`, without choosing and dosing the sessions: adherence
    needs only the days, and dosing is nine-tenths of a plan's cost (a property test keeps them equal)."""
    calendar = Calendar(profile.running, profile.races)
    first = monday_of(since)
    dates: list[dt.date] = []
    for pw in plan_phases(start, weeks, profile.races, profile.athlete.level):
        if first <= pw.start <= until:
            gap = heavy_gap(profile.athlete)
            schedule = schedule_week(pw.start, calendar, profile.athlete.sessions_per_week, pw.phase, pw.deload, gap)
            placed = schedule.sessions
            if moves:
                days = week_days(pw.start, calendar, pw.phase)
                placed, _ = apply_moves(days, placed, moves, strength_first(pw.phase), gap)
            dates += sorted(s.date for s in placed if since <= s.date <= until)
    return tuple(dates)


def _changed(pw: PhaseWeek, change: WeekChange | None) -> PhaseWeek:
    """A week the log reshapes (deload, minimum dose, restart) says so in its notes and why."""
    if change is None:
        return pw
    deload = pw.deload or (change.deload and pw.phase.loading)
    return PhaseWeek(pw.start, pw.phase, deload, join_why(pw.why, change.why), (*pw.notes, change.note))


def known_maxes(profile: Profile, library: Library) -> tuple[dict[str, float], dict[str, float]]:
    """(e1RMs of the lifts the runner gave, e1RMs estimated from them for related lifts).

    A [lifts] key is an id or a name lifters type ("back squat", "deadlift", "ohp"), resolved with the
    runner's equipment. A related lift (same family in lift_ratios.toml) is estimated from the given
    lift nearest to it in ratio, so a runner who gave two lifts sees loads on most main work."""
    given: dict[str, float] = {}
    for lift in profile.athlete.lifts:
        try:
            exercise = library.find(lift.exercise, profile.athlete.equipment, exact=True)
        except NotFound as exc:
            hint = str(exc).partition("; ")[2] or "see the exercise library"
            expected = f"an exercise id or name from the library ({hint})"
            raise ProfileError(f"lifts.{lift.exercise}", expected, lift.exercise) from exc
        given[exercise.id] = e1rm(lift.weight, lift.reps)
    estimated: dict[str, float] = {}
    for wanted in library.ratios:
        source = _estimate_source(library, given, wanted)
        value = None if source is None else library.estimate(source, given[source], wanted)
        if value is not None:
            estimated[wanted] = round(value, 1)
    return given, estimated


def _estimate_source(library: Library, given: Mapping[str, float], wanted: str) -> str | None:
    """The given lift a related lift is estimated from: the same family, nearest in ratio (ties by id);
    None for a lift the runner gave or one no given lift estimates."""
    if wanted in given:
        return None
    sources = [k for k in sorted(given) if library.estimate(k, 1.0, wanted)]
    if not sources:
        return None
    return min(sources, key=lambda k: abs(library.ratios[k].ratio - library.ratios[wanted].ratio))


def estimated_notes(library: Library, given: Mapping[str, float]) -> dict[str, str]:
    """The sentence a runner sees beside an estimated load: from which lift, and to calibrate it."""
    notes: dict[str, str] = {}
    for wanted, ratio in library.ratios.items():
        source = _estimate_source(library, given, wanted)
        if source is None:
            continue
        factor = ratio.ratio / library.ratios[source].ratio
        notes[wanted] = (
            f"Load estimated from your {_in_a_sentence(library.get(source).name)} (× {factor:.2f}): calibrate "
            "it: if the last rep is not hard, add weight next set; your log replaces the estimate."
        )
    return notes


def _in_a_sentence(name: str) -> str:
    """ "Contralateral dumbbell Bulgarian split squat" inside a sentence: its first letter only goes small."""
    return name[:1].lower() + name[1:]


# PRO-8: "after 3-4 weeks of one routine, progress it or change it". Bodyweight main lifts climb their
# chain every third full week of a strength block; core work every fourth (it progresses by variant and
# time, not by stacking load). The race block holds what it has (PER-3: nothing new).
BODYWEIGHT_STEP_WEEKS = 3
CORE_STEP_WEEKS = 4


@dataclass
class _SeasonState:
    """What the season carries from week to week besides phases and progression counts."""

    estimate_notes: Mapping[str, str]
    given: frozenset[str]
    progressed: dict[str, str] = field(default_factory=dict)  # the chooser's pick -> its current step
    origin: dict[str, str] = field(default_factory=dict)  # current step -> the pick it replaced
    weeks_on: dict[str, int] = field(default_factory=dict)
    last_heavy: dt.date | None = None  # the last heavy leg session, for the gap across weeks
    previous_loading: Week | None = None  # the last full week, which a deload must undercut (PER-9)
    announced: set[str] = field(default_factory=set)

    def new_block(self) -> None:
        """A new training cycle brings its own routine (PER-1, PRO-8): its steps start from its picks."""
        self.progressed.clear()
        self.origin.clear()
        self.weeks_on.clear()
        self.announced.clear()

    def after_week(self, week: Week, library: Library, athlete: Athlete) -> None:
        self.announced.update(p.exercise.id for s in week.sessions for p in s.exercises)
        heavy = [s.date for s in week.sessions if s.lower_body is LowerBody.HEAVY]
        if heavy:
            self.last_heavy = heavy[-1]
        if not week.deload and week.phase.loading:
            self.previous_loading = week
        if week.phase not in STRENGTH_PHASES or week.deload:
            return
        seen: set[str] = set()
        for p in (p for s in week.sessions for p in s.exercises):
            if p.exercise.id in seen or not _steps_up(p):
                continue
            seen.add(p.exercise.id)
            weeks = self.weeks_on.get(p.exercise.id, 0) + 1
            self.weeks_on[p.exercise.id] = weeks
            if weeks >= (CORE_STEP_WEEKS if p.role is Role.CORE else BODYWEIGHT_STEP_WEEKS):
                self._step_up(p.exercise.id, library, athlete)

    def _step_up(self, current: str, library: Library, athlete: Athlete) -> None:
        steps = [
            e
            for e in library.harder(current, athlete.equipment)
            if e.skill.rank <= athlete.level.rank + 1 and not e.stresses & athlete.pain
        ]
        if not steps:
            return
        pick = self.origin.get(current, current)
        self.progressed[pick] = steps[0].id
        self.origin[steps[0].id] = pick
        self.weeks_on[steps[0].id] = 0


def _steps_up(p: Prescription) -> bool:
    """Bodyweight main lifts and core work progress by variant (PRO-8); loaded lifts by weight."""
    if p.role is Role.CORE:
        return True
    return p.role is Role.MAIN and not p.exercise.externally_loaded


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
    season: _SeasonState,
) -> Week:
    athlete = profile.athlete
    schedule = schedule_week(pw.start, calendar, athlete.sessions_per_week, pw.phase, pw.deload, heavy_gap(athlete))
    placed_sessions = schedule.sessions
    moved: tuple[MoveOutcome, ...] = ()
    if adjust.moves:
        days_known = week_days(pw.start, calendar, pw.phase)
        gap = heavy_gap(athlete)
        placed_sessions, moved = apply_moves(days_known, placed_sessions, adjust.moves, strength_first(pw.phase), gap)
    # the sessions keep the order the week laid them out in (each keeps its template when moved)
    placed_sessions = _spaced_from(placed_sessions, season.last_heavy, heavy_gap(athlete))
    # PER-3: no new heavy movements in the race block; in strength blocks a routine is kept
    # and progressed for its block (PRO-8).
    strength = pw.phase in STRENGTH_PHASES
    familiar_why = ("PRO-8",) if strength else ("PER-3",)
    learned = None if strength else frozenset(familiar) | season.given
    selection = WeekSelection(
        frozenset(familiar),
        familiar_why,
        progressed=season.progressed,
        announced=frozenset(season.announced),
        novel_ok=strength,
    )
    high = high_mileage(profile)
    sessions_by_date: dict[dt.date, list[Session]] = {}
    templates = _templates_for(placed_sessions, athlete.level)
    for placed, slots in zip(placed_sessions, templates, strict=True):
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
            estimated=season.estimate_notes,
            familiar=learned,
            high_mileage=high,
            masters=athlete.masters,
            plyo_max=plyo_cap(athlete.level, index, placed),
            plyo_ramp=plyo_ramp(pw.phase, week_in_phase),
        )
        session = _session(placed, slots, chooser.on_day(pain.limits(placed.date)), selection, ctx, pw)
        if pw.deload and season.previous_loading is not None:
            session = _undercut(session, season.previous_loading, session_minutes(ctx))  # PER-9
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
    if high and pw.phase.loading and schedule.sessions:
        notes, why = (*notes, HIGH_MILEAGE_NOTE), join_why(why, ("PER-8", "SCH-6"))
    if athlete.masters and schedule.sessions and index == 0:
        notes, why = (*notes, MASTERS_NOTE), join_why(why, ("DOSE-3", "SCH-3"))
    if athlete.session_minutes < SHORT_SESSION_MINUTES and index == 0:
        notes, why = (*notes, SHORT_NOTE.format(minutes=athlete.session_minutes)), join_why(why, ("DOSE-2", "DOSE-8"))
    if index == 0 and not strength and pw.phase.loading and not athlete.level.experienced:
        notes, why = (*notes, RACE_SOON_NOTE), join_why(why, ("PER-3",))
    for outcome in moved:
        if not outcome.applied:  # a stored move the week no longer allows: said, with its rule
            notes, why = (*notes, outcome.note), join_why(why, outcome.why)
    return Week(pw.start, pw.phase, pw.deload, notes, why, days, moved)


HIGH_MILEAGE_NOTE = (
    "High running load (100 km / 60 mi or more, or four key runs a week): sessions a fifth shorter, one "
    "main set fewer, no accessories and half the jumps, so the lifting supports the running (PER-8, SCH-6)."
)
MASTERS_NOTE = (
    "Masters lifter: heavy sets of five or fewer, each rep lifted fast, and three days between heavy leg "
    "sessions for recovery (DOSE-3, SCH-3)."
)
SHORT_NOTE = (
    "{minutes}-minute sessions: the minimum effective dose, one or two hard sets of the main lifts "
    "(DOSE-2); 25 minutes or more leaves room for the rest (DOSE-8)."
)
RACE_SOON_NOTE = (
    "Your race is close: new movements are learned light until it is done, and heavy loading starts in "
    "the next block; no new heavy movements in the race block (PER-3)."
)
# PER-8, SCH-6: what counts as a big running week from the runner's file alone.
HIGH_MILEAGE_KM = 100.0
HIGH_MILEAGE_KEY_RUNS = 4


def weekly_km(profile: Profile) -> float:
    """The runner's usual weekly distance in km (lb runners give miles)."""
    return profile.running.weekly_distance * (1.609344 if profile.athlete.units.value == "lb" else 1.0)


def high_mileage(profile: Profile) -> bool:
    """PER-8, SCH-6: 100 km (60 mi) a week or more, or four or more key runs."""
    km = weekly_km(profile)
    keys = sum(run.key for runs in profile.running.week.values() for run in runs)
    return km >= HIGH_MILEAGE_KM or keys >= HIGH_MILEAGE_KEY_RUNS


def heavy_gap(athlete: Athlete) -> int:
    """Days between heavy leg sessions: two (48 h), three for masters lifters."""
    return MASTERS_HEAVY_GAP_DAYS if athlete.masters else HEAVY_GAP_DAYS


def _spaced_from(
    sessions: tuple[PlacedSession, ...], last_heavy: dt.date | None, gap: int
) -> tuple[PlacedSession, ...]:
    """Across weeks: a first heavy session too close to last week's last one becomes light (in date
    order; the sessions keep their order)."""
    out: dict[int, PlacedSession] = {}
    for i, s in sorted(enumerate(sessions), key=lambda pair: pair[1].date):
        if s.lower_body is LowerBody.HEAVY and last_heavy is not None and (s.date - last_heavy).days < gap:
            s = replace(
                s,
                lower_body=LowerBody.LIGHT,
                why=join_why(s.why, ("SCH-3",)),
                note=f"Legs light: less than {24 * gap} h after last week's heavy leg session.",
            )
        if s.lower_body is LowerBody.HEAVY:
            last_heavy = s.date
        out[i] = s
    return tuple(out[i] for i in range(len(sessions)))


# DOSE-5, SEL-4: which landings a session allows. Low-level contacts (pogos, skips, line hops) come
# first; jumps after a few weeks; bounds and depth jumps for the experienced only, and never on a
# long-run day or the day after one. (weeks into the plan, cap) steps by level:
PLYO_STEPS: Mapping[Level, tuple[tuple[int, Intensity], ...]] = {
    Level.NOVICE: ((0, Intensity.LOW),),
    Level.BEGINNER: ((0, Intensity.LOW), (4, Intensity.MODERATE)),
    Level.INTERMEDIATE: ((0, Intensity.MODERATE), (6, Intensity.HIGH)),
    Level.ADVANCED: ((0, Intensity.MODERATE), (3, Intensity.HIGH)),
}


def plyo_cap(level: Level, weeks_into_plan: int, placed: PlacedSession) -> Intensity:
    cap = Intensity.LOW
    for week, intensity in PLYO_STEPS[level]:
        if weeks_into_plan >= week:
            cap = intensity
    if placed.near_long_run and cap is Intensity.HIGH:
        cap = Intensity.MODERATE
    return cap


def plyo_ramp(phase: Phase, week_in_phase: int) -> float:
    """DOSE-5 contacts build through the strength blocks: 60 % in a block's first week, full by its fifth."""
    if phase not in STRENGTH_PHASES:
        return 1.0
    return min(1.0, 0.6 + 0.1 * week_in_phase)


def _undercut(session: Session, previous: Week, minutes: int) -> Session:
    """PER-9: a deload session is lighter than the loading week before it, in volume and in load,
    whatever fitting each week to the clock did: sets and loads never above last week's, and fewer
    reps in all than last week for each exercise."""
    # Coach's choice: PER-9's volume is the week the runner did, not the plan the clock trimmed. The
    # deload is written from the plan (prescribe._deload_week), and where the clock had cut last week
    # to as little, a set comes off: a masters runner's 40-min base week did 3×5 where the plan asked
    # 4×5, and its deload read "3×5 at 73 %", the same reps as the week it was to ease. It is 2×5 now.
    # Fewer reps in all is enough: "2×5 at 73 %" after "2×6 at 79 %" keeps its two sets.
    before = {p.exercise.id: p for s in previous.sessions for p in s.exercises}
    out = []
    for p in session.exercises:
        prior = before.get(p.exercise.id)
        if prior is not None and p.role is not Role.PLYOMETRIC:
            load = p.load
            if load is not None and prior.load is not None and load.value > prior.load.value:
                load = prior.load
            p = replace(p, sets=min(p.sets, prior.sets), load=load)
            while p.sets > 1 and _volume(p) >= _volume(prior):
                p = replace(p, sets=p.sets - 1)
        out.append(p)
    exercises = no_extra_above_mains(_alike(out))
    return replace(session, exercises=exercises, minutes=estimate_minutes(exercises, minutes))


def _alike(exercises: list[Prescription]) -> list[Prescription]:
    """A deload's main lifts on the same dose get the same sets, the fewest any of them keeps: the
    week before was trimmed by the clock from its last lift (4, 3 and 3 sets), and "3×5, 2×5, 2×5"
    is not a deload a coach writes; "2×5 of everything" is."""
    fewest: dict[object, int] = {}
    for p in exercises:
        if p.role is Role.MAIN:
            key = (p.reps, p.pct_1rm)
            fewest[key] = min(p.sets, fewest.get(key, p.sets))
    return [replace(p, sets=fewest[(p.reps, p.pct_1rm)]) if p.role is Role.MAIN else p for p in exercises]


def _volume(p: Prescription) -> float:
    """Sets × reps (the middle of a range)."""
    return p.sets * mid_reps(p.reps)


# DOSE-1: "2-3 when mileage is low"; we call under 20 mi (32 km) a week low.
LOW_MILEAGE_KM = 32.0


def frequency_note(profile: Profile) -> str:
    """DOSE-1 says how often; a one-session week or low mileage gets a sentence about it."""
    sessions = profile.athlete.sessions_per_week
    km = weekly_km(profile)
    if sessions == 1:
        return "One session a week keeps strength; two is the usual dose and enough for most runners (DOSE-1)."
    if sessions == 2 and 0 < km < LOW_MILEAGE_KM:
        return "With your mileage this low, a third session a week would fit if you want it (DOSE-1)."
    return ""


def _templates_for(placed: tuple[PlacedSession, ...], level: Level) -> list[tuple[Slot, ...]]:
    """Match each placed session to its template by focus, in date order (SEL-1, SEL-2, SEL-3)."""
    count = len(placed)
    pool: dict[Focus, list[tuple[Slot, ...]]] = {}
    for focus, slots in zip(FOCUS_BY_COUNT[count], templates_for(count, level), strict=True) if count else ():
        pool.setdefault(focus, []).append(slots)
    return [pool[p.focus].pop(0) if pool.get(p.focus) else templates_for(1, level)[0] for p in placed]


def _with_pull(slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    """A full-body template on a day its legs rest (PER-8: after a long race) keeps both halves of the
    upper body: a pull after its push (SEL-1, SEL-9)."""
    # Coach's choice: the leg slots drop out and nothing took their place, so the day after a half
    # marathon read "bench press, dead bug": 25 minutes of a 45-minute session, and all of it pushing.
    at = next((i + 1 for i, slot in enumerate(slots) if Pattern.PUSH in slot.patterns), len(slots))
    return (*slots[:at], PULL, *slots[at:])


def _session(
    placed: PlacedSession,
    slots: tuple[Slot, ...],
    chooser: Chooser,
    selection: WeekSelection,
    ctx: SessionContext,
    pw: PhaseWeek,
) -> Session:
    lower = placed.lower_body is not LowerBody.NONE
    if not lower and not any(Pattern.PULL in slot.patterns for slot in slots):
        slots = _with_pull(slots)
    exercises, notes = prescribe(slots, chooser, selection, ctx, lower_body=lower)
    why = join_why(placed.why, pw.why, ("SEL-12", "DOSE-8", "WU-1", "WU-2"))
    if placed.note:
        notes = (placed.note,) + notes
    return Session(
        date=placed.date,
        time=placed.time,
        focus=placed.focus,
        minutes=estimate_minutes(exercises, session_minutes(ctx)),
        lower_body=placed.lower_body,
        order=placed.order,
        why=why,
        warmup=WARMUP_LOWER if lower else WARMUP_UPPER,
        cooldown=COOLDOWN,
        exercises=exercises,
        notes=notes,
        moved_from=placed.moved_from,
    )
