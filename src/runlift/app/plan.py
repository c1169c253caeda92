"""The athlete's plan as their log shaped it, as the faces show it: from a day's week, with today's
pain counted (MOD-1)."""

from __future__ import annotations

import datetime as dt

from runlift.app.season import adapted, load_state
from runlift.app.state import AthleteState
from runlift.core.season import SeasonPlan
from runlift.store.repo import Store


def shown_plan(store: Store, athlete_id: int, day: dt.date, show_from: dt.date | None = None) -> SeasonPlan:
    """The adapted plan as of `day`, shown from `show_from`'s week (default: `day`'s own week)."""
    from runlift.core.calendar import monday_of

    state = load_state(store, athlete_id)
    log = store.training_log(athlete_id, until=day).before_session(day)  # today's pain counts (MOD-1)
    return adapted(state, log, day, show_from=monday_of(day) if show_from is None else show_from).plan


def planned_dates(state: AthleteState, day: dt.date, weeks: int = 12) -> list[dt.date]:
    """Lift dates the plan held over the last `weeks` weeks (adherence; the days don't depend on the log)."""
    from runlift.core.adapt import season_weeks
    from runlift.core.season import lift_dates

    window = day - dt.timedelta(weeks=weeks)
    count = season_weeks(state.profile, state.start, day)
    return list(lift_dates(state.profile, state.start, count, max(window, state.start), day, state.moved()))
