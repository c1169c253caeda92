"""`progress`: what the log shows as of a day: PRs, gains, plateaus, asymmetry, adherence, running
load and pain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.app.plan import planned_dates
from runlift.app.season import load_state
from runlift.app.state import AthleteState
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
