"""`history`: everything logged, oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from runlift.app.season import load_state
from runlift.core.log import TrainingLog
from runlift.core.profile import Units
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class History:
    log: TrainingLog
    units: Units  # the runner's, for distances and paces
    names: dict[str, str] = field(default_factory=dict)  # each logged exercise id → its name (own ones: the id)


def history(store: Store, athlete_id: int, since: dt.date | None = None) -> History:
    from runlift.app.library import display_names

    units = load_state(store, athlete_id).profile.athlete.units
    log = store.training_log(athlete_id, since=since)
    return History(log, units, display_names(s.exercise for session in log.lifts for s in session.sets))
