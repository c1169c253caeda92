"""Logging lifts: a whole session as prescribed, sets of one exercise, or the session set by set
(what is already in the day's log, one set saved at a time: a session stopped half-way keeps its
sets, and `runlift log` goes on from there)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from runlift.app.errors import SessionAlreadyLogged
from runlift.core.errors import InputError, NotFound
from runlift.core.library import Exercise
from runlift.core.log import LoggedSet, SetStatus, Side, SwapReason, check_set
from runlift.core.prescribe import Prescription
from runlift.core.profile import Units
from runlift.core.season import Session
from runlift.store.repo import Store

if TYPE_CHECKING:
    from runlift.app.today import LastTime


@dataclass(frozen=True, slots=True)
class DaySession:
    session: Session  # the day's (first) planned lift session
    last: Mapping[str, LastTime]  # its exercises' last time before the day (by exercise id), when ever lifted
    units: Units


@dataclass(frozen=True, slots=True)
class AsPrescribed:
    session_id: int
    sets: int
    not_logged: tuple[str, ...]  # names of lifts with no known weight yet: left out


@dataclass(frozen=True, slots=True)
class LoggedSets:
    session_id: int
    exercise: Exercise  # the exercise the sets went to (the loaded version when a weight was given)
    count: int
    logged: LoggedSet
    set_ids: tuple[int, ...] = ()  # the new sets' ids, in logged order


def planned_session(store: Store, athlete_id: int, day: dt.date) -> DaySession:
    """The lift session the adapted plan holds on `day` (today's pain counts, MOD-1); NotFound when it
    holds none. Read from the day's card: planned from the rules' windows of the log and cached until a
    write changes the day's plan (app/season.py), so its cost does not grow with the history."""
    from runlift.app.season import load_state
    from runlift.app.today import gym_card

    card = gym_card(store, athlete_id, day)
    if not card.sessions:
        raise NotFound("lift session planned on", day.isoformat())
    first = card.sessions[0]
    last = {e.prescription.exercise.id: e.last for e in first.exercises if e.last is not None}
    return DaySession(first.session, last, load_state(store, athlete_id).profile.athlete.units)


def log_as_prescribed(store: Store, athlete_id: int, day: dt.date, now: dt.datetime) -> AsPrescribed:
    """The day's planned session as prescribed, in one transaction; lifts with no weight known yet
    are left out (named). SessionAlreadyLogged when the day's session is logged."""
    from runlift.core.log import LiftSession, prescribed_sets

    planned = planned_session(store, athlete_id, day)
    if any(s.planned for s in store.training_log(athlete_id, since=day, until=day).lifts):
        raise SessionAlreadyLogged(day)
    session = planned.session
    skipped = tuple(p.exercise.name for p in session.exercises if _needs_weight(p))  # no weight to copy
    sets = prescribed_sets(session, planned.units)
    session_id = store.log_session(athlete_id, LiftSession(day, sets, planned=True), now)
    return AsPrescribed(session_id, len(sets), skipped)


def _needs_weight(p: Prescription) -> bool:
    """A lift that takes a weight the plan could not set yet (no 1RM known, nothing logged)."""
    return p.load is None and p.exercise.externally_loaded


def log_sets(
    store: Store,
    athlete_id: int,
    day: dt.date,
    exercise: Exercise,
    count: int,
    logged: LoggedSet,
    now: dt.datetime,
    flag: SwapReason | None = None,
) -> LoggedSets:
    """`count` sets like `logged` of `exercise` on `day`, with the swap a flag asks for (MOD-1), in one
    transaction. A weight on a bodyweight exercise means its loaded version (split squat @40lb)."""
    from runlift.app.season import load_state
    from runlift.core.log import Swap
    from runlift.data import library

    if logged.weight > 0 and not exercise.externally_loaded:
        equipment = load_state(store, athlete_id).profile.athlete.equipment
        loaded = next(
            (e for e in library().progressions(exercise.id) if e.externally_loaded and e.usable_with(equipment)),
            None,
        )
        if loaded is None:
            raise InputError(
                f"{exercise.id}: a bodyweight exercise, got a weight of {logged.weight:g} {logged.unit.value}; "
                "log it without @WEIGHT, or name the loaded version"
            )
        exercise = loaded
    logged = logged._replace(exercise=exercise.id)
    check_set(logged)
    swap = None
    if flag is not None:  # MOD-1 from the log: a flagged exercise steps back on its chain, like a swap
        if not library().regressions(exercise.id):
            raise InputError(f"{exercise.id}: it is already the easiest step of its chain; nothing to step back to")
        swap = Swap(day, exercise.id, flag)
    added = store.log_sets(athlete_id, day, [logged] * count, now, swap=swap)
    return LoggedSets(added.session_id, exercise, count, logged, added.set_ids)


def log_named_sets(
    store: Store,
    athlete_id: int,
    day: dt.date,
    name: str,
    count: int,
    *,
    reps: int,
    weight: float = 0.0,
    unit: Units | None = None,
    side: Side = Side.BOTH,
    rir: float | None = None,
    rpe: float | None = None,
    skipped: bool = False,
    flag: SwapReason | None = None,
    today: dt.date,
    now: dt.datetime,
) -> LoggedSets:
    """`count` sets of the exercise a runner names, as `log_sets`: an id or a whole name means itself,
    other names what the runner does ('bss': the one in their coming sessions, app/names.py); in the
    runner's units unless `unit` says. The CLI's `log set`, the API's POST …/log/sets and Today's set
    form all log through here."""
    from runlift.app.names import exercise_named
    from runlift.app.season import load_state

    found = exercise_named(store, athlete_id, name, today)
    if unit is None:
        unit = load_state(store, athlete_id).profile.athlete.units
    status = SetStatus.SKIPPED if skipped else SetStatus.DONE
    logged = LoggedSet(found.id, reps, weight, unit, side, rir, rpe, status)
    return log_sets(store, athlete_id, day, found, count, logged, now, flag)


def logged_on(store: Store, athlete_id: int, day: dt.date) -> tuple[LoggedSet, ...]:
    """Every set already logged on `day`, in the order entered."""
    return tuple(s for session in store.training_log(athlete_id, since=day, until=day).lifts for s in session.sets)


def save_set(store: Store, athlete_id: int, day: dt.date, logged: LoggedSet, now: dt.datetime) -> int:
    """One set, in its own transaction, in the day's planned session."""
    check_set(logged)
    return store.add_sets(athlete_id, day, [logged], now, planned=True)


@dataclass(frozen=True, slots=True)
class SetToLog:
    prescription: Prescription
    shown: LoggedSet  # the set as it would be logged: target reps, the load (or last weight used)
    number: int  # its number among the prescription's sets (1-based)


def sets_left(session: Session, units: Units, logged_today: tuple[LoggedSet, ...]) -> tuple[int, list[SetToLog]]:
    """The session's sets (how many), and those not logged yet today, in order: a session stopped
    half-way goes on after what it saved, with the weights it used."""
    done = Counter((s.exercise, s.side) for s in logged_today)
    used = {s.exercise: (s.weight, s.unit) for s in logged_today if s.weight > 0}  # a stopped session's weights
    todo = [(p, s, n) for p in session.exercises for n, s in numbered_sets(p, units)]
    left = []
    for p, s, n in todo:
        if done[(s.exercise, s.side)] > 0:
            done[(s.exercise, s.side)] -= 1  # logged before (a session stopped half-way): go on after it
        elif p.load is None and s.exercise in used:
            weight, unit = used[s.exercise]
            left.append(SetToLog(p, s._replace(weight=weight, unit=unit), n))
        else:
            left.append(SetToLog(p, s, n))
    return len(todo), left


def numbered_sets(p: Prescription, units: Units) -> list[tuple[int, LoggedSet]]:
    """The prescription's numbered sets as they would be logged: each side of a one-sided lift, ranges
    at their low end."""
    from runlift.core.log import Side

    weight, unit = (p.load.value, Units(p.load.unit)) if p.load is not None else (0.0, units)
    reps = p.reps if isinstance(p.reps, int) else p.reps[0]
    sides = (Side.LEFT, Side.RIGHT) if p.exercise.unilateral else (Side.BOTH,)
    return [
        (n, LoggedSet(p.exercise.id, reps, weight, unit, side, rir=float(p.rir)))
        for n in range(1, p.sets + 1)
        for side in sides
    ]
