"""The runner's moves of planned lift sessions to other days (core/moves.py): one row a session.

A move changes the plan as seen from every day (a plan shown from any day holds the coming weeks),
so each write records a change to every day's plan (`changed(db, athlete_id, None)`): moves are a
few a week, and a cached plan must never show a session where it no longer is."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from runlift.core.moves import Move
from runlift.store.changes import changed
from runlift.store.repo import Store
from runlift.store.tables import SessionMoveRow


def moves(store: Store, athlete_id: int) -> tuple[Move, ...]:
    """Every move the athlete has in force, in the order made (a replaced move counts as made anew)."""
    with store.reading() as db:
        rows = db.execute(
            select(SessionMoveRow.planned_on, SessionMoveRow.moved_to)
            .where(SessionMoveRow.athlete_id == athlete_id)
            .order_by(SessionMoveRow.id)  # the order they were made: each was checked after the ones before
        ).all()
    return tuple(Move(planned, to) for planned, to in rows)


def save_move(store: Store, athlete_id: int, move: Move, now: dt.datetime) -> None:
    """Store the move; it replaces an earlier move of the same session."""
    with store.transaction() as db:
        changed(db, athlete_id, None)
        db.execute(
            delete(SessionMoveRow).where(
                SessionMoveRow.athlete_id == athlete_id, SessionMoveRow.planned_on == move.planned
            )
        )
        db.add(SessionMoveRow(athlete_id=athlete_id, planned_on=move.planned, moved_to=move.to, created_at=now))


def delete_move(store: Store, athlete_id: int, planned: dt.date) -> bool:
    """Forget the move of the session planned on `planned`; False when there was none (nothing written)."""
    with store.transaction() as db:
        found = db.scalar(
            select(SessionMoveRow.id).where(
                SessionMoveRow.athlete_id == athlete_id, SessionMoveRow.planned_on == planned
            )
        )
        if found is None:
            return False
        changed(db, athlete_id, None)
        db.execute(delete(SessionMoveRow).where(SessionMoveRow.id == found))
    return True
