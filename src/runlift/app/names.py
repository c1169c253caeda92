"""Which exercise a runner means by a name they typed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from runlift.core.errors import NotFound
from runlift.core.library import Exercise
from runlift.store.repo import Store

if TYPE_CHECKING:
    from runlift.core.library import Library


def exercise_named(store: Store, athlete_id: int, query: str, today: dt.date) -> Exercise:
    """An exercise's id or whole name means itself: the library, equipment-aware, no plan needed.
    Other names are matched against the runner's coming sessions first ('bss' means the BSS they do),
    then against the library with their equipment: NotFound when nothing is close. The coming
    sessions come from the plan cache (app/season.py): a plan only when a write changed it."""
    from runlift.app.season import coming_exercises, load_state
    from runlift.core.library import Library
    from runlift.data import library

    lib = library()
    equipment = load_state(store, athlete_id).profile.athlete.equipment
    if _exact(lib, query):
        return lib.find(query, equipment)
    coming = Library.of(coming_exercises(store, athlete_id, today))
    try:
        return coming.find(query)
    except NotFound:
        return lib.find(query, equipment)


def _exact(lib: Library, query: str) -> bool:
    """`query` is an exercise's id or its whole name, as typed (any case): abbreviations ('bss') and
    aliases ('rdl') are not, they mean the one the runner does."""
    wanted = query.strip().lower()
    return wanted in lib.exercises or any(e.name.lower() == wanted for e in lib)
