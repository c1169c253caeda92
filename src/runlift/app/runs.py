"""Logging a run by hand: one run is one run (TRK-1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from runlift.app.errors import SameRunLogged
from runlift.core.activity import same_run
from runlift.core.log import RunEntry, check_run
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class LoggedRun:
    run_id: int
    imported: RunEntry | None  # the imported run it is one run with (counted once), if any


def log_run(
    store: Store,
    athlete_id: int,
    run: RunEntry,
    today: dt.date,
    now: dt.datetime,
    again: bool = False,
    ask: Callable[[str], bool] | None = None,
) -> LoggedRun:
    """Log a run typed by hand.

    The same run typed twice (same day, distance and duration within 2 %) is asked about (`ask`), or
    refused unless `again`; a run a file already brought in is logged and counted once with it."""
    check_run(run, today)
    twice = next((r for r in store.manual_runs(athlete_id, run.date) if same_run(r, run)), None)
    if twice is not None and not again:
        same = (
            f"a {twice.distance_m / 1000:.2f} km run of {_clock(twice.duration_s)} is already logged on "
            f"{run.date.isoformat()}"
        )
        if ask is None or not ask(f"{same[0].upper()}{same[1:]}. Log another one?"):
            raise SameRunLogged(same)
    day_log = store.training_log(athlete_id, since=run.date, until=run.date)
    imported = next((r for r in day_log.runs if r.source != "manual" and same_run(r, run)), None)
    return LoggedRun(store.log_run(athlete_id, run, now), imported)


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
