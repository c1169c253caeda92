"""`today`: the day's gym card: the run and the order, the warm-up, and each exercise with its
target, load, last time's numbers, cues, rest and what to pick up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.season import Planned, cached, day_planned, planned_on, swaps_on
from runlift.core.equipment import pick_up
from runlift.core.log import LoggedSet, TrainingLog
from runlift.core.prescribe import Prescription
from runlift.core.profile import Run
from runlift.core.season import Session
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class LastTime:
    date: dt.date
    sets: tuple[LoggedSet, ...]


@dataclass(frozen=True, slots=True)
class CardExercise:
    prescription: Prescription
    last: LastTime | None
    pick_up: str  # "40 lb dumbbell", "45 lb bar + 25 lb on each side"; "" without a load


@dataclass(frozen=True, slots=True)
class CardSession:
    session: Session
    exercises: tuple[CardExercise, ...]


@dataclass(frozen=True, slots=True)
class GymCard:
    date: dt.date
    phase: str | None
    week_notes: tuple[str, ...]  # the phase first, then deloads, race weeks …
    log_notes: tuple[str, ...]  # what the log changed (loads, swaps, pain)
    runs: tuple[Run, ...]
    sessions: tuple[CardSession, ...]
    next_lift: dt.date | None


def gym_card(store: Store, athlete_id: int, day: dt.date) -> GymCard:
    """The day's card as the runner does it: planned from the log before the day (today's pain counts,
    MOD-1), with a swap made on the day standing in at once (MOD-1, MOD-2; season.day_planned). Without a
    swap that day it is planned_card; with one, cached until a write changes the next day's plan."""
    swaps = swaps_on(store, athlete_id, day)
    if not swaps:
        return planned_card(store, athlete_id, day)

    def make() -> GymCard:
        return card_of(store, athlete_id, day, day_planned(store, athlete_id, day, swaps))

    return cached(store, athlete_id, day + dt.timedelta(days=1), ("day-card", day), make)


def planned_card(store: Store, athlete_id: int, day: dt.date) -> GymCard:
    """The day's card as planned from the log before the day, the day's swaps left out (what next time
    steps back from: app/checkoff.next_time); cached until a write changes the day's plan (app/season.py)."""
    return cached(store, athlete_id, day, ("card", day), lambda: card_of(store, athlete_id, day))


def card_of(store: Store, athlete_id: int, day: dt.date, planned: Planned | None = None) -> GymCard:
    """The card of `day` from `planned` (default: the plan of the day's session, planned_on)."""
    planned = planned or planned_on(store, athlete_id, day)
    state, before, result = planned.state, planned.before, planned.adapted
    week = result.plan.week_of(day)
    the_day = next((d for d in week.days if d.date == day), None) if week else None
    upcoming = next((s for s in result.plan.sessions() if s.date > day), None)
    owned = state.profile.athlete.weights
    sessions = tuple(
        CardSession(
            s,
            tuple(
                CardExercise(
                    p,
                    last_time(before, p.exercise.id) or _last_in_store(store, athlete_id, p.exercise.id, day),
                    pick_up(p.exercise, p.load.value, p.load.unit, owned) if p.load and p.load.value else "",
                )
                for p in s.exercises
            ),
        )
        for s in (the_day.sessions if the_day else ())
    )
    return GymCard(
        day,
        week.phase.value if week else None,
        tuple(week.notes if week else ()),
        tuple(result.adjust.notes),
        the_day.runs if the_day else (),
        sessions,
        upcoming.date if upcoming else None,
    )


def _last_in_store(store: Store, athlete_id: int, exercise_id: str, day: dt.date) -> LastTime | None:
    """Last time before `day`, from the store: lifted longer ago than the plan's log reaches."""
    from runlift.app import season

    if not season.WINDOWED:  # the whole log was read: it was never lifted
        return None
    found = store.last_sets(athlete_id, exercise_id, day - dt.timedelta(days=1))
    return LastTime(*found) if found else None


def last_time(log: TrainingLog, exercise_id: str) -> LastTime | None:
    """The sets of the latest session that has this exercise."""
    for session in reversed(log.lifts):
        sets = tuple(s for s in session.sets if s.exercise == exercise_id)
        if sets:
            return LastTime(session.date, sets)
    return None
