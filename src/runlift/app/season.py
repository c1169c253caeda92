"""An athlete's season from the store: their current file, when the season started, the adapted plan."""

from __future__ import annotations

import datetime as dt

from runlift.app.state import AthleteState
from runlift.core.adapt import Adapted, adapt_season
from runlift.core.calendar import monday_of
from runlift.core.log import TrainingLog
from runlift.data import library
from runlift.profile_file import profile_from_text
from runlift.store.repo import Store


def load_state(store: Store, athlete_id: int) -> AthleteState:
    versions = store.profile_versions(athlete_id)
    current = versions[-1]
    profile = profile_from_text(current.toml, f"stored file v{current.version}")
    return AthleteState(athlete_id, profile, monday_of(versions[0].valid_from), current.version)


def adapted(state: AthleteState, log: TrainingLog, day: dt.date, show_from: dt.date | None = None) -> Adapted:
    """The plan as the log shaped it, shown from `show_from`'s week."""
    return adapt_season(state.profile, library(), log, state.start, day, show_from=show_from)
