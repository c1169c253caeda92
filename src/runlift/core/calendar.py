"""The runner's calendar: which runs fall on which date, races included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.core.profile import Distance, Priority, Race, Run, Running, RunType, TimeOfDay

ONE_DAY = dt.timedelta(days=1)
ONE_WEEK = dt.timedelta(days=7)


# Days after a race with no lower-body lifting, and with no heavy lower body (our reading of PER-8 and
# the issue: "no lower-body lifting in the first days after a half marathon or longer, no heavy lower body
# for about a week after a half, longer after a marathon or ultra; B/C races too"). The running's own key
# sessions wait as long as the legs do (race_recovery_days).
NO_LEGS_DAYS_AFTER: dict[Distance, int] = {
    Distance.K5: 0,
    Distance.K10: 1,
    Distance.HALF: 3,
    Distance.MARATHON: 5,
    Distance.ULTRA: 7,
}
LIGHT_LEGS_DAYS_AFTER: dict[Distance, int] = {
    Distance.K5: 1,
    Distance.K10: 2,
    Distance.HALF: 7,
    Distance.MARATHON: 14,
    Distance.ULTRA: 21,
}


def race_recovery_days(distance: Distance) -> int:
    """Days after a race whose key runs become easy: the no-legs days, at least the day after."""
    return max(1, NO_LEGS_DAYS_AFTER[distance])


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
        return tuple(self._around_races(run, day) for run in self.running.runs_on(day.weekday()))

    def _around_races(self, run: Run, day: dt.date) -> Run:
        """The usual week, made sane around races: no long run in the six days before an A race, no
        key run in the two days before it or the day before a B/C race, and the key runs of the first
        days after a half marathon or longer become easy (PER-5, PER-8)."""
        if not run.key:
            return run
        for race in self.races:
            before = (race.date - day).days
            after = (day - race.date).days
            if race.priority is Priority.A and 0 < before <= 6 and (run.type is RunType.LONG or before <= 2):
                return Run(RunType.EASY, run.time)
            if race.priority is not Priority.A and before == 1:
                return Run(RunType.EASY, run.time)
            if 0 < after <= race_recovery_days(race.distance):
                return Run(RunType.EASY, run.time)
        return run

    def has_key_run(self, day: dt.date) -> bool:
        return any(run.key for run in self.runs_on(day))

    def after_race(self, day: dt.date) -> tuple[bool, bool]:
        """(no lower body, light legs only) on `day`, from the races before it (PER-8)."""
        no_legs = light = False
        for race in self.races:
            after = (day - race.date).days
            if after > 0:
                no_legs = no_legs or after <= NO_LEGS_DAYS_AFTER[race.distance]
                light = light or after <= LIGHT_LEGS_DAYS_AFTER[race.distance]
        return no_legs, light

    def a_races(self) -> tuple[Race, ...]:
        return tuple(r for r in self.races if r.priority is Priority.A)
