"""Which exercise a runner means by a name they typed."""

from __future__ import annotations

import datetime as dt

from runlift.core.errors import NotFound
from runlift.core.library import Exercise
from runlift.store.repo import Store

COMING_SESSIONS = 8  # the runner's next sessions, whose exercises a name means first


def exercise_named(store: Store, athlete_id: int, query: str, today: dt.date) -> Exercise:
    """Names are matched against the runner's coming sessions first ('bss' means the BSS they do),
    then against the library with their equipment: NotFound when nothing is close."""
    from runlift.app.season import adapted, load_state
    from runlift.core.library import Library
    from runlift.data import library

    state = load_state(store, athlete_id)
    log = store.training_log(athlete_id, until=today)
    plan = adapted(state, log, today, show_from=today).plan
    coming = Library.of(
        {p.exercise.id: p.exercise for s in plan.sessions()[:COMING_SESSIONS] for p in s.exercises}.values()
    )
    try:
        return coming.find(query)
    except NotFound:
        return library().find(query, state.profile.athlete.equipment)
