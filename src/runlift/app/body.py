"""Pain notes and body weight: one checked row each, in its own transaction."""

from __future__ import annotations

import datetime as dt

from runlift.core.log import BodyWeight, PainNote, check_body_weight, check_pain
from runlift.store.repo import Store


def note_pain(store: Store, athlete_id: int, note: PainNote, today: dt.date, now: dt.datetime) -> int:
    """Pain or soreness in an area (TRK-3); 3/10 or more keeps exercises that load it out (MOD-1).
    Returns the note's id."""
    check_pain(note, today)
    return store.log_pain(athlete_id, note, now)


def log_weight(store: Store, athlete_id: int, weight: BodyWeight, today: dt.date, now: dt.datetime) -> int:
    """Returns the body weight's id."""
    check_body_weight(weight, today)
    return store.log_weight(athlete_id, weight, now)
