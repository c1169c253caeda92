"""Logged items by id: read, correct or delete a set, a run, a pain note, a body weight or a whole
lift session. A correction is checked as the same thing logged new would be (core.log's checks),
and the changed item is returned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from runlift.app.imports import ListedActivity
    from runlift.core.activity import Activity

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


@dataclass(frozen=True, slots=True)
class Listing:
    since: dt.date
    until: dt.date
    listed: items.Listed
    names: dict[str, str]  # each listed exercise id → its name (the id itself for the runner's own)
    units: Units  # the runner's, for distances
    activities: list[ListedActivity] = field(default_factory=list)  # imported, on their local day

    def days(self) -> list[LoggedDay]:
        """The listed items by day, newest first: what the Log page shows."""
        by_day: dict[dt.date, LoggedDay] = {}

        def on(day: dt.date) -> LoggedDay:
            return by_day.setdefault(day, LoggedDay(day, [], [], [], [], []))

        for head, sets in self.listed.sessions:
            on(head.date).sessions.append((head, sets))
        for run in self.listed.runs:
            on(run.date).runs.append(run)
        for note in self.listed.pain:
            on(note.date).pain.append(note)
        for weight in self.listed.weights:
            on(weight.date).weights.append(weight)
        for listed in reversed(self.activities):  # newest first, as the day's other items
            on(local_day(listed.activity)).activities.append(listed)
        return [by_day[d] for d in sorted(by_day, reverse=True)]


@dataclass(frozen=True, slots=True)
class LoggedDay:
    date: dt.date
    sessions: list[tuple[Item, list[Item]]]
    runs: list[Item]
    pain: list[Item]
    weights: list[Item]
    activities: list[ListedActivity]


def local_day(activity: Activity) -> dt.date:
    """The day an imported activity happened where it happened (its file's offset), else in UTC."""
    return (activity.start + dt.timedelta(seconds=activity.utc_offset_s or 0)).date()


def listing(
    store: Store, athlete_id: int, today: dt.date, since: dt.date | None = None, until: dt.date | None = None
) -> Listing:
    """The items logged from `since` (default: four weeks before `until`) to `until` (default today), with ids."""
    from runlift.app.imports import activity_list
    from runlift.app.library import display_names
    from runlift.app.season import load_state
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
    found = items.listed(store, athlete_id, first, last)
    names = display_names(s.values["exercise"] for _, sets in found.sessions for s in sets)
    # from the UTC day before `first` (a local day can start then); those after `until` are read and dropped
    imported = [
        a
        for a in activity_list(store, athlete_id, first - dt.timedelta(days=1))
        if first <= local_day(a.activity) <= last
    ]
    return Listing(first, last, found, names, load_state(store, athlete_id).profile.athlete.units, imported)
