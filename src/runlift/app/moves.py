"""Moving a planned lift session to another day of its week, and undoing it (core/moves.py, SCH-3).

The session is named by the day it is on now (or the day the plan put it on); the move is checked by
building the plan with it, exactly as every later plan applies it, so a move stored is a move shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.season import adapted, load_state, log_until
from runlift.app.state import AthleteState
from runlift.core.errors import InputError, NotFound
from runlift.core.moves import Move, MoveOutcome, MoveRefused, check_dates, check_undo, day_name
from runlift.core.rules import RuleId
from runlift.core.season import Week
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class Moved:
    planned: dt.date  # the day the plan put the session on
    day: dt.date  # the day it is on now
    moved: bool  # False: it is back on its planned day
    why: tuple[RuleId, ...]
    note: str  # the one line to tell the runner


def _planned_day(state: AthleteState, day: dt.date) -> dt.date:
    """The planned day of the session the runner names by `day`: the one moved onto it, else its own."""
    return next((m.planned for m in state.moves if m.to == day), day)


def _week(state: AthleteState, store: Store, moves: dict[dt.date, dt.date], planned: dt.date, today: dt.date) -> Week:
    """The plan's week of `planned` as it is with `moves`, adapted to the log as of `today`."""
    from dataclasses import replace

    from runlift.core.calendar import monday_of

    trial = replace(state, moves=tuple(Move(p, t) for p, t in moves.items()))
    log = log_until(store, state, today).before_session(today)
    week = adapted(trial, log, today, show_from=monday_of(planned)).plan.week_of(planned)
    if week is None:
        raise InputError(f"day: {day_name(planned)} is not in the season's plan")
    return week


def _outcome(week: Week, planned: dt.date) -> MoveOutcome | None:
    return next((o for o in week.moves if o.move.planned == planned), None)


def move_session(store: Store, athlete_id: int, day: dt.date, to: dt.date, today: dt.date, now: dt.datetime) -> Moved:
    """Move the session on `day` to `to` (a later move of the same session replaces the first; moving it
    back to its planned day undoes the move). MoveRefused (409) with the rule when the plan cannot take it."""
    from runlift.store.moves import save_move

    state = load_state(store, athlete_id)
    planned = _planned_day(state, day)
    moves = state.moved()
    current = moves.get(planned, planned)
    check_dates(current, planned, to, today)
    if current == today and any(s.planned for s in store.training_log(athlete_id, since=today, until=today).lifts):
        raise InputError(f"day: {day_name(today)}'s session is logged already: it stays the day it was done")
    if to == planned:
        return undo_move(store, athlete_id, day, today, now)
    trial = {p: t for p, t in moves.items() if p != planned} | {planned: to}  # made last: checked after the rest
    outcome = _outcome(_week(state, store, trial, planned, today), planned)
    if outcome is None or not outcome.session:
        raise InputError(f"day: no lift session is planned on {day_name(day)}")
    if not outcome.applied:
        raise MoveRefused(f"{day_name(current)} to {day_name(to)}: {outcome.reason}", outcome.why)
    save_move(store, athlete_id, Move(planned, to), now)
    return Moved(planned, to, True, outcome.why, outcome.note)


def undo_move(store: Store, athlete_id: int, day: dt.date, today: dt.date, now: dt.datetime) -> Moved:
    """Put the session moved onto (or from) `day` back on its planned day. NotFound when no move is stored;
    MoveRefused when its planned day now holds another moved session or no longer takes it."""
    from runlift.store.moves import delete_move

    state = load_state(store, athlete_id)
    planned = _planned_day(state, day)
    moves = state.moved()
    if planned not in moves:
        raise NotFound("moved session on", day.isoformat(), "moves are named by the day the session is on now")
    check_undo(moves[planned], planned, today)
    rest = {p: t for p, t in moves.items() if p != planned}
    before = {o.move.planned for o in _week(state, store, moves, planned, today).moves if o.applied}
    after = _week(state, store, rest, planned, today)
    bumped = sorted(p for p in before - {planned} if not (o := _outcome(after, p)) or not o.applied)
    if bumped:
        raise MoveRefused(
            f"back to {day_name(planned)}: your session moved from {day_name(bumped[0])} would no longer fit "
            "there; move that one first",
            (),
        )
    delete_move(store, athlete_id, planned)
    return Moved(planned, planned, False, (), f"Back on its planned day, {day_name(planned)}.")


def moves_from(store: Store, athlete_id: int, day: dt.date) -> tuple[Move, ...]:
    """The athlete's moves of sessions planned from `day`'s week on."""
    from runlift.core.calendar import monday_of

    return tuple(m for m in load_state(store, athlete_id).moves if m.planned >= monday_of(day))
