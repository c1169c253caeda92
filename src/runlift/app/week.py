"""`week`: the planned sessions of a training week beside what was logged, and the running done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.season import adapted, load_state, log_until
from runlift.core.log import LiftSession, RunEntry
from runlift.core.profile import Run, Units
from runlift.core.season import Session, weekly_km
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class WeekDay:
    date: dt.date
    planned: tuple[Session, ...]
    lifts: tuple[LiftSession, ...]  # logged that day
    runs: tuple[RunEntry, ...]
    planned_runs: tuple[Run, ...] = ()  # the runner's usual week for that day (or the race)


@dataclass(frozen=True, slots=True)
class WeekView:
    start: dt.date  # the Monday
    phase: str | None
    notes: tuple[str, ...]
    days: tuple[WeekDay, ...]  # Monday to Sunday
    acwr: float | None  # running acute:chronic load ratio on the day (SCH-6), 2 decimals
    units: Units
    usual_distance_m: float = 0.0  # the runner's file's weekly distance, to set the week's running against


def week(store: Store, athlete_id: int, day: dt.date) -> WeekView:
    """The week of `day`, as the log up to `day` shaped the plan: read from the rules' windows of the log
    (app.season.log_until: the week's own days and SCH-6's 28 days are inside them), so its cost does not
    grow with the history. Not cached: a set logged today shows in today's column at once."""
    from runlift.core.calendar import ONE_DAY, monday_of
    from runlift.core.running_load import acwr

    monday = monday_of(day)
    state = load_state(store, athlete_id)
    log = log_until(store, state, day)
    plan = adapted(state, log, day, show_from=monday).plan
    the_week = plan.week_of(day)
    days = []
    planned_runs = {p.date: p.runs for p in the_week.days} if the_week else {}
    for i in range(7):
        d = monday + ONE_DAY * i
        days.append(
            WeekDay(
                d,
                tuple(s for s in (the_week.sessions if the_week else ()) if s.date == d),
                tuple(s for s in log.lifts if s.date == d),
                tuple(r for r in log.runs if r.date == d),
                planned_runs.get(d, ()),
            )
        )
    ratio = acwr(log.runs, day)
    return WeekView(
        monday,
        the_week.phase.value if the_week else None,
        tuple(the_week.notes if the_week else ()),
        tuple(days),
        None if ratio.value is None else round(ratio.value, 2),
        state.profile.athlete.units,
        weekly_km(state.profile) * 1000,
    )
