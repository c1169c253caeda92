"""Logged items by their stable id (the row's id, never reused for another item while the row
lives): read one, change it, delete it — always within one athlete's log.

Kinds: "set" (a lift set), "session" (a lift session with its sets), "run" (a run logged by hand),
"pain" (a pain note), "weight" (a body weight). A row of another athlete is not found, as one that
does not exist. Changed rows are checked against core.limits on flush (store/guard.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from runlift.core.errors import NotFound
from runlift.store.changes import changed
from runlift.store.repo import Store
from runlift.store.tables import BodyWeightRow, LiftSessionRow, LiftSetRow, PainRow, RunRow

TABLES: dict[str, Any] = {
    "set": LiftSetRow,
    "session": LiftSessionRow,
    "run": RunRow,
    "pain": PainRow,
    "weight": BodyWeightRow,
}
NAMES = {"set": "lift set", "session": "lift session", "run": "run", "pain": "pain note", "weight": "body weight"}
SKIP = {"id", "athlete_id", "created_at", "sets", "session", "day_session", "source_name"}


@dataclass(frozen=True, slots=True)
class Item:
    kind: str
    id: int
    date: dt.date
    values: dict[str, Any]  # the row's columns (a set's session_id among them)


def read(store: Store, athlete_id: int, kind: str, item_id: int) -> Item:
    with store.transaction() as db:
        row, day = _owned(db, athlete_id, kind, item_id)
        return _item(kind, row, day)


def change(store: Store, athlete_id: int, kind: str, item_id: int, values: dict[str, Any]) -> Item:
    """Set some columns of one item (checked against core.limits as it is written)."""
    with store.transaction() as db:
        row, day = _owned(db, athlete_id, kind, item_id)
        moved_to = values.get("date", day)
        changed(db, athlete_id, min(day, moved_to))  # the plans from the earlier day on (store/changes.py)
        for column, value in values.items():
            setattr(row, column, value)
        db.flush()
        return _item(kind, row, row.date if kind != "set" else day)


def remove(store: Store, athlete_id: int, kind: str, item_id: int) -> None:
    """Delete one item (a session with its sets)."""
    with store.transaction() as db:
        row, day = _owned(db, athlete_id, kind, item_id)
        changed(db, athlete_id, day)
        db.delete(row)


def set_ids(store: Store, athlete_id: int, session_id: int) -> list[int]:
    """The ids of a lift session's sets, in logged order."""
    with store.reading() as db:
        return list(
            db.scalars(
                select(LiftSetRow.id)
                .join(LiftSessionRow, LiftSetRow.session_id == LiftSessionRow.id)
                .where(LiftSetRow.session_id == session_id, LiftSessionRow.athlete_id == athlete_id)
                .order_by(LiftSetRow.position, LiftSetRow.id)
            )
        )


def _owned(db: DbSession, athlete_id: int, kind: str, item_id: int) -> tuple[Any, dt.date]:
    table = TABLES[kind]
    if kind == "set":
        query = (
            select(LiftSetRow, LiftSessionRow.date)
            .join(LiftSessionRow, LiftSetRow.session_id == LiftSessionRow.id)
            .where(LiftSetRow.id == item_id, LiftSessionRow.athlete_id == athlete_id)
        )
    else:
        query = select(table, table.date).where(table.id == item_id, table.athlete_id == athlete_id)
    found = db.execute(query).first()
    if found is None:
        raise NotFound(NAMES[kind], str(item_id))
    return found[0], found[1]


def _item(kind: str, row: Any, day: dt.date) -> Item:
    columns = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in SKIP}
    return Item(kind, row.id, day, columns)


@dataclass(frozen=True, slots=True)
class Listed:
    """The log between two days with every item's id: sessions with their sets, runs, pain, body weight."""

    sessions: list[tuple[Item, list[Item]]]
    runs: list[Item]
    pain: list[Item]
    weights: list[Item]


def listed(store: Store, athlete_id: int, since: dt.date, until: dt.date) -> Listed:
    """Every item logged from `since` to `until`, newest day first (a history page reads from the top)."""
    s, x = LiftSessionRow, LiftSetRow
    with store.transaction() as db:
        heads = db.scalars(
            select(s).where(s.athlete_id == athlete_id, s.date.between(since, until)).order_by(s.date.desc(), s.id)
        ).all()
        by_session: dict[int, list[Item]] = {h.id: [] for h in heads}
        days = {h.id: h.date for h in heads}
        for row in db.scalars(
            select(x).where(x.session_id.in_(list(by_session))).order_by(x.session_id, x.position, x.id)
        ):
            by_session[row.session_id].append(_item("set", row, days[row.session_id]))
        others = {
            kind: [
                _item(kind, row, row.date)
                for row in db.scalars(
                    select(TABLES[kind])
                    .where(TABLES[kind].athlete_id == athlete_id, TABLES[kind].date.between(since, until))
                    .order_by(TABLES[kind].date.desc(), TABLES[kind].id)
                )
            ]
            for kind in ("run", "pain", "weight")
        }
        return Listed(
            [(_item("session", h, h.date), by_session[h.id]) for h in heads],
            others["run"],
            others["pain"],
            others["weight"],
        )
