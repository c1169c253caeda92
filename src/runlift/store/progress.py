"""Reads for the progress charts beyond the log's window: the heaviest loads before it, grouped in SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from runlift.core.log import SetStatus
from runlift.core.profile import Units
from runlift.store.repo import UNITS, Store
from runlift.store.tables import LiftSessionRow, LiftSetRow


def heaviest_before(store: Store, athlete_id: int, day: dt.date) -> list[tuple[str, Units, int, float]]:
    """(exercise, unit, reps, heaviest weight) of the done, loaded sets logged before `day`: a few rows
    per exercise however long the history (core.series.best_before turns them into e1RMs)."""
    s, x = LiftSessionRow, LiftSetRow
    with store.reading() as db:
        rows = db.execute(
            select(x.exercise, x.unit, x.reps, func.max(x.weight))
            .join(s, x.session_id == s.id)
            .where(
                s.athlete_id == athlete_id,
                s.date < day,
                x.status == SetStatus.DONE.value,
                x.weight > 0,
                x.reps > 0,
            )
            .group_by(x.exercise, x.unit, x.reps)
        ).all()
    return [(r[0], UNITS[r[1]], r[2], float(r[3])) for r in rows]
