"""What store-backed commands share: global options, the store, the athlete, today, the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from runlift.cli.dates import TODAY_ENV, parse_date

if TYPE_CHECKING:
    from runlift.core.adapt import Adapted
    from runlift.core.log import TrainingLog
    from runlift.core.profile import Profile
    from runlift.store.repo import Store


@dataclass
class Options:
    db: str | None = None
    athlete: str | None = None
    pager: bool = True
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            from runlift.store.repo import Store

            self._store = Store.open(self.db)
        return self._store


def options(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    if not isinstance(obj, Options):
        obj = Options()
        ctx.find_root().obj = obj
    return obj


def today() -> dt.date:
    return parse_date(None, TODAY_ENV)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class AthleteState:
    athlete_id: int
    profile: Profile
    start: dt.date  # the season starts the week the runner's first file was added
    version: int


def athlete_state(opts: Options) -> AthleteState:
    from runlift.core.calendar import monday_of
    from runlift.profile_file import profile_from_text

    store = opts.store()
    athlete_id = store.athlete_id(opts.athlete)
    versions = store.profile_versions(athlete_id)
    current = versions[-1]
    profile = profile_from_text(current.toml, f"stored file v{current.version}")
    return AthleteState(athlete_id, profile, monday_of(versions[0].valid_from), current.version)


def planned_dates(state: AthleteState, day: dt.date, weeks: int = 12) -> list[dt.date]:
    """Lift dates the plan held over the last `weeks` weeks (adherence; the days don't depend on the log)."""
    from runlift.core.adapt import season_weeks
    from runlift.core.season import lift_dates

    window = day - dt.timedelta(weeks=weeks)
    count = season_weeks(state.profile, state.start, day)
    return list(lift_dates(state.profile, state.start, count, max(window, state.start), day))


def adapted(state: AthleteState, log: TrainingLog, day: dt.date, show_from: dt.date | None = None) -> Adapted:

    from runlift.core.adapt import adapt_season
    from runlift.data import library

    return adapt_season(state.profile, library(), log, state.start, day, show_from=show_from)
