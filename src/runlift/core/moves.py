"""Moving a planned lift session to another day of its week, at the runner's (or coach's) request.

A move names the day the plan put the session on and the day the runner wants it on. The plan
applies it week by week (`apply_moves`, from core/season.py) after laying the week out, and checks
it there, so a move stored earlier that the runner's file no longer allows (a race added, the
running week changed) is set aside with the reason instead of breaking a rule. The checks:

- SCH-3: heavy legs never the day before a key speed session, a long run or a race;
- the target day must have room for a lift (SCH-4, SCH-5): not a race day, not the last days before
  an A race (PER-5, PER-6), not a day whose key run is in the afternoon or that has no 3 h gap;
- one lift session a day; no legs in the first days after a long race, no heavy legs in a B/C
  race's mini-taper or the week after a race (PER-5, PER-8);
- heavy leg sessions stay 48 h apart (72 h for masters lifters), as the planned week keeps them (SCH-3).

Choices where the rules leave room (a coach's reading, see docs/rules/sch.md):
- A session moves within its Monday-Sunday training week. The week is the unit of the plan: its dose
  (DOSE-1), its phase, deload and spacing are laid out per week; a session that does not fit this week
  is a missed one (PER-9 handles that), not one to pile onto next week.
- SCH-3 forbids *heavy* legs only: a session whose legs are light (a deload, a taper) may go the day
  before a key run, with SCH-2's caution in its note; an upper-body session may go anywhere with room.
- A session keeps its dose when it moves (its focus, its legs heavy or light); the day decides only the
  time and the order around its runs (SCH-4, SCH-5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from runlift.core.calendar import ONE_WEEK, monday_of
from runlift.core.errors import InputError, PlanConflict
from runlift.core.profile import Run, RunType
from runlift.core.rules import Decision, RuleId, join_why
from runlift.core.schedule import DayFacts, LowerBody, PlacedSession, place_session


@dataclass(frozen=True, slots=True)
class Move:
    planned: dt.date  # the day the plan put the session on
    to: dt.date  # the day the runner moved it to


@dataclass(frozen=True, slots=True)
class MoveOutcome:
    """What the plan did with a stored move: applied, or set aside with the reason."""

    move: Move
    applied: bool
    why: tuple[RuleId, ...]
    note: str  # the sentence for the week's notes
    reason: str = ""  # set aside: the one-line reason (what a refused request answers)
    session: bool = True  # False: no lift session is planned on the move's day (any more)


class MoveRefused(PlanConflict):
    """A move the plan cannot take: the one-line reason, with the rule ids behind it (maybe none)."""

    def __init__(self, message: str, why: tuple[RuleId, ...]) -> None:
        super().__init__(message, why)
        if not why:
            self.args = (message,)


def day_name(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def check_dates(current: dt.date, planned: dt.date, to: dt.date, today: dt.date) -> None:
    """The calendar's own limits on a move of the session now on `current` (planned on `planned`)."""
    if current < today:
        raise InputError(f"day: {day_name(current)} is past: a past session can be logged, not moved")
    if to < today:
        raise InputError(f"to: {day_name(to)} is past: a session moves to today or a later day")
    if to == current:
        raise InputError(f"to: the session is on {day_name(to)} already")
    monday = monday_of(planned)
    if monday_of(to) != monday:
        sunday = monday + ONE_WEEK - dt.timedelta(days=1)
        raise InputError(
            f"to: expected a day of the session's training week ({day_name(monday)} to {day_name(sunday)}), "
            f"got {day_name(to)}: a session moves within its week, whose dose and spacing are planned together"
        )


def check_undo(current: dt.date, planned: dt.date, today: dt.date) -> None:
    """Undoing a move puts the session back on its planned day: both must still be to come."""
    if current < today:
        raise InputError(f"day: {day_name(current)} is past: a past session can be logged, not moved back")
    if planned < today:
        raise InputError(
            f"day: the session's planned day, {day_name(planned)}, is past: moving it back would skip it; "
            "move it to another coming day instead"
        )


def _key_run(runs: tuple[Run, ...]) -> str:
    run = next((r for r in runs if r.type is RunType.RACE), None) or next((r for r in runs if r.key), None)
    if run is None:
        return "key run"
    if run.type is RunType.RACE:
        return "race"
    return {RunType.LONG: "long run", RunType.TEMPO: "tempo run"}.get(run.type, f"{run.type.value} session")


def check_move(
    days: Sequence[DayFacts],
    sessions: Sequence[PlacedSession],
    index: int,
    to: dt.date,
    strength_priority: bool,
    heavy_gap: int,
) -> Decision[PlacedSession | None]:
    """The session `sessions[index]` on `to` (a day of `days`' week), or None and the reason it may not go."""
    session = sessions[index]
    target = days[to.weekday()]
    where = day_name(to)

    def refuse(note: str, *why: RuleId) -> Decision[PlacedSession | None]:
        return Decision(None, tuple(why), note)

    if target.race_today:
        return refuse(f"{where} is race day: no lifting on a race day", "PER-5", "PER-6")
    if any(s.date == to for i, s in enumerate(sessions) if i != index):
        return refuse(f"{where} holds a lift session already: one a day; move or undo that one first", "DOSE-1")
    if target.race_week_too_close:
        return refuse(f"{where} is too close to your A race: race week lifts early in the week", "PER-5", "PER-6")
    slot = target.slot(strength_priority)
    if slot is None:
        return refuse(f"{where} has no room for a lift at least 3 h away from its runs", "SCH-4", "SCH-5")
    legs = session.lower_body
    if legs is not LowerBody.NONE and target.no_legs_after_race:
        return refuse(f"{where} is in the first days after your race: no lower-body lifting yet", "PER-8")
    if legs is LowerBody.HEAVY:
        if target.key_tomorrow:
            return refuse(
                f"heavy lower-body lifting on {where} is the day before your {_key_run(target.tomorrow)}", "SCH-3"
            )
        if target.mini_taper:
            return refuse(f"{where} is in the mini-taper before your race: no heavy legs", "PER-5", "SCH-3")
        if target.race_yesterday or target.light_after_race:
            return refuse(f"{where} is in the days after your race: no heavy legs while they recover", "PER-8")
        for other in sessions:
            if other is session or other.lower_body is not LowerBody.HEAVY:
                continue
            apart = abs((other.date - to).days)
            apart = min(apart, 7 - apart)  # weeks repeat: a heavy Sunday sits a day before next Monday
            if apart < heavy_gap:
                return refuse(
                    f"heavy lower-body lifting on {where} is less than {24 * heavy_gap} h from the heavy leg "
                    f"session on {other.date:%a}",
                    "SCH-3",
                )
    moved = place_session(target, session.focus, legs, slot, session.minimum_dose)
    note = f"Moved here from {day_name(session.moved_from or session.date)} at your request"
    why: tuple[RuleId, ...] = ("SCH-3",) if legs is not LowerBody.NONE else ()
    if legs is LowerBody.LIGHT and target.key_tomorrow:
        # SCH-3 forbids heavy legs only; SCH-2 would still rather not lift legs the day before
        note += f"; legs light, so the {_key_run(target.tomorrow)} tomorrow is safe (SCH-3), keep it easy (SCH-2)"
        why = ("SCH-3", "SCH-2")
    elif legs is LowerBody.HEAVY:
        note += ": heavy legs, not the day before a key run or race (SCH-3)"
    note += "."
    notes = note + (f" {moved.note}" if moved.note else "")
    return Decision(
        replace(moved, why=join_why(moved.why, why), note=notes, moved_from=session.moved_from or session.date),
        why,
        note,
    )


def apply_moves(
    days: Sequence[DayFacts],
    placed: tuple[PlacedSession, ...],
    moves: Mapping[dt.date, dt.date],
    strength_priority: bool,
    heavy_gap: int,
) -> tuple[tuple[PlacedSession, ...], tuple[MoveOutcome, ...]]:
    """The week's sessions with the runner's `moves` applied (planned day → new day, in the order they were
    made), and what became of each move of this week. A move that no longer fits is set aside: its session
    stays where planned. The sessions keep their order (each keeps its template)."""
    first, last = days[0].date, days[-1].date
    out = list(placed)
    outcomes = []
    for planned, to in moves.items():  # in the order the runner made them: each was checked after the ones before
        if not first <= planned <= last:
            continue
        move = Move(planned, to)
        index = next((i for i, s in enumerate(out) if s.date == planned and s.moved_from is None), None)
        if index is None:
            note = (
                f"No lift session is planned on {day_name(planned)} any more, "
                f"so your move to {day_name(to)} is set aside."
            )
            outcomes.append(
                MoveOutcome(move, False, (), note, f"no lift session is planned on {day_name(planned)}", False)
            )
            continue
        if not first <= to <= last:
            reason = f"{day_name(to)} is not in the session's week"
            outcomes.append(MoveOutcome(move, False, (), f"{reason}: the move is set aside.", reason))
            continue
        decision = check_move(days, out, index, to, strength_priority, heavy_gap)
        if decision.value is None:
            note = (
                f"Your move of {day_name(planned)}'s session to {day_name(to)} no longer fits "
                f"({decision.note}), so it stays on {day_name(planned)}."
            )
            outcomes.append(MoveOutcome(move, False, decision.why, note, decision.note))
            continue
        out[index] = decision.value
        outcomes.append(MoveOutcome(move, True, decision.why, decision.note))
    return tuple(out), tuple(outcomes)
