"""`progress`: what the log shows as of a day: PRs, gains, plateaus, asymmetry, adherence, running
load and pain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.plan import planned_dates
from runlift.app.season import load_state
from runlift.app.state import AthleteState
from runlift.core.series import ProgressSeries
from runlift.core.stats import ProgressReport
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class Progress:
    report: ProgressReport
    acwr: float | None  # running acute:chronic load ratio (SCH-6: above 1.3 the lifting is pulled back)
    document: dict[str, object]  # the report as JSON (core.stats.report_to_dict) with "acwr"


def progress(store: Store, athlete_id: int, day: dt.date) -> Progress:
    return progress_of(store, load_state(store, athlete_id), day)


def progress_of(store: Store, state: AthleteState, day: dt.date) -> Progress:
    """The progress report as of `day` and its JSON document (bench/bench_log.py times exactly this)."""
    from runlift.core.running_load import acwr
    from runlift.core.stats import progress_report, report_to_dict
    from runlift.data import library

    log = store.training_log(state.athlete_id, until=day)
    report = progress_report(log, library(), state.profile.athlete.units, planned_dates(state, day), day)
    doc = report_to_dict(report)
    ratio = acwr(log.runs, day).value
    shown = None if ratio is None else round(ratio, 2)  # SCH-6: > 1.3 pulls lifting back
    doc["acwr"] = shown
    return Progress(report, shown, doc)


@dataclass(frozen=True, slots=True)
class Series:
    series: ProgressSeries
    document: dict[str, object]  # core.series.series_to_dict


def progress_series(
    store: Store, athlete_id: int, today: dt.date, since: dt.date | None = None, until: dt.date | None = None
) -> Series:
    """The charts' weekly columns from `since`'s Monday to `until` (default: the 52 weeks to today).

    Reads the window and the four weeks before it (ACWR, asymmetry) plus one grouped query for the
    best loads before it (PRs): the cost grows with the window, not with years of history."""
    from runlift.core.adapt import season_weeks
    from runlift.core.season import lift_dates
    from runlift.core.series import LOOKBACK_DAYS, best_before, progress_series, series_to_dict, window
    from runlift.data import library
    from runlift.store.progress import heaviest_before

    first, last = window(since, until, today)
    state = load_state(store, athlete_id)
    unit = state.profile.athlete.units
    lookback = first - dt.timedelta(days=LOOKBACK_DAYS)
    log = store.recent_log(athlete_id, lookback, last, courses_from=first)
    counted = min(last, today)  # a planned day still to come is not missed
    planned: tuple[dt.date, ...] = ()
    if counted >= max(first, state.start):
        weeks = season_weeks(state.profile, state.start, counted)
        planned = lift_dates(state.profile, state.start, weeks, max(first, state.start), counted, state.moved())
    prior = best_before(heaviest_before(store, athlete_id, first), unit)
    found = progress_series(log, library(), unit, first, last, planned, prior)
    return Series(found, series_to_dict(found))
