"""The next working weight of each lift from what was logged (PRO-1…PRO-6).

Progress when the target was hit (at the rate the level allows), hold after a miss, reset
after repeated misses. Pure: the log and the plan's targets in, decisions out."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from runlift.core.calendar import monday_of
from runlift.core.dose import Progression, Reps
from runlift.core.equipment import next_up, round_to_owned
from runlift.core.library import Level
from runlift.core.log import LoggedSet, SetStatus, TrainingLog, from_kg
from runlift.core.profile import Units
from runlift.core.rules import RuleId

# PRO-5: how many hit sessions in a row earn the next increase, by level.
HITS_PER_INCREASE: Mapping[Level, int] = {
    Level.NOVICE: 1,
    Level.BEGINNER: 1,
    Level.INTERMEDIATE: 2,
    Level.ADVANCED: 4,
}
MISSES_BEFORE_RESET = 3  # PRO-6 holds after a miss; three in a row is a stall: reset
RESET_FACTOR = 0.9  # the reset takes 10 % off, like PER-9's intermediate deload
MIN_SESSIONS_JUDGED = 8  # PRO-5: judge a level on at least 8 sessions-to-session steps


class Step(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    RESET = "reset"


@dataclass(frozen=True, slots=True)
class Target:
    """What the plan asked of one exercise on one date."""

    sets: int
    reps: Reps
    progression: Progression
    pct_1rm: float | None = None
    rir: int | None = None  # the reps in reserve asked for


@dataclass(frozen=True, slots=True)
class Outcome:
    """One logged session of one exercise, judged against its target."""

    date: dt.date
    top_weight: float  # in the athlete's units
    hit: bool  # done as prescribed: every set at the target reps (the bottom of a range)
    top: bool = True  # every set at the top of the range (PRO-3 adds weight only then)
    effort: float | None = None  # the fewest reps in reserve logged (RPE 10 = RIR 0)
    asked: int | None = None  # the reps in reserve the plan asked for
    judged: bool = True  # False in an easier week (deload, re-entry, restart): it only tells the weight


@dataclass(frozen=True, slots=True)
class WorkingWeight:
    exercise: str
    load: float  # next session's weight, athlete's units, rounded to what they own
    step: Step
    why: tuple[RuleId, ...]
    note: str
    last: Outcome
    cap: bool = False  # no session may lift more than `load` (a grind, pain, a running spike)


def outcomes(
    log: TrainingLog,
    exercise: str,
    unit: Units,
    targets: Mapping[tuple[dt.date, str], Target],
    neutral: frozenset[dt.date] = frozenset(),
) -> list[Outcome]:
    """One outcome per day the exercise was logged: its top weight and whether it met its target.

    Days in `neutral` (deload, minimum-dose, re-entry or restart weeks) judge nothing: an easier
    week done as written is neither a hit nor a miss; its outcome only tells the weight lifted. On a
    planned day only the prescribed sets are judged: the planned session's sets first, the first
    `sets` on each side; extra sets logged on top (or in another session that day) neither raise the
    top weight nor earn a second increase. A day off the plan, in a week where the plan had the
    exercise on another day, is extra work: it judges nothing either (PRO-5: the rate is the
    plan's, not the number of sessions logged)."""
    by_day: dict[dt.date, list[LoggedSet]] = {}
    for session in sorted(log.lifts, key=lambda s: (s.date, not s.planned)):
        sets = [s for s in session.sets if s.exercise == exercise and s.status is not SetStatus.WARMUP]
        if sets:
            by_day.setdefault(session.date, []).extend(sets)
    planned_weeks = {monday_of(day) for day in by_day if (day, exercise) in targets}
    out = []
    for day, sets in sorted(by_day.items()):
        target = targets.get((day, exercise))
        if day in neutral:
            done = [s for s in sets if s.done and s.weight > 0]
            if done:  # an easier week's own sets differ from the written plan's: the modal weight
                top = _top(done, unit, None)
                out.append(Outcome(day, top, True, True, None, None, judged=False))
            continue
        if target is None and monday_of(day) in planned_weeks:
            continue  # off-plan extra work in a planned week (see above)
        judged = _prescribed(sets, target)
        done = [s for s in judged if s.done and s.weight > 0]
        if not done:
            continue
        top = _top(done, unit, target)
        efforts = [_rir(s) for s in judged if s.done]
        effort = min((e for e in efforts if e is not None), default=None)
        out.append(
            Outcome(
                day,
                top,
                _hit(judged, target),
                _hit(judged, target, top_of_range=True),
                effort,
                target.rir if target else None,
            )
        )
    return out


def _prescribed(sets: list[LoggedSet], target: Target | None) -> list[LoggedSet]:
    """The sets the plan asked for: the first `target.sets` on each side, in logged order."""
    if target is None:
        return sets
    seen: dict[object, int] = {}
    out = []
    for s in sets:
        if seen.get(s.side, 0) < target.sets:
            seen[s.side] = seen.get(s.side, 0) + 1
            out.append(s)
    return out


def _top(done: list[LoggedSet], unit: Units, target: Target | None) -> float:
    """The weight a day's work was done at: the heaviest prescribed set; off the plan, the weight
    done for the most sets (the lighter on a tie), so a heavier set or two tried on top is extra."""
    weights = [from_kg(s.weight_kg, unit) for s in done]
    if target is not None:
        return max(weights)
    counts: dict[float, int] = {}
    for w in weights:
        counts[round(w, 3)] = counts.get(round(w, 3), 0) + 1
    return min(counts, key=lambda w: (-counts[w], w))


def _rir(s: LoggedSet) -> float | None:
    """Reps in reserve as logged, or from RPE (RPE 10 = RIR 0, RPE 8 = RIR 2)."""
    if s.rir is not None:
        return s.rir
    return None if s.rpe is None else max(0.0, 10.0 - s.rpe)


def _hit(sets: Sequence[LoggedSet], target: Target | None, top_of_range: bool = False) -> bool:
    """Every work set done and reaching the target reps: the bottom of a range (as prescribed), or
    with `top_of_range` its top (PRO-3's cue to add weight). How many sets were asked is a dose
    decision, not a test: a skipped set is a miss, a shorter session is not."""
    if any(not s.done for s in sets):
        return False
    if target is None:  # off-plan: the runner's first set is the target they set themselves
        return all(s.reps >= sets[0].reps for s in sets)
    low, high = (target.reps, target.reps) if isinstance(target.reps, int) else target.reps
    wanted = high if top_of_range else low
    return all(s.reps >= wanted for s in sets)


# PRO-6 / PRO-1 with logged effort: a set ground out at RIR 0 (RPE 10) where RIR 2-3 was asked is
# not followed by more weight; one done with 4+ in reserve where 2-3 was asked may jump two steps.
GRIND_MARGIN = 2  # logged RIR at least this far under the asked RIR: too hard to add weight
EASY_RIR = 4  # logged RIR at or above this (and above the asked): the weight was too light
EASY_STEPS = 2


def next_working_weight(
    exercise: str,
    history: Sequence[Outcome],
    level: Level,
    step: float,
    progression: Progression,
    owned: tuple[float, ...] = (),
) -> WorkingWeight | None:
    """PRO-1/PRO-3: more weight after enough hits (PRO-5), hold after a miss (PRO-6), reset after
    three misses in a row. With the runner's rack known, loads move along it (PRO-4)."""
    if not history:
        return None
    judged = [o for o in history if o.judged]
    if not judged:  # only easier weeks logged: their weight, no heavier, until a session is judged
        last = history[-1]
        note = "Logged in an easier week: this weight again, then it progresses."
        return WorkingWeight(exercise, last.top_weight, Step.HOLD, ("PER-9", "PRO-6"), note, last, cap=True)
    history = judged
    last = history[-1]
    misses = _streak(history, hit=False)
    if misses >= MISSES_BEFORE_RESET:
        load = _on_rack(last.top_weight * RESET_FACTOR, step, owned)
        note = f"{misses} misses in a row: reset 10 % and build back up."
        return WorkingWeight(exercise, load, Step.RESET, ("PRO-6", "PER-9"), note, last)
    if misses:
        note = "Missed last time: same weight, make it move better, try again."
        return WorkingWeight(exercise, last.top_weight, Step.HOLD, ("PRO-6",), note, last)
    rule: RuleId = "PRO-3" if progression is Progression.DOUBLE else "PRO-1"
    asked = last.asked if last.asked is not None else 2
    if last.effort is not None and last.effort <= asked - GRIND_MARGIN:
        note = (
            f"Target hit at RIR {last.effort:g} where {asked} was asked: no more weight until it moves "
            "with reps to spare."
        )
        return WorkingWeight(exercise, last.top_weight, Step.HOLD, (rule, "PRO-6"), note, last, cap=True)
    if progression is Progression.DOUBLE and not last.top:
        note = "Reps first: add reps at this weight until every set reaches the top of the range, then add weight."
        return WorkingWeight(exercise, last.top_weight, Step.HOLD, ("PRO-3",), note, last)
    easy = last.effort is not None and last.effort >= max(EASY_RIR, asked + 1)
    needed = 1 if (progression is Progression.DOUBLE or easy) else HITS_PER_INCREASE[level]
    hits = _streak(history, hit=True)
    if hits % needed:
        note = f"Target hit: hold once more before adding weight ({hits} of {needed})."
        return WorkingWeight(exercise, last.top_weight, Step.HOLD, (rule, "PRO-5"), note, last)
    heavier = _up(last.top_weight, step, owned)
    if heavier is not None and easy:
        heavier = _up(heavier, step, owned) or heavier
    if heavier is None:
        note = "Target hit at the heaviest weight you own: add reps, or progress the exercise (PRO-8)."
        return WorkingWeight(exercise, last.top_weight, Step.HOLD, (rule, "PRO-4", "PRO-8"), note, last)
    if easy:
        note = (
            f"Target hit with {last.effort:g} reps in reserve where {asked} was asked: "
            f"up {heavier - last.top_weight:g} to {heavier:g}."
        )
    else:
        note = f"Target hit: up {heavier - last.top_weight:g} to {heavier:g}."
    return WorkingWeight(exercise, heavier, Step.PROGRESS, (rule, "PRO-4", "PRO-5"), note, last)


def _up(value: float, step: float, owned: tuple[float, ...]) -> float | None:
    return next_up(value, owned) if owned else _round(value + step, step)


def _on_rack(value: float, step: float, owned: tuple[float, ...]) -> float:
    return round_to_owned(value, owned) if owned else _round(value, step)


def _streak(history: Sequence[Outcome], hit: bool) -> int:
    count = 0
    for outcome in reversed(history):
        if outcome.hit is not hit:
            break
        count += 1
    return count


def _round(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


def judged_level(log: TrainingLog, stated: Level, until: dt.date, weeks: int = 12) -> tuple[Level, str]:
    """PRO-5: the level shows in the rate of progress. Newer lifters who have been adding weight
    only every other week for 12+ weeks progress like intermediates from now on."""
    if stated.experienced:
        return stated, ""
    start = until - dt.timedelta(weeks=weeks)
    tops: dict[str, list[tuple[dt.date, float]]] = {}
    for session in log.lifts:
        if not start <= session.date <= until:
            continue
        for s in session.sets:
            if s.done and s.weight > 0:
                tops.setdefault(s.exercise, []).append((session.date, s.weight_kg))
    increases = weeks_seen = 0
    for series in tops.values():
        best: dict[dt.date, float] = {}
        for day, kg in series:
            best[day] = max(best.get(day, 0.0), kg)
        ordered = [best[d] for d in sorted(best)]
        if len(ordered) >= 6:
            weeks_seen += len(ordered) - 1
            increases += sum(1 for a, b in itertools.pairwise(ordered) if b > a)
    if weeks_seen >= MIN_SESSIONS_JUDGED and increases / weeks_seen < 0.4:
        return Level.INTERMEDIATE, (
            f"Weight went up in {increases} of {weeks_seen} sessions: you progress like "
            "an intermediate now, so increases come every other week (PRO-5)."
        )
    return stated, ""
