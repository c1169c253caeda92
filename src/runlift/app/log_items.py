"""Logged items by id: read, correct or delete a set, a run, a pain note, a body weight or a whole
lift session. A correction is checked as the same thing logged new would be (core.log's checks),
and the changed item is returned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from runlift.core.library import BodyArea, Equipment
from runlift.core.log import (
    BodyWeight,
    LoggedSet,
    PainNote,
    RunEntry,
    SetStatus,
    Side,
    check_body_weight,
    check_pain,
    check_run,
    check_set,
)
from runlift.core.profile import RunType, Units
from runlift.store import items
from runlift.store.items import Item
from runlift.store.repo import Store

KINDS = tuple(items.TABLES)


def item(store: Store, athlete_id: int, kind: str, item_id: int) -> Item:
    return items.read(store, athlete_id, kind, item_id)


def delete(store: Store, athlete_id: int, kind: str, item_id: int) -> None:
    items.remove(store, athlete_id, kind, item_id)


def correct(
    store: Store,
    athlete_id: int,
    kind: str,
    item_id: int,
    changes: Mapping[str, Any],
    today: dt.date,
    equipment: frozenset[Equipment] | None = None,
) -> Item:
    """Change some fields of one item; the whole item is checked as if logged new."""
    with store.transaction():
        current = items.read(store, athlete_id, kind, item_id)
        values = {**current.values, **changes}
        if kind == "set":
            if "exercise" in changes:
                from runlift.data import library

                values["exercise"] = library().find(str(changes["exercise"]), equipment).id
            check_set(_logged_set(values))
        elif kind == "run":
            check_run(_run(values), today)
        elif kind == "pain":
            check_pain(PainNote(values["date"], BodyArea(values["area"]), values["score"]), today)
        elif kind == "weight":
            check_body_weight(BodyWeight(values["date"], values["value"], Units(values["unit"])), today)
        return items.change(store, athlete_id, kind, item_id, {k: values[k] for k in changes})


def _logged_set(values: dict[str, Any]) -> LoggedSet:
    return LoggedSet(
        values["exercise"],
        values["reps"],
        values["weight"],
        Units(values["unit"]),
        Side(values["side"]),
        values["rir"],
        values["rpe"],
        SetStatus(values["status"]),
    )


def _run(values: dict[str, Any]) -> RunEntry:
    return RunEntry(
        values["date"],
        RunType(values["type"]),
        values["distance_m"],
        values["duration_s"],
        values["rpe"],
        values["avg_hr"],
    )


LISTED_WEEKS = 4  # the history page's default: the last four weeks
MAX_LISTED_DAYS = 366  # a request lists at most a year: the cost follows the window, not the history


def listing(
    store: Store, athlete_id: int, today: dt.date, since: dt.date | None = None, until: dt.date | None = None
) -> tuple[dt.date, dt.date, items.Listed]:
    """The items logged from `since` (default: four weeks before `until`) to `until` (default today), with ids."""
    from runlift.core.errors import InputError
    from runlift.core.limits import check_year

    last = until or today
    check_year("to", last)
    first = since if since is not None else last - dt.timedelta(weeks=LISTED_WEEKS) + dt.timedelta(days=1)
    check_year("from", first)
    if first > last:
        raise InputError(f"from: expected a day on or before to ({last.isoformat()}), got {first.isoformat()}")
    if (last - first).days + 1 > MAX_LISTED_DAYS:
        raise InputError(f"from: expected at most {MAX_LISTED_DAYS} days before to, got {(last - first).days + 1} days")
    return first, last, items.listed(store, athlete_id, first, last)
