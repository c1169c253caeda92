"""Exports: the coming plan as a calendar, a printable page or watch workouts, and the log as CSV.

The plan comes from the store (adapted to the log, `plan_from_log`) or from a runner's file (as
written, `plan_from_profile`); the exporters turn it into bytes, and the caller writes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from runlift.core.profile import Profile
from runlift.core.season import SeasonPlan
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class ExportFile:
    name: str  # a file name, no folder
    content: bytes


def plan_from_log(store: Store, athlete_id: int, day: dt.date) -> SeasonPlan:
    """The coming weeks as the log shaped them, from `day`'s week."""
    from runlift.app.plan import shown_plan

    return shown_plan(store, athlete_id, day)


def plan_from_profile(profile: Profile, day: dt.date, weeks: int | None = None) -> SeasonPlan:
    """The plan as the runner's file writes it, from `day`'s week (nothing adapted)."""
    from runlift.core.season import plan_season
    from runlift.data import library

    return plan_season(profile, library(), day, weeks)


def calendar(plan: SeasonPlan, day: dt.date, now: dt.datetime, runs: bool = False) -> bytes:
    """The lift sessions from `day` on as iCalendar events (stable UIDs: a re-import updates them)."""
    from runlift.exporters.ics import plan_to_ics

    return plan_to_ics(plan, now, runs=runs, since=day)


def printable(plan: SeasonPlan) -> str:
    """One printable HTML page per week."""
    from runlift.exporters.printable import plan_to_html

    return plan_to_html(plan)


def fit_workouts(plan: SeasonPlan, day: dt.date, weeks: int, now: dt.datetime) -> list[ExportFile]:
    """Each lift session of the next `weeks` weeks as a FIT workout file."""
    from runlift.exporters.fit_workouts import session_to_fit

    until = day + dt.timedelta(weeks=weeks)
    return [
        ExportFile(
            f"{s.date.isoformat()}-{s.time.value}-lift.fit",
            session_to_fit(s, f"Lift {s.date:%a %d %b} {s.focus.value}", now),
        )
        for s in plan.sessions()
        if day <= s.date < until
    ]


def write_log_csv(store: Store, athlete_id: int, folder: Path) -> list[Path]:
    """The whole log as tidy CSV files in `folder`: lift sessions, sets, runs, pain, body weight, activities."""
    from runlift.exporters.csv_export import write_csv
    from runlift.store.imports import activities

    return write_csv(folder, store.training_log(athlete_id), activities(store, athlete_id))
