"""The athlete's plan as their log shaped it, as the faces show it: from a day's week, with today's
pain counted (MOD-1)."""

from __future__ import annotations

import datetime as dt

from runlift.app.season import adapted, cached, load_state, log_until
from runlift.app.state import AthleteState
from runlift.core.season import SeasonPlan
from runlift.store.repo import Store


def shown_plan(store: Store, athlete_id: int, day: dt.date, show_from: dt.date | None = None) -> SeasonPlan:
    """The adapted plan as of `day`, shown from `show_from`'s week (default: `day`'s own week). Past weeks
    shown are the plan as adapted on `day` too, so only the rules' windows before `day` are read
    (app.season.log_until), however far back `show_from` lies; cached like the session of `day`
    (the log before it: a write that changes `day`'s plan makes a new one)."""
    from runlift.core.calendar import monday_of

    first = monday_of(day) if show_from is None else show_from

    def make() -> SeasonPlan:
        state = load_state(store, athlete_id)
        log = log_until(store, state, day).before_session(day)  # today's pain counts (MOD-1)
        return adapted(state, log, day, show_from=first).plan

    return cached(store, athlete_id, day, ("shown", day, first), make)


def day_plan(store: Store, athlete_id: int, day: dt.date) -> SeasonPlan:
    """The plan `day` itself is shown from (its card, why): shown_plan(day) with the swaps made on the day
    standing in (MOD-1, MOD-2; app/season.day_planned), shown from the day's week."""
    from runlift.app.season import day_planned

    return day_planned(store, athlete_id, day).adapted.plan


def planned_dates(state: AthleteState, day: dt.date, weeks: int = 12) -> list[dt.date]:
    """Lift dates the plan held over the last `weeks` weeks (adherence; the days don't depend on the log)."""
    from runlift.core.adapt import season_weeks
    from runlift.core.season import lift_dates

    window = day - dt.timedelta(weeks=weeks)
    count = season_weeks(state.profile, state.start, day)
    return list(lift_dates(state.profile, state.start, count, max(window, state.start), day, state.moved()))
