"""The Season page's view: the phases, and the weeks of the plan as the log shaped it, day by day, with
the runs, the lift sessions (where the runner moved them), the races, the deloads and today marked; and
for each coming session the days of its week it could be moved to (the plan says yes or no: core/moves.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.core.moves import MoveOutcome
from runlift.core.periodize import PhaseSpan
from runlift.core.profile import Race, Run
from runlift.core.season import Session
from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class SeasonSession:
    session: Session
    move_to: tuple[dt.date, ...]  # the other days of its week, today or later (empty: past, can't move)


@dataclass(frozen=True, slots=True)
class SeasonDay:
    date: dt.date
    runs: tuple[Run, ...]
    race: Race | None
    sessions: tuple[SeasonSession, ...]
    today: bool
    past: bool


@dataclass(frozen=True, slots=True)
class SeasonWeek:
    start: dt.date
    phase: str
    deload: bool
    notes: tuple[str, ...]
    days: tuple[SeasonDay, ...]
    moves: tuple[MoveOutcome, ...]
    current: bool  # the week of today


@dataclass(frozen=True, slots=True)
class SeasonView:
    today: dt.date
    start: dt.date  # the season's first Monday
    phases: tuple[PhaseSpan, ...]
    weeks: tuple[SeasonWeek, ...]  # from the week shown first to the season's end
    earlier: dt.date | None  # the Monday four weeks before the first shown, when the season reaches back


def season_view(store: Store, athlete_id: int, today: dt.date, show_from: dt.date | None = None) -> SeasonView:
    """The season as the log shaped it up to `today`, shown from `show_from`'s week (default: this week)."""
    from runlift.app.plan import shown_plan
    from runlift.app.season import load_state
    from runlift.core.calendar import ONE_WEEK, monday_of

    races = {r.date: r for r in load_state(store, athlete_id).profile.races}
    first = monday_of(show_from or today)
    plan = shown_plan(store, athlete_id, today, first)
    weeks = []
    for week in plan.weeks:
        coming = tuple(d.date for d in week.days if d.date >= today)
        days = tuple(
            SeasonDay(
                d.date,
                d.runs,
                races.get(d.date),
                tuple(SeasonSession(s, tuple(x for x in coming if x != s.date)) for s in d.sessions),
                d.date == today,
                d.date < today,
            )
            for d in week.days
        )
        current = week.start == monday_of(today)
        weeks.append(SeasonWeek(week.start, week.phase.value, week.deload, week.notes, days, week.moves, current))
    earlier = max(plan.start, first - 4 * ONE_WEEK) if first > plan.start else None
    return SeasonView(today, plan.start, plan.phases, tuple(weeks), earlier)
