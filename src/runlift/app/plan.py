"""The athlete's plan as their log shaped it, as the faces show it: from a day's week, with today's
pain counted (MOD-1)."""

from __future__ import annotations

import datetime as dt

from runlift.app.season import adapted, cached, load_state, log_until, shown_on, with_day_swaps
from runlift.app.state import AthleteState
from runlift.core.season import SeasonPlan
from runlift.store.repo import Store


def shown_plan(store: Store, athlete_id: int, day: dt.date, show_from: dt.date | None = None) -> SeasonPlan:
    """The adapted plan as of `day`, shown from `show_from`'s week (default: `day`'s own week), with a swap
    made on `day` standing in on the day (and after it) at once, as on the day's card (MOD-1, MOD-2;
    app/season.day_planned): the Season page, GET …/plan, …/plan/weeks and …/plan/days show what Today
    shows. Past weeks shown are the plan as adapted on `day` too, so only the rules' windows before `day`
    are read (app.season.log_until), however far back `show_from` lies; cached like the day's card (a
    write that changes `day`'s plan, or a swap made on it, makes a new one)."""
    from runlift.core.calendar import monday_of

    first = monday_of(day) if show_from is None else show_from
    swaps, changed_on = shown_on(store, athlete_id, day)

    def make() -> SeasonPlan:
        state = load_state(store, athlete_id)
        before = log_until(store, state, day).before_session(day)  # today's pain counts (MOD-1)
        return adapted(state, with_day_swaps(before, swaps), day, show_from=first).plan

    return cached(store, athlete_id, changed_on, ("shown", day, first, bool(swaps)), make)


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
