"""`history`: everything logged, oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.season import load_state
from runlift.core.log import TrainingLog
from runlift.core.profile import Units
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class History:
    log: TrainingLog
    units: Units  # the runner's, for distances and paces


def history(store: Store, athlete_id: int, since: dt.date | None = None) -> History:
    units = load_state(store, athlete_id).profile.athlete.units
    return History(store.training_log(athlete_id, since=since), units)
