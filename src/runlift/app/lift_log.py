"""Logging a lift session set by set: what is already in today's log, and one set saved at a time
(a session stopped half-way keeps its sets, and `runlift log` goes on from there)."""

from __future__ import annotations

import datetime as dt

from runlift.core.log import LoggedSet, check_set
from runlift.store.repo import Store


def logged_on(store: Store, athlete_id: int, day: dt.date) -> tuple[LoggedSet, ...]:
    """Every set already logged on `day`, in the order entered."""
    return tuple(s for session in store.training_log(athlete_id, since=day, until=day).lifts for s in session.sets)


def save_set(store: Store, athlete_id: int, day: dt.date, logged: LoggedSet, now: dt.datetime) -> int:
    """One set, in its own transaction, in the day's planned session."""
    check_set(logged)
    return store.add_sets(athlete_id, day, [logged], now, planned=True)
