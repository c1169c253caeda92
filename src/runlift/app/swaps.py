"""Swapping an exercise for a step back on its chain, and undoing it (MOD-1, MOD-2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.errors import NothingToUndo
from runlift.core.adapt import active_pain, replacements
from runlift.core.errors import InputError, NotFound
from runlift.core.library import BodyArea, Equipment, Exercise, Library
from runlift.core.log import Swap, SwapReason, TrainingLog
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class Swapped:
    exercise: str  # the exercise swapped out (or back in)
    replacement: str | None  # what stands in its place now; None: the exercise itself
    back: bool
    note: str  # the one line to tell the runner
    pain: tuple[BodyArea, ...] = ()  # areas whose pain still keeps the exercise out (MOD-1)


def swapped_out(library: Library, log: TrainingLog, equipment: frozenset[Equipment] | None) -> list[str]:
    """Exercises swapped out now, the latest swap first."""
    current = replacements(library, log, equipment)
    latest: list[str] = []
    for swap in reversed(log.swaps):
        if swap.exercise in current and swap.exercise not in latest:
            latest.append(swap.exercise)
    return latest


def swap(
    store: Store,
    athlete_id: int,
    library: Library,
    equipment: frozenset[Equipment],
    pain: frozenset[BodyArea],
    found: Exercise,
    reason: SwapReason,
    day: dt.date,
    now: dt.datetime,
) -> Swapped:
    """Swap `found` for a step back on its chain from `day` on (MOD-1, MOD-2)."""
    if not library.regressions(found.id):
        raise InputError(f"{found.id}: it is already the easiest step of its chain; nothing to step back to")
    store.log_swap(athlete_id, Swap(day, found.id, reason), now)
    return _result(store, athlete_id, library, equipment, pain, found.id, back=False, today=day)


def swap_back(
    store: Store,
    athlete_id: int,
    library: Library,
    equipment: frozenset[Equipment],
    pain: frozenset[BodyArea],
    query: str | None,
    day: dt.date,
    now: dt.datetime,
) -> Swapped:
    """Undo a swap: the latest one when `query` is None, else the one of the exercise named — the one
    swapped out, or what stands in for it now. Undoing a swap that never happened is an error."""
    log = store.training_log(athlete_id)
    out = swapped_out(library, log, equipment)
    if not out:
        raise NothingToUndo(None, ())
    exercise_id = out[0] if query is None else _swapped_named(library, log, equipment, out, query)
    store.log_swap(athlete_id, Swap(day, exercise_id, SwapReason.TOO_HARD, back=True), now)
    return _result(store, athlete_id, library, equipment, pain, exercise_id, back=True, today=day)


def _swapped_named(
    library: Library, log: TrainingLog, equipment: frozenset[Equipment] | None, out: list[str], query: str
) -> str:
    """Which swapped-out exercise `query` names: itself first, else the step standing in for it."""
    current = replacements(library, log, equipment)
    for candidates in (
        {x: x for x in out},
        {current[x].exercise: x for x in reversed(out)},  # the latest swap wins a shared stand-in
    ):
        try:
            return candidates[Library.of(library.get(i) for i in candidates).find(query).id]
        except NotFound:
            continue
    try:
        named = library.find(query, equipment).id
    except NotFound:
        named = query
    raise NothingToUndo(named, tuple(out))


def _result(
    store: Store,
    athlete_id: int,
    library: Library,
    equipment: frozenset[Equipment],
    pain: frozenset[BodyArea],
    exercise_id: str,
    back: bool,
    today: dt.date,
) -> Swapped:
    log = store.training_log(athlete_id)
    current = replacements(library, log, equipment).get(exercise_id)
    exercise = library.get(exercise_id)
    hurting = tuple(sorted(exercise.stresses & (pain | active_pain(log, today)), key=lambda a: a.value))
    if current is not None:
        note = current.note
    elif hurting:
        areas = " and ".join(a.value for a in hurting)
        note = (
            f"{exercise.name}: your swap is undone, but {areas} pain still keeps it out of your plan (MOD-1) "
            "until the pain settles."
        )
    else:
        note = f"{exercise.name} is back in your plan as written."
    return Swapped(exercise_id, current.exercise if current else None, back, note, hurting)


def swap_named(
    store: Store, athlete_id: int, query: str, reason: SwapReason, day: dt.date, today: dt.date, now: dt.datetime
) -> Swapped:
    """Swap the exercise `query` names (the runner's coming sessions first) from `day` on."""
    from runlift.app.names import exercise_named
    from runlift.app.season import load_state
    from runlift.data import library

    athlete = load_state(store, athlete_id).profile.athlete
    found = exercise_named(store, athlete_id, query, today)
    return swap(store, athlete_id, library(), athlete.equipment, athlete.pain, found, reason, day, now)


def undo_swap(store: Store, athlete_id: int, query: str | None, day: dt.date, now: dt.datetime) -> Swapped:
    """Undo the latest swap, or the one of the exercise `query` names."""
    from runlift.app.season import load_state
    from runlift.data import library

    athlete = load_state(store, athlete_id).profile.athlete
    return swap_back(store, athlete_id, library(), athlete.equipment, athlete.pain, query, day, now)
