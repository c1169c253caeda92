"""PER-9/PER-10 look at the latest session of any source: history imported from another app (years
old) never turns the runner's first weeks into a restart, and a real break inside the season still does."""

from __future__ import annotations

import datetime as dt

from runlift.core.adapt import adapt_season
from runlift.core.log import TrainingLog
from tests.conftest import START, profile_from
from tests.core.test_adapt import SEED_M, goblet, load_of, session_on

OLD = tuple(goblet(dt.date(2021, 3, 1) + dt.timedelta(weeks=w), 30) for w in range(8))  # Strong, 2021


def test_an_old_imported_break_is_no_restart_and_the_first_sets_count(library):  # PER-10, PRO-1
    log = TrainingLog(lifts=(*OLD, goblet(START, 40)))
    today = START + dt.timedelta(days=3)
    adapted = adapt_season(profile_from(SEED_M), library, log, START, today)
    week = adapted.plan.week_of(today)
    assert week is not None and "PER-10" not in week.why and not any("lift" in n for n in week.notes[1:])
    nxt = session_on(adapted.plan, START + dt.timedelta(weeks=1))
    assert load_of(nxt, "goblet-squat").value == 45  # Monday's sets were judged: a hit, one step up


def test_a_break_inside_the_season_still_restarts(library):  # PER-10
    log = TrainingLog(lifts=(*OLD, goblet(START, 40), goblet(START + dt.timedelta(weeks=5), 40)))
    today = START + dt.timedelta(weeks=5, days=3)
    week = adapt_season(profile_from(SEED_M), library, log, START, today).plan.week_of(today)
    assert week is not None and "PER-10" in week.why
    assert any("35 days without lifting before" in n for n in week.notes)


def test_an_imported_last_lift_weeks_ago_is_a_current_break(library):  # PER-10
    today = START + dt.timedelta(days=3)
    recent = goblet(START - dt.timedelta(days=40), 40)  # imported, before the season: the latest lift
    week = adapt_season(profile_from(SEED_M), library, TrainingLog(lifts=(*OLD, recent)), START, today).plan.week_of(
        today
    )
    assert week is not None and any(n.startswith("43 days since your last lift") for n in week.notes)
