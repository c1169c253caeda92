"""The athlete a use case works for (light: imported by the CLI at start-up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runlift.core.moves import Move
    from runlift.core.profile import Profile


@dataclass(frozen=True)
class AthleteState:
    athlete_id: int
    profile: Profile
    start: dt.date  # the season starts the week the runner's first file was added
    version: int
    moves: tuple[Move, ...] = ()  # the runner's moves of sessions to other days (store/moves.py)

    def moved(self) -> dict[dt.date, dt.date]:
        """Planned day → the day the runner moved the session to."""
        return {m.planned: m.to for m in self.moves}
