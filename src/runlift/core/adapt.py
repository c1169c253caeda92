"""Adapt the season to the log: loads from what was lifted, regressions, pain, running load,
missed sessions (PRO, MOD, SCH-6, PER-9, PER-10). Pure: profile + log + today in, plan out."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace

from runlift.core.adjust import Adjustments, LoadNote, Replacement, WeekChange
from runlift.core.calendar import ONE_WEEK, monday_of
from runlift.core.dose import MAIN_HEAVY, WAVE_REPS, Progression, e1rm, epley_pct
from runlift.core.equipment import round_to_owned
from runlift.core.errors import InputError
from runlift.core.library import BodyArea, Equipment, Level, Library
from runlift.core.limits import EARLIEST
from runlift.core.log import SwapReason, TrainingLog
from runlift.core.pain import PAIN_ACTIVE_SCORE, PainCourse
from runlift.core.periodize import MAX_WEEKS, default_weeks
from runlift.core.prescribe import increment
from runlift.core.profile import Profile
from runlift.core.progress import (
    RESET_FACTOR,
    Step,
    Target,
    WorkingWeight,
    judged_level,
    next_working_weight,
    outcomes,
)
from runlift.core.running_load import running_spike
from runlift.core.season import SeasonPlan, plan_season

LOOKBACK = dt.timedelta(weeks=12)  # PRO-6 streaks and PRO-5 rates are judged on recent sessions
REENTRY_DAYS = 10  # two or more planned sessions missed and 10+ days off: an easier week back (PER-9)
DETRAINED_DAYS = 28  # PER-10: detraining starts after ~4 weeks off: start again (DOSE-9)
HORIZON = 16  # weeks planned beyond today when the races give no end


def log_since(today: dt.date) -> dt.date:
    """The first day of the log `adapt_season` reads lifts and runs from, for a plan adapted on `today`,
    with the lift sessions and runs of the last day before it that has any: everything the rules judge
    lies after it. PRO-5/PRO-6 judge the LOOKBACK; a break's re-entry weeks (PER-9/10) reach two weeks
    past its first lift back; the latest break changes a week only when it ends this week or last;
    SCH-6 sums 28 days of running and asks only whether the runs reach back further. Pain notes and
    swaps are read whole: their course runs from the first one (core/pain.py, `replacements`)."""
    return today - LOOKBACK - 3 * ONE_WEEK


@dataclass(frozen=True, slots=True)
class Adapted:
    plan: SeasonPlan
    adjust: Adjustments
    working: Mapping[str, WorkingWeight]


def check_within_reach(day: dt.date, today: dt.date, field: str = "date") -> None:
    """A day the plan may be asked about: from 1900 (a log's first year, core.limits) to MAX_WEEKS (the
    longest season runlift plans) past today. Every week up to a day is planned in full (each builds
    on the one before), so a day decades ahead would cost seconds of work for a plan no season reaches;
    a day in year 1 would step below date.min."""
    reach = today + MAX_WEEKS * ONE_WEEK
    if day > reach:
        raise InputError(
            f"{field}: expected a day at most {MAX_WEEKS} weeks after today ({reach.isoformat()}), "
            f"got {day.isoformat()}"
        )
    if day < EARLIEST:
        raise InputError(f"{field}: expected a day from {EARLIEST.isoformat()} on, got {day.isoformat()}")


def season_weeks(profile: Profile, start: dt.date, today: dt.date) -> int:
    """Through the races' recovery, and never less than 16 weeks past today."""
    by_races = default_weeks(start, profile.races)
    by_today = (monday_of(today) - monday_of(start)).days // 7 + HORIZON
    return max(by_races, by_today)


def adapt_season(
    profile: Profile,
    library: Library,
    log: TrainingLog,
    start: dt.date,
    today: dt.date,
    show_from: dt.date | None = None,
    moves: Mapping[dt.date, dt.date] | None = None,
) -> Adapted:
    """The season from `start`, reshaped by everything logged up to `today` and by the runner's `moves`
    of sessions to other days (planned day → new day, core/moves.py)."""
    moves = dict(moves or {})
    weeks = season_weeks(profile, start, today)
    log = log.until(today)
    recent = today - LOOKBACK
    # the plan as written, only over the look-back window: it holds the targets the log is judged by
    through_today = min(weeks, (monday_of(today) - monday_of(start)).days // 7 + 1)
    base = plan_season(profile, library, start, through_today, Adjustments(show_from=max(start, recent), moves=moves))
    # (the log is judged against the sessions where the runner moved them: a moved session's targets)

    targets = _targets(base)
    changes = _week_changes(base, log, today)
    level, level_note = judged_level(log, profile.athlete.level, today)  # PRO-5: judged before it is used
    neutral = _neutral_dates(base, changes) | _reentry_dates(base, log)
    working = _working_weights(profile, library, log, targets, recent, level, neutral)
    if any(c.intro for w, c in changes.items() if w == monday_of(today)):
        working = {x: _restarted(w, profile, library) for x, w in working.items()}  # PER-10: 10 % lighter
    pain = PainCourse(tuple(log.pain), profile.athlete.pain)
    working = {x: _held_for_pain(w, library, log, pain, today) for x, w in working.items()}
    spike = [w for w, c in changes.items() if c.minimum_dose]
    progress_from = today + dt.timedelta(days=1)
    if spike:
        # SCH-6: loads do not rise in the weeks the running pulls the lifting back
        working = {x: _held_for_spike(w) for x, w in working.items()}
        progress_from = max(progress_from, max(spike) + ONE_WEEK)
    adjust = Adjustments(
        maxes={x: _effective_max(w, targets) for x, w in working.items()},
        load_notes={x: LoadNote(w.why, w.note, w.load, w.cap) for x, w in working.items()},
        working={x: w.load for x, w in working.items()},
        progress_from=progress_from,
        pain=pain.active(today),
        pain_course=pain,
        replacements=replacements(library, log, profile.athlete.equipment),
        weeks=changes,
        progression_level=level if level is not profile.athlete.level else None,
        show_from=show_from,
        calibrate=True,
        notes=((level_note,) if level_note else ()) + pain.reminders(today),
        moves=moves,
    )
    return Adapted(plan_season(profile, library, start, weeks, adjust), adjust, working)


def _targets(plan: SeasonPlan) -> dict[tuple[dt.date, str], Target]:
    return {
        (s.date, p.exercise.id): Target(p.sets, p.reps, p.progression, p.pct_1rm, p.rir)
        for s in plan.sessions()
        for p in s.exercises
    }


def _neutral_dates(base: SeasonPlan, changes: Mapping[dt.date, WeekChange]) -> frozenset[dt.date]:
    """Dates of easier weeks (deloads, minimum dose, restarts): they judge no target (PRO-6)."""
    return frozenset(d.date for w in base.weeks if w.deload or w.start in changes for d in w.days)


def _working_weights(
    profile: Profile,
    library: Library,
    log: TrainingLog,
    targets: Mapping[tuple[dt.date, str], Target],
    since: dt.date,
    level: Level,
    neutral: frozenset[dt.date],
) -> dict[str, WorkingWeight]:
    """PRO-1…PRO-6 for every loaded exercise logged in the look-back window, at the judged level."""
    athlete = profile.athlete
    recent = TrainingLog(lifts=tuple(s for s in log.lifts if s.date >= since))
    exercises = sorted({s.exercise for session in recent.lifts for s in session.sets if s.weight > 0})
    out = {}
    for exercise_id in exercises:
        if exercise_id not in library:
            continue
        exercise = library.get(exercise_id)
        history = outcomes(recent, exercise_id, athlete.units, targets, neutral)
        last_target = next(
            (targets[(o.date, exercise_id)] for o in reversed(history) if (o.date, exercise_id) in targets), None
        )
        progression = last_target.progression if last_target else Progression.SINGLE
        step = increment(exercise, athlete.units, athlete.equipment)
        owned = athlete.weights.loads_for(exercise)
        decision = next_working_weight(exercise_id, history, level, step, progression, owned)
        if decision is not None:
            out[exercise_id] = decision
    return out


def _restarted(w: WorkingWeight, profile: Profile, library: Library) -> WorkingWeight:
    exercise = library.get(w.exercise)
    owned = profile.athlete.weights.loads_for(exercise)
    step = increment(exercise, profile.athlete.units, profile.athlete.equipment)
    load = (
        round_to_owned(w.load * RESET_FACTOR, owned) if owned else max(step, round(w.load * RESET_FACTOR / step) * step)
    )
    note = "Back after weeks off: 10 % lighter to start (PER-10)."
    return replace(w, load=load, why=(*w.why, "PER-10"), note=note)


# The heaviest share of 1RM a main-lift dose asks for (PER-4's peak, PRO-2's wave).
HEAVIEST_PCT = max(epley_pct(r, rir) for by_level in MAIN_HEAVY.values() for _, r, rir in by_level.values())
HEAVIEST_PCT = max(HEAVIEST_PCT, *(epley_pct(r, 2) for r in WAVE_REPS))


def _effective_max(w: WorkingWeight, targets: Mapping[tuple[dt.date, str], Target]) -> float:
    """The 1RM that makes the next planned session's load come out at the working weight. A capped
    weight is the load at the heaviest share any session asks, so no session lifts more than it."""
    if w.cap:
        return w.load / HEAVIEST_PCT
    target = targets.get((w.last.date, w.exercise))
    if target is not None and target.pct_1rm:
        return w.load / target.pct_1rm
    reps = target.reps if target and isinstance(target.reps, int) else 8
    return e1rm(w.load, reps + 2)  # off-plan: treat the working weight as a set of `reps` at RIR 2


def active_pain(log: TrainingLog, today: dt.date, file_areas: frozenset[BodyArea] = frozenset()) -> frozenset[BodyArea]:
    """MOD-1: areas whose latest note is 3/10 or more; they settle only when a lower score under 3
    is logged (the runner says so), never by the calendar (core/pain.py)."""
    return PainCourse(tuple(log.pain), file_areas).active(today)


def _held_for_pain(
    w: WorkingWeight, library: Library, log: TrainingLog, pain: PainCourse, today: dt.date
) -> WorkingWeight:
    """MOD-2: an exercise that loads an area hurt since it was last lifted comes back no heavier
    than before the pain: the increase it earned waits until it has been done again."""
    if w.exercise not in library:
        return w
    loads = library.get(w.exercise).stresses
    hurt = sorted(
        n.area.value for n in log.pain if n.area in loads and n.date >= w.last.date and n.score >= PAIN_ACTIVE_SCORE
    )
    hurt += sorted(a.value for a in pain.active(today) & loads if a.value not in hurt)
    if not hurt:
        return w
    if w.load <= w.last.top_weight:
        return replace(w, cap=True)  # a hold or a reset stays as it is, and no session exceeds it
    areas = ", ".join(dict.fromkeys(hurt)).capitalize()
    note = f"{areas} pain since you last lifted this: no heavier than before it, no increase (MOD-2)."
    return replace(w, load=w.last.top_weight, step=Step.HOLD, why=(*w.why, "MOD-2"), note=note, cap=True)


def _held_for_spike(w: WorkingWeight) -> WorkingWeight:
    """SCH-6: while the running spikes, the weight holds (a reset or a hold stays as it is)."""
    if w.load <= w.last.top_weight:
        return replace(w, cap=True)
    note = "Running load spiked: no heavier than last time, one hard set (SCH-6, DOSE-2)."
    return replace(w, load=w.last.top_weight, step=Step.HOLD, why=(*w.why, "SCH-6"), note=note, cap=True)


def replacements(
    library: Library, log: TrainingLog, equipment: frozenset[Equipment] | None = None
) -> dict[str, Replacement]:
    """MOD-2: each swap steps one link back along the exercise's chain (skipping steps the runner
    has no equipment for); `--back` steps forward again."""
    steps: dict[str, int] = {}
    reasons: dict[str, SwapReason] = {}
    for swap in log.swaps:
        if swap.exercise not in library:
            continue
        steps[swap.exercise] = max(0, steps.get(swap.exercise, 0) + (-1 if swap.back else 1))
        if not swap.back:
            reasons[swap.exercise] = swap.reason  # the reason given, not the step back
    out = {}
    for exercise_id, count in steps.items():
        chain = tuple(e for e in library.regressions(exercise_id) if equipment is None or e.usable_with(equipment))
        if count == 0 or not chain:
            continue
        step = chain[min(count, len(chain)) - 1]
        why = ("MOD-1", "MOD-2")
        note = (
            f"{step.name} instead of {library.get(exercise_id).name}: you flagged it as "
            f"{reasons[exercise_id].value.replace('-', ' ')}; swap back to it when it no longer is (MOD-2)."
        )
        out[exercise_id] = Replacement(step.id, why, note)
    return out


def _reentry_dates(base: SeasonPlan, log: TrainingLog) -> frozenset[dt.date]:
    """Past weeks the log made easier: a re-entry week after a break (PER-9) and the two restart
    weeks after four weeks off (PER-10). Done as prescribed, they are neither hits nor misses."""
    planned = sorted(s.date for s in base.sessions())
    dates = sorted({s.date for s in log.lifts})
    out: set[dt.date] = set()
    for before, back in itertools.pairwise(dates):
        left = max(before, min(base.start, back))  # PER-10: only the part of a break inside the season counts
        days_off = (back - left).days
        missed = sum(1 for d in planned if left < d < back)
        if days_off >= DETRAINED_DAYS:
            weeks = 2
        elif days_off >= REENTRY_DAYS and missed >= 2:
            weeks = 1
        else:
            continue
        first = monday_of(back)
        out.update(first + dt.timedelta(days=i) for i in range(7 * weeks))
    return frozenset(out)


def _week_changes(base: SeasonPlan, log: TrainingLog, today: dt.date) -> dict[dt.date, WeekChange]:
    """Weeks the log reshapes: running spikes (SCH-6) and a return after missed sessions (PER-9/10)."""
    this_week, next_week = monday_of(today), monday_of(today) + ONE_WEEK
    changes: dict[dt.date, WeekChange] = {}
    dates = sorted({s.date for s in log.lifts})
    season_start = base.start
    if dates:
        left, back = _last_break(dates, today)
        if back is not None and left < season_start:
            # PER-10 looks at the latest session of any source; a break that began before the runner's
            # season (an imported app's history) counts only for the part of it inside the season
            left = min(season_start, back)
        days_off = ((back or today) - left).days
        missed = [s.date for s in base.sessions() if left < s.date < (back or today)]
        if days_off >= DETRAINED_DAYS:
            # PER-10: detraining starts after ~4 weeks off: two weeks at DOSE-9's 2 × 6, 10 % lighter
            restart = monday_of(back or today)
            since = "since your last lift" if back is None else f"without lifting before {back:%d %b}"
            note = (
                f"{days_off} days {since}: detraining starts after about four weeks, so two weeks "
                "start again gently: 2 sets of 6, weights 10 % lighter."
            )
            for week in (restart, restart + ONE_WEEK):
                if week >= this_week:
                    changes[week] = WeekChange(intro=True, why=("PER-10", "DOSE-9"), note=note)
        elif len(missed) >= 2 and days_off >= REENTRY_DAYS:
            week = monday_of(back) if back else (this_week if _sessions_left(base, today) else next_week)
            if week >= this_week:
                changes[week] = WeekChange(
                    deload=True,
                    why=("PER-9",),
                    note=(
                        f"{len(missed)} planned sessions missed: an easier week to find your feet, then back on plan."
                    ),
                )
    spike = running_spike(log.runs, today)
    if spike.value:
        change = WeekChange(minimum_dose=True, why=spike.why, note=spike.note)
        for week in (this_week, next_week):
            changes[week] = change if week not in changes else _merged(changes[week], change)
    return changes


def _last_break(dates: list[dt.date], today: dt.date) -> tuple[dt.date, dt.date | None]:
    """The latest break in lifting: (last lift before it, first lift back), or (last lift, None)
    while it lasts. A break counts once it is REENTRY_DAYS long; earlier ones are history."""
    if (today - dates[-1]).days >= REENTRY_DAYS:
        return dates[-1], None
    for before, after in zip(reversed(dates[:-1]), reversed(dates[1:]), strict=True):
        if (after - before).days >= REENTRY_DAYS:
            return before, after
    return dates[-1], dates[-1]


def _sessions_left(plan: SeasonPlan, today: dt.date) -> bool:
    week = plan.week_of(today)
    return bool(week and any(s.date >= today for s in week.sessions))


def _merged(a: WeekChange, b: WeekChange) -> WeekChange:
    return WeekChange(
        a.minimum_dose or b.minimum_dose,
        a.deload or b.deload,
        a.intro or b.intro,
        (*a.why, *b.why),
        f"{a.note} {b.note}",
    )
