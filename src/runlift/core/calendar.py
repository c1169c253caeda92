"""The runner's calendar: which runs fall on which date, races included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.core.profile import Priority, Race, Run, Running, RunType, TimeOfDay

ONE_DAY = dt.timedelta(days=1)
ONE_WEEK = dt.timedelta(days=7)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Calendar:
    """The runner's usual week repeated, with race days replacing the usual run."""

    running: Running
    races: tuple[Race, ...]

    def race_on(self, day: dt.date) -> Race | None:
        return next((r for r in self.races if r.date == day), None)

    def runs_on(self, day: dt.date) -> tuple[Run, ...]:
        if self.race_on(day) is not None:
            return (Run(RunType.RACE, TimeOfDay.AM),)
        return self.running.runs_on(day.weekday())

    def has_key_run(self, day: dt.date) -> bool:
        return any(run.key for run in self.runs_on(day))

    def a_races(self) -> tuple[Race, ...]:
        return tuple(r for r in self.races if r.priority is Priority.A)
